"""Bad-input tests run `indexplan.cli.main` in-process and check the contract: exit status 2,
exactly one stderr line naming the file, the field path and what was expected, empty stdout."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from costmodel.prices import CATALOG_DIR
from costmodel.userfile import MAX_BYTES
from indexplan.paths import ROOT

PREVIEW = ROOT / "tests" / "fixtures" / "pulumi" / "pypi-2021.preview.json"
ONE_LINE = Callable[..., str]


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


def bad_files(directory: Path, suffix: str) -> dict[str, tuple[Path, str]]:
    """Files broken as files, whatever their kind: each with the fragment its message must hold."""
    files: dict[str, tuple[Path, str]] = {}
    empty = directory / f"empty{suffix}"
    empty.write_text("  \n\n")
    files["empty"] = (empty, "empty file")
    folder = directory / f"folder{suffix}"
    folder.mkdir()
    files["directory"] = (folder, "not a file")
    binary = directory / f"binary{suffix}"
    binary.write_bytes(bytes(range(256)) * 4)
    files["binary"] = (binary, "binary file")
    latin1 = directory / f"latin1{suffix}"
    latin1.write_bytes("name: caf\xe9\n".encode("latin-1"))
    files["not utf-8"] = (latin1, "not UTF-8 text (byte 9)")
    huge = directory / f"huge{suffix}"
    with huge.open("wb") as out:  # 50 MB of a valid-looking line, refused by its size alone
        out.truncate(50 * 1000 * 1000)
    files["50 MB"] = (huge, f"larger than {MAX_BYTES // 1000**2} MB")
    files["missing"] = (directory / f"gone{suffix}", "no such file")
    return files
