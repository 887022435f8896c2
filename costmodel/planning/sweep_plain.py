"""`sweep.sweep` without NumPy, for the sweeps whose outcome the linear pieces settle.

Importing NumPy costs about half of `indexplan --help` (issue 15), and the NumPy sweep prices its
analysis grid (~8,194 values) and every narrowing pass through the whole pricer. Here each setup
is priced once on the range as linear pieces (pieces.py: every line's units and free units as
piecewise-linear functions of the swept figure, each tier bound and ladder end mapped back to
the figure's units), and every decision `sweep.sweep` takes is taken on the pieces when they
settle it beyond float rounding, else by pricing the few values in doubt exactly (columns.py's
plain pricer, vector.py's arithmetic in its order):

- where a part beyond a ladder's end is unpriced: the units are computed by monotone float
  operations, so the cut between two stretches is one value; values within 1e-12 of a bound
  are priced exactly;
- which setup is cheapest: the pieces must keep one setup ahead of every other ranked one by
  more than the cents' rounding over the whole stretch (then no grid value of the NumPy path
  sees a change: no break-even, and the same setup is named cheapest at every kept point);
- the cents shown (both ends, or the table's rows): priced exactly.

When the pieces do not settle it (a break-even to find, setups within the rounding of one
another, a quantity that is not piecewise linear: Cloud Run's instance count,
an allowance shared pro rata with a fixed quantity, the max() that aws_app and gcp_cloud_run
write as comparisons; a bill near the model's exact limit; a cut between stretches of a share
or factor on a logarithmic grid, whose values NumPy's `exp`/`power` give one ulp apart from
the C library's) `plain_sweep` returns None and the caller runs `sweep.sweep`. The output is
the same either way (tests/costmodel/test_sweep_plain.py compares both on the shipped stacks).
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from costmodel.model.estimate import Unpriced
from costmodel.model.limits import EXACT_USD
from costmodel.model.prices import default_catalog
from costmodel.model.sponsorship import SponsorTerms, in_force
from costmodel.planning.columns import Column, price_months, sponsored_cents_list
from costmodel.planning.compare import (
    Setup,
    flat_fee_caveats,
    holes,
    price_setup,
    unpublished_rate_caveats,
)
from costmodel.planning.grids import analysis_grid, grid_values, sample_indices
from costmodel.planning.pieces import (
    Linear,
    Measures,
    NotLinear,
    SetupLines,
    interpolate,
    pieces,
)
from costmodel.planning.pieces import setup_lines as lines_of
from costmodel.planning.sweep import (
    MEASURES,
    SAMPLES,
    Parts,
    Stretch,
    Sweep,
    Vary,
    at,
    check_grid,
    check_range,
    held_fixed,
    holes_cache,
    stretches,
)

# a value this close to a ladder's bound (relative; pieces.py's units are within a few ulps of
# vector.py's) is priced exactly to say which side it is on
NEAR_BOUND = 1e-13
# two setups' unrounded costs closer than this (relative to their largest bills in the range,
# plus a nano-dollar) may compare either way in the NumPy path's floats
NEAR_COST = 1e-12
ROUNDING_USD = 0.01  # per rounded amount in a bill: what its cents may differ from its dollars


class _Model:
    """A setup's lines on the range and its three measures at their kinks."""

    def __init__(self, setup: Setup, lines: SetupLines, costs: Measures) -> None:
        self.setup = setup
        self.lines = lines
        self.costs = costs
        # amounts rounded to cents in a bill: each tier of each line at list and contracted,
        # each provider's sponsorship (covered, credit) and each commitment's shortfall
        terms = sum(len(line.listed) + len(line.contracted) for line in lines.lines)
        self.scale = max(abs(v) for m in range(3) for v in self.series(m))
        self.rounding = ROUNDING_USD * (terms + 3 * len(lines.providers) + len(lines.commitments))

    def series(self, measure: int) -> list[float]:
        found = (self.costs.list_usd, self.costs.contracted_usd, self.costs.out_of_pocket_usd)
        return found[measure]


