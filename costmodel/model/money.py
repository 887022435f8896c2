"""Money in integer cents: each line is rounded once, and every total is a sum of lines."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

# Below 2^40 cents a float's error in dollars * 100 is under 4e-4 of a cent (1.5 ulp, at most
# 2^-12), so a product further than 0.001 from a half cent rounds as its decimal would.
_FLOAT_EXACT = 2.0**40


def round_cents(dollars: float) -> int:
    """Dollars to whole cents, halves away from zero (as invoices round), exactly as the
    decimal the float prints as (`repr`) rounds: nearly halfway, and for huge or non-finite
    values, through Decimal itself."""
    cents = dollars * 100
    if -_FLOAT_EXACT < cents < _FLOAT_EXACT:  # false for NaN and infinities
        nearest = round(cents)
        if abs(cents - nearest) < 0.499:
            return nearest
    return int(Decimal(repr(dollars)).scaleb(2).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def usd(cents: int) -> float:
    return cents / 100
