"""Shipped stacks' graphs are built once per session here too (tests/cli/conftest.py)."""

from tests.cli.conftest import _graphs_built_once  # noqa: F401  (an autouse fixture)
