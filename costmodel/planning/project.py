"""Month-by-month costs of each setup as traffic and stored bytes grow.

Month k (0 = the start month) has the scenario's egress, requests and stored bytes times
growth.per_year^(k/12), i.e. growth compounded monthly. Each month is priced on its own: its
tiers start from zero and its prices are those in force on the month's first day (the first
month uses the pricing date when that falls inside it, so it equals `estimate`). Months are
priced together in the vector path, one pass per run of months between two catalog price
changes, so a dated change takes effect in its month.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from costmodel.errors import InputError
from costmodel.model.money import usd
from costmodel.model.prices import Catalog, default_catalog
from costmodel.model.scenario import Scenario
from costmodel.planning.compare import Setup
from costmodel.planning.vector import price_points, sponsored_cents_array, with_arrays

if TYPE_CHECKING:
    from numpy.typing import NDArray

GROWN = ("egress", "requests", "stored")


def parse_month(text: str, where: str) -> dt.date:
    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", text):
        raise InputError(where, repr(text), "expected a month, YYYY-MM")
    return dt.date(int(text[:4]), int(text[5:]), 1)


def months_from(start: dt.date, count: int) -> list[dt.date]:
    if count < 1:
        raise InputError("--months", str(count), "must be at least 1")
    index = start.year * 12 + start.month - 1
    return [dt.date((index + k) // 12, (index + k) % 12 + 1, 1) for k in range(count)]


def price_change_dates(catalog: Catalog) -> list[dt.date]:
    """Every date on which some price changes (a new version, or a product's launch)."""
    dates: set[dt.date] = set()
    for _, price, _ in catalog.prices():
        dates.update(v.effective for v in price.versions)
        if price.launched:
            dates.add(price.launched)
    return sorted(dates)


def runs_of_equal_prices(dates: Sequence[dt.date], changes: Sequence[dt.date]) -> list[list[int]]:
    """Indices of `dates` grouped so that no price changes within a group."""
    groups: dict[int, list[int]] = {}
    for i, day in enumerate(dates):
        groups.setdefault(bisect.bisect_right(changes, day), []).append(i)
    return list(groups.values())


@dataclass(frozen=True)
class SetupProjection:
    name: str
    list_cents: NDArray[np.int64]  # per month
    out_of_pocket_cents: NDArray[np.int64]
    sponsor_ends: tuple[str, ...]  # "fastly after 2027-06"

    def to_dict(self, months: Sequence[dt.date]) -> dict[str, Any]:
        return {
            "stack": self.name,
            "months": [
                {
                    "month": m.strftime("%Y-%m"),
                    "list_monthly_usd": usd(int(lc)),
                    "out_of_pocket_monthly_usd": usd(int(oc)),
                }
                for m, lc, oc in zip(months, self.list_cents, self.out_of_pocket_cents, strict=True)
            ],
            "cumulative": {
                "list_usd": usd(int(self.list_cents.sum())),
                "out_of_pocket_usd": usd(int(self.out_of_pocket_cents.sum())),
            },
        }


@dataclass(frozen=True)
class Crossover:
    month: dt.date
    setup: str  # now costs more out of pocket than...
    overtakes: str  # ...this one, which cost at least as much the month before

    def to_dict(self) -> dict[str, str]:
        return {
            "month": self.month.strftime("%Y-%m"),
            "setup": self.setup,
            "overtakes": self.overtakes,
        }


@dataclass(frozen=True)
class Projection:
    scenario: str
    growth_per_year: float
    months: tuple[dt.date, ...]
    price_dates: tuple[dt.date, ...]
    setups: tuple[SetupProjection, ...]
    crossovers: tuple[Crossover, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario,
            "growth_per_year": self.growth_per_year,
            "start": self.months[0].strftime("%Y-%m"),
            "months": len(self.months),
            "setups": [s.to_dict(self.months) for s in self.setups],
            "crossovers": [c.to_dict() for c in self.crossovers],
        }


def project(
    setups: Sequence[Setup],
    scenario: Scenario,
    *,
    start: dt.date,
    months: int,
    first_price_date: dt.date | None = None,
    catalog: Catalog | None = None,
    tick: Callable[[], None] = lambda: None,
) -> Projection:
    """`first_price_date`: prices for the start month (default its first day)."""
    catalog = catalog or default_catalog()
    dates = months_from(start, months)
    price_dates = list(dates)
    if first_price_date is not None and first_price_date.replace(day=1) == start:
        price_dates[0] = first_price_date
    factor = np.power(scenario.growth_per_year ** (1 / 12), np.arange(months, dtype=np.float64))
    runs = runs_of_equal_prices(price_dates, price_change_dates(catalog))
    results = []
    for setup in setups:
        listed = np.zeros(months, dtype=np.int64)
        sponsored = np.zeros(months, dtype=np.int64)
        for run in runs:
            idx = np.array(run)
            grown = {name: getattr(scenario, name) * factor[idx] for name in GROWN}
            totals = price_points(
                setup.graph,
                with_arrays(scenario, **grown),
                size=len(run),
                as_of=price_dates[run[0]],
                regions=setup.regions,
                catalog=catalog,
                as_of_where="--start",
            )
            listed[idx] = totals.total()
            for provider, cents in totals.list_cents.items():
                terms = setup.sponsors.get(provider)
                if terms is None:
                    continue
                given = sponsored_cents_array(terms, cents)
                given[[not terms.in_force(dates[i]) for i in run]] = 0
                sponsored[idx] += given
        ends = tuple(
            f"{provider} after {terms.until}"
            for provider, terms in sorted(setup.sponsors.items())
            if terms.until is not None
        )
        results.append(SetupProjection(setup.name, listed, listed - sponsored, ends))
        tick()
    return Projection(
        scenario=scenario.name,
        growth_per_year=scenario.growth_per_year,
        months=tuple(dates),
        price_dates=tuple(price_dates),
        setups=tuple(results),
        crossovers=crossovers(dates, results),
    )


def crossovers(
    dates: Sequence[dt.date], setups: Sequence[SetupProjection]
) -> tuple[Crossover, ...]:
    """Months where one setup's out-of-pocket cost rises above another's."""
    found = []
    for a in setups:
        for b in setups:
            if a is b:
                continue
            above = a.out_of_pocket_cents > b.out_of_pocket_cents
            for k in np.flatnonzero(above[1:] & ~above[:-1]) + 1:
                found.append(Crossover(dates[int(k)], a.name, b.name))
    return tuple(sorted(found, key=lambda c: (c.month, c.setup, c.overtakes)))
