"""Fixtures of the hostile corpus; the helpers are in hostile_cli.py and hostile_files.py."""

from __future__ import annotations

import pytest

import indexplan.graph


@pytest.fixture(autouse=True)
def _no_program_runs(monkeypatch, tmp_path):
    """Hostile stack files are about the loaders, not the program: an accepted one gets an empty
    graph instead of a second under Pulumi's mocks. Each test has its own graph cache."""
    monkeypatch.setattr(indexplan.graph, "build_graph", lambda stack: [])
    monkeypatch.setenv("INDEXPLAN_CACHE_DIR", str(tmp_path / "graph-cache"))
