"""Price every setup over a range of one usage figure and find where the cheapest one changes.

The user's grid (`points`, linear or logarithmic) is priced in the vector path at the points a
report shows: both ends and SAMPLES between them, or every point when asked (at most
MAX_EMITTED_CELLS over all setups), so memory does not grow with `points`. Break-evens do not
come from that grid: they are where the unrounded costs cross (crossings.py), so the same
sweep reports the same break-evens whatever its `points` and spacing. Break-evens are found at
list price, at contracted prices (after each setup's price book) and out of pocket (contracted
less sponsored).

A setup may be priced in full over part of the range only (a quantity that passes a price's
last published tier at the far end), so completeness is per point: the range is cut into
stretches over which every setup's unpriced parts stay the same (each cut found to the sweep's
step, as a break-even is), each point and stretch is ranked as compare ranks (ranking.py: on
the difference, the parts two setups have alike cancelling), and break-evens are found within
each stretch among the setups ranked there. The cuts are looked for between the points of the
analysis grid where two setups may be ranked somewhere, else (nothing to rank, only where
each setup is priced in full to say) between the points kept; a stretch shorter than their
spacing (a part unpriced only between two of them) is not seen.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from costmodel.errors import InputError
from costmodel.model.estimate import Unpriced
from costmodel.model.limits import MAX_SWEEP_POINTS
from costmodel.model.money import usd
from costmodel.model.quantities import QuantityError, format_bytes, format_count, parse
from costmodel.model.scenario import (
    CDN_PROVIDERS,
    DEFAULT_BYTES_PER_REQUEST,
    REGIONS,
    Scenario,
)
from costmodel.model.sponsorship import in_force
from costmodel.planning.bounds import LIMITS, BeyondExact, limit_text
from costmodel.planning.columns import with_figures
from costmodel.planning.compare import Setup, holes, price_setup, setup_caveats
from costmodel.planning.grids import SECTIONS, linspace
from costmodel.planning.ranking import Holes, Standing, cancel, side, standing, uncancelled

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    from costmodel.model.pricebook import PriceBook
    from costmodel.planning.crossings import Crossing
    from costmodel.planning.moving import MoveTerms
    from costmodel.planning.payback import PointPayback
    from costmodel.planning.vector import PointTotals

TRAFFIC = ("egress", "requests", "uploads")  # what `traffic` scales together
QUANTITIES = (
    "traffic",
    "egress",
    "requests",
    "cache_hit_ratio",
    "stored",
    *(f"regions.{r}" for r in REGIONS),
    *(f"cdn.{p}" for p in CDN_PROVIDERS),  # a CDN's weight in a stack's mix
)
OPTION = "--vary"
RATIO_STEP = 1e-6
FACTOR_STEP = 1e-9
CHUNK = 2**16  # points priced per pass
# Break-evens are found on each: list price, contracted (after a price book; list without
# one) and out of pocket (contracted less sponsored). Names of Estimate's `*_cents`.
MEASURES = ("list", "contracted", "out_of_pocket")
SAMPLES = 1001  # grid points kept for the table and chart unless every point is asked for
# Every point written out (json/csv) is held in memory first: at most this many setup-points
# (100,000 points of the 4 shipped stacks take about 0.5 GB to print as JSON).
MAX_EMITTED_CELLS = 400_000


class Vary(NamedTuple):
    quantity: str
    low: float
    high: float

    @property
    def is_share(self) -> bool:
        return self.quantity == "cache_hit_ratio" or self.quantity.startswith(("regions.", "cdn."))

    @property
    def integral(self) -> bool:
        """Bytes and requests: break-evens fall on whole ones."""
        return self.quantity in ("egress", "requests", "stored")

    @property
    def step(self) -> float:
        """Break-evens are found to this resolution."""
        if self.integral:
            return 1.0
        return RATIO_STEP if self.is_share else FACTOR_STEP

    @property
    def unit(self) -> str:
        units = {
            "egress": "bytes/month",
            "requests": "requests/month",
            "stored": "bytes",
            "traffic": "x",
        }
        return units.get(self.quantity, "share")

    @property
    def label(self) -> str:
        """The quantity in words, for titles and axes."""
        if self.quantity.startswith("regions."):
            return f"share of egress from {self.quantity.removeprefix('regions.')}"
        if self.quantity.startswith("cdn."):
            return f"share of traffic through {self.quantity.removeprefix('cdn.')}"
        words = {
            "traffic": "traffic (multiple of the scenario's)",
            "cache_hit_ratio": "cache hit ratio",
            "stored": "bytes stored",
        }
        return words.get(self.quantity, self.quantity)

    def show(self, value: float, digits: int = 4) -> str:
        if self.quantity in ("egress", "stored"):
            return format_bytes(value) + ("/month" if self.quantity == "egress" else "")
        if self.quantity == "requests":
            return f"{format_count(value)}/month"
        if self.quantity == "traffic":
            return f"{value:.{digits}g}x"
        return f"{value * 100:.{digits}g}%"


def parse_vary(text: str) -> Vary:
    """`egress=1TB..10PB`, `traffic=0.1x..10x`, `cache_hit_ratio=0.8..0.99`, ..."""
    match = re.fullmatch(r"\s*([\w.]+)\s*=\s*(.+?)\s*\.\.\s*(.+?)\s*", text)
    if not match:
        raise InputError(OPTION, repr(text), "expected QUANTITY=FROM..TO, e.g. egress=1TB..10PB")
    name, low_text, high_text = match.groups()
    if name not in QUANTITIES:
        known = "traffic, egress, requests, cache_hit_ratio, stored, regions.<region>, cdn.<cdn>"
        raise InputError(OPTION, name, f"unknown quantity; known: {known}")
    low, high = (_value(name, t) for t in (low_text, high_text))
    if low >= high:
        raise InputError(OPTION, name, f"FROM must be below TO, got {low_text}..{high_text}")
    return Vary(name, low, high)


def _value(name: str, text: str) -> float:
    try:
        if name in ("egress", "stored"):
            value = parse(text, "data", name == "egress")
        elif name == "requests":
            value = parse(text, "count", True)
        else:
            value = float(text.removesuffix("x") if name == "traffic" else text)
    except QuantityError as exc:
        raise InputError(OPTION, name, f"{exc}, got {text!r}") from None
    except ValueError:
        example = "a factor such as 0.1x" if name == "traffic" else "a number such as 0.5"
        raise InputError(OPTION, name, f"expected {example}, got {text!r}") from None
    if name in LIMITS and value > LIMITS[name]:
        raise InputError(OPTION, name, f"must be within {limit_text(name)}, got {text!r}")
    if name == "traffic" and not (math.isfinite(value) and value >= 0):
        raise InputError(OPTION, name, f"expected a factor >= 0 such as 0.1x, got {text!r}")
    if Vary(name, 0, 1).is_share and not 0 <= value <= 1:
        raise InputError(OPTION, name, f"must be between 0 and 1, got {text}")
    return value


def check_grid(vary: Vary, points: int, log: bool) -> None:
    if points < 2:
        raise InputError("--points", str(points), "must be at least 2")
    if points > MAX_SWEEP_POINTS:
        raise InputError("--points", str(points), f"must be at most {MAX_SWEEP_POINTS:,}")
    if log and vary.low <= 0:
        raise InputError("--log", vary.quantity, "a log scale needs FROM above 0")


def check_range(scenario: Scenario, vary: Vary) -> None:
    """Refuse a range that would take a figure past the model's limits, or leave no region to
    make room for a varied share."""
    if vary.quantity == "traffic":
        for figure in TRAFFIC:
            if getattr(scenario, figure) * vary.high > LIMITS[figure]:
                raise InputError(
                    OPTION,
                    "traffic",
                    f"{vary.show(vary.high)} would take the scenario's {figure} past "
                    f"{limit_text(figure)}",
                )
    if vary.quantity.startswith("regions."):
        key = vary.quantity.removeprefix("regions.")
        if sum(v for k, v in scenario.regions.items() if k != key) <= 0:
            raise InputError(OPTION, vary.quantity, "no other region has a share to rescale")


def grid_values(vary: Vary, points: int, log: bool, indices: NDArray[np.int64]) -> Any:
    """The grid's values at `indices`, without building the whole grid; both ends exact."""
    import numpy as np

    t = indices / (points - 1)
    if log:  # in logarithms: high / low overflows for a range from a subnormal FROM
        low, high = math.log(vary.low), math.log(vary.high)
        values = np.exp(low + (high - low) * t)
    else:
        values = vary.low + (vary.high - vary.low) * t
    values[indices == 0] = vary.low
    values[indices == points - 1] = vary.high
    return values


