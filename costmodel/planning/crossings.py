"""Break-evens: where the unrounded costs of setups cross, whatever grid a user asked for.

A swept figure moves every quantity linearly, and tiers, region shares and sponsor credits
only bend a cost, so each setup's unrounded cost is piecewise linear in it. The search prices
the range on a grid of its own (ANALYSIS_POINTS linear and as many logarithmic), takes every
change of the cheapest setup between two of its points, and narrows each by multisection to
the sweep's step (a byte or a request, 1e-6 of a share). Nothing depends on `--points`, and
costs are compared before cent rounding, which makes two setups a cent apart tie and swap.

Where the setups involved stay within a cent of one another from one change up to the next
(a tie band), the changes are one crossing, at the first; a band left to the setup that was
cheapest before it is no crossing at all.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from costmodel.planning.grids import ANALYSIS_POINTS, SECTIONS, TIE
from costmodel.planning.ranking import UNRANKED  # noqa: F401  (where sweep's readers find it)

if TYPE_CHECKING:
    from numpy.typing import NDArray

    Floats = NDArray[np.float64]

# values -> unrounded cost of every setup at each value, shape (setups, values)
Costs = Callable[["Floats"], "Floats"]


@dataclass(frozen=True)
class Crossing:
    value: float  # the first value at which `after` is the cheapest
    before: int  # setup indices
    after: int


def analysis_grid(low: float, high: float, integral: bool) -> Floats:
    """The range's own grid: linear, and logarithmic as well when the range starts above 0."""
    parts = [np.linspace(low, high, ANALYSIS_POINTS)]
    if low > 0:
        parts.append(np.geomspace(low, high, ANALYSIS_POINTS))
    values = np.concatenate(parts)
    if integral:
        values = np.clip(np.round(values), low, high)
    return distinct(np.concatenate([values, [low, high]]))


def distinct(values: NDArray[Any]) -> NDArray[Any]:
    """`np.unique(values)`: each value once, in order. Asked with its inverse, which NumPy
    finds by sorting: a plain `np.unique` first asks `np.ma.is_masked`, and importing numpy.ma
    costs ~60 M instructions, a tenth of `indexplan --help` (benchmarks/README.md, issue 15)."""
    found: NDArray[Any] = np.unique(values, return_inverse=True)[0]
    return found


def cheapest(costs: Floats, among: Sequence[int]) -> NDArray[np.int64]:
    """Per value, the index of the cheapest setup of `among` (the first of equals)."""
    rows = np.asarray(costs)[list(among)]
    return np.asarray(among, dtype=np.int64)[np.argmin(rows, axis=0)]


def crossings(
    costs_at: Costs,
    low: float,
    high: float,
    *,
    step: float,
    integral: bool,
    among: Sequence[int],
) -> list[Crossing]:
    """Every change of the cheapest setup of `among` over [low, high], tie bands merged."""
    if len(among) < 2:
        return []
    xs = analysis_grid(low, high, integral)
    costs = costs_at(xs)
    best = cheapest(costs, among)
    found: list[Crossing] = []
    for k in np.flatnonzero(best[1:] != best[:-1]):
        lo, hi, end = float(xs[k]), float(xs[k + 1]), int(best[k + 1])
        current = int(best[k])
        while current != end:  # several changes may share one cell
            crossing = _narrow(costs_at, lo, hi, current, step, integral, among)
            found.append(crossing)
            lo, current = crossing.value, crossing.after
    return _merge_tie_bands(found, xs, costs, costs_at)


def _narrow(
    costs_at: Costs,
    lo: float,
    hi: float,
    before: int,
    step: float,
    integral: bool,
    among: Sequence[int],
) -> Crossing:
    """The first value in (lo, hi] where `before` (cheapest at lo) stops being cheapest."""
    while hi - lo > step:
        inner = np.linspace(lo, hi, SECTIONS + 1)[1:-1]
        if integral:
            inner = distinct(np.floor(inner))
        inner = inner[(inner > lo) & (inner < hi)]
        if inner.size == 0:
            break  # no representable value between them
        moved = np.flatnonzero(cheapest(costs_at(inner), among) != before)
        if moved.size == 0:
            lo = float(inner[-1])
            continue
        first = int(moved[0])
        hi = float(inner[first])
        lo = float(inner[first - 1]) if first else lo
    after = int(cheapest(costs_at(np.array([hi])), among)[0])
    return Crossing(hi, before, after)


def _merge_tie_bands(
    found: list[Crossing], xs: Floats, costs: Floats, costs_at: Costs
) -> list[Crossing]:
    """Each run of changes joined by tie bands as one change, from the run's first setup to
    its last, at its first value (none when the run ends where it began)."""
    runs: list[list[Crossing]] = []
    for crossing in found:
        if runs and _tied_between(runs[-1][-1], crossing, xs, costs, costs_at):
            runs[-1].append(crossing)
        else:
            runs.append([crossing])
    return [
        Crossing(run[0].value, run[0].before, run[-1].after)
        for run in runs
        if run[0].before != run[-1].after
    ]


def _tied_between(
    first: Crossing, second: Crossing, xs: Floats, costs: Floats, costs_at: Costs
) -> bool:
    """Whether the setups of both changes stay within a cent of each other from the first
    up to the second: at the first and at every grid value between them."""
    involved = sorted({first.before, first.after, second.after})
    inside = (xs > first.value) & (xs < second.value)
    start = costs_at(np.array([first.value]))
    rows = np.concatenate([start, costs[:, inside]], axis=1)[involved]
    return bool(np.all(rows.max(axis=0) - rows.min(axis=0) < TIE))
