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


def one(graph: list[Resource], type_: str, name: str | None = None) -> Resource:
    """The single resource of this type (and logical name, when given)."""
    found = [r for r in graph if r.type == type_ and (name is None or r.name == name)]
    assert len(found) == 1, f"expected one {type_} {name or ''}, found {[r.name for r in found]}"
    return found[0]
