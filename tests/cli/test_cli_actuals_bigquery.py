"""`indexplan actuals --bigquery`: a bill read where it lives has the checks a bill file has
(s11 audit's F3 empty cost, F5 part of a month, F6 a charge category outside FOCUS's, F7 the
same bill twice), run on what BigQuery returns. No BigQuery here: `bigquery_stub` stands in for
the client library and runs each query, as indexplan sends it to BigQuery, in DuckDB.

The bills are the s11 audit's (test_cli_actuals_s11_audit.py) loaded as tables, FOCUS as AWS's
FOCUS export to a BigQuery view would hold it; stack all-aws on examples/march-2024.yaml, whose
RDS row is 730 h x 0.45 = 328.50 against the bill's 744 h, 334.80: +6.30, all quantity.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bigquery_stub import StubBigQuery
from cli_run import assert_refused, run
from test_cli_actuals_s11_audit import MARCH, RDS, RDS_KEY, base, component, row, write

from costmodel.errors import InputError
from costmodel.readers.bills.read import GCP_CREDITS, bigquery_lines
from tests.readers.bill_rows import gcp_row, write_jsonl

TABLE = "my-project.billing.focus"
CATEGORIES = "expected Usage, Purchase, Tax, Credit or Adjustment (as written, case included)"


@pytest.fixture
def bigquery(monkeypatch) -> StubBigQuery:
    stub = StubBigQuery()
    stub.install(monkeypatch)
    return stub


def load_focus(stub: StubBigQuery, tmp_path: Path, rows: list[dict], table: str = TABLE) -> str:
    """`rows` as a FOCUS table (money DOUBLE, periods TIMESTAMP WITH TIME ZONE, as DuckDB reads
    the CSV; BigQuery's NUMERIC and TIMESTAMP read the same)."""
    csv = write(tmp_path / f"{table}.csv", rows)
    stub.load(table, f"SELECT * FROM read_csv('{csv}', header = true)")
    return table


def actuals(capsys, *tables: str) -> dict:
    args = [a for t in tables for a in ("--bigquery", t)]
    code, out, err = run(capsys, "actuals", *args, "--bill-format", "focus", *MARCH, "-f", "json")
    assert (code, err) == (0, ""), err
    return json.loads(out)


def refused(capsys, message: str, *tables: str, fmt: str = "focus") -> None:
    args = [a for t in tables for a in ("--bigquery", t)]
    assert_refused(capsys, ("actuals", *args, "--bill-format", fmt, *MARCH), message)


def test_a_good_table_reads_as_its_file_does_checks_first(capsys, tmp_path, bigquery):
    load_focus(bigquery, tmp_path, base())
    data = actuals(capsys, TABLE)
    assert component(data, RDS_KEY) == (334.8, 6.3, 6.3, 0.0)
    # usage 334.80 + 115.00 + 2 x 153.264 + 12.00 = 768.328 -> 768.33, as the file gives
    assert data["totals"]["billed_usage_usd"] == 768.33
    # the cells' checks, then the groups: two queries, in BigQuery's dialect
    assert len(bigquery.queries) == 2
    assert bigquery.queries[0].startswith("SELECT\n  COUNTIF(")
    assert "`my-project`.billing.focus" in bigquery.queries[1]


def test_an_empty_billed_cost_is_refused(capsys, tmp_path, bigquery):
    # F3: two RDS rows of 372 h, the second's BilledCost empty (SUM would skip it: $167.40 for
    # 744 h). A table's rows have no order: the line says how many
    rows = [row(**RDS, PricingQuantity=372, BilledCost="167.40"),
            row(**RDS, PricingQuantity=372, BilledCost="", EffectiveCost="167.40")]  # fmt: skip
    load_focus(bigquery, tmp_path, rows)
    refused(capsys, f"{TABLE}: BilledCost: 1 row(s): empty; expected a number", TABLE)
    assert len(bigquery.queries) == 1  # refused on the checks: the bill is not summed


def test_a_charge_category_outside_focus_is_refused(capsys, tmp_path, bigquery):
    # F6: two rows `usage`, one `Fee`: 3 rows, the least of their values named
    rows = [*base(), *(row(**RDS, ChargeCategory=c, PricingQuantity=1, BilledCost="0.45")
                       for c in ("usage", "Fee", "usage"))]  # fmt: skip
    load_focus(bigquery, tmp_path, rows)
    refused(
        capsys,
        f"{TABLE}: ChargeCategory: 3 row(s): 'Fee' is not a FOCUS value; {CATEGORIES}",
        TABLE,
    )


def test_money_beyond_what_the_model_values_is_refused(capsys, tmp_path, bigquery):
    rows = [*base(), row(**RDS, PricingQuantity=1, BilledCost="1e300")]
    load_focus(bigquery, tmp_path, rows)
    refused(
        capsys,
        # a table's rows have no order: how many, not which (as ChargeCategory's above)
        f"{TABLE}: BilledCost: 1 row(s): expected a finite number within ±1e+13, got 1e+300",
        TABLE,
    )


def test_part_of_a_month_is_refused_and_two_tables_of_halves_are_a_month(
    capsys, tmp_path, bigquery
):
    # F5: 1 March 00:00 to 16 March 00:00 is 15 of March's 31 days
    first = load_focus(bigquery, tmp_path, [row(**RDS, PricingQuantity=360, BilledCost="162.00",
                       ChargePeriodEnd="2024-03-16T00:00:00Z")])  # fmt: skip
    refused(
        capsys,
        f"{TABLE}: ChargePeriodStart, ChargePeriodEnd: the usage covers 2024-03-01..2024-03-16 "
        "(15 of 31 days of 2024-03); expected a whole month's bill",
        first,
    )
    # the rest of March in another account's table: 360 + 384 = 744 h, 162.00 + 172.80 =
    # 334.80, +6.30 against 328.50, all quantity
    second = row(**RDS, PricingQuantity=384, BilledCost="172.80",
                 ChargePeriodStart="2024-03-16T00:00:00Z")  # fmt: skip
    rest = load_focus(bigquery, tmp_path, [second], "my-project.billing.b")
    assert component(actuals(capsys, first, rest), RDS_KEY) == (334.8, 6.3, 6.3, 0.0)


def test_a_table_given_twice_or_the_same_rows_twice_are_refused(capsys, tmp_path, bigquery):
    # F7: counted twice, RDS would bill 1,488 h
    load_focus(bigquery, tmp_path, base())
    refused(capsys, f"{TABLE}: given twice (as {TABLE}); each bill is counted once", TABLE, TABLE)
    assert bigquery.queries == []  # refused before anything is queried
    copy = load_focus(bigquery, tmp_path, base(), "my-project.other.focus")
    refused(capsys, f"{TABLE}, {copy}: the same bill rows in both;", TABLE, copy)


def test_the_dry_run_prints_both_queries_and_runs_nothing(capsys, bigquery):
    code, out, err = run(capsys, "actuals", "--bigquery", TABLE, "--bill-format", "focus",
                         *MARCH, "--dry-run")  # fmt: skip
    assert (code, err) == (0, "")
    checks, groups = out.split(";\n\n")
    assert checks.startswith("-- the cells' checks")
    assert "COUNTIF(`BilledCost` IS NULL" in checks
    assert groups.startswith("-- the bill's groups\nSELECT")
    assert bigquery.queries == []
    twice = ("actuals", "--bigquery", TABLE, "--bigquery", TABLE, *MARCH, "--dry-run")
    assert_refused(capsys, twice, f"{TABLE}: given twice")


# ---- the Google Cloud billing export (the default --bill-format) -----------------------------

STORAGE = ("Cloud Storage", "Standard Storage US Multi-region", "gibibyte month")
EXPORT = "my-project.billing.gcp_billing_export_v1_0123"


def load_export(stub: StubBigQuery, tmp_path: Path, rows: list[dict], table: str = EXPORT) -> str:
    """The export's rows as BigQuery holds them: nested records, TIMESTAMP usage times."""
    jsonl = write_jsonl(tmp_path / f"{table}.jsonl", rows)
    typed = (f"CAST(cost AS DOUBLE) AS cost, CAST(credits AS {GCP_CREDITS}) AS credits, "
             "CAST(usage_start_time AS TIMESTAMPTZ) AS usage_start_time, "
             "CAST(usage_end_time AS TIMESTAMPTZ) AS usage_end_time")  # fmt: skip
    stub.load(table, f"SELECT * REPLACE ({typed}) FROM read_json('{jsonl}')")
    return table


def storage(amount: float, cost: float | None, start: str, end: str) -> dict:
    return {**gcp_row(*STORAGE, amount, cost, region=None, location="us", month="202403"),
            "usage_start_time": start, "usage_end_time": end}  # type: ignore[arg-type]  # fmt: skip


def test_an_export_with_an_empty_cost_is_refused(capsys, tmp_path, bigquery):
    rows = [storage(60, 1.56, "2024-03-01T00:00:00Z", "2024-04-01T00:00:00Z"),
            storage(40, None, "2024-03-01T00:00:00Z", "2024-04-01T00:00:00Z")]  # fmt: skip
    load_export(bigquery, tmp_path, rows)
    refused(capsys, f"{EXPORT}: cost: 1 row(s): empty; expected a number", EXPORT, fmt="gcp")


def test_an_export_of_part_of_a_month_is_refused_and_halves_are_read(tmp_path, bigquery):
    # 60 GiB-months in 1-16 March, 40 in 16 March to 1 April (usage_end_time exclusive)
    first = load_export(bigquery, tmp_path, [
        storage(60, 1.56, "2024-03-01T00:00:00Z", "2024-03-16T00:00:00Z")])  # fmt: skip
    with pytest.raises(InputError, match=r"usage_start_time, usage_end_time: the usage covers "
                       r"2024-03-01\.\.2024-03-16 \(15 of 31 days of 2024-03\)"):  # fmt: skip
        bigquery_lines([first], "gcp")
    second = storage(40, 1.04, "2024-03-16T00:00:00Z", "2024-04-01T00:00:00Z")
    rest = load_export(bigquery, tmp_path, [second], "p.billing.rest")
    # one group per table, 60 + 40 = 100 GiB-months for 1.56 + 1.04 = 2.60
    lines = bigquery_lines([first, rest], "gcp")
    assert sorted((x.file, x.quantity, float(x.cost or 0)) for x in lines) == [
        (first, 60.0, 1.56), ("p.billing.rest", 40.0, 1.04)]  # fmt: skip
