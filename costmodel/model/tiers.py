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


def split(
    quantity: float, tiers: Sequence[Tier], free: float = 0.0, start: float = 0.0
) -> tuple[list[TierUse], float]:
    """The quantity in each tier used, in order, and what lies beyond a bounded last tier.

    Tiers are ordered and non-overlapping (the catalog loader checks); a tier is used when
    any of the quantity falls in it. The remainder is non-zero only when the last tier has an
    upper bound (a "contact sales" band the catalog leaves unpriced; under a price book, past
    both its ladder and the catalog's, `segments`). The first `free` units
    (this quantity's share of an account-wide allowance, see `allowance_shares`) are one
    0-priced use; they still count towards the tiers' volume, as a free first tier would.
    The quantity climbs the ladder from `start`: the units other resources already put on a
    ladder they share with it (AWS's transfer out of one region, S3's and EC2's together);
    0 for a ladder of its own. Positions are offset by `start` before any arithmetic, as the
    NumPy twin (`costmodel.planning.vector.tier_cents`) offsets them, so both agree.
    """
    top, paid_from = start + quantity, start + free
    uses: list[TierUse] = [TierUse(start, paid_from, free, 0.0)] if free > 0 else []
    lower = 0.0
    for tier in tiers:
        if top <= lower:
            break
        end = top if tier.upto is None else min(top, tier.upto)
        begin = max(lower, paid_from)
        if end > begin:
            uses.append(TierUse(begin, tier.upto, end - begin, tier.price))
        if tier.upto is None:
            return uses, 0.0
        lower = tier.upto
    return uses, max(top - max(lower, start), 0.0)


def allowance_shares(units: Sequence[float], left: float) -> tuple[list[float], float]:
    """Each zone's part of an account-wide free allowance of which `left` units remain, and
    what remains after: pro rata to each zone's units. The allowance is used as usage accrues,
    and a month's traffic accrues in every zone at once in the scenario's steady mix, so each
    zone has used its share of the allowance when the account reaches it. (The NumPy twin,
    `costmodel.planning.vector.allowance_shares_array`, does the same operations in the same
    order, so both agree to the bit.)"""
    total = sum(units)
    if not total > 0:
        return [0.0 for _ in units], left
    used = min(left, total)
    return [min(u, u * (used / total)) for u in units], left - used  # all of u when covered
