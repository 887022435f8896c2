"""Fixtures of the hostile corpus; the helpers are in hostile_cli.py and hostile_files.py."""

from __future__ import annotations

import graph_memo
import pytest

import indexplan.graph


@pytest.fixture(autouse=True)
def _no_program_runs(request, monkeypatch, tmp_path_factory):
    """Hostile stack files are about the loaders, not the program: an accepted one gets an empty
    graph instead of a second under Pulumi's mocks, except in a module that prices the shipped
    stacks (PRICES_SHIPPED_STACKS = True): there each stack's graph is built once per process
    (tests/graph_memo.py). Each test has its own graph cache, outside its tmp_path, which the
    tests read back."""
    if getattr(request.module, "PRICES_SHIPPED_STACKS", False):
        monkeypatch.setattr(indexplan.graph, "build_graph", graph_memo.build_graph)
    else:
        monkeypatch.setattr(indexplan.graph, "build_graph", lambda stack: [])
    monkeypatch.setenv("INDEXPLAN_CACHE_DIR", str(tmp_path_factory.mktemp("graph-cache")))
