"""Tables at the terminal's real width: at 80 and 200 columns no line is wider, every stack
name and money cell is whole, and a table's money is in one format (all full or all short)."""

from __future__ import annotations

import json
import re

import pytest
from cli_run import run

from indexplan.render import money, short_money

WIDTHS = (80, 200)
FULL = re.compile(r"\$\d{1,3}(,\d{3})*\.\d\d")  # $36,886,049.25
SHORT = re.compile(r"\$(\d{1,3}|\d\.\d\d|\d\d\.\d)[kMBT]?")  # $36.9M, $224k, $786, $7.59
MONEY = re.compile(r"\$[\d,.]+[kMBT]?")
UNIT_PRICE = re.compile(r"\$\d+\.\d{3,}")  # $0.0004 per request: a rate, not an amount


def whole(word: str, text: str) -> bool:
    """`word` appears with no name character glued to either side (not cut, not a prefix)."""
    return re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text) is not None


def tables(out: str) -> list[list[str]]:
    """The body rows of each table: the lines after a header rule, up to a blank line."""
    found, rows = [], None
    for line in out.splitlines():
        if "───" in line:
            rows = []
            found.append(rows)
        elif rows is not None and line.strip():
            rows.append(line)
        else:
            rows = None
    return found


def one_money_format(rows: list[str]) -> bool:
    tokens = [t for line in rows for t in MONEY.findall(line) if not UNIT_PRICE.fullmatch(t)]
    return all(FULL.fullmatch(t) for t in tokens) or all(SHORT.fullmatch(t) for t in tokens)


def table_at(capsys, monkeypatch, width: int, *args: str) -> str:
    monkeypatch.setenv("COLUMNS", str(width))
    code, out, err = run(capsys, *args)
    assert (code, err) == (0, ""), err
    assert max(len(line) for line in out.splitlines()) <= width
    for rows in tables(out):
        assert one_money_format(rows), rows
    return out


@pytest.mark.parametrize("width", WIDTHS)
def test_compare_keeps_every_name_and_amount_whole(capsys, monkeypatch, width):
    data = json.loads(run(capsys, "compare", "-f", "json")[1])
    out = table_at(capsys, monkeypatch, width, "compare")
    body = [line for rows in tables(out) for line in rows]
    for setup in data["setups"]:
        assert whole(setup["stack"], out)
        for key in ("list_monthly_usd", "out_of_pocket_monthly_usd", "sponsored_monthly_usd"):
            amount = setup["totals"][key]
            assert any(money(amount) in line or short_money(amount) in line for line in body)
    # the * marks survive: one per level named cheapest (at list price; out of pocket none
    # since review s8-ops 2b: pypi-2024's lower bound is below the cheapest whole bill)
    named = [level for level in ("list", "out_of_pocket") if data["cheapest"][level]]
    assert named == ["list"] and sum(line.count("*") for line in body) == len(named)
    if width == 200:  # room for every amount in full ($36,886,049.22, not $36.9M)
        for setup in data["setups"]:
            for amount in setup["totals"].values():
                assert any(money(amount) in line for line in body), money(amount)


@pytest.mark.parametrize("width", WIDTHS)
def test_estimate_keeps_every_component_and_amount(capsys, monkeypatch, width):
    args = ("estimate", "pypi-2021", "-s", "pypi-2026")
    data = json.loads(run(capsys, *args, "-f", "json")[1])
    out = table_at(capsys, monkeypatch, width, *args)
    for item in data["line_items"]:
        assert whole(item["resource"], out)
        assert money(item["monthly_usd"]) in out
    for provider in data["providers"]:  # every section keeps its Monthly column
        assert money(provider["list_monthly_usd"]) in out


@pytest.mark.parametrize("width", WIDTHS)
def test_resources_names_and_types_whole_and_values_unbroken(capsys, monkeypatch, width):
    data = json.loads(run(capsys, "resources", "pypi-2021", "-f", "json")[1])
    out = table_at(capsys, monkeypatch, width, "resources", "pypi-2021")
    for resource in data:
        assert whole(resource["name"], out)
    # a key input is one word: it moves to the next line whole, never broken mid-word
    assert "transitEncryptionEnabled=true" in out


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(
    "args",
    [
        ("project", "-s", "pypi-2026", "--months", "24"),
        ("sweep", "-s", "pypi-2026", "--vary", "egress=1TB..20PB", "--log"),
        ("scenarios",),
        ("check", "all-gcp"),
    ],
    ids=["project", "sweep", "scenarios", "check"],
)
def test_other_reports_fit_and_keep_names_whole(capsys, monkeypatch, width, args):
    out = table_at(capsys, monkeypatch, width, *args)
    names = ("all-aws", "all-gcp", "pypi-2016", "pypi-2021")
    if args[0] == "scenarios":
        names = ("pypi-2016", "pypi-2021", "pypi-2023", "pypi-2025", "pypi-2026")
    elif args[0] == "check":
        names = ("storage-private", "stack-file-secrets")
    for name in names:
        assert whole(name, out), name