def sample_indices(points: int, count: int) -> NDArray[np.int64]:
    """`count` grid indices spread evenly from the first point to the last."""
    import numpy as np

    from costmodel.planning.crossings import distinct

    spread = np.linspace(0, points - 1, min(count, points)).round().astype(np.int64)
    found: NDArray[np.int64] = distinct(spread)
    return found


def _defaulted_requests(scenario: Scenario) -> bool:
    return any(field == "traffic.requests" for field, _ in scenario.defaults_used)


def at(scenario: Scenario, vary: Vary, value: Any) -> Scenario:
    """`scenario` with the varied figure set to `value` (a number or an array)."""
    name = vary.quantity
    if name.startswith("regions."):
        key = name.removeprefix("regions.")
        others = {k: v for k, v in scenario.regions.items() if k != key}
        rest = sum(others.values())
        if rest <= 0:
            raise InputError(OPTION, name, "no other region has a share to rescale")
        shares = {k: v / rest * (1 - value) for k, v in others.items()}
        return with_figures(scenario, regions={**shares, key: value})
    if name == "traffic":
        return with_figures(scenario, **{f: getattr(scenario, f) * value for f in TRAFFIC})
    if name.startswith("cdn."):  # the stack's other CDNs share the rest (usage.cdn_shares)
        return with_figures(scenario, cdn_weights={name.removeprefix("cdn."): value})
    figures = {name: value}
    if name == "egress" and _defaulted_requests(scenario):
        figures["requests"] = value / DEFAULT_BYTES_PER_REQUEST  # the default follows egress
    return with_figures(scenario, **figures)


