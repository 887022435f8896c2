"""A bill's bad input named down to its row (s12-review 8, 9, 10): each is one line on stderr,
the file, the column (and the row, counted from 1 without the header) and what was expected,
exit 2.

The bills are FOCUS CSVs of March 2024 for stack all-aws, built as
tests/cli/test_cli_actuals_s11_audit.py builds its own.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from cli_run import run

ROOT = Path(__file__).resolve().parents[2]
MARCH = ("--stack", "all-aws", "-s", str(ROOT / "examples" / "march-2024.yaml"))
COLUMNS = ["BillingAccountId", "BillingCurrency", "BillingPeriodStart", "BillingPeriodEnd",
           "ChargePeriodStart", "ChargePeriodEnd", "ChargeCategory", "ProviderName",
           "ServiceName", "SkuMeter", "RegionId", "PricingQuantity", "PricingUnit", "ListCost",
           "BilledCost", "EffectiveCost"]  # fmt: skip
GET = {"ServiceName": "Amazon Simple Storage Service", "SkuMeter": "Requests-Tier2",
       "RegionId": "us-east-1", "PricingUnit": "Requests"}  # fmt: skip


def row(**cells: object) -> dict[str, str]:
    """A usage row of 10 M S3 GET requests for $4.00 (0.0004 a 1,000), unless told."""
    out = dict.fromkeys(COLUMNS, "")
    out.update(BillingAccountId="111", BillingCurrency="USD",
               BillingPeriodStart="2024-03-01T00:00:00Z", BillingPeriodEnd="2024-04-01T00:00:00Z",
               ChargePeriodStart="2024-03-01T00:00:00Z", ChargePeriodEnd="2024-04-01T00:00:00Z",
               ChargeCategory="Usage", ProviderName="AWS", PricingQuantity="1e7",
               ListCost="4.00", BilledCost="4.00", EffectiveCost="4.00", **GET)  # fmt: skip
    out.update({k: str(v) for k, v in cells.items()})
    return out


def write(path: Path, rows: list[dict[str, str]]) -> str:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return str(path)


def refused(capsys, bill: str, message: str) -> None:
    code, out, err = run(capsys, "actuals", bill, *MARCH)
    assert (code, out, err) == (2, "", f"{message}\n")


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("abc", "expected a number (no thousands separator), got 'abc'"),
        ("NaN", "expected a finite number within ±1e+13, got nan"),
    ],
)
def test_a_bad_number_names_its_row(capsys, tmp_path, cell, expected):
    # rows 3 and 4 of 4 hold it: the first is named, the other counted
    rows = [row(), row(), row(BilledCost=cell), row(BilledCost=cell)]
    bill = write(tmp_path / "bill.csv", rows)
    refused(capsys, bill, f"{bill}: BilledCost: row 3 (and 1 more): {expected}")


def lines(rows: list[dict[str, str]]) -> list[str]:
    return [",".join(r[c] for c in COLUMNS) for r in rows]


def test_the_rows_read_as_written(capsys, tmp_path):
    # the rows below are a bill: only the ragged line makes the tests after this one refuse it
    code, _, err = run(capsys, "actuals", write(tmp_path / "bill.csv", [row(), row()]), *MARCH)
    assert (code, err) == (0, "")


@pytest.mark.parametrize(
    ("ragged", "said"),
    [
        # a field more than the header's 16 (as an unquoted comma in a description gives)
        (",requests", "17 fields, where the header has 16 columns; expected a field "
         "per column (a cell with a comma in it is written in double quotes)"),
        # a line cut short after its 10th field (RegionId's, as 16 - 6 are dropped)
        ("<cut>", "10 fields, where the header has 16 columns; expected a field per column"),
    ],
)  # fmt: skip
def test_a_ragged_row_is_named_with_its_field_count(capsys, tmp_path, ragged, said):
    text = lines([row(), row(), row()])
    third = text[2].rsplit(",", 6)[0] if ragged == "<cut>" else text[2] + ragged
    bill = tmp_path / "bill.csv"
    bill.write_text("\n".join([",".join(COLUMNS), *text[:2], third, ""]), encoding="utf-8")
    refused(capsys, str(bill), f"{bill}: row 3: {said}")


def test_a_ragged_row_beyond_what_the_sniffer_samples_is_named(capsys, tmp_path):
    # DuckDB sniffs a CSV's first 20,480 rows: a file whose 21,000th row has a field too many
    # is typed from good rows, then its scan stops on that row
    text = lines([row(PricingQuantity=1, BilledCost="0.0004")]) * 21_000
    bill = tmp_path / "bill.csv"
    body = [",".join(COLUMNS), *text[:-1], text[-1] + ",x", ""]
    bill.write_text("\n".join(body), encoding="utf-8")
    refused(
        capsys,
        str(bill),
        f"{bill}: row 21000: 17 fields, where the header has 16 columns; expected a field per "
        "column (a cell with a comma in it is written in double quotes)",
    )


def test_a_ragged_csv_of_no_bills_columns_is_no_bill(capsys, tmp_path):
    bill = tmp_path / "bill.csv"
    bill.write_text("a,b\n1,2\n3,4,5\n", encoding="utf-8")
    code, _, err = run(capsys, "actuals", str(bill), *MARCH)
    assert code == 2 and err.startswith(f"{bill}: not a bill indexplan reads: expected FOCUS")


def test_a_focus_load_balancer_row_says_it_lacks_the_operation(capsys, tmp_path):
    # FOCUS's ServiceName for the CUR's AWSELB: the rule exists (per operation, read from a
    # CUR's line_item_operation), so the row is listed as lacking it, not as a usage with no rule
    elb = row(ServiceName="Elastic Load Balancing", SkuMeter="LoadBalancerUsage",
              PricingQuantity=744, PricingUnit="Hrs", ListCost="16.74", BilledCost="16.74",
              EffectiveCost="16.74")  # fmt: skip
    bill = write(tmp_path / "bill.csv", [row(), elb])
    code, out, err = run(capsys, "actuals", bill, *MARCH, "-f", "json")
    assert (code, err) == (0, "")
    listed = json.loads(out)["billed_not_modelled"]
    assert [(x["billed"], x["reason"]) for x in listed] == [
        (
            "Elastic Load Balancing / LoadBalancerUsage / us-east-1",
            "this Elastic Load Balancing row has no operation (the column line_item_operation "
            "of an AWS CUR), which indexplan's rule reads: only the operation tells which kind "
            "of load balancer it bills",
        )
    ]
