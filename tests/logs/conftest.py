"""Logs of every format, written once per session from the generator's known truth."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.logs.generate import WRITERS, Spec, write, write_download_table


@pytest.fixture(scope="session")
def logs(tmp_path_factory) -> dict[str, Path]:
    """format -> the directory holding its files (three months, 2026-01 to 2026-03)."""
    base = tmp_path_factory.mktemp("logs")
    for fmt in WRITERS:
        write(fmt, Spec(), base / fmt)
    return {fmt: base / fmt for fmt in WRITERS}


@pytest.fixture(scope="session")
def table(tmp_path_factory) -> tuple[Path, Path]:
    """The download table's Parquet exports: file_downloads and distribution_metadata."""
    return write_download_table(Spec(), tmp_path_factory.mktemp("table"))
