"""Queries on a built graph shared by the infra tests.

A module of its own, not conftest.py: every test directory has a conftest, and a test that
imports `conftest` gets whichever one Python imported first when directories are collected
together (`pytest tests/infra tests/validation`).
"""

from __future__ import annotations

from costmodel.model.graph import Resource


def one(graph: list[Resource], type_: str, name: str | None = None) -> Resource:
    """The single resource of this type (and logical name, when given)."""
    found = [r for r in graph if r.type == type_ and (name is None or r.name == name)]
    assert len(found) == 1, f"expected one {type_} {name or ''}, found {[r.name for r in found]}"
    return found[0]
