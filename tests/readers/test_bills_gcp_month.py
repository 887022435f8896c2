"""A Google Cloud billing export of part of a month is refused, as a FOCUS or CUR bill is (the s11
audit's F5): its usage rows' `usage_start_time` / `usage_end_time` (UTC instants, the end
exclusive: a day's row of 1 March ends at 2 March 00:00) must cover the invoice month. Two
exports of halves (two billing accounts, or a month saved in two parts) make a month.

Rows: Standard Storage US multi-region, 60 GiB-months for 1.56 and 40 for 1.04 (0.026 each).
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from bill_rows import gcp_row, write_jsonl

from costmodel.errors import InputError
from costmodel.readers.bills.read import read_bills

ROOT = Path(__file__).resolve().parents[2]
STORAGE = ("Cloud Storage", "Standard Storage US Multi-region", "gibibyte month")
MARCH = ("--stack", "all-gcp", "-s", str(ROOT / "examples" / "march-2024.yaml"))
FIRST_HALF = "usage covers 2024-03-01..2024-03-16 (15 of 31 days of 2024-03); expected a whole"


def storage(amount: float, cost: float, start: str, end: str) -> dict:
    row = gcp_row(*STORAGE, amount, cost, region=None, location="us", month="202403")
    return {**row, "usage_start_time": start, "usage_end_time": end}


def export(path: Path, *spans: tuple[str, str]) -> Path:
    """An export of one row per span, 60 GiB-months for 1.56 in the first, 40 for 1.04 next."""
    money = ((60, 1.56), (40, 1.04))[: len(spans)]
    rows = [storage(*m, *span) for m, span in zip(money, spans, strict=True)]
    return write_jsonl(path, rows)


def usage(paths: list[Path]) -> list[tuple[float, float]]:
    bill = read_bills(paths)
    return sorted((x.quantity, round(float(x.cost or 0), 2)) for x in bill.lines)


def test_half_a_month_is_refused_naming_the_days(tmp_path):
    bill = export(tmp_path / "a.jsonl", ("2024-03-01T00:00:00Z", "2024-03-16T00:00:00Z"))
    with pytest.raises(InputError) as refused:
        read_bills([bill])
    assert str(refused.value) == (
        f"{bill}: usage_start_time, usage_end_time: the {FIRST_HALF} month's bill, as the "
        "estimate is a month's (a month-to-date export is not compared)"
    )


def test_two_halves_make_a_month_in_one_file_or_two(tmp_path):
    first = ("2024-03-01T00:00:00Z", "2024-03-16T00:00:00Z")
    rest = ("2024-03-16T00:00:00Z", "2024-04-01T00:00:00Z")
    one = export(tmp_path / "one.jsonl", first, rest)
    # one group (the same SKU, month and region): 60 + 40 = 100 GiB-months, 1.56 + 1.04 = 2.60
    assert usage([one]) == [(100.0, 2.60)]
    two = [export(tmp_path / "a.jsonl", first), write_jsonl(tmp_path / "b.jsonl", [
        storage(40, 1.04, *rest)])]  # fmt: skip
    assert usage(two) == [(40.0, 1.04), (60.0, 1.56)]


def test_an_hourly_export_that_ends_on_the_months_last_hour_is_whole(tmp_path):
    # Google's rows are hourly: the last starts at 31 March 23:00 and ends 1 April 00:00
    bill = export(
        tmp_path / "a.jsonl",
        ("2024-03-01T00:00:00Z", "2024-03-01T01:00:00Z"),
        ("2024-03-31T23:00:00Z", "2024-04-01T00:00:00Z"),
    )
    assert usage([bill]) == [(100.0, 2.60)]


def test_a_bill_that_ends_at_the_last_days_midnight_lacks_that_day(tmp_path):
    # s12-review2: the end is exclusive, so usage ending 31 March 00:00 leaves out the 31st
    # (30 of 31 days); ending at 23:00 it touches the 31st: whole
    short = export(tmp_path / "a.jsonl", ("2024-03-01T00:00:00Z", "2024-03-31T00:00:00Z"))
    with pytest.raises(InputError, match=r"covers 2024-03-01\.\.2024-03-31 \(30 of 31 days"):
        read_bills([short])
    late = export(tmp_path / "b.jsonl", ("2024-03-01T00:00:00Z", "2024-03-31T23:00:00Z"))
    assert usage([late]) == [(60.0, 1.56)]  # export()'s first span: 60 GiB-months, $1.56


def test_the_flat_csv_and_parquet_are_checked_too(tmp_path):
    bill = export(tmp_path / "a.jsonl", ("2024-03-01T00:00:00Z", "2024-03-16T00:00:00Z"))
    parquet = tmp_path / "a.parquet"
    duckdb.sql(f"COPY (SELECT * FROM read_json('{bill}')) TO '{parquet}' (FORMAT parquet)")
    # the flat CSV a user saves from BigQuery (read.py GCP_FLAT), times as BigQuery writes them
    flat = tmp_path / "a.csv"
    with flat.open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["service_description", "sku_description", "usage_start_time",
                         "usage_end_time", "location_location", "location_region", "cost",
                         "currency", "usage_amount_in_pricing_units", "usage_pricing_unit",
                         "credits", "invoice_month", "cost_type"])  # fmt: skip
        times = ["2024-03-01 00:00:00 UTC", "2024-03-16 00:00:00 UTC"]
        writer.writerow([*STORAGE[:2], *times, "us", "", 1.56, "USD", 60, STORAGE[2], "[]",
                         "202403", "regular"])  # fmt: skip
    for path in (parquet, flat):
        with pytest.raises(InputError, match=r"usage_start_time, usage_end_time: the usage "
                           r"covers 2024-03-01\.\.2024-03-16 \(15 of 31"):  # fmt: skip
            read_bills([path])


def test_an_impossible_usage_time_is_refused_not_dropped(tmp_path):
    bill = export(tmp_path / "a.jsonl", ("2024-03-01T00:00:00Z", "2024-02-30T00:00:00Z"))
    with pytest.raises(InputError) as refused:
        read_bills([bill])
    assert str(refused.value) == (
        f"{bill}: usage_end_time: row 1: expected an ISO 8601 date (YYYY-MM-DD), got "
        "'2024-02-30T00:00:00Z'"
    )


# In a child process under TZ: west of UTC the half month's end, 16 March 00:00 UTC, is 15 March
# 17:00 in Los Angeles (it would say 14 days); east of it, a month whose usage ends 30 March
# 20:00 UTC (the 30th touched: 30 days) reaches 31 March 05:00 in Tokyo (it would pass as whole).
@pytest.mark.parametrize("zone", ["America/Los_Angeles", "Asia/Tokyo"])
@pytest.mark.parametrize(
    ("end", "said"),
    [("2024-03-16T00:00:00Z", FIRST_HALF),
     ("2024-03-30T20:00:00Z", "usage covers 2024-03-01..2024-03-31 (30 of 31 days of 2024-03)")],
)  # fmt: skip
def test_the_days_covered_are_utc_days_in_any_time_zone(tmp_path, zone, end, said):
    bill = export(tmp_path / "a.jsonl", ("2024-03-01T00:00:00Z", end))
    done = subprocess.run(
        [sys.executable, "-m", "indexplan", "actuals", str(bill), *MARCH],
        capture_output=True, text=True, env={**os.environ, "TZ": zone}, check=False, cwd=ROOT,
    )  # fmt: skip
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.count("\n") == 1 and said in done.stderr, done.stderr


def test_a_whole_month_is_read_in_any_time_zone(tmp_path):
    """The control: the two halves together are read, in both zones (exit 0)."""
    bill = export(
        tmp_path / "a.jsonl",
        ("2024-03-01T00:00:00Z", "2024-03-16T00:00:00Z"),
        ("2024-03-16T00:00:00Z", "2024-04-01T00:00:00Z"),
    )
    for zone in ("America/Los_Angeles", "Asia/Tokyo"):
        done = subprocess.run(
            [sys.executable, "-m", "indexplan", "actuals", str(bill), *MARCH, "-f", "json"],
            capture_output=True, text=True, env={**os.environ, "TZ": zone}, check=False,
            cwd=ROOT,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)["month"] == "2024-03"
