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

import pytest
from helpers import run, variant

from indexplan.render.markdown import inline

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
    assert lines[0].startswith("### `all-aws`: -$44.16 a month (")
    assert "<details><summary>Full breakdown</summary>" in lines
    assert lines[-1] == "</details>"


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        # ordinary names: as the comment has always shown them (the golden file above)
        ("cdn-service (cdn)", "cdn-service (cdn)"),
        ("aws:s3/bucket:Bucket", "aws:s3/bucket:Bucket"),
        ("storage_standard, us-east-1", "storage\\_standard, us-east-1"),
        # a pipe cannot end the cell, backticks open no code, no link, tag or entity forms
        ("a|b", "a\\|b"),
        ("`rm -rf /`", "\\`rm -rf /\\`"),
        ("[a](javascript:b)", "\\[a\\](javascript:b)"),
        ("<img src=x>", "\\<img src=x\\>"),
        ("&lt;", "&amp;lt;"),
        # control and format characters as costmodel.errors.printable writes them (`\x1b`),
        # whose backslash Markdown would eat, so it is escaped too: the reader sees \x1b
        ("\x1b]0;pwned\x07", "\\\\x1b\\]0;pwned\\\\x07"),
        ("a\nb\u2028c", "a\\\\nb\\\\u2028c"),
        ("\u202eevil", "\\\\u202eevil"),
        # formula starts mean nothing to Markdown (the CSV quotes them): kept as written
        ("=1+2", "=1+2"),
        ("+x", "+x"),
        ("-x", "-x"),
        # but `@x` is a mention GitHub would notify: a zero-width space follows `@`
        ("@x", "@&#8203;x"),
    ],
)
def test_text_from_a_file_is_inert_in_the_comment(text, shown):
    assert inline(text) == shown