def held_fixed(scenario: Scenario, vary: Vary) -> list[str]:
    """What the sweep leaves as the scenario has it, in words (and what moves with it)."""
    s, name = scenario, vary.quantity
    moving = set(TRAFFIC) if name == "traffic" else {name.partition(".")[0]}
    lines = []
    if name == "egress" and _defaulted_requests(s):
        moving.add("requests")
        lines.append(
            f"requests follow egress (the scenario's default: one per "
            f"{DEFAULT_BYTES_PER_REQUEST / 1e3:.0f} kB)"
        )
    if name.startswith("regions."):
        lines.append("the other regions' shares are rescaled to fill the rest, keeping ratios")
    if name.startswith("cdn."):
        lines.append(
            "the stack's other CDNs share the rest in the ratio of their DNS weights; "
            "a stack without this CDN in a mix is unchanged"
        )
    regions = ", ".join(f"{k} {v:.0%}" for k, v in s.regions.items())
    figures = [
        ("egress", f"egress {format_bytes(s.egress)}/month"),
        ("requests", f"requests {format_count(s.requests)}/month"),
        ("cache_hit_ratio", f"cache hit ratio {s.cache_hit_ratio:.4g}"),
        ("regions", f"regions {regions}"),
        ("stored", f"stored {format_bytes(s.stored)}"),
        ("uploads", f"uploads {format_count(s.uploads)}/month"),
        ("messages", f"queue messages {format_count(s.messages)}/month"),
        ("dns_queries", f"DNS queries {format_count(s.dns_queries)}/month"),
        ("stats_stored", f"statistics {format_bytes(s.stats_stored)}"),
    ]
    kept = [text for key, text in figures if key not in moving]
    return [*lines, "held fixed: " + "; ".join(kept)]


class BreakEven(NamedTuple):
    value: float
    before: str  # cheapest just below `value`
    after: str  # cheapest from `value` on
    cents: dict[str, int]  # every setup's cost at `value`, as estimate bills it

    def to_dict(self, vary: Vary) -> dict[str, Any]:
        return {
            "value": self.value,
            "shown": vary.show(self.value, digits=10),
            "from": self.before,
            "to": self.after,
            "monthly_usd": {name: usd(c) for name, c in self.cents.items()},
        }


# per setup, its unpriced parts at a point
Parts = tuple[tuple[Unpriced, ...], ...]
# per setup, each unpriced part and the points (of some array of values) at which it is so
Masks = list[dict[Unpriced, "NDArray[np.bool_]"]]


