"""Diff tests run the CLI in-process on stack files written to a temporary folder; a graph is
built once per test process for each stack name and content (tests/graph_memo.py)."""

from __future__ import annotations

import graph_memo
import pytest

import indexplan.graph


@pytest.fixture(autouse=True)
def _graphs_built_once(monkeypatch):
    monkeypatch.setattr(indexplan.graph, "build_graph", graph_memo.build_graph)


@pytest.fixture(scope="session")
def repo(tmp_path_factory):
    """The three-commit repository of fixture_repo.py, made once."""
    from fixture_repo import make

    return make(tmp_path_factory.mktemp("repo"))


@pytest.fixture(scope="session")
def cache(tmp_path_factory):
    """One graph cache for every command run in that repository."""
    return tmp_path_factory.mktemp("graph-cache")
