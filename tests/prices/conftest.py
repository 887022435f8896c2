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


@pytest.fixture(autouse=True)
def shipped_catalog_untouched():
    before = {p.name: p.read_bytes() for p in CATALOG_DIR.glob("*.yaml")}
    yield
    assert {p.name: p.read_bytes() for p in CATALOG_DIR.glob("*.yaml")} == before
