"""A setup's unrounded cost over a sweep's range as linear pieces, found without NumPy.

crossings.py's premise: a swept figure moves every priced quantity linearly, and tiers, ladder
ends, commitments and sponsor credits only bend a cost, so the cost is piecewise linear in the
figure. This module checks it and takes it apart. The scalar pricer runs once (columns.py's
plain pricer) on a scenario whose figure is a `Linear`, the identity on the range: the usage
functions' arithmetic on it gives each priced quantity as a piecewise-linear function (an
account-wide allowance adds a kink where it runs out), and every line it prices is kept as
what it is, a ladder and the units and free units priced on it. Where that is not so, the pass
stops with `NotLinear` naming it: Cloud Run's expected instances are a Poisson sum (NumPy),
aws_app and gcp_cloud_run write max() as products with comparisons (a step this class does not
follow, though the max is piecewise linear), an allowance shared pro rata by a zone that moves
and one that does not bends. Each tier bound and ladder end is then mapped back into the
figure's units (a kink), the provider totals are worked out at the kinks with
`vector.tier_dollars`' own arithmetic, and commitments' shortfalls and sponsor credits add the
kinks where they start or stop. Between two kinks every measure is a straight line: measured
on every shipped stack at the whole analysis grid, within 6e-16 of vector.py's cost
(tests/costmodel/test_sweep_plain.py; the figures in /work/notes/s12-sweep.md).
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import operator
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from costmodel.model.components import Context, PricedType, provider_of
from costmodel.model.estimate import PROVIDERS, Unpriced
from costmodel.model.graph import Resource
from costmodel.model.prices import Catalog, Selected, default_catalog
from costmodel.model.scenario import Scenario
from costmodel.model.segments import column_ends
from costmodel.model.sponsorship import SponsorTerms
from costmodel.model.tiers import allowance_shares
from costmodel.planning.bounds import ladders
from costmodel.planning.columns import _ColumnPricer, tier_dollars

if TYPE_CHECKING:
    from costmodel.model.pricebook import PriceBook

Tiers = Sequence[tuple[float | None, float]]
# a product or quotient may differ from the straight line between two knots by this much
# (relative) at their midpoint: float rounding, not a bend
LINEAR_TOLERANCE = 1e-9


class NotLinear(Exception):
    """Some priced quantity is not piecewise linear in the swept figure."""


class Linear:
    """A continuous piecewise-linear function of the swept figure: its values at `knots`
    (ascending, both ends of the range) and straight between them. The usage functions'
    arithmetic on it (as on a NumPy array of points) gives another; a product or quotient of
    two that both move is checked straight between the knots at its midpoints, and a
    comparison has no answer (a step is no line): NotLinear."""

    __slots__ = ("knots", "values")

    def __init__(self, knots: list[float], values: list[float]) -> None:
        self.knots = knots
        self.values = values

    def at(self, x: float) -> float:
        knots = self.knots
        k = min(max(bisect.bisect_right(knots, x) - 1, 0), len(knots) - 2)
        x0, x1 = knots[k], knots[k + 1]
        v0, v1 = self.values[k], self.values[k + 1]
        return v0 + (v1 - v0) * ((x - x0) / (x1 - x0))

    def on(self, knots: Sequence[float]) -> list[float]:
        return [self.at(x) for x in knots]

    def crossing(self, level: float) -> list[float]:
        """Where it passes `level` (strictly between two knots), or lands on it at a knot."""
        found = []
        xs, vs = self.knots, self.values
        for k in range(len(xs) - 1):
            a, b = vs[k] - level, vs[k + 1] - level
            if (a < 0 < b) or (b < 0 < a):
                found.append(xs[k] + (xs[k + 1] - xs[k]) * (a / (a - b)))
        return found

    def _op(self, other: Any, op: Callable[[float, float], float], swap: bool) -> Linear:
        if isinstance(other, Linear):
            knots = sorted({*self.knots, *other.knots})
            mine, theirs = self.on(knots), other.on(knots)
        elif isinstance(other, int | float):
            knots, mine, theirs = self.knots, self.values, [float(other)] * len(self.knots)
        else:
            raise NotLinear(f"arithmetic with {type(other).__name__}")
        pairs = zip(theirs, mine, strict=True) if swap else zip(mine, theirs, strict=True)
        return Linear(knots, [op(a, b) for a, b in pairs])

    def _bent(self, other: Any, op: Callable[[float, float], float], swap: bool) -> Linear:
        """A product or quotient: straight only if one side is flat, or checked so."""
        found = self._op(other, op, swap)
        if isinstance(other, Linear) and len(set(other.values)) > 1 and len(set(self.values)) > 1:
            for x0, x1 in itertools.pairwise(found.knots):
                middle = (x0 + x1) / 2
                a, b = self.at(middle), other.at(middle)
                exact = op(b, a) if swap else op(a, b)
                if abs(found.at(middle) - exact) > LINEAR_TOLERANCE * max(abs(exact), 1e-300):
                    raise NotLinear(f"a product or quotient bends between {x0!r} and {x1!r}")
        return found

    def __add__(self, other: Any) -> Linear:
        return self._op(other, operator.add, False)

    def __radd__(self, other: Any) -> Linear:
        return self._op(other, operator.add, True)

    def __sub__(self, other: Any) -> Linear:
        return self._op(other, operator.sub, False)

    def __rsub__(self, other: Any) -> Linear:
        return self._op(other, operator.sub, True)

    def __mul__(self, other: Any) -> Linear:
        return self._bent(other, operator.mul, False)

    def __rmul__(self, other: Any) -> Linear:
        return self._bent(other, operator.mul, True)

    def __truediv__(self, other: Any) -> Linear:
        return self._bent(other, _divide, False)

    def __rtruediv__(self, other: Any) -> Linear:
        return self._bent(other, _divide, True)

    def __neg__(self) -> Linear:
        return Linear(self.knots, [-v for v in self.values])

    def _no_answer(self, other: Any) -> Any:
        raise NotLinear("a comparison of the swept figure (a step)")

    __lt__ = __le__ = __gt__ = __ge__ = _no_answer

    def __bool__(self) -> bool:
        raise NotLinear("a truth value of the swept figure")

    def __array__(self, dtype: Any = None, copy: Any = None) -> Any:
        raise NotLinear("a usage function's own NumPy")


def _divide(a: float, b: float) -> float:
    return a / b


def extreme(a: Any, b: Any, pick: Callable[[float, float], float]) -> Any:
    """min or max (`pick`) of two Linears or numbers, with a knot where they cross."""
    if not isinstance(a, Linear) and not isinstance(b, Linear):
        return pick(a, b)
    diff = a - b
    assert isinstance(diff, Linear)
    knots = sorted({*diff.knots, *diff.crossing(0.0)})
    left = a.on(knots) if isinstance(a, Linear) else [float(a)] * len(knots)
    right = b.on(knots) if isinstance(b, Linear) else [float(b)] * len(knots)
    return Linear(knots, [pick(x, y) for x, y in zip(left, right, strict=True)])


def linear_shares(units: list[Any], left: Any) -> tuple[list[Any], Any]:
    """`tiers.allowance_shares` on Linears (vector.allowance_shares_array's steps): each
    zone's share u * used / total is straight where the zones' units keep their ratios (they
    all move with the figure alike), else NotLinear."""
    total: Any = sum(units)
    used = extreme(left, total, min)
    knots = sorted({k for v in (*units, used, total) if isinstance(v, Linear) for k in v.knots})

    def share(u: float, used: float, total: float) -> float:
        return min(u, u * (used / (total if total > 0 else 1.0)))

    found = []
    for u in units:
        values = [
            share(*p) for p in zip(*(points(v, knots) for v in (u, used, total)), strict=True)
        ]
        line = Linear(knots, values)
        for x0, x1 in itertools.pairwise(knots):
            middle = (x0 + x1) / 2
            exact = share(*(points(v, [middle])[0] for v in (u, used, total)))
            if abs(line.at(middle) - exact) > LINEAR_TOLERANCE * max(abs(exact), 1.0):
                raise NotLinear(f"an allowance shared pro rata bends between {x0!r} and {x1!r}")
        found.append(line)
    return found, left - used


def points(value: Any, knots: list[float]) -> list[float]:
    return value.on(knots) if isinstance(value, Linear) else [float(value)] * len(knots)


class PricedLine(NamedTuple):
    provider: str
    units: Any  # Linear or a number
    free: Any
    listed: Tiers
    contracted: Tiers
    commitment: int | None
    bounds: tuple[float, ...]  # where the ladder bends or ends, in billing units


class _LinePricer(_ColumnPricer):
    """columns.py's plain pricer on Linears, keeping every priced line's ladder and units."""

    def __init__(self, catalog: Catalog, ctx: Context, as_of: dt.date, as_of_where: str) -> None:
        super().__init__(catalog, ctx, as_of, as_of_where, 1)
        self.priced: list[PricedLine] = []
        # every unpriced part in the order the pass meets it: (part, None, None) unpriced
        # everywhere, (part, units, bound) where the units pass the bound
        self.events: list[tuple[Unpriced, Any, float | None]] = []

    def _shares(self, units: list[Any], left: Any) -> tuple[list[Any], Any]:
        if not any(isinstance(u, Linear) for u in [*units, left]):
            return allowance_shares(units, left)
        return linear_shares(units, left)

    def _lines(
        self,
        resource: Resource,
        entry: PricedType,
        comp: Any,
        selected: Selected,
        zone: str,
        quantity: Any,
        free: Any = 0.0,
        start: Any = 0.0,
    ) -> None:
        segs, terms = self.contract(selected)
        listed, contracted, _ = ladders(segs, terms, self.book)
        bounds = {s.upto for s in segs if s.upto is not None}
        bounds.update(end for _, _, end in column_ends(segs))
        commitment = terms.commitment[0] if terms is not None and terms.commitment else None
        units = start + quantity / selected.price.unit_size
        line = PricedLine(
            comp.provider or entry.provider,
            units,
            start + free,
            listed,
            contracted,
            commitment,
            tuple(sorted(bounds)),
        )
        self.priced.append(line)
        for column, ladder, end in column_ends(segs):
            what = f"part beyond the last tier of the {ladder} in {zone}, unpriced at {column}"
            self._beyond(resource, comp.name, what, units, end, column)
        last = segs[-1].upto
        if last is not None:
            what = f"part beyond the last published tier in {zone}"
            self._beyond(resource, comp.name, what, units, last)

    def _beyond(
        self,
        resource: Resource,
        component: str,
        reason: str,
        units: Any,
        bound: float,
        column: str | None = None,
    ) -> None:
        """A part unpriced where `units` pass `bound` (vector's `_hole`), kept in its place
        among the parts the pass meets."""
        super()._skip(resource, component, reason, column)
        self.events.append((self.unpriced.pop(), units, bound))

    def _skip(
        self, resource: Resource, component: str | None, reason: str, column: str | None = None
    ) -> None:
        super()._skip(resource, component, reason, column)
        self.events.append((self.unpriced[-1], None, None))


class SetupLines(NamedTuple):
    """What a setup prices over the range, as lines in the swept figure."""

    lines: tuple[PricedLine, ...]
    providers: tuple[str, ...]
    commitments: tuple[tuple[int, str, float], ...]  # (index, provider, monthly usd) in force
    sponsors: Mapping[str, SponsorTerms]
    events: tuple[tuple[Unpriced, Any, float | None], ...]


def setup_lines(
    graph: Sequence[Resource],
    scenario_at: Callable[[Any], Scenario],
    low: float,
    high: float,
    *,
    as_of: dt.date,
    regions: Mapping[str, str] | None,
    price_book: PriceBook | None,
    sponsors: Mapping[str, SponsorTerms],
) -> SetupLines:
    """Price `graph` once on the range from `low` to `high` (`scenario_at(figure)`: the
    scenario with the figure set to a Linear) and keep its lines."""
    import costmodel.model.resources  # noqa: F401  (registers the priced and free types)

    figure = Linear([low, high], [low, high])
    ctx = Context(scenario=scenario_at(figure), graph=tuple(graph), regions=dict(regions or {}))
    pricer = _LinePricer(default_catalog(), ctx, as_of, "--prices-as-of")
    pricer.book = price_book
    for resource in graph:
        pricer.resource(resource)
    packages = {provider_of(r.type) for r in graph}
    present = [
        p for p in PROVIDERS if p in {line.provider for line in pricer.priced} or p in packages
    ]
    commitments = []
    if price_book is not None:
        for index, entry in price_book.commitments(as_of):
            assert entry.commitment is not None
            if entry.provider in present:
                commitments.append((index, entry.provider, entry.commitment.monthly_usd))
    return SetupLines(
        tuple(pricer.priced), tuple(present), tuple(commitments), sponsors, tuple(pricer.events)
    )


def kinks(lines: SetupLines, low: float, high: float) -> list[float]:
    """Each line's own knots, and where its units or free units cross one of its ladder's
    bounds, or each other."""
    found = {low, high}
    for line in lines.lines:
        for value in (line.units, line.free):
            if isinstance(value, Linear):
                found.update(value.knots)
                for bound in line.bounds:
                    found.update(value.crossing(bound))
        gap = line.units - line.free
        if isinstance(gap, Linear):
            found.update(gap.crossing(0.0))
    return sorted(x for x in found if low <= x <= high)


class Measures(NamedTuple):
    """Per value of `xs`: list, contracted and out-of-pocket dollars, unrounded."""

    xs: list[float]
    list_usd: list[float]
    contracted_usd: list[float]
    out_of_pocket_usd: list[float]


def _per_provider(
    lines: SetupLines, xs: list[float]
) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """Per provider, list and contracted dollars at `xs` (vector.py's sums, in its order)."""
    size = len(xs)
    listed: dict[str, list[float]] = {}
    contracted: dict[str, list[float]] = {}
    committed: dict[int, list[float]] = {}
    for line in lines.lines:
        units, free = points(line.units, xs), points(line.free, xs)
        dollars = tier_dollars(units, line.listed, free)
        dollars_c = (
            dollars
            if line.contracted == line.listed
            else tier_dollars(units, line.contracted, free)
        )
        _add(listed, line.provider, dollars)
        _add(contracted, line.provider, dollars_c)
        if line.commitment is not None:
            _add(committed, line.commitment, dollars_c)
    for index, provider, due in lines.commitments:
        spent = committed.get(index, [0.0] * size)
        _add(contracted, provider, [max(due - s, 0.0) for s in spent])
    zero = [0.0] * size
    return (
        {p: listed.get(p, zero) for p in lines.providers},
        {p: contracted.get(p, zero) for p in lines.providers},
    )


def _add(into: dict[Any, list[float]], key: Any, values: list[float]) -> None:
    found = into.get(key)
    into[key] = values if found is None else list(map(operator.add, found, values))


def _summed(parts: Mapping[str, list[float]], size: int) -> list[float]:
    total = [0.0] * size
    for values in parts.values():
        total = list(map(operator.add, total, values))
    return total


def _out_of_pocket(
    contracted: Mapping[str, list[float]], sponsors: Mapping[str, SponsorTerms], size: int
) -> list[float]:
    """vector.out_of_pocket_dollars over lists."""
    total = [0.0] * size
    for provider, dollars in contracted.items():
        terms = sponsors.get(provider)
        left = dollars if terms is None else [d * (1 - terms.covers) for d in dollars]
        if terms is not None and terms.credit_monthly_usd:
            credit = terms.credit_monthly_usd
            left = [max(v - credit, 0.0) for v in left]
        total = list(map(operator.add, total, left))
    return total


def measures(lines: SetupLines, xs: list[float]) -> Measures:
    listed, contracted = _per_provider(lines, xs)
    size = len(xs)
    return Measures(
        xs,
        _summed(listed, size),
        _summed(contracted, size),
        _out_of_pocket(contracted, lines.sponsors, size),
    )


def _crossings(xs: list[float], values: list[float], level: float) -> list[float]:
    """Where the piecewise line through (xs, values) crosses `level` strictly inside a piece."""
    found = []
    for k in range(len(xs) - 1):
        a, b = values[k] - level, values[k + 1] - level
        if (a < 0 < b) or (b < 0 < a):
            found.append(xs[k] + (xs[k + 1] - xs[k]) * a / (a - b))
    return found


def pieces(lines: SetupLines, low: float, high: float) -> Measures:
    """Every measure at its kinks: the line kinks, then where a commitment's spend reaches it
    and a sponsor's credit is used up (both are straight between the line kinks)."""
    xs = kinks(lines, low, high)
    extra: list[float] = []
    _, contracted = _per_provider(lines, xs)
    size = len(xs)
    committed: dict[int, list[float]] = {}
    for line in lines.lines:
        if line.commitment is not None:
            units, free = points(line.units, xs), points(line.free, xs)
            _add(committed, line.commitment, tier_dollars(units, line.contracted, free))
    for index, _, due in lines.commitments:
        extra += _crossings(xs, committed.get(index, [0.0] * size), due)
    if extra:  # the commitments bend the contracted totals: sponsors cross on the new pieces
        xs = sorted({*xs, *extra})
        _, contracted = _per_provider(lines, xs)
    for provider, terms in lines.sponsors.items():
        if provider in contracted and terms.credit_monthly_usd:
            after = [d * (1 - terms.covers) for d in contracted[provider]]
            extra += _crossings(xs, after, terms.credit_monthly_usd)
    return measures(lines, sorted({*xs, *extra}))


def interpolate(found: Measures, xs: Sequence[float]) -> Measures:
    """Each measure at `xs` (ascending, within the range) on the straight pieces of `found`."""
    knots = found.xs
    out: list[list[float]] = [[], [], []]
    series = (found.list_usd, found.contracted_usd, found.out_of_pocket_usd)
    for x in xs:
        k = min(max(bisect.bisect_right(knots, x) - 1, 0), len(knots) - 2)
        x0, x1 = knots[k], knots[k + 1]
        t = (x - x0) / (x1 - x0)
        for values, into in zip(series, out, strict=True):
            into.append(values[k] + (values[k + 1] - values[k]) * t)
    return Measures(list(xs), *out)