class Stretch(NamedTuple):
    """A run of the range over which every setup's unpriced parts stay the same: `low` and
    `high` its first and last values (to the sweep's step) and which parts cancel against
    which (`holes.own`: each setup's parts there)."""

    low: float
    high: float
    holes: Holes

    @property
    def ranked(self) -> tuple[int, ...]:
        return tuple(i for i in range(len(self.holes.own)) if self.holes.covered(i))


def patterns(masks: Masks, size: int) -> tuple[list[Parts], NDArray[np.int64]]:
    """The distinct sets of unpriced parts (one tuple per setup) over `size` points, and the
    index of each point's set among them."""
    import numpy as np

    columns = [(i, item, mask) for i, found in enumerate(masks) for item, mask in found.items()]
    if not columns:
        return [tuple(() for _ in masks)], np.zeros(size, dtype=np.int64)
    bits = np.stack([np.broadcast_to(mask, (size,)) for _, _, mask in columns])
    unique, inverse = np.unique(bits, axis=1, return_inverse=True)
    found = [
        tuple(
            tuple(
                item
                for (i, item, _), on in zip(columns, unique[:, p], strict=True)
                if on and i == s
            )
            for s in range(len(masks))
        )
        for p in range(unique.shape[1])
    ]
    return found, np.asarray(inverse, dtype=np.int64).reshape(-1)


class Sweep(NamedTuple):
    scenario: str
    prices_as_of: dt.date
    vary: Vary
    log: bool
    points: int  # the grid asked for
    indices: NDArray[np.int64]  # the grid points priced and kept (both ends always)
    values: NDArray[np.float64]  # at `indices`
    names: tuple[str, ...]
    books: tuple[PriceBook | None, ...]  # per setup: the price book it is billed under
    list_cents: NDArray[np.int64]  # setups x kept points
    contracted_cents: NDArray[np.int64]  # equal to list_cents without a book
    out_of_pocket_cents: NDArray[np.int64]  # contracted less sponsored
    unpriced: tuple[tuple[Unpriced, ...], ...]  # per setup: parts unpriced somewhere in range
    break_evens: dict[str, tuple[BreakEven, ...]]  # per measure (MEASURES)
    held_fixed: tuple[str, ...]
    # what a setup named cheapest (marked, or in a break-even) rests on (compare's caveats)
    caveats: tuple[str, ...] = ()
    stretches: tuple[Stretch, ...] = ()  # the range cut where some setup's parts change
    kept_holes: tuple[Holes, ...] = ()  # the distinct parts of the kept points...
    kept_pattern: NDArray[np.int64] | None = None  # ...and each kept point's among them

    def holes_at(self, k: int) -> Holes:
        """The setups' unpriced parts at kept point `k`."""
        if self.kept_pattern is None:
            return uncancelled(self.unpriced)
        return self.kept_holes[int(self.kept_pattern[k])]

    def complete_at(self, i: int, k: int) -> bool:
        return not self.holes_at(k).own[i]

    def standing(self, k: int, measure: str) -> Standing:
        """Setup `k`'s ranking at kept point `k` in `measure` (MEASURES)."""
        found = getattr(self, f"{measure}_cents")
        return standing([int(found[i, k]) for i in range(len(self.names))], self.holes_at(k))

    @property
    def any_book(self) -> bool:
        return any(b is not None for b in self.books)

    @property
    def break_even_list(self) -> tuple[BreakEven, ...]:
        return self.break_evens["list"]

    @property
    def break_even_contracted(self) -> tuple[BreakEven, ...]:
        return self.break_evens["contracted"]

    @property
    def break_even_out_of_pocket(self) -> tuple[BreakEven, ...]:
        return self.break_evens["out_of_pocket"]

    @property
    def complete(self) -> tuple[bool, ...]:
        return tuple(not u for u in self.unpriced)

    @property
    def incomplete(self) -> tuple[str, ...]:
        return tuple(n for n, c in zip(self.names, self.complete, strict=True) if not c)

    @property
    def ranked_on_difference(self) -> bool:
        """Whether a setup with unpriced parts is ranked somewhere (its parts cancelling)."""
        return any(s.holes.own[i] for s in self.stretches for i in s.ranked)

    @property
    def ranked(self) -> list[int]:
        """The setups ranked over some stretch of the range."""
        return sorted({i for s in self.stretches for i in s.ranked})

    def parts_runs(self, i: int) -> list[tuple[float, float, tuple[Unpriced, ...]]]:
        """Setup `i`'s unpriced parts over the range: (first value, last value, parts) for
        each run of stretches over which they stay the same."""
        runs: list[tuple[float, float, tuple[Unpriced, ...]]] = []
        for s in self.stretches:
            own = s.holes.own[i]
            if runs and runs[-1][2] == own:
                runs[-1] = (runs[-1][0], s.high, own)
            else:
                runs.append((s.low, s.high, own))
        return runs


