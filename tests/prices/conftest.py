"""Price-file tests run the CLI against a temporary copy of the shipped catalog."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from costmodel.model.prices import CATALOG_DIR

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "prices"


@pytest.fixture
def catalog(tmp_path: Path) -> Path:
    copy = tmp_path / "catalog"
    shutil.copytree(CATALOG_DIR, copy)
    return copy


def snapshot(directory: Path) -> dict[str, bytes]:
    """Every file under `directory`, by its relative path."""
    return {
        str(p.relative_to(directory)): p.read_bytes() for p in directory.rglob("*") if p.is_file()
    }


@pytest.fixture(autouse=True)
def shipped_catalog_untouched():
    before = snapshot(CATALOG_DIR)
    yield
    assert snapshot(CATALOG_DIR) == before