def plain_sweep(
    setups: Sequence[Setup],
    scenario: Any,
    vary: Vary,
    *,
    points: int,
    log: bool,
    as_of: dt.date,
    rows: int,
    tick: Callable[[], None] = lambda: None,
) -> Sweep | None:
    """`sweep.sweep(...)` (kept points: both ends and SAMPLES between) with the cents of `rows`
    kept points spread evenly (both ends at least) priced, or None where the pieces do not
    settle it."""
    check_grid(vary, points, log)
    check_range(scenario, vary)
    indices = sample_indices(points, SAMPLES)
    values = grid_values(vary.low, vary.high, points, log, indices)
    models = []
    for setup in setups:
        try:
            lines = lines_of(
                setup.graph,
                lambda figure: at(scenario, vary, figure),
                vary.low,
                vary.high,
                as_of=as_of,
                regions=setup.regions,
                price_book=setup.price_book,
                sponsors=in_force(setup.sponsors, as_of),
            )
        except (NotLinear, TypeError, ZeroDivisionError):
            # not piecewise linear, or arithmetic a Linear does not do (a usage function of a
            # type no shipped stack has): NumPy's path, which prices it as main does
            return None
        costs = pieces(lines, vary.low, vary.high)
        model = _Model(setup, lines, costs)
        if any(not abs(v) < EXACT_USD / 4 for m in range(3) for v in model.series(m)):
            return None  # the NumPy path refuses a bill past EXACT_USD, naming the point
        models.append(model)
    parts = _PartsOracle(models, scenario, vary, as_of)
    holes_of = holes_cache(setups, scenario, vary, as_of)
    kept = parts.at(values)
    sets = list(dict.fromkeys(kept))
    kept_pattern = [sets.index(p) for p in kept] if len(sets) > 1 else [0] * len(kept)
    first_at = {p: kept_pattern.index(p) for p in range(len(sets))}
    kept_holes = tuple(holes_of(found, values[first_at[p]]) for p, found in enumerate(sets))
    on_grid = any(sum(map(h.covered, range(len(setups)))) >= 2 for h in kept_holes)
    if on_grid:
        xs = _around_bounds(models, analysis_grid(vary.low, vary.high, vary.integral))
        found_sets = parts.at(xs)
    else:
        xs, found_sets = values, kept
    cut = stretches(vary, parts.at, xs, found_sets)
    if len(cut) > 1 and not vary.integral and (vary.low > 0 if on_grid else log):
        return None  # the cut's path starts from grid values NumPy gives an ulp apart
    found_stretches = [Stretch(low, high, holes_of(p, low)) for low, high, p in cut]
    booked = any(s.price_book for s in setups)
    for measure in range(len(MEASURES)):
        if measure == 1 and not booked:
            continue
        for stretch in found_stretches:
            among, low, high = stretch.ranked, stretch.low, stretch.high
            if len(among) < 2 or high <= low:
                continue
            if _ahead(models, measure, among, low, high) is None:
                return None  # a break-even to find, or setups too close to tell here
    named = _named(models, values, kept_pattern, kept_holes)
    if named is None:
        return None
    # both ends are estimated for the caveats (compare.setup_caveats): their bills are the
    # ends' cents (vector.py's totals match estimate's to the cent); the rest shown are priced
    ends = [
        [price_setup(s, at(scenario, vary, end), as_of) for s in setups]
        for end in (vary.low, vary.high)
    ]
    caveats = dict.fromkeys(
        caveat
        for estimates in ends
        for s, est in zip(setups, estimates, strict=True)
        for caveat in [
            *(flat_fee_caveats([est]) if s.name in named else []),
            *unpublished_rate_caveats(est),
        ]
    )
    last = len(indices) - 1
    inner = [k for k in sample_indices(len(indices), rows) if 0 < k < last]
    cents = _KeptCents.priced(models, scenario, vary, as_of, values, inner)
    for k, estimates in ((0, ends[0]), (last, ends[1])):
        for found, kind in zip(cents, ("list", "contracted", "out_of_pocket"), strict=True):
            found.by_point[k] = [getattr(e, f"{kind}_cents") for e in estimates]
    for _ in setups:
        tick()
    return Sweep(
        scenario=scenario.name,
        prices_as_of=as_of,
        vary=vary,
        log=log,
        points=points,
        indices=indices,  # type: ignore[arg-type]  # lists: Sweep reads them so
        values=values,  # type: ignore[arg-type]
        names=tuple(s.name for s in setups),
        books=tuple(s.price_book for s in setups),
        list_cents=cents[0],  # type: ignore[arg-type]
        contracted_cents=cents[1],  # type: ignore[arg-type]
        out_of_pocket_cents=cents[2],  # type: ignore[arg-type]
        unpriced=tuple(tuple(f) for f in parts.found),
        break_evens={m: () for m in MEASURES},
        held_fixed=tuple(held_fixed(scenario, vary)),
        caveats=tuple(caveats),
        stretches=tuple(found_stretches),
        kept_holes=kept_holes,
        kept_pattern=kept_pattern,  # type: ignore[arg-type]
    )


