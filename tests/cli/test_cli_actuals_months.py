"""`indexplan actuals` on a bill of several months: each month as one month's report is, the
span's figures summed, `--month` to pick one, and calibration over the months' average month.

The months are the s7 review's October CUR (test_cli_actuals_review.py's docstring works out
every figure at the 12% EDP) and copies of it moved to other billing periods:
  October alone: 797.97 billed for usage, 780.37 of it in components the estimate prices,
  invoice 792.97 (usage + 120.00 tax - 25.00 refund - 100.00 credit).
  RDS db.t4g.medium Multi-AZ: 744 h x 0.138 = 102.672 list, x 0.88 = 90.35 billed; the
  estimate (the EDP book) 730 h x 0.12144 = 88.65.
"""

from __future__ import annotations

import csv
import datetime as dt
import json

import pytest
from cli_run import assert_refused, run
from test_cli_actuals_review import args, book_rates, cur_rows, write_cur
from test_cli_actuals_review import month as month  # the review month's files (a fixture)


def moved(rows: list[tuple], year: int, month: int) -> list[tuple]:
    return [(dt.datetime(year, month, 1), *row[1:]) for row in rows]


def august_at_list(rows: list[tuple]) -> list[tuple]:
    """August 2026 (31 days, 744 h like October), its RDS hours not discounted: the EDP row
    of the instance left out."""
    return [
        row
        for row in moved(rows, 2026, 8)
        if not (row[1] == "EdpDiscount" and row[3] == "EU-Multi-AZUsage:db.t4g.medium")
    ]


@pytest.fixture
def quarter(month, tmp_path) -> dict[str, str]:
    """September and October, the same rows in each."""
    october = cur_rows()
    month["cur"] = str(write_cur(tmp_path / "q.parquet", moved(october, 2026, 9) + october))
    return month


def test_each_month_as_alone_and_the_span_as_their_sum(capsys, quarter):
    code, out, err = run(capsys, *args(quarter, "-f", "json"))
    assert (code, err) == (0, "")
    data = json.loads(out)
    months = ["2026-09", "2026-10"]
    assert data["span"] == {"from": "2026-09", "to": "2026-10", "months": months,
                            "months_without_bill": []}  # fmt: skip
    september, october = data["months"]
    assert (september["month"], october["month"]) == ("2026-09", "2026-10")
    assert september["prices_as_of"] == "2026-09-01" and october["prices_as_of"] == "2026-10-01"
    # each month is the report one month's bill gives (same rows, same list prices in both)
    code, alone, _ = run(capsys, *args(quarter, "--month", "2026-10", "-f", "json"))
    assert code == 0 and json.loads(alone) == october
    assert september["components"] == october["components"]
    # the span under today's keys: two Octobers, 2 x 797.97 = 1,595.94 billed for usage,
    # 2 x 780.37 = 1,560.74 in components, invoice 2 x 792.97 = 1,585.94
    assert data["month"] == "2026-09/2026-10"
    assert data["prices_as_of"] == "2026-09-01/2026-10-01"
    totals = data["totals"]
    assert totals["billed_usage_usd"] == 1595.94
    assert totals["billed_in_components_usd"] == 1560.74
    assert totals["invoice_total_usd"] == 1585.94
    # per line: RDS 2 x 744 = 1,488 h billed at 2 x 90.35 = 180.70, estimated 2 x 88.65
    rds = next(c for c in data["components"] if c["price"].startswith("aws rds_postgresql inst"))
    assert (rds["billed_quantity"], rds["billed_usd"], rds["estimated_usd"]) == (
        1488.0, 180.70, 177.30)  # fmt: skip
    # and the variances still add up, line by line and in all
    for c in data["components"]:
        assert c["variance_usd"] == pytest.approx(
            c["quantity_variance_usd"] + c["rate_variance_usd"], abs=1e-9
        )
    assert totals["variance_usd"] == pytest.approx(
        totals["quantity_variance_usd"] + totals["rate_variance_usd"], abs=1e-9
    )
    assert "1,595.94" in data["verdict"] and "2026-09/2026-10" in data["verdict"]


