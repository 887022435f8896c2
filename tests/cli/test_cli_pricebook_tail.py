"""examples/cdn-tail.yaml, the README's price book for a "contact sales" tail, in every format.

pypi-2026 sends 10 PB/day x 30.4375 days = 3.04375e17 B a month, all to North America (the
scenario's default regions):
- all-gcp's Cloud CDN: 283,471,308.65 GiB, 512,000 on the published ladder (819.20 + 7,884.80 +
  10,752.00, tests/catalog/test_audit_catalog_fixes.py) and 282,959,308.648586 GiB beyond it.
  The book repeats those three tiers and gives 0.01 beyond: 282,959,308.648586 x 0.01 =
  2,829,593.086 -> $2,829,593.09 contracted, unpriced at list. all-gcp's list stays ≥
  $215,607.39 (that test) and its contracted is 215,607.39 + 2,829,593.09 = $3,045,200.48, still
  ≥: the Archive class's lifecycle Class A operations have no price in either column.
- pypi-2024's Fastly, at Fastly's 2026-09 list (prices as of 2026-11-30): 304,375,000 GB: 100
  free, 9,900 x 0.12 = 1,188.00, and 304,365,000 GB past 10 TB: unpriced at list, at the book's
  0.10 304,365,000 x 0.10 = $30,436,500.00 contracted.
"""

from __future__ import annotations

import csv
import io
import json

from cli_run import run

BOOK = ("--price-book", "examples/cdn-tail.yaml")
GCP = ("estimate", "all-gcp", "-s", "pypi-2026", *BOOK)
FASTLY = ("estimate", "pypi-2024", "-s", "pypi-2026", "--prices-as-of", "2026-11-30", *BOOK)


def report(capsys, *args: str) -> str:
    code, out, err = run(capsys, *args)
    assert (code, err) == (0, ""), err
    return out


def test_the_book_prices_cloud_cdns_tail_in_the_contracted_column_only(capsys):
    data = json.loads(report(capsys, *GCP, "-f", "json"))
    (tail,) = [i for i in data["line_items"] if i["component"] == "cache egress, over 512,000 GiB"]
    assert (tail["quantity"], tail["unit_price_usd"], tail["monthly_usd"]) == (
        282959308.648586,
        None,
        None,
    )
    assert (tail["contracted_unit_price_usd"], tail["contracted_monthly_usd"]) == (0.01, 2829593.09)
    assert tail["unpriced_column"] == "list"
    totals = data["totals"]
    assert (totals["list_monthly_usd"], totals["contracted_monthly_usd"]) == (215607.39, 3045200.48)
    # all-gcp has no sponsor: nobody pays a share of the holes, so its sponsored $0 is exact
    assert data["complete_at"] == {
        "list": False, "contracted": False, "sponsored": True, "out_of_pocket": False
    }  # fmt: skip
    assert [(u["component"], u["column"]) for u in data["unpriced"]] == [
        ("cache egress", "list"),
        ("Class A operations (lifecycle change to Archive)", None),
    ]


def test_the_table_says_unpriced_in_the_list_column_and_marks_both_totals(capsys):
    out = report(capsys, *GCP)
    (row,) = [line for line in out.splitlines() if "282.96M GiB" in line]
    assert row.split()[-3:] == ["unpriced", "unpriced", "$2,829,593.09"]  # unit price, list
    assert "> $0.01" in out
    (total,) = [line for line in out.splitlines() if line.strip().startswith("total")]
    assert "≥ $215,607.39" in total and "≥ $3,045,200.48" in total
    assert "Unpriced at" in out and "list and contracted" in out


def test_csv_and_markdown_leave_the_unpriced_column_empty_never_zero(capsys):
    rows = list(csv.DictReader(io.StringIO(report(capsys, *GCP, "-f", "csv"))))
    (tail,) = [r for r in rows if r["component"] == "cache egress, over 512,000 GiB"]
    assert (tail["status"], tail["monthly_usd"], tail["unit_price_usd"]) == (
        "priced at contracted only",
        "",
        "",
    )
    assert tail["contracted_monthly_usd"] == "2829593.09"
    assert "contact sales" in tail["reason"]
    # a spreadsheet's sums of the two columns are the two totals
    listed = sum(round(float(r["monthly_usd"]) * 100) for r in rows if r["monthly_usd"])
    contracted = sum(
        round(float(r["contracted_monthly_usd"]) * 100) for r in rows if r["contracted_monthly_usd"]
    )
    assert (listed, contracted) == (21560739, 304520048)
    markdown = report(capsys, *GCP, "-f", "markdown")
    assert "| **total** | **≥ $215,607.39** | **≥ $3,045,200.48** |" in markdown


def test_the_book_prices_fastlys_tail_past_10_tb(capsys):
    data = json.loads(report(capsys, *FASTLY, "-f", "json"))
    bandwidth = [
        (i["component"], i["quantity"], i["monthly_usd"], i["contracted_monthly_usd"])
        for i in data["line_items"]
        if i["resource"] == "cdn-service" and i["component"].startswith("bandwidth")
    ]
    assert bandwidth == [
        ("bandwidth, first 100 GB (free)", 100, 0.0, 0.0),
        ("bandwidth, 100-10,000 GB", 9900, 1188.0, 1188.0),
        ("bandwidth, over 10,000 GB", 304365000, None, 30436500.0),
    ]
    fastly = next(p for p in data["providers"] if p["provider"] == "fastly")
    assert fastly["contracted_monthly_usd"] - fastly["list_monthly_usd"] == 30436500.0
    # without the book the same tail is unpriced in both columns
    plain = json.loads(report(capsys, *FASTLY[:-2], "-f", "json"))
    (hole,) = [u for u in plain["unpriced"] if u["component"] == "bandwidth"]
    assert hole["column"] is None
    assert hole["reason"] == (
        "3.04365e+08 GB in north_america_europe beyond the last published tier "
        "(10,000 GB; contact sales)"
    )


def test_compare_marks_each_level_by_its_own_column(capsys):
    data = json.loads(report(capsys, "compare", "all-gcp", "-s", "pypi-2026", *BOOK, "-f", "json"))
    (setup,) = data["setups"]
    assert setup["complete_at"]["list"] is False and setup["complete"] is False
    assert setup["totals"]["contracted_monthly_usd"] == 3045200.48
