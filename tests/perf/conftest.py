"""Fixtures shared by the cache tests of tests/perf/."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from catalog_files import SHIPPED

from costmodel.model.prices import CATALOG_DIR


@pytest.fixture
def own_cache(monkeypatch, tmp_path: Path) -> None:
    """An empty cache directory of this test's own: the entries counted are this test's."""
    monkeypatch.setenv("INDEXPLAN_CACHE_DIR", str(tmp_path / "cache"))


@pytest.fixture
def catalog(tmp_path: Path) -> Path:
    """A catalog folder holding copies of the SHIPPED files."""
    directory = tmp_path / "catalog"
    for name in SHIPPED:
        (directory / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(CATALOG_DIR / name, directory / name)
    return directory
