"""Variants of the shipped stack files, and `indexplan diff` run in-process on them."""

from __future__ import annotations

import json
from pathlib import Path

from indexplan.paths import STACKS_DIR


def variant(folder: Path, stack: str, *edits: tuple[str, str], name: str | None = None) -> str:
    """stacks/Pulumi.<stack>.yaml with each (old, new) text replaced once, saved in `folder`
    as Pulumi.<name or stack>.yaml; the path, for the command line."""
    text = (STACKS_DIR / f"Pulumi.{stack}.yaml").read_text()
    for old, new in edits:
        assert text.count(old) == 1, f"{old!r} is not once in {stack}"
        text = text.replace(old, new)
    path = folder / f"Pulumi.{name or stack}.yaml"
    path.write_text(text)
    return str(path)


def run(capsys, *args: str) -> tuple[int, str, str]:
    """`indexplan ARGS` in-process: exit status, stdout, stderr."""
    from indexplan.cli import main

    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def diff_json(capsys, *args: str) -> dict:
    code, out, err = run(capsys, "diff", *args, "--format", "json")
    assert (code, err) == (0, ""), err
    return json.loads(out)


def estimate_totals(capsys, stack: str, scenario: str) -> dict:
    code, out, err = run(capsys, "estimate", stack, "-s", scenario, "-f", "json")
    assert (code, err) == (0, ""), err
    return json.loads(out)["totals"]


def cents(value: float) -> int:
    return round(value * 100)


def by_name(data: dict) -> dict[str, dict]:
    """The diff's resources by name (the last part of the URN)."""
    return {r["urn"].rsplit("::", 1)[-1]: r for r in data["resources"] if r["urn"]}


def changed(data: dict) -> dict[str, str]:
    return {name: r["change"] for name, r in by_name(data).items() if r["change"] != "same"}
