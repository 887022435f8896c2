"""What BASE and HEAD can be (stacks, `pulumi preview --json`, `pulumi stack export`, told apart
by content), what is refused (one line, exit 2), and what a hostile name cannot do to the
pull-request comment. Fixtures: tests/fixtures/pulumi (generate.py made them from the shipped
pypi-2021 stack; its preview also updates the database to db.r6g.2xlarge, and the shop
preview is another program, project `shop`)."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from helpers import by_name, cents, diff_json, run

PULUMI = Path(__file__).resolve().parents[1] / "fixtures" / "pulumi"
PREVIEW = str(PULUMI / "pypi-2021.preview.json")
EXPORT = str(PULUMI / "pypi-2021.export.json")
SHOP = str(PULUMI / "shop.preview.json")
SHOP_SCENARIO = str(PULUMI / "shop.scenario.yaml")


def refused(capsys, args: list[str], *message: str) -> None:
    code, out, err = run(capsys, "diff", *args)
    assert (code, out) == (2, ""), err
    assert err.count("\n") == 1 and all(m in err for m in message), err


def test_state_against_the_preview_that_would_change_it(capsys):
    data = diff_json(capsys, EXPORT, PREVIEW, "-s", "pypi-2021")
    assert data["base"]["source"].endswith("pypi-2021.export.json (pulumi stack export)")
    assert data["head"]["source"].endswith("pypi-2021.preview.json (pulumi preview --json)")
    # the same resources: every one the same, the list price too; but an export carries no
    # config, so no sponsor gives anything on the BASE side, and the preview's do on HEAD
    assert {r["change"] for r in data["resources"]} == {"same"}
    diff = data["totals"]["diff"]
    assert cents(diff["list_monthly_usd"]) == 0
    assert cents(diff["sponsored_monthly_usd"]) == -cents(diff["out_of_pocket_monthly_usd"]) > 0


def test_a_stack_file_against_its_preview(capsys):
    data = diff_json(capsys, "pypi-2021", PREVIEW, "-s", "pypi-2021")
    # cdn-service too: the fixture's preview predates the log format's later fields (its
    # loggingGcs format has no "method"), and its log streaming has no price on either side,
    # so a change of its inputs may have changed what it costs: changed, the rise unknown
    # storage-files too: the preview predates indexplan:app_routes (its CDN component says
    # nothing), so HEAD reads the stack as a static index, its bucket answering every miss:
    # 2e9 x 30.4375 x 0.1 = 6,087,500 thousand Class B x $0.0004 = $2,435.00, where BASE
    # (outside: file routes only, half) has $1,217.50: +1,217.50
    # and the VPC: the preview predates the database and cache's VPC placement (s10-vpc): the
    # 12 resources of it are in the stack, not the preview, so they are removed (each free:
    # nothing priced); the cache's new subnetGroupName and securityGroupIds change nothing
    # priced on it.
    placement = {
        "network", "network-vpc", "network-private-routes", "network-private-0",
        "network-private-1", "network-private-0-routes", "network-private-1-routes",
        "network-app-clients-sg", "database-subnets", "database-sg", "cache-subnets", "cache-sg",
    }  # fmt: skip
    assert {n: r["change"] for n, r in by_name(data).items() if r["change"] != "same"} == {
        "cdn-service": "changed",
        "database-postgres": "changed",
        "storage-files": "changed",
        **dict.fromkeys(placement, "removed"),
    }
    files = by_name(data)["storage-files"]
    assert cents(files["after"]["list_monthly_usd"] - files["before"]["list_monthly_usd"]) == 121750
    assert data["totals"]["bound"] == "unknown"
    parts = {c["component"]: c for c in by_name(data)["database-postgres"]["components"]}
    # one component changed, not one removed and one added: in us-east-2 (aws/rds.json),
    # Multi-AZ, 730 h x 0.45 = 328.50 for db.r6g.large, then 730 h x 1.798 = 1,312.54 for
    # db.r6g.2xlarge: +984.04
    instance = parts["instance"]
    assert (instance["change"], instance["region"]) == ("changed", "us-east-2")
    assert instance["before"]["list_monthly_usd"] == 328.50
    assert instance["after"]["list_monthly_usd"] == 1312.54
    assert cents(data["totals"]["diff"]["list_monthly_usd"]) == 98404 + 121750
    assert parts["storage (gp3)"]["change"] == "same"


def test_previews_of_two_programs_are_refused(capsys):
    refused(
        capsys,
        [SHOP, PREVIEW],
        "a graph of Pulumi project 'indexplan', but BASE",
        "is of project 'shop'",
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            '{"resources": []}',
            "BASE: not any of `pulumi preview --json` output, `pulumi stack export` output, "
            "`terraform show -json` output",
        ),
        ("[1, 2]", "must be an object"),
        ("{not json", "invalid JSON"),
        ('{"steps": [{"op": "create"}]}', "steps.0.urn"),
    ],
)
def test_a_json_file_that_is_neither_is_refused(capsys, tmp_path, content, message):
    path = tmp_path / "side.json"
    path.write_text(content)
    refused(capsys, [str(path), "pypi-2021"], str(path), message)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["pypi-2021"], "give BASE and HEAD, or one STACK with --base-ref REV"),
        (["pypi-2021", "all-aws", "--base-ref", "main"], "with --base-ref give one STACK"),
        (["pypi-2021", "all-aws", "--allow-new-stack"], "--allow-new-stack: only with --base-ref"),
        (["no-such-stack", "all-aws"], "unknown stack; known: all-aws"),
        (["pypi-2021", "pypi-2021", "--scenario", "nope"], "unknown scenario"),
        (["pypi-2021", "pypi-2021", "--prices-as-of", "2021-02-30"], "expected a date"),
        (["pypi-2021", "pypi-2021", "--price-book", "/no/such.yaml"], "no such file"),
        (["pypi-2021", "--base-ref", "no-such-revision-x"], "unknown revision"),
        (["pypi-2021", "--base-ref", "-x"], "expected a git revision"),
        (["pypi-2021", "--base-ref", "main\n"], "expected a git revision"),
    ],
)
def test_bad_options_are_one_line_exit_2(capsys, args, message):
    refused(capsys, args, message)


def with_bucket(tmp_path: Path, name: str) -> str:
    """The shop preview with one more bucket (a copy of `logs`) named `name`."""
    doc = json.loads(Path(SHOP).read_text())
    (logs,) = [s for s in doc["steps"] if s["urn"].endswith("::logs")]
    evil = json.loads(json.dumps(logs).replace("::logs", "::" + json.dumps(name)[1:-1]))
    doc["steps"].append(evil)
    head = tmp_path / "evil.json"
    head.write_text(json.dumps(doc))
    return str(head)


def test_a_hostile_name_cannot_break_or_inject_into_the_comment(capsys, tmp_path):
    # the shop preview with one more bucket, whose name is made to attack a Markdown comment
    # and a terminal: a table pipe, HTML, a link, emphasis, escape sequences, a line separator
    name = "x|<img src=y onerror=alert(1)>\x1b]0;pwned\x07`*_[a](javascript:b)\u2028#"
    head = with_bucket(tmp_path, name)
    code, out, _ = run(capsys, "diff", SHOP, head, "-s", SHOP_SCENARIO, "-f", "markdown")
    assert code == 0
    rows = [line for line in out.splitlines() if line.startswith("| added | x")]
    assert len(rows) == 4  # the bucket, then its three components in the breakdown
    assert all(row.count(" | ") == 5 for row in rows)  # six cells: the name's pipe is escaped
    row = rows[0]
    for raw in ("\x1b", "\x07", "\u2028", "[a](", "`*_"):
        assert raw not in out
    assert re.search(r"(?<!\\)<img", out) is None  # HTML only ever escaped
    assert "x\\|\\<img src=y onerror=alert(1)\\>" in row
    # control characters are shown as printable's escapes (a backslash, itself escaped for
    # Markdown, then x1b): visible in the comment, never acted on, never a line break
    assert "\\>\\\\x1b\\]0;pwned\\\\x07\\`\\*\\_\\[a\\](javascript:b)\\\\u2028\\#" in row


@pytest.mark.parametrize("name", ['=HYPERLINK("http://x")', "+1+cmd", "-2+3", "@SUM(A1)"])
def test_a_formula_name_stays_text_in_the_comment_and_the_csv(capsys, tmp_path, name):
    head = with_bucket(tmp_path, name)
    code, out, _ = run(capsys, "diff", SHOP, head, "-s", SHOP_SCENARIO, "-f", "markdown")
    assert code == 0
    # nothing in the name is Markdown syntax: the cell shows it as written (`@` with a
    # zero-width space after it, so that GitHub notifies no one, and the `:` of `http://` a
    # character reference, so that GitHub links nothing)
    shown = name.replace("@", "@&#8203;").replace("://", "&#58;//")
    assert f"| added | {shown} (storage) | aws:s3/bucket:Bucket |" in out
    code, out, _ = run(capsys, "diff", SHOP, head, "-s", SHOP_SCENARIO, "-f", "csv")
    assert code == 0
    # a spreadsheet reads the cell as text: a leading quote (csvout.safe_cell, OWASP)
    cells = [row for row in csv.reader(io.StringIO(out)) if row[0] == "added"]
    assert cells and all(row[1] == "'" + name for row in cells)
    assert not [row for row in csv.reader(io.StringIO(out)) if row[1] == name]
