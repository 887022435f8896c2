"""`<number> <unit>[/<period>]` to canonical units: bytes (per month) and counts per month."""

from __future__ import annotations

import pytest

from costmodel.model.quantities import QuantityError, parse

DAYS_PER_MONTH = 365.25 / 12  # 30.4375


@pytest.mark.parametrize(
    ("text", "kind", "rate", "expected"),
    [
        # SI: 293.1 TB = 293.1 x 10^12 bytes, already per month
        ("293.1 TB/month", "data", True, 293.1e12),
        # 900 TB/day x 30.4375 days
        ("900 TB/day", "data", True, 900e12 * DAYS_PER_MONTH),
        ("27 PB/month", "data", True, 27e15),
        # a bare number is GB/month (10^9 bytes)
        (27000000, "data", True, 27e15),
        ("5", "data", True, 5e9),
        # binary: 1 TiB = 2^40 bytes
        ("1 TiB/month", "data", True, 2.0**40),
        ("2 GiB", "data", False, 2 * 2.0**30),
        ("6 TB", "data", False, 6e12),
        # a year is 12 months
        ("1.92 EB/year", "data", True, 1.92e18 / 12),
        # counts: 2e9/day x 30.4375
        ("2e9/day", "count", True, 2e9 * DAYS_PER_MONTH),
        ("3e9/month", "count", True, 3e9),
        (1e5, "count", True, 1e5),
        # an hour is 30.4375 x 24 hours' share of a month
        ("10/hour", "count", True, 10 * DAYS_PER_MONTH * 24),
        ("1/second", "count", True, DAYS_PER_MONTH * 86400),
        ("2 kB/days", "data", True, 2000 * DAYS_PER_MONTH),
    ],
)
def test_parse(text, kind, rate, expected):
    assert parse(text, kind, rate) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize(
    ("value", "kind", "rate", "message"),
    [
        ("nan", "data", True, "must be a finite number"),
        ("inf TB", "data", True, "must be a finite number"),
        (float("inf"), "count", True, "must be a finite number"),
        ("-1 TB", "data", True, "must not be negative"),
        (-5, "count", True, "must not be negative"),
        ("5 XB", "data", True, "unknown unit 'XB'"),
        ("5 TB/fortnight", "data", True, "unknown period 'fortnight'"),
        ("5 TB/day", "data", False, "is an amount, not a rate"),
        ("3 TB/month", "count", True, "is a count"),
        ("lots", "data", True, "expected a quantity like '293.1 TB/month'"),
        (True, "count", True, "expected a number or a string"),
        ([1], "count", True, "expected a number or a string"),
    ],
)
def test_reject(value, kind, rate, message):
    with pytest.raises(QuantityError, match=message.replace("(", r"\(")):
        parse(value, kind, rate)