def sweep(
    setups: Sequence[Setup],
    scenario: Scenario,
    vary: Vary,
    *,
    points: int,
    log: bool,
    as_of: dt.date,
    every_point: bool = False,
    tick: Callable[[], None] = lambda: None,
) -> Sweep:
    """`every_point`: keep every grid point (for json/csv; at most MAX_EMITTED_CELLS over
    all setups), else both ends and SAMPLES."""
    import numpy as np

    from costmodel.planning.crossings import analysis_grid, crossings
    from costmodel.planning.vector import out_of_pocket_dollars

    check_grid(vary, points, log)
    check_range(scenario, vary)
    most = MAX_EMITTED_CELLS // max(len(setups), 1)
    if every_point and points > most:
        raise InputError(
            "--emit-points",
            f"{points:,} points",
            f"at most {most:,} points of {len(setups)} setup(s) can be written out; lower --points",
        )
    indices = np.arange(points) if every_point else sample_indices(points, SAMPLES)
    values = grid_values(vary, points, log, indices)
    list_cents = np.empty((len(setups), len(indices)), dtype=np.int64)
    contracted_cents = np.empty_like(list_cents)
    oop_cents = np.empty_like(list_cents)
    found: list[dict[Unpriced, None]] = [{} for _ in setups]
    kept: Masks = [{} for _ in setups]
    for i, setup in enumerate(setups):
        sponsors = in_force(setup.sponsors, as_of)
        for first in range(0, len(indices), CHUNK):
            part = slice(first, first + CHUNK)
            totals = _priced(setup, scenario, vary, values[part], as_of)
            list_cents[i, part] = totals.total()
            contracted_cents[i, part] = totals.contracted_total()
            sponsored = np.sum(list(totals.sponsored(sponsors).values()), axis=0, dtype=np.int64)
            oop_cents[i, part] = contracted_cents[i, part] - sponsored
            _note_parts(found[i], kept[i], totals, part, len(indices))
        tick()

    grid: dict[bytes, tuple[NDArray[np.float64], Masks]] = {}

    def unrounded(xs: NDArray[np.float64]) -> tuple[NDArray[np.float64], Masks]:
        """Every setup's unrounded cost at `xs` in each of MEASURES: (measures, setups, xs),
        and each setup's unpriced parts there. An analysis grid (a large `xs`) is priced once
        for every measure."""
        key = xs.tobytes()
        if key in grid:
            return grid[key]
        costs = np.empty((len(MEASURES), len(setups), len(xs)))
        masks: Masks = [{} for _ in setups]
        for i, setup in enumerate(setups):
            totals = _priced(setup, scenario, vary, xs, as_of)
            costs[0, i] = totals.list_unrounded()
            costs[1, i] = totals.contracted_unrounded()
            sponsors = in_force(setup.sponsors, as_of)
            costs[2, i] = out_of_pocket_dollars(totals.contracted_dollars, sponsors)
            _note_parts(found[i], masks[i], totals, slice(None), len(xs))
        if len(xs) > SAMPLES:
            grid[key] = (costs, masks)
        return costs, masks

    holes_of = holes_cache(setups, scenario, vary, as_of)

    def parts_at(values: Any) -> list[Parts]:
        xs = np.asarray(values, dtype=np.float64)
        sets, index = patterns(unrounded(xs)[1], len(xs))
        return [sets[j] for j in index]

    sets, kept_pattern = patterns(kept, len(indices))
    first_at = {int(p): int(k) for k, p in reversed(list(enumerate(kept_pattern.tolist())))}
    kept_holes = tuple(holes_of(parts, float(values[first_at[p]])) for p, parts in enumerate(sets))
    # Where two setups may be ranked, the range is cut on the analysis grid, which the
    # break-evens price anyway (so neither depends on --points); else on the points kept,
    # which are priced already: there is nothing to rank, only where each is priced in full.
    if any(sum(map(h.covered, range(len(setups)))) >= 2 for h in kept_holes):
        xs = analysis_grid(vary.low, vary.high, vary.integral)
        found_sets = parts_at(xs)
    else:
        xs, found_sets = values, [sets[p] for p in kept_pattern.tolist()]
    found_stretches = [
        Stretch(low, high, holes_of(parts, low))
        for low, high, parts in stretches(vary, parts_at, xs, found_sets)
    ]
    per_measure: list[tuple[BreakEven, ...]] = []
    for measure, name in enumerate(MEASURES):
        if name == "contracted" and not any(s.price_book for s in setups):
            per_measure.append(per_measure[0])  # without a book contracted is list
            continue

        def costs_at(xs: NDArray[np.float64], m: int = measure) -> NDArray[np.float64]:
            return unrounded(xs)[0][m]

        changes = [
            change
            for stretch in found_stretches
            if stretch.high > stretch.low
            for change in crossings(
                costs_at,
                stretch.low,
                stretch.high,
                step=vary.step,
                integral=vary.integral,
                among=stretch.ranked,
            )
        ]
        per_measure.append(
            tuple(_break_even(setups, scenario, vary, as_of, c, measure) for c in changes)
        )
    cents = (list_cents, contracted_cents, oop_cents)
    named = {s.name for s in _named(setups, kept_holes, kept_pattern, cents, per_measure)}
    ends = [at(scenario, vary, vary.low), at(scenario, vary, vary.high)]
    return Sweep(
        scenario=scenario.name,
        prices_as_of=as_of,
        vary=vary,
        log=log,
        points=points,
        indices=indices,
        values=values,
        names=tuple(s.name for s in setups),
        books=tuple(s.price_book for s in setups),
        list_cents=list_cents,
        contracted_cents=contracted_cents,
        out_of_pocket_cents=oop_cents,
        unpriced=tuple(tuple(f) for f in found),
        break_evens=dict(zip(MEASURES, per_measure, strict=True)),
        held_fixed=tuple(held_fixed(scenario, vary)),
        caveats=tuple(
            dict.fromkeys(c for e in ends for c in setup_caveats(setups, e, as_of, named))
        ),
        stretches=tuple(found_stretches),
        kept_holes=kept_holes,
        kept_pattern=kept_pattern,
    )


