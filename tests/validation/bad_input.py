"""Shared by the bad-input tests: the preview fixture priced without running Pulumi, and files
that are broken as files whatever their kind."""

from __future__ import annotations

from pathlib import Path

from costmodel.files.userfile import MAX_BYTES, MAX_YAML_BYTES
from indexplan.paths import ROOT

PREVIEW = ROOT / "tests" / "fixtures" / "pulumi" / "pypi-2021.preview.json"


def bad_files(
    directory: Path, suffix: str, limit: int | None = None
) -> dict[str, tuple[Path, str]]:
    """Files broken as files, whatever their kind: each with the fragment its message must hold.
    `limit` is the size bound of such files (by default the YAML or the JSON one)."""
    limit = limit or (MAX_YAML_BYTES if suffix == ".yaml" else MAX_BYTES)
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
    with huge.open("wb") as out:  # 5 times the size bound, refused by its size alone
        out.truncate(5 * limit)
    files["50 MB"] = (huge, f"larger than {limit // 1000**2} MB")
    files["missing"] = (directory / f"gone{suffix}", "no such file")
    return files
