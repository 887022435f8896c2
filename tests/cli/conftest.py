"""CLI tests run `indexplan.cli.main` in-process; each stack's graph is built once per test
process (tests/graph_memo.py) and handed back to every later run of the same stack."""

from __future__ import annotations

import graph_memo
import pytest

import indexplan.graph


@pytest.fixture(autouse=True)
def _graphs_built_once(monkeypatch):
    monkeypatch.setattr(indexplan.graph, "build_graph", graph_memo.build_graph)