def _note_parts(
    found: dict[Unpriced, None],
    masks: dict[Unpriced, NDArray[np.bool_]],
    totals: PointTotals,
    part: slice,
    size: int,
) -> None:
    """Record a setup's unpriced parts that cost money, and where they are so in `part` of
    `size` points."""
    import numpy as np

    for item in holes(totals.unpriced):
        found[item] = None
        masks.setdefault(item, np.zeros(size, dtype=bool))[part] = totals.unpriced_at(item)


def holes_cache(
    setups: Sequence[Setup], scenario: Scenario, vary: Vary, as_of: dt.date
) -> Callable[[Parts, float], Holes]:
    """`holes_of(parts, value)`: which of `parts` cancel against which, worked out at `value`
    (once per set of parts)."""
    ranking: dict[Parts, Holes] = {}

    def holes_of(parts: Parts, value: float) -> Holes:
        if parts not in ranking:
            point = at(scenario, vary, value)
            sides = [
                side(s.name, own, s.graph, point, s.regions, as_of, s.price_book)
                for s, own in zip(setups, parts, strict=True)
            ]
            ranking[parts] = cancel(sides)
        return ranking[parts]

    return holes_of


PartsAt = Callable[[Any], list[Parts]]  # a list of values, or an array


def stretches(
    vary: Vary, parts_at: PartsAt, xs: Sequence[float] | NDArray[np.float64], sets: list[Parts]
) -> list[tuple[float, float, Parts]]:
    """The range cut where the setups' unpriced parts change: (first value, last value, parts)
    per stretch, each cut found to the sweep's step between two values of `xs` (ascending,
    both ends of the range; `sets`: the parts at each)."""
    found: list[tuple[float, float, Parts]] = []
    low = float(xs[0])
    for k in range(len(xs) - 1):
        if sets[k + 1] != sets[k]:
            last, first = _cut(vary, parts_at, float(xs[k]), float(xs[k + 1]), sets[k])
            found.append((low, last, sets[k]))
            low = first
    found.append((low, float(xs[-1]), sets[-1]))
    return found


