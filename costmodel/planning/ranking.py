"""Which setup is cheapest when some bills have unpriced parts: ranked on the difference.

A bill with unpriced parts is a lower bound, but two bills compare on their difference, and
an unpriced part drops out of it when both setups have it alike: diff's cancellation rule
(costmodel/model/change_bound.py: the same resource, inputs, component, reason and usage,
under the same price book). So setup s is provably no dearer than t when every unpriced part
of s cancels against one of t's and s's priced bill is no higher: t's other parts only add to
t. A complete setup's parts (none) cancel against anything. Each level ranks on its own
column's parts (`Holes.at`): a part unpriced at list only (a catalog ladder that ends, priced by
a price book) leaves the contracted and out-of-pocket bills exact, and they rank as such.

At one point (a scenario, a sweep's value, a projection's month) `standing` ranks the setups
whose parts all cancel against every other's (the complete ones, when there are any) and names
the lowest of them cheapest, unless another setup's lower bound is already below it: that
setup is then lower unless its own parts cost more than the gap, and `Lower` says so instead
of a star. Two setups are `comparable` (a crossover or a break-even between them is known
exactly) when each one's parts cancel against the other's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, NamedTuple

from costmodel.model.change_bound import Side
from costmodel.model.change_bound import uncancelled as left_over
from costmodel.model.components import holes
from costmodel.model.estimate import Estimate, Unpriced
from costmodel.model.graph import Resource
from costmodel.model.scenario import Scenario

if TYPE_CHECKING:
    from costmodel.model.pricebook import PriceBook

# Setups whose bills are a cent or less apart are tied: cents are rounded sums, so a cent
# apart may be less than a cent apart (sweep's crossings tie them the same way).
TIE_CENTS = 1
# What a sweep's or a projection's report says for crossings when no setup may be ranked (none
# is priced in full): not that the order never changes, as their lower bounds may well cross.
# (Here, not in crossings.py beside a sweep's crossings: a projection imports no NumPy.)
UNRANKED = "none: no setup is priced in full, and lower bounds cannot be ranked"


# The records below are NamedTuples, not frozen dataclasses: as immutable, and about 14 M
# instructions cheaper to define on every warm projection (s11-warm2).
class Holes(NamedTuple):
    """The setups' unpriced parts at one point: `own[s]` those of s, `extra[s][t]` those of s
    that do not cancel against t's (what s may cost beyond its bound, relative to t)."""

    own: tuple[tuple[Unpriced, ...], ...]
    extra: tuple[tuple[tuple[Unpriced, ...], ...], ...]

    def comparable(self, s: int, t: int) -> bool:
        return not self.extra[s][t] and not self.extra[t][s]

    def at(self, level: str) -> Holes:
        """These holes as `level`'s total has them (list, contracted, sponsored, out_of_pocket:
        the last two follow contracted): a part unpriced in the other column only (a ladder
        that ends, segments.py) leaves that total exact, so it neither stops a ranking at
        `level` nor counts among a `Lower`'s parts there. Cancellation pairs equal parts, so
        equal columns: keeping a column's parts after it is keeping what cancels in it."""
        if all(u.column is None for parts in self.own for u in parts):
            return self  # no one-column part: every level has every hole

        def kept(parts: tuple[Unpriced, ...]) -> tuple[Unpriced, ...]:
            return tuple(u for u in parts if u.in_column(level))

        return Holes(tuple(map(kept, self.own)), tuple(tuple(map(kept, row)) for row in self.extra))

    def covered(self, s: int) -> bool:
        """Every part of s cancels against every other setup's: s may be ranked (a setup with
        parts, only against another that has them: alone it is a lower bound, not cheapest)."""
        if self.own[s] and len(self.own) < 2:
            return False
        return all(not parts for t, parts in enumerate(self.extra[s]) if t != s)


def uncancelled(own: Sequence[Sequence[Unpriced]]) -> Holes:
    """`Holes` where no part cancels against another setup's (each its own parts, `holes`)."""
    parts = tuple(holes(o) for o in own)
    return Holes(parts, tuple((p,) * len(parts) for p in parts))


def cancel(sides: Sequence[Side]) -> Holes:
    """`Holes` of the sides as priced (each side's estimate holds its unpriced parts)."""
    own = tuple(holes(s.estimate.unpriced) for s in sides)
    if sum(map(bool, own)) == 0:
        return uncancelled(own)
    extra = tuple(tuple(() if s is t else left_over(t, s)[0] for t in sides) for s in sides)
    return Holes(own, extra)


def side(
    name: str,
    unpriced: Sequence[Unpriced],
    graph: Sequence[Resource],
    scenario: Scenario,
    regions: Mapping[str, str],
    as_of: dt.date,
    price_book: PriceBook | None,
) -> Side:
    """A setup as the cancellation rule reads it, where no estimate was made (the vector
    path): its parts unpriced at a point, the price book and the pricing date. Plans take no
    usage file, so every resource's usage is the scenario's."""
    estimate = Estimate(
        stack=name,
        scenario=scenario.name,
        prices_as_of=as_of,
        line_items=(),
        providers=(),
        unpriced=tuple(unpriced),
        defaults_used=(),
        prices_used=(),
        price_book=price_book,
    )
    return Side(estimate, graph, scenario, regions, {})


class Lower(NamedTuple):
    """Setup `setup`'s lower bound is below the bill of `than`, the lowest ranked setup: it
    is lower unless its `parts` unpriced parts (those not cancelling against `than`'s) cost
    more than `margin_cents` (no parts: it is lower outright)."""

    setup: int
    than: int
    parts: int
    margin_cents: int


class Standing(NamedTuple):
    """At one point and level: the setups that may be ranked, the cheapest of them (none when
    a lower bound is below it), and the lower bounds below it."""

    ranked: tuple[int, ...]
    cheapest: tuple[int, ...]
    lowest: tuple[int, ...]  # the lowest ranked, starred or not
    lower: tuple[Lower, ...]


def standing(cents: Sequence[int], holes: Holes) -> Standing:
    ranked = tuple(s for s in range(len(cents)) if holes.covered(s))
    if not ranked:
        return Standing((), (), (), ())
    low = min(cents[s] for s in ranked)
    lowest = tuple(s for s in ranked if cents[s] - low <= TIE_CENTS)
    than = lowest[0]
    lower = tuple(
        Lower(t, than, len(holes.extra[t][than]), low - cents[t])
        for t in range(len(cents))
        if cents[t] < low - TIE_CENTS
    )
    return Standing(ranked, () if lower else lowest, lowest, lower)