def _around_bounds(models: list[_Model], xs: list[float]) -> list[float]:
    """The values of the grid `xs` next to where some setup's units pass a bound, and both
    ends: between two of them no part changes (the units move monotonically), so
    `sweep.stretches` cuts on these where it would on the whole grid."""
    keep = {0, len(xs) - 1}
    for model in models:
        for _, units, bound in model.lines.events:
            if bound is not None and isinstance(units, Linear):
                near = NEAR_BOUND * max(abs(bound), 1.0)
                passing = units.crossing(bound)
                passing += [x for x, u in zip(units.knots, units.values, strict=True)
                            if abs(u - bound) <= near]  # fmt: skip
                for x in passing:
                    k = bisect.bisect_left(xs, x)
                    keep.update(range(max(k - 2, 0), min(k + 2, len(xs))))
    return [xs[k] for k in sorted(keep)]


class _PartsOracle:
    """Each setup's unpriced parts at values of the range (sweep.parts_at), noting each part
    found as the NumPy path notes it: in the order the pricer meets them, batch by batch."""

    def __init__(self, models: list[_Model], scenario: Any, vary: Vary, as_of: dt.date) -> None:
        self.models = models
        self.scenario = scenario
        self.vary = vary
        self.as_of = as_of
        self.found: list[dict[Unpriced, None]] = [{} for _ in models]

    def at(self, xs: Sequence[float]) -> list[Parts]:
        return list(zip(*(self._setup_at(i, xs) for i in range(len(self.models))), strict=True))

    def _setup_at(self, i: int, xs: Sequence[float]) -> list[tuple[Unpriced, ...]]:
        events = self.models[i].lines.events
        rows: dict[int, list[bool]] = {}  # per event with a bound: where the units pass it
        doubt: set[int] = set()
        for j, (_, units, bound) in enumerate(events):
            if bound is None:
                continue
            near = NEAR_BOUND * max(abs(bound), 1.0)
            values = units.values if isinstance(units, Linear) else [float(units)]
            if max(values) < bound - near or min(values) > bound + near:
                rows[j] = [values[0] > bound] * len(xs)  # on one side of it throughout
                continue
            found = units.on(xs) if isinstance(units, Linear) else [float(units)] * len(xs)
            rows[j] = [u > bound for u in found]
            doubt.update(k for k, u in enumerate(found) if abs(u - bound) <= near)
        if doubt:
            self._exactly(i, xs, sorted(doubt), rows)
        order = list(rows)
        signatures = list(zip(*(rows[j] for j in order), strict=True)) if order else [()] * len(xs)
        by_signature: dict[tuple[bool, ...], tuple[Unpriced, ...]] = {}
        for signature in dict.fromkeys(signatures):
            on = dict(zip(order, signature, strict=True))
            by_signature[signature] = holes(
                dict.fromkeys(e[0] for j, e in enumerate(events) if on.get(j, True))
            )
        somewhere = {j: any(row) for j, row in rows.items()}
        batch = dict.fromkeys(e[0] for j, e in enumerate(events) if somewhere.get(j, True))
        for item in holes(batch):  # the batch's parts in the pricer's order
            self.found[i].setdefault(item)
        return [by_signature[s] for s in signatures]

    def _exactly(
        self, i: int, xs: Sequence[float], doubt: list[int], rows: dict[int, list[bool]]
    ) -> None:
        """The parts at the values in doubt, from the plain pricer (vector.py's floats)."""
        setup = self.models[i].setup
        totals = price_months(
            setup.graph,
            at(self.scenario, self.vary, Column([xs[k] for k in doubt])),
            size=len(doubt),
            as_of=self.as_of,
            regions=setup.regions,
            catalog=default_catalog(),
            as_of_where="--prices-as-of",
            price_book=setup.price_book,
        )
        events = self.models[i].lines.events
        for j, row in rows.items():
            item = events[j][0]
            exact = totals.unpriced_at(item) if item in totals.unpriced else [False] * len(doubt)
            for k, flag in zip(doubt, exact, strict=True):
                row[k] = flag


