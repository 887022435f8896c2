"""Helpers for the log tests: `indexplan` in-process, and the generated files."""

from __future__ import annotations

from pathlib import Path

import yaml

from indexplan.cli import main


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def refused(capsys, *args: str) -> str:
    """Bad input: exit status 2, nothing on stdout, one line on stderr; returns that line."""
    code, out, err = run(capsys, *args)
    assert (code, out) == (2, ""), err
    assert err.count("\n") == 1, err
    return err


def files(directory: Path) -> list[str]:
    return [str(p) for p in sorted(directory.iterdir())]


def members_read_as_one(capsys, one: Path, two: Path) -> None:
    """`two` (the lines of `one` gzip-compressed in two members) gives `one`'s traffic, and
    damage in its second member's deflate data, before its CRC, is refused."""

    def traffic(path: Path) -> dict:
        out = path.with_name(f"{path.name}.yaml")
        code, _, err = run(capsys, "scenario", "from-logs", str(path), "-o", str(out))
        assert code == 0, err
        return yaml.safe_load(out.read_text())["traffic"]

    assert traffic(two) == traffic(one)
    damaged = bytearray(two.read_bytes())
    end = len(damaged) - 40
    damaged[end - 16 : end] = bytes(b ^ 0x55 for b in damaged[end - 16 : end])
    two.write_bytes(bytes(damaged))
    assert f"{two}: not valid gzip data" in refused(capsys, "scenario", "from-logs", str(two))