def test_a_month_differing_and_a_month_missing(capsys, month, tmp_path):
    rows = august_at_list(cur_rows()) + cur_rows()
    month["cur"] = str(write_cur(tmp_path / "aug-oct.parquet", rows))
    code, out, err = run(capsys, *args(month, "-f", "json"))
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data["span"]["months"] == ["2026-08", "2026-10"]
    assert data["span"]["months_without_bill"] == ["2026-09"]
    # RDS, August: 102.672 billed at list -> 102.67; the estimate's price at the billed 744 h
    # is 744 x 0.12144 = 90.35136 -> 90.35, so quantity 90.35 - 88.65 = +1.70 and rate
    # 102.67 - 88.65 - 1.70 = +12.32 (the missing discount); October: +1.70 and 0.00.
    # The span: 177.30 estimated, 193.02 billed, +15.72 = quantity +3.40, rate +12.32
    rds = next(c for c in data["components"] if c["price"].startswith("aws rds_postgresql inst"))
    assert (rds["estimated_usd"], rds["billed_usd"], rds["variance_usd"]) == (177.30, 193.02, 15.72)
    assert (rds["quantity_variance_usd"], rds["rate_variance_usd"]) == (3.40, 12.32)
    code, out, _ = run(capsys, *args(month))
    assert code == 0 and "No bill rows of 2026-09: the span's figures are the months" in out


def test_calibration_uses_every_month(capsys, month, tmp_path):
    rows = august_at_list(cur_rows()) + cur_rows()
    month["cur"] = str(write_cur(tmp_path / "aug-oct.parquet", rows))
    book = tmp_path / "rates.yaml"
    code, out, _ = run(capsys, *args(month, "--write-price-book", str(book), "-f", "json"))
    assert code == 0
    rates = book_rates(book)
    # the rates are the months' totals over their billed units: RDS (102.672 + 90.35136) / 2
    # = 96.51168 a month on average -> 96.51 over 744 h: 0.12972 (the shortest rate that
    # gives 96.51; 0.1297 gives 96.50), not October's 0.12144 nor August's list 0.138
    assert rates["rds_postgresql instance eu-west-1"] == 0.12972
    # a price at the same rate in both months keeps it: ElastiCache 44.52 / 1,488 = 0.02992
    assert rates["elasticache node eu-west-1"] == 0.02992
    # CloudFront: both months identical, so October's 0.0748 (0.085 x 0.88)
    assert rates["cloudfront data_out europe_israel"] == 0.0748
    checks = json.loads(out)["calibration"]["checks"]
    rds = next(c for c in checks if "rds_postgresql instance" in c)
    # 730 model hours x 0.12972 = 94.6956 -> 94.70 against the average month's 96.51
    assert "billed 96.51, calibrated 94.70" in rds
    assert "2026-08/2026-10 has on average 744" in rds
    assert "mine-aws-2026-08/2026-10-calibrated" in book.read_text()


def test_table_and_csv_name_each_month(capsys, quarter):
    code, out, _ = run(capsys, *args(quarter))
    assert code == 0
    assert "months 2026-09/2026-10 (2)" in out
    for title in ("Each month", "2026-09/2026-10: Verdict", "2026-09: Verdict",
                  "2026-10: aws: estimated against billed"):  # fmt: skip
        assert title in out
    code, out, _ = run(capsys, *args(quarter, "-f", "csv"))
    rows = list(csv.DictReader(out.splitlines()))
    # every month's rows, each with its month; the invoice totals 792.97 in each
    invoices = [(r["month"], r["billed_usd"]) for r in rows if r["section"] == "invoice"]
    assert invoices == [("2026-09", "792.97"), ("2026-10", "792.97")]


def test_a_month_of_the_span_without_cdn_traffic_is_named(capsys, month, tmp_path):
    october = cur_rows()
    no_cdn = [r for r in moved(october, 2026, 9) if r[2] != "AmazonCloudFront"]
    month["cur"] = str(write_cur(tmp_path / "q.parquet", no_cdn + october))
    assert_refused(capsys, tuple(args(month, scenario=False)),
                   "--scenario: the bill of 2026-09 shows no CDN traffic")  # fmt: skip
    # October alone is read from its own traffic
    code, out, err = run(capsys, *args(month, "--month", "2026-10", "-f", "json", scenario=False))
    assert (code, err) == (0, "") and json.loads(out)["month"] == "2026-10"
