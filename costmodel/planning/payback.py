"""When a move pays for itself: the cumulative out-of-pocket cost of moving (the one-time cost
in the first month, then the new setup's months) against staying (the old setup's months).

The payback month is the first month in which moving has cost less, in all, than staying.
Both sides are exact only where their unpriced parts cancel (ranking.py): where the moving
side is a lower bound (its one-time cost, or the new setup's month, has a part that does not
cancel) the month is "not before" the one found; where staying is, "no later than"; where both
are, unknown. The one-time cost is out of pocket at contracted prices: sponsors' terms are
monthly and give out of a month's bill.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate
from operator import or_
from typing import Any

from costmodel.model.money import usd
from costmodel.planning.moving import Move
from costmodel.planning.ranking import Holes

EXACT, NOT_BEFORE, NO_LATER_THAN, UNKNOWN = "exact", "not_before", "no_later_than", "unknown"
STAYING = "staying"  # the setup moved from: nothing to pay back


@dataclass(frozen=True)
class Payback:
    stack: str
    move: Move
    cumulative_cents: tuple[int, ...]  # out of pocket with the move, by month
    month: dt.date | None  # first month moving has cost less in all (None: none found)
    bound: str  # EXACT, NOT_BEFORE, NO_LATER_THAN or UNKNOWN

    def text(self, months: Sequence[dt.date]) -> str:
        """`2027-03`, `not before 2027-03`, `none by 2029-11`, `unknown`."""
        if self.bound in (UNKNOWN, STAYING):
            return "" if self.bound == STAYING else "unknown"
        if self.month is None:
            return f"none by {months[-1]:%Y-%m}"
        prefix = {EXACT: "", NOT_BEFORE: "not before ", NO_LATER_THAN: "no later than "}
        return f"{prefix[self.bound]}{self.month:%Y-%m}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "one_time": self.move.to_dict(),
            "payback_month": None if self.month is None else f"{self.month:%Y-%m}",
            # exact, not_before or no_later_than (a lower bound on one side), unknown, or
            # staying (the setup moved from)
            "payback_bound": self.bound,
            "cumulative_out_of_pocket_with_move_usd": usd(self.cumulative_cents[-1]),
        }


def payback(
    stay: Sequence[int],
    move_monthly: Sequence[int],
    move: Move,
    months: Sequence[dt.date],
    lower: tuple[Sequence[bool], Sequence[bool]],
    stack: str,
) -> Payback:
    """`stay`, `move_monthly`: out-of-pocket cents by month; `lower`: per month, whether the
    moving side and the staying side are lower bounds there (their parts not cancelling)."""
    staying = list(accumulate(stay))
    moving = list(accumulate(move_monthly, initial=move.contracted_cents))[1:]
    if move.source == move.target:
        return Payback(stack, move, tuple(moving), None, STAYING)
    # from the first month on which a side is a lower bound, its running sum is one
    move_low: list[bool] = list(accumulate((not move.complete or m for m in lower[0]), or_))
    stay_low: list[bool] = list(accumulate(lower[1], or_))
    k = next((k for k in range(len(months)) if moving[k] < staying[k]), None)
    at = len(months) - 1 if k is None else k
    low = (move_low[at], stay_low[at])
    # none found: moving, dearer as a lower bound, stays dearer; staying as one may not
    none_found = UNKNOWN if low[1] else EXACT
    bound = none_found if k is None else _BOUNDS.get(low, UNKNOWN)
    month = None if k is None or bound == UNKNOWN else months[k]
    return Payback(stack, move, tuple(moving), month, bound)


# (moving is a lower bound, staying is) -> what the month found is
_BOUNDS = {(False, False): EXACT, (True, False): NOT_BEFORE, (False, True): NO_LATER_THAN}


def lower_sides(holes: Sequence[Holes], source: int, target: int) -> tuple[list[bool], list[bool]]:
    """Per month: whether the target's parts fail to cancel against the source's (moving is a
    lower bound) and the other way round (staying is)."""
    return (
        [bool(h.extra[target][source]) for h in holes],
        [bool(h.extra[source][target]) for h in holes],
    )


@dataclass(frozen=True)
class PointPayback:
    """At one point of a sweep: the move's one-time cost and the months it takes to pay back
    at that point's monthly bills, held (None: never; `bound` as Payback's)."""

    move: Move
    months: int | None
    bound: str

    def text(self) -> str:
        if self.bound in (UNKNOWN, STAYING):
            return "" if self.bound == STAYING else "unknown"
        if self.months is None:
            return "never"
        prefix = {EXACT: "", NOT_BEFORE: "≥ ", NO_LATER_THAN: "≤ "}[self.bound]
        return f"{prefix}{self.months} month{'s' if self.months != 1 else ''}"


def point_payback(
    move: Move, stay_cents: int, move_cents: int, lower: tuple[bool, bool]
) -> PointPayback:
    """The first n (months, from 1) with one-time + n x move < n x stay: one-time // saving
    + 1 when the new setup costs less a month, else never; `lower`: whether the new setup's
    and the old one's bills there are lower bounds (parts not cancelling)."""
    if move.source == move.target:
        return PointPayback(move, None, STAYING)
    saving = stay_cents - move_cents
    months = move.contracted_cents // saving + 1 if saving > 0 else None
    low = (not move.complete or lower[0], lower[1])
    if months is None:
        return PointPayback(move, None, UNKNOWN if low[1] else EXACT)
    bound = _BOUNDS.get(low, UNKNOWN)
    return PointPayback(move, None if bound == UNKNOWN else months, bound)
