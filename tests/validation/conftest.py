"""Bad-input tests run `indexplan.cli.main` in-process and check the contract: exit status 2,
exactly one stderr line naming the file, the field path and what was expected, empty stdout."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from costmodel.model.prices import CATALOG_DIR

ONE_LINE = Callable[..., str]


@pytest.fixture(autouse=True)
def _own_graph_cache(monkeypatch, tmp_path_factory):
    # Fuzzed and secret-holding stack files must not leave graphs in the user's cache.
    monkeypatch.setenv("INDEXPLAN_CACHE_DIR", str(tmp_path_factory.mktemp("graph-cache")))


@pytest.fixture
def refused(capsys) -> ONE_LINE:
    """Run the CLI on `args`; assert the bad-input contract and that each fragment is in the
    message; return the message line."""
    from indexplan.cli import main

    def run(args: list[str], *fragments: str) -> str:
        code = main([str(a) for a in args])
        out, err = capsys.readouterr()
        assert (code, out) == (2, ""), err
        assert err.endswith("\n") and err.count("\n") == 1, err
        assert "Traceback" not in err
        for fragment in fragments:
            assert fragment in err, err
        return err.rstrip("\n")

    return run


@pytest.fixture
def catalog_copy(tmp_path) -> Path:
    """A writable copy of the shipped price catalog."""
    return Path(shutil.copytree(CATALOG_DIR, tmp_path / "catalog"))
