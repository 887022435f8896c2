"""Helpers for the log tests: `indexplan` in-process, and the generated files."""

from __future__ import annotations

from pathlib import Path

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
