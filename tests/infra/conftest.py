"""Shared fixtures: the shipped stacks' graphs, built once per test process (graph_memo.py)."""

from __future__ import annotations

import pytest
from graph_memo import build_graph
from stack_fixtures import SHIPPED, shipped

from costmodel.model.graph import Resource
from indexplan.stackfile import load_stack_file


@pytest.fixture(scope="session")
def graphs() -> dict[str, list[Resource]]:
    return {name: build_graph(load_stack_file(shipped(name))) for name in SHIPPED}
