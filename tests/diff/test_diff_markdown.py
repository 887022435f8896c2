"""The pull-request comment (`--format markdown`) against its golden file, and what it must
never let through from an input file.

The golden case is all-aws under pypi-2023 with an archive bucket added (+52.20, see
test_diff_cases.py) and the database moved from db.r6g.large to db.m6g.large (-96.36), so
the bill falls by 44.16. Regenerate with INDEXPLAN_UPDATE_GOLDEN=1 after a deliberate change
and read the new file before committing it.
"""

from __future__ import annotations

import os
from pathlib import Path

from helpers import run, variant

GOLDEN = Path(__file__).parent / "golden" / "all-aws-archive-and-database.md"


def test_markdown_matches_the_golden_file(capsys, tmp_path, monkeypatch):
    (tmp_path / "base").mkdir()
    variant(tmp_path / "base", "all-aws", ("archive: true", "archive: false"))
    variant(tmp_path, "all-aws", ("db.r6g.large", "db.m6g.large"))
    monkeypatch.chdir(tmp_path)
    code, out, err = run(
        capsys,
        "diff",
        "base/Pulumi.all-aws.yaml",
        "Pulumi.all-aws.yaml",
        "-s",
        "pypi-2023",
        "-f",
        "markdown",
    )
    assert (code, err) == (0, "")
    if os.environ.get("INDEXPLAN_UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(out)
    assert out == GOLDEN.read_text()
    # its shape, as a pull request shows it
    lines = out.splitlines()
    assert lines[0].startswith("### all-aws: -$44.16 a month (")
    assert "<details><summary>Full breakdown</summary>" in lines
    assert lines[-1] == "</details>"
