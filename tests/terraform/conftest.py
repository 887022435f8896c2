"""Stacks' graphs are built once per test process here too (tests/graph_memo.py)."""

from __future__ import annotations

import graph_memo
import pytest

import indexplan.graph


@pytest.fixture(autouse=True)
def _graphs_built_once(monkeypatch):
    monkeypatch.setattr(indexplan.graph, "build_graph", graph_memo.build_graph)
