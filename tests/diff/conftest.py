"""Diff tests run the CLI in-process on stack files written to a temporary folder; a graph is
built once per session for each stack name and content (about a second each under the mocks)."""

from __future__ import annotations

import pytest

import indexplan.graph
from costmodel.model.graph import Resource

_real_build_graph = indexplan.graph.build_graph
_built: dict[tuple[str, str], list[Resource]] = {}


@pytest.fixture(autouse=True)
def _graphs_built_once(monkeypatch):
    def build(stack, *args):  # type: ignore[no-untyped-def]
        key = (stack.name, stack.path.read_text())
        if key not in _built:
            _built[key] = _real_build_graph(stack, *args)
        return _built[key]

    monkeypatch.setattr(indexplan.graph, "build_graph", build)


@pytest.fixture(scope="session")
def repo(tmp_path_factory):
    """The three-commit repository of fixture_repo.py, made once."""
    from fixture_repo import make

    return make(tmp_path_factory.mktemp("repo"))


@pytest.fixture(scope="session")
def cache(tmp_path_factory):
    """One graph cache for every command run in that repository."""
    return tmp_path_factory.mktemp("graph-cache")
