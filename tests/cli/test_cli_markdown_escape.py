"""Markdown reports: a name from a file renders as written, never as HTML, a link or code
(s4 review finding 6: only `diff` escaped them; now every report goes through `inline`)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from indexplan.cli import main
from indexplan.render import Column, Notes, Report, Table
from indexplan.render.markdown import render_markdown

EVIL = "<img src=http://e/x>[l](http://e)`code`"
# inline backslash-escapes < > [ ] ` and writes the `:` of `http://` as `&#58;` (no autolink),
# leaving the rest: written out by hand
EVIL_ESCAPED = "\\<img src=http&#58;//e/x\\>\\[l\\](http&#58;//e)\\`code\\`"


def test_every_cell_heading_and_note_is_inline_escaped():
    table = Table(EVIL, [Column(EVIL, "name")], [{"name": EVIL}], [{"name": EVIL}])
    out = render_markdown(Report(EVIL, [table, Notes(EVIL, [EVIL])]))
    assert out.splitlines() == [
        f"# {EVIL_ESCAPED}",
        "",
        f"## {EVIL_ESCAPED}",
        "",
        f"| {EVIL_ESCAPED} |",
        "|---|",
        f"| {EVIL_ESCAPED} |",
        f"| **{EVIL_ESCAPED}** |",
        "",
        f"**{EVIL_ESCAPED}**",
        "",
        f"- {EVIL_ESCAPED}",
    ]


def test_ordinary_names_render_as_before():
    table = Table("aws", [Column("Resource", "r")], [{"r": "cdn-origin 1.5 $0.085 (us-east-1)"}])
    assert "| cdn-origin 1.5 $0.085 (us-east-1) |" in render_markdown(Report("t", [table]))


def test_estimate_markdown_of_a_hostile_preview_and_scenario(capsys, tmp_path: Path):
    urn = f"urn:pulumi:p::shop::aws:sqs/queue:Queue::{EVIL}"
    step = {
        "op": "create",
        "urn": urn,
        "newState": {"type": "aws:sqs/queue:Queue", "inputs": {"region": "us-east-1"}},
    }
    preview = tmp_path / "p.json"
    preview.write_text(json.dumps({"steps": [step]}))
    scenario = tmp_path / "s.yaml"
    shutil.copy("scenarios/pypi-2021.yaml", scenario)
    scenario.write_text(scenario.read_text().replace("name: pypi-2021", f"name: '{EVIL}'", 1))
    code = main(["estimate", "--from-preview", str(preview), "-s", str(scenario), "-f", "markdown"])
    out = capsys.readouterr().out
    assert code == 0
    assert out.startswith(f"# Estimate: stack p, scenario {EVIL_ESCAPED}, prices as of")
    assert f"| {EVIL_ESCAPED} |" in out  # the queue's own row
    # no tag, link or code span starts anywhere in the report: each such character is escaped
    assert re.search(r"(?<!\\)[<\[`]", out) is None


HOSTILE = [
    "www.evil.com/login.yaml",  # GFM's extended www autolink
    "see https://evil.com/x and ftp://e.x/y",  # extended URL autolinks
    "mail admin@evil.com or @org/team",  # email autolink, mention
    "<img src=x onerror=alert(1)>[l](http://e)`code`*em*",
    "WWW.EVIL.COM and x.www.evil.com:8080//a",
]


def test_hostile_names_render_inert_in_githubs_own_parser():
    # cmark-gfm (GitHub's Markdown parser, with its autolink and table extensions) turns each
    # rendered report into HTML: no link, image, code or emphasis element may appear, and the
    # visible text is each name exactly as written (after the zero-width space after `@`)
    import html

    import cmarkgfm

    table = Table("t", [Column("Name", "n")], [{"n": name} for name in HOSTILE])
    notes = Notes("Notes", HOSTILE)
    rendered = cmarkgfm.github_flavored_markdown_to_html(
        render_markdown(Report("report", [table, notes]))
    )
    tags = set(re.findall(r"<(\w+)", rendered))
    assert tags <= {"h1", "h2", "table", "thead", "tbody", "tr", "th", "td", "p", "ul", "li",
                    "strong"}, tags  # fmt: skip
    cells = re.findall(r"<td>(.*?)</td>", rendered)
    items = re.findall(r"<li>(.*?)</li>", rendered)
    for shown in (cells, items):
        assert [html.unescape(x).replace("\u200b", "") for x in shown] == HOSTILE
