"""The estimate over many points at once: the same cost components, usage and tiers, in NumPy.

`price_points` runs the scalar estimate's own pricer (`costmodel.model.estimate._Pricer`: the same
registry, usage functions, zone maps and price selection) on a scenario whose figures are
arrays; only the last step differs: each component's quantity is split into tiers and rounded
to cents over the whole array (one pass per component and tier) instead of one line item per
point. Totals are per provider in integer cents, so they match `estimate` to the cent.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from costmodel.model.components import Context, PricedType, provider_of
from costmodel.model.estimate import PROVIDERS, _Pricer
from costmodel.model.graph import Resource
from costmodel.model.money import round_cents
from costmodel.model.prices import Catalog, Selected, default_catalog
from costmodel.model.scenario import Scenario
from costmodel.model.sponsorship import SponsorTerms

if TYPE_CHECKING:
    from numpy.typing import NDArray

    Cents = NDArray[np.int64]
    Floats = NDArray[np.float64]

# A quantity this close to a half cent may round either way in binary; those few are
# rounded one by one with the scalar helper (decimal, half up) so both paths agree exactly.
_HALF_TOLERANCE_ABS = 1e-9
_HALF_TOLERANCE_REL = 1e-14


def round_cents_array(dollars: Floats) -> Cents:
    """`money.round_cents` over an array: dollars to whole cents, halves away from zero."""
    shifted = np.multiply(dollars, 100.0)
    shifted += 0.5
    rounded = np.floor(shifted)
    shifted -= rounded  # distance above the rounding point, in [0, 1)
    tolerance = _HALF_TOLERANCE_ABS + _HALF_TOLERANCE_REL * float(np.max(rounded, initial=0))
    close = (shifted <= tolerance) | (shifted >= 1 - tolerance)
    if close.any():
        values, where = np.unique(np.asarray(dollars)[close], return_inverse=True)
        exact = np.array([round_cents(float(v)) for v in values], dtype=np.float64)
        rounded[close] = exact[where]
    return rounded.astype(np.int64)


def tier_cents(quantity: Floats, tiers: Sequence[tuple[float | None, float]]) -> Cents:
    """The NumPy twin of `tiers.split` and the per-line rounding: cents of every tier used."""
    total = np.zeros(quantity.shape, dtype=np.int64)
    low, high = (float(quantity.min()), float(quantity.max())) if quantity.size else (0.0, 0.0)
    lower = 0.0
    for upto, price in tiers:
        if high <= lower:
            break  # split() uses no tier the quantity does not reach
        if price and upto is not None and low >= upto:
            total += round_cents((upto - lower) * price)  # every point fills this tier
        elif price:
            top = quantity if upto is None else np.minimum(quantity, upto)
            total += round_cents_array(np.maximum(top - lower, 0.0) * price)
        if upto is None:
            break
        lower = upto
    return total


def sponsored_cents_array(terms: SponsorTerms, list_cents: Cents) -> Cents:
    """`SponsorTerms.sponsored_cents` over an array of a provider's list cents."""
    covered = np.minimum(list_cents, round_cents_array(list_cents * terms.covers / 100))
    credit = np.minimum(list_cents - covered, round_cents(terms.credit_monthly_usd))
    return np.asarray(covered + credit, dtype=np.int64)


@dataclass(frozen=True)
class PointTotals:
    """Per provider, the list cents at every point; `incomplete` marks points where part of
    a quantity lay beyond a price's last published tier (unpriced, as in estimate)."""

    list_cents: dict[str, Cents]
    incomplete: NDArray[np.bool_]
    unpriced: tuple[str, ...]

    def total(self) -> Cents:
        return np.sum(list(self.list_cents.values()), axis=0, dtype=np.int64)

    def sponsored(self, sponsors: Mapping[str, SponsorTerms]) -> dict[str, Cents]:
        return {
            provider: sponsored_cents_array(sponsors[provider], cents)
            if provider in sponsors
            else np.zeros_like(cents)
            for provider, cents in self.list_cents.items()
        }


class _VectorPricer(_Pricer):
    """The scalar pricer with its last step (tiers -> line items) done over arrays."""

    def __init__(
        self, catalog: Catalog, ctx: Context, as_of: dt.date, as_of_where: str, size: int
    ) -> None:
        super().__init__(catalog, ctx, as_of, as_of_where)
        self.cents: dict[str, Cents] = {}
        self.incomplete = np.zeros(size, dtype=bool)
        self.size = size

    def _lines(
        self,
        resource: Resource,
        entry: PricedType,
        comp: Any,
        selected: Selected,
        zone: str,
        quantity: float,
    ) -> None:
        price = selected.price
        # a quantity the varied figures do not touch (instance hours) is priced once
        units = np.asarray(quantity, dtype=np.float64).reshape(-1) / price.unit_size
        tiers = selected.version.tiers
        self.cents.setdefault(entry.provider, np.zeros(self.size, dtype=np.int64))
        self.cents[entry.provider] += tier_cents(units, tiers)
        last = tiers[-1][0]
        if last is not None:
            beyond = units > last
            if beyond.any():
                self.incomplete |= beyond
                self._skip(resource, comp.name, f"part beyond the last published tier in {zone}")


def price_points(
    graph: Sequence[Resource],
    scenario: Scenario,
    *,
    size: int,
    as_of: dt.date,
    regions: Mapping[str, str] | None = None,
    catalog: Catalog | None = None,
    as_of_where: str = "--prices-as-of",
) -> PointTotals:
    """List cents per provider at `size` points; `scenario`'s figures may be arrays of `size`."""
    import costmodel.model.resources  # noqa: F401  (registers the priced and free types)

    ctx = Context(scenario=scenario, graph=tuple(graph), regions=dict(regions or {}))
    pricer = _VectorPricer(catalog or default_catalog(), ctx, as_of, as_of_where, size)
    for resource in graph:
        pricer.resource(resource)
    present = [p for p in PROVIDERS if any(provider_of(r.type) == p for r in graph)]
    cents = {p: pricer.cents.get(p, np.zeros(size, dtype=np.int64)) for p in present}
    reasons = sorted({f"{u.resource}: {u.component or 'all'}: {u.reason}" for u in pricer.unpriced})
    return PointTotals(cents, pricer.incomplete, tuple(reasons))


def with_arrays(scenario: Scenario, **figures: Any) -> Scenario:
    """`scenario` with some figures replaced by arrays (the dataclass does not check types)."""
    return dataclasses.replace(scenario, **figures)