def _cut(vary: Vary, parts_at: PartsAt, lo: float, hi: float, before: Parts) -> tuple[float, float]:
    """The last value from `lo` with the parts `before` and the first after it without them
    (in (lo, hi]), to the sweep's step: multisection, as crossings narrow a break-even (the
    values NumPy's linspace and floor give, in plain Python for both paths)."""
    while hi - lo > vary.step:
        inner = linspace(lo, hi, SECTIONS + 1)[1:-1]
        if vary.integral:
            inner = sorted({float(math.floor(v)) for v in inner})
        inner = [v for v in inner if lo < v < hi]
        if not inner:
            break
        moved = [j for j, parts in enumerate(parts_at(inner)) if parts != before]
        if not moved:
            lo = inner[-1]
            continue
        hi = inner[moved[0]]
        lo = inner[moved[0] - 1] if moved[0] else lo
    return lo, hi


def _named(
    setups: Sequence[Setup],
    kept_holes: tuple[Holes, ...],
    kept_pattern: NDArray[np.int64],
    cents: tuple[NDArray[np.int64], ...],
    break_evens: list[tuple[BreakEven, ...]],
) -> list[Setup]:
    """The setups a sweep names cheapest: the lowest ranked one at a kept point in some
    measure, or either side of a break-even."""
    import numpy as np

    found: set[str] = set()
    for p, holes_here in enumerate(kept_holes):
        among = [i for i in range(len(setups)) if holes_here.covered(i)]
        if among:
            at_p = kept_pattern == p
            for c in cents:
                found.update(setups[among[k]].name for k in np.argmin(c[among][:, at_p], axis=0))
    found.update(name for b in break_evens for e in b for name in (e.before, e.after))
    return [s for s in setups if s.name in found]


def _priced(
    setup: Setup, scenario: Scenario, vary: Vary, xs: NDArray[np.float64], as_of: dt.date
) -> PointTotals:
    from costmodel.planning.vector import price_points

    try:
        return price_points(
            setup.graph,
            at(scenario, vary, xs),
            size=len(xs),
            as_of=as_of,
            regions=setup.regions,
            price_book=setup.price_book,
        )
    except BeyondExact as exc:
        point = f"at {vary.show(float(xs[exc.index]))}"
        raise exc.refused(setup.name, point, OPTION, vary.quantity, "lower TO") from None


def _break_even(
    setups: Sequence[Setup],
    scenario: Scenario,
    vary: Vary,
    as_of: dt.date,
    change: Crossing,
    measure: int,
) -> BreakEven:
    """The crossing with every setup's bill at it, in MEASURES[measure]."""
    point = at(scenario, vary, change.value)
    attribute = f"{MEASURES[measure]}_cents"
    cents = {s.name: getattr(price_setup(s, point, as_of), attribute) for s in setups}
    return BreakEven(change.value, setups[change.before].name, setups[change.after].name, cents)


def sweep_paybacks(
    setups: Sequence[Setup], scenario: Scenario, result: Sweep, source: Setup, terms: MoveTerms
) -> list[list[PointPayback]]:
    """Per setup and kept point: the move from `source` and its payback at the point's
    out-of-pocket bills. Only the stored bytes change a move's cost, so it is priced once
    unless they are what varies."""
    from costmodel.planning.moving import move_cost
    from costmodel.planning.payback import point_payback

    s = list(setups).index(source)
    per_value = result.vary.quantity == "stored"
    found: list[list[PointPayback]] = []
    for t, setup in enumerate(setups):
        once = None if per_value else move_cost(source, setup, scenario, result.prices_as_of, terms)
        row = []
        for k, value in enumerate(result.values.tolist()):
            move = once or move_cost(
                source, setup, at(scenario, result.vary, value), result.prices_as_of, terms
            )
            holes = result.holes_at(k)
            lower = (bool(holes.extra[t][s]), bool(holes.extra[s][t]))
            stay, moving = result.out_of_pocket_cents[s, k], result.out_of_pocket_cents[t, k]
            row.append(point_payback(move, int(stay), int(moving), lower))
        found.append(row)
    return found
