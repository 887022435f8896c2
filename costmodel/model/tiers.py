"""Split one month's quantity across a price's tiers: the one helper every tiered price uses.

Pure on purpose: a NumPy twin for sweeps and projections must agree with it to the cent.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Tier:
    """Units up to `upto` (cumulative, in the billing unit; None = no limit) cost `price` each."""

    upto: float | None
    price: float


@dataclass(frozen=True)
class TierUse:
    """The part of a quantity that fell in one tier."""

    lower: float
    upper: float | None
    quantity: float
    price: float


def split(quantity: float, tiers: Sequence[Tier]) -> tuple[list[TierUse], float]:
    """The quantity in each tier used, in order, and what lies beyond a bounded last tier.

    Tiers are ordered and non-overlapping (the catalog loader checks); a tier is used when
    any of the quantity falls in it. The remainder is non-zero only when the last tier has an
    upper bound (a "contact sales" band the catalog leaves unpriced).
    """
    uses: list[TierUse] = []
    lower = 0.0
    for tier in tiers:
        if quantity <= lower:
            break
        top = quantity if tier.upto is None else min(quantity, tier.upto)
        uses.append(TierUse(lower, tier.upto, top - lower, tier.price))
        if tier.upto is None:
            return uses, 0.0
        lower = tier.upto
    return uses, max(quantity - lower, 0.0)
