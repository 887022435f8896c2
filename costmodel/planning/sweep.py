"""Price every setup over a range of one usage figure and find where the cheapest one changes.

The grid is priced in the vector path; each change of the cheapest setup between two grid
points is then located exactly by bisection on the scalar estimate, to one byte or request
(1e-6 for ratios and shares), so a break-even does not depend on the grid's spacing.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from costmodel.errors import InputError
from costmodel.model.money import usd
from costmodel.model.quantities import QuantityError, format_bytes, format_count, parse
from costmodel.model.scenario import DEFAULT_BYTES_PER_REQUEST, REGIONS, Scenario
from costmodel.model.sponsorship import in_force
from costmodel.planning.compare import Setup, price_setup
from costmodel.planning.vector import price_points, with_arrays

if TYPE_CHECKING:
    from numpy.typing import NDArray

QUANTITIES = ("egress", "requests", "cache_hit_ratio", "stored", *(f"regions.{r}" for r in REGIONS))
OPTION = "--vary"
RATIO_STEP = 1e-6
CHUNK = 2**18  # points priced per pass


@dataclass(frozen=True)
class Vary:
    quantity: str
    low: float
    high: float

    @property
    def is_share(self) -> bool:
        return self.quantity == "cache_hit_ratio" or self.quantity.startswith("regions.")

    @property
    def step(self) -> float:
        """Bisection stops at this resolution: one byte or request, or 1e-6 of a share."""
        return RATIO_STEP if self.is_share else 1.0

    @property
    def unit(self) -> str:
        return {"egress": "bytes/month", "requests": "requests/month", "stored": "bytes"}.get(
            self.quantity, "share"
        )

    def show(self, value: float) -> str:
        if self.quantity in ("egress", "stored"):
            return format_bytes(value) + ("/month" if self.quantity == "egress" else "")
        if self.quantity == "requests":
            return f"{format_count(value)}/month"
        return f"{value:.6f}"


def parse_vary(text: str) -> Vary:
    """`egress=1TB..10PB`, `cache_hit_ratio=0.8..0.99`, `regions.europe=0..0.5`."""
    match = re.fullmatch(r"\s*([\w.]+)\s*=\s*(.+?)\s*\.\.\s*(.+?)\s*", text)
    if not match:
        raise InputError(OPTION, repr(text), "expected QUANTITY=FROM..TO, e.g. egress=1TB..10PB")
    name, low_text, high_text = match.groups()
    if name not in QUANTITIES:
        known = "egress, requests, cache_hit_ratio, stored, regions.<region>"
        raise InputError(OPTION, name, f"unknown quantity; known: {known}")
    low, high = (_value(name, t) for t in (low_text, high_text))
    if low >= high:
        raise InputError(OPTION, name, f"FROM must be below TO, got {low_text}..{high_text}")
    return Vary(name, low, high)


def _value(name: str, text: str) -> float:
    try:
        if name in ("egress", "stored"):
            return parse(text, "data", name == "egress")
        if name == "requests":
            return parse(text, "count", True)
        value = float(text)
    except (QuantityError, ValueError) as exc:
        raise InputError(OPTION, name, f"{exc or 'expected a number'}, got {text!r}") from None
    if not 0 <= value <= 1:
        raise InputError(OPTION, name, f"must be between 0 and 1, got {text}")
    return value


def grid(vary: Vary, points: int, log: bool) -> NDArray[np.float64]:
    if points < 2:
        raise InputError("--points", str(points), "must be at least 2")
    if log:
        if vary.low <= 0:
            raise InputError("--log", vary.quantity, "a log scale needs FROM above 0")
        return np.geomspace(vary.low, vary.high, points)
    return np.linspace(vary.low, vary.high, points)


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
        return with_arrays(scenario, regions={**shares, key: value})
    figures = {name: value}
    defaulted = {field for field, _ in scenario.defaults_used}
    if name == "egress" and "traffic.requests" in defaulted:
        figures["requests"] = value / DEFAULT_BYTES_PER_REQUEST  # the default follows egress
    return with_arrays(scenario, **figures)


@dataclass(frozen=True)
class BreakEven:
    value: float
    before: str  # cheapest just below `value`
    after: str  # cheapest from `value` on
    cents: dict[str, int]  # every setup's cost at `value`

    def to_dict(self, vary: Vary) -> dict[str, Any]:
        return {
            "value": self.value,
            "shown": vary.show(self.value),
            "from": self.before,
            "to": self.after,
            "monthly_usd": {name: usd(c) for name, c in self.cents.items()},
        }


@dataclass(frozen=True)
class Sweep:
    scenario: str
    prices_as_of: dt.date
    vary: Vary
    log: bool
    values: NDArray[np.float64]
    names: tuple[str, ...]
    list_cents: NDArray[np.int64]  # setups x points
    out_of_pocket_cents: NDArray[np.int64]
    incomplete: tuple[str, ...]  # setups with points partly beyond a last published tier
    break_even_list: tuple[BreakEven, ...]
    break_even_out_of_pocket: tuple[BreakEven, ...]


Measure = Callable[[Setup, Scenario], int]


def sweep(
    setups: Sequence[Setup],
    scenario: Scenario,
    vary: Vary,
    *,
    points: int,
    log: bool,
    as_of: dt.date,
    tick: Callable[[], None] = lambda: None,
) -> Sweep:
    values = grid(vary, points, log)
    list_cents = np.empty((len(setups), points), dtype=np.int64)
    oop_cents = np.empty_like(list_cents)
    incomplete = []
    for i, setup in enumerate(setups):
        partial = False
        # in chunks: each pass's temporaries stay small, so memory stays flat as points grow
        for first in range(0, points, CHUNK):
            part = slice(first, min(first + CHUNK, points))
            totals = price_points(
                setup.graph,
                at(scenario, vary, values[part]),
                size=part.stop - part.start,
                as_of=as_of,
                regions=setup.regions,
            )
            list_cents[i, part] = totals.total()
            sponsored = totals.sponsored(in_force(setup.sponsors, as_of)).values()
            oop_cents[i, part] = list_cents[i, part] - np.sum(list(sponsored), axis=0)
            partial = partial or bool(totals.incomplete.any())
        if partial:
            incomplete.append(setup.name)
        tick()

    def listed(setup: Setup, scn: Scenario) -> int:
        return price_setup(setup, scn, as_of).list_cents

    def out_of_pocket(setup: Setup, scn: Scenario) -> int:
        return price_setup(setup, scn, as_of).out_of_pocket_cents

    return Sweep(
        scenario=scenario.name,
        prices_as_of=as_of,
        vary=vary,
        log=log,
        values=values,
        names=tuple(s.name for s in setups),
        list_cents=list_cents,
        out_of_pocket_cents=oop_cents,
        incomplete=tuple(incomplete),
        break_even_list=_break_evens(setups, scenario, vary, values, list_cents, listed),
        break_even_out_of_pocket=_break_evens(
            setups, scenario, vary, values, oop_cents, out_of_pocket
        ),
    )


def cheapest_setup(cents: NDArray[np.int64]) -> NDArray[np.int16]:
    """Per point, the index of the cheapest setup (the first of equals), as `argmin(axis=0)`
    but a row at a time: a column-wise argmin strides through memory and is many times slower."""
    best = cents[0].copy()
    index = np.zeros(cents.shape[1], dtype=np.int16)
    for i in range(1, len(cents)):
        cheaper = cents[i] < best
        index[cheaper] = i
        np.minimum(best, cents[i], out=best)
    return index


def _break_evens(
    setups: Sequence[Setup],
    scenario: Scenario,
    vary: Vary,
    values: NDArray[np.float64],
    cents: NDArray[np.int64],
    measure: Measure,
) -> tuple[BreakEven, ...]:
    if len(setups) < 2:
        return ()
    cheapest = cheapest_setup(cents)
    changes = np.flatnonzero(cheapest[1:] != cheapest[:-1])

    def costs(value: float) -> list[int]:
        scn = at(scenario, vary, value)
        return [measure(s, scn) for s in setups]

    found = []
    for i in changes:
        low, high = float(values[i]), float(values[i + 1])
        before = int(cheapest[i])
        while high - low > vary.step:
            mid = (low + high) / 2 if vary.is_share else math.floor((low + high) / 2)
            if mid <= low or mid >= high:
                break  # no representable value between them
            mid_costs = costs(mid)
            if int(np.argmin(mid_costs)) == before:
                low = mid
            else:
                high = mid
        at_high = costs(high)
        after = int(np.argmin(at_high))
        found.append(
            BreakEven(
                high,
                setups[before].name,
                setups[after].name,
                {s.name: c for s, c in zip(setups, at_high, strict=True)},
            )
        )
    return tuple(found)
