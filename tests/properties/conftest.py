"""The shipped stacks' resource graphs, built once per test process (tests/graph_memo.py)."""

from __future__ import annotations

import pytest
from graph_memo import build_graph

from costmodel.model.graph import Resource
from indexplan.paths import resolve_stack, stack_names
from indexplan.stackfile import StackFile, load_stack_file


@pytest.fixture(scope="session")
def stacks() -> dict[str, tuple[StackFile, list[Resource]]]:
    loaded = {name: load_stack_file(resolve_stack(name)) for name in stack_names()}
    return {name: (stack, build_graph(stack)) for name, stack in loaded.items()}
