"""In every output format the totals equal the sum of the line items, to the cent."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import re
import tempfile

import yaml
from cost_cases import HIT_RATIOS, USAGES, document, region_shares
from hypothesis import HealthCheck, given, settings

from indexplan.cli import main
from indexplan.paths import ROOT

PREVIEW = ROOT / "tests" / "fixtures" / "pulumi" / "pypi-2021.preview.json"
MONEY = re.compile(r"\$([\d,]+\.\d\d)")


def cents(text: str) -> int:
    return round(float(text.replace(",", "")) * 100)


def run(scenario_path, fmt: str) -> str:
    out = io.StringIO()
    args = ["estimate", "--from-preview", str(PREVIEW), "-s", str(scenario_path), "-f", fmt]
    with contextlib.redirect_stdout(out):
        assert main([*args, "--prices-as-of", "2026-05-01"]) == 0
    return out.getvalue()


def markdown_sums(text: str) -> tuple[dict[str, int], dict[str, int], int]:
    """Per provider section: the sum of its line rows and its bold subtotal; the bold total."""
    lines: dict[str, int] = {}
    subtotals: dict[str, int] = {}
    total = None
    section = None
    for row in text.splitlines():
        if row.startswith("## "):
            section = row[3:]
        elif row.startswith("| **total**"):
            total = cents(MONEY.findall(row)[0])
        elif row.startswith("| **") and "subtotal" in row:
            subtotals[section] = cents(MONEY.findall(row)[-1])
        elif row.startswith("| ") and section in ("aws", "gcp", "fastly"):
            last = row.rstrip(" |").rsplit("|", 1)[-1]
            if found := MONEY.findall(last):
                lines[section] = lines.get(section, 0) + cents(found[0])
    assert total is not None
    return lines, subtotals, total


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(usage=USAGES, hit=HIT_RATIOS, regions=region_shares())
def test_totals_are_the_sum_of_the_line_items_in_every_format(usage, hit, regions):
    with tempfile.TemporaryDirectory() as tmp:
        path = f"{tmp}/s.yaml"
        with open(path, "w") as f:
            yaml.safe_dump(document(usage, hit, regions), f)
        data = json.loads(run(path, "json"))
        items = data["line_items"]
        list_cents = cents(str(data["totals"]["list_monthly_usd"]))
        assert sum(cents(str(i["monthly_usd"])) for i in items) == list_cents
        for provider in data["providers"]:
            mine = [i for i in items if i["provider"] == provider["provider"]]
            assert sum(cents(str(i["monthly_usd"])) for i in mine) == cents(
                str(provider["list_monthly_usd"])
            )
        # unpriced parts are rows of their own, amounts empty (s4 review finding 1)
        rows = list(csv.DictReader(io.StringIO(run(path, "csv"))))
        assert len(rows) == len(items) + len(data["unpriced"])
        rows = [r for r in rows if r["status"] == "priced"]
        assert sum(cents(r["monthly_usd"]) for r in rows) == list_cents
        lines, subtotals, total = markdown_sums(run(path, "markdown"))
        # a provider whose every component is unpriced has a $0.00 subtotal and no lines
        assert {p: lines.get(p, 0) for p in subtotals} == subtotals
        assert sum(subtotals.values()) == total == list_cents
        table = run(path, "table")
        table_total = re.search(r"^\s*total\s+(?:≥ )?\$([\d,]+\.\d\d)", table, re.MULTILINE)
        assert table_total is not None and cents(table_total[1]) == list_cents
        for provider, subtotal in subtotals.items():
            found = re.search(rf"{provider} subtotal\s+\$([\d,]+\.\d\d)", table)
            assert found is not None and cents(found[1]) == subtotal
