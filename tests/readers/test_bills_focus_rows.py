"""FOCUS rows that are not this month's usage: corrections of an earlier billing period
(ChargeClass "Correction", FOCUS 1.0-1.2 specification/columns/chargeclass.md) and a month whose
usage of a meter adds up below zero."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from costmodel.errors import InputError
from costmodel.readers.bills.read import read_bills

COLUMNS = ("BillingPeriodStart", "ChargeCategory", "ChargeClass", "ProviderName", "ServiceName",
           "SkuMeter", "ChargeDescription", "RegionId", "PricingQuantity", "PricingUnit",
           "BilledCost", "ListCost", "BillingCurrency")  # fmt: skip
S3 = ("AWS", "Amazon Simple Storage Service", "TimedStorage-ByteHrs", "storage", "us-east-1")


def focus(path: Path, rows: list[tuple]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(COLUMNS)
        for category, charge_class, quantity, cost in rows:
            writer.writerow(("2026-08-01T00:00:00Z", category, charge_class, *S3, quantity,
                             "GB-Mo", cost, cost, "USD"))  # fmt: skip
    return path


def test_a_correction_of_an_earlier_month_is_not_this_months_usage(tmp_path):
    # 1,000 GB-months billed this month (23.00); a correction takes back 100 GB-months of July
    # (-2.30): it goes with the other charges, and August's usage stays 1,000 GB-months
    bill = read_bills(
        [
            focus(
                tmp_path / "f.csv",
                [("Usage", "", 1000, 23.00), ("Usage", "Correction", -100, -2.30)],
            )
        ]
    )
    got = sorted((x.kind, x.quantity, x.cost) for x in bill.lines)
    assert got == [("other", -100.0, -2.30), ("usage", 1000.0, 23.00)]


def test_rows_that_add_up_to_a_months_usage_are_read(tmp_path):
    # a row of -20 inside the month's 100 + -20 = 80 GB-months, 1.84
    bill = read_bills(
        [focus(tmp_path / "f.csv", [("Usage", "", 100, 2.30), ("Usage", "", -20, -0.46)])]
    )
    assert [(x.kind, x.quantity, x.rows) for x in bill.lines] == [("usage", 80.0, 2)]


def test_usage_below_zero_is_refused_naming_the_meter(tmp_path):
    path = focus(tmp_path / "f.csv", [("Usage", "", -2000, 74.66)])
    with pytest.raises(InputError) as refused:
        read_bills([path])
    assert str(refused.value) == (
        f"{path}: Amazon Simple Storage Service / TimedStorage-ByteHrs quantity: expected a "
        "month's usage, zero or more, got -2000"
    )
