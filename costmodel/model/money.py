"""Money in integer cents: each line is rounded once, and every total is a sum of lines."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def round_cents(dollars: float) -> int:
    """Dollars to whole cents, halves away from zero (as invoices round)."""
    return int(Decimal(repr(dollars)).scaleb(2).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def usd(cents: int) -> float:
    return cents / 100