def _ahead(
    models: list[_Model],
    measure: int,
    among: Sequence[int],
    low: float,
    high: float,
    rounded: bool = False,
) -> int | None:
    """The setup of `among` cheapest in `measure` from `low` to `high` by more than float
    rounding (`rounded`: more than its cents' rounding too) against every other, else None."""
    knots = sorted({low, high, *(x for i in among for x in models[i].costs.xs if low < x < high)})
    costs = {i: _series(models[i], measure, knots) for i in among}
    best = min(among, key=lambda i: (costs[i][0], among.index(i)))
    for i in among:
        if i == best:
            continue
        gap = models[i].rounding + models[best].rounding if rounded else 0.0
        # float rounding is relative to a bill's parts, not its total (out of pocket is
        # contracted less a credit): the larger contracted bill anywhere in the range
        near = NEAR_COST * (models[i].scale + models[best].scale) + 1e-9
        for mine, theirs in zip(costs[best], costs[i], strict=True):
            if not theirs - mine > gap + near:
                return None
    return best


def _series(model: _Model, measure: int, xs: list[float]) -> list[float]:
    found = interpolate(model.costs, xs)
    return (found.list_usd, found.contracted_usd, found.out_of_pocket_usd)[measure]


def _named(
    models: list[_Model],
    values: list[float],
    kept_pattern: list[int],
    kept_holes: tuple[Any, ...],
) -> set[str] | None:
    """sweep._named without break-evens: the setup cheapest in cents (list, contracted, out of
    pocket) at some kept point among those ranked there. Over each run of kept points with the
    same parts, one setup must be ahead by more than the cents' rounding, else None."""
    found: set[str] = set()
    start = 0
    for k in range(1, len(values) + 1):
        if k < len(values) and kept_pattern[k] == kept_pattern[start]:
            continue
        holes_here = kept_holes[kept_pattern[start]]
        among = [i for i in range(len(models)) if holes_here.covered(i)]
        if len(among) == 1:
            found.add(models[among[0]].setup.name)
        elif among:
            for measure in range(len(MEASURES)):
                best = _ahead(models, measure, among, values[start], values[k - 1], True)
                if best is None:
                    return None
                found.add(models[best].setup.name)
        start = k
    return found


class _KeptCents:
    """Setups x kept points of cents, priced at the kept points shown only (`[i, k]`)."""

    def __init__(self, by_point: dict[int, list[int]]) -> None:
        self.by_point = by_point

    def __getitem__(self, key: tuple[int, int]) -> int:
        i, k = key
        return self.by_point[k][i]

    @staticmethod
    def priced(
        models: list[_Model],
        scenario: Any,
        vary: Vary,
        as_of: dt.date,
        values: list[float],
        shown: list[int],
    ) -> tuple[_KeptCents, _KeptCents, _KeptCents]:
        """List, contracted and out-of-pocket cents at the kept points `shown` (sweep.sweep's
        sums: vector.price_points, then the sponsors' part of each provider's contracted)."""
        found: list[dict[int, list[int]]] = [{k: [] for k in shown} for _ in range(3)]
        if not shown:
            return _KeptCents(found[0]), _KeptCents(found[1]), _KeptCents(found[2])
        figure = Column([values[k] for k in shown])
        for model in models:
            setup = model.setup
            totals = price_months(
                setup.graph,
                at(scenario, vary, figure),
                size=len(shown),
                as_of=as_of,
                regions=setup.regions,
                catalog=default_catalog(),
                as_of_where="--prices-as-of",
                price_book=setup.price_book,
            )
            contracted = totals.contracted_total()
            sponsored = _sponsored(totals.contracted_cents, model.lines.sponsors, len(shown))
            per_measure = (totals.total(), contracted, list(map(_less, contracted, sponsored)))
            for into, cents in zip(found, per_measure, strict=True):
                for k, c in zip(shown, cents, strict=True):
                    into[k].append(c)
        return _KeptCents(found[0]), _KeptCents(found[1]), _KeptCents(found[2])


def _less(a: int, b: int) -> int:
    return a - b


def _sponsored(contracted: dict[str, list[int]], sponsors: Any, size: int) -> list[int]:
    """vector.PointTotals.sponsored summed over the providers."""
    total = [0] * size
    for provider, cents in contracted.items():
        terms: SponsorTerms | None = sponsors.get(provider)
        if terms is not None:
            given = sponsored_cents_list(terms.covers, terms.credit_monthly_usd, cents)
            total = [t + g for t, g in zip(total, given, strict=True)]
    return total
