"""CLI tests run `indexplan.cli.main` in-process; each shipped stack's graph is built once per
session (about a second each) and handed back to every later run of the same file."""

from __future__ import annotations

from pathlib import Path

import pytest

import indexplan.graph
from costmodel.model.graph import Resource

_real_build_graph = indexplan.graph.build_graph
_cache: dict[tuple[Path, str], list[Resource]] = {}


def _cached_build_graph(stack):  # type: ignore[no-untyped-def]
    key = (Path(stack.path).resolve(), Path(stack.path).read_text())
    if key not in _cache:
        _cache[key] = _real_build_graph(stack)
    return _cache[key]


@pytest.fixture(autouse=True)
def _graphs_built_once(monkeypatch):
    monkeypatch.setattr(indexplan.graph, "build_graph", _cached_build_graph)
