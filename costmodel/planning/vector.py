"""The estimate over many points at once: the same cost components, usage and tiers, in NumPy.

`price_points` runs the scalar estimate's own pricer (`costmodel.model.estimate._Pricer`: the same
registry, usage functions, zone maps and price selection) on a scenario whose figures are
arrays; only the last step differs: each component's quantity is split into tiers and rounded
to cents over the whole array (one pass per component and tier) instead of one line item per
point. Totals are per provider in integer cents, so they match `estimate` to the cent; the same
pass keeps the unrounded dollars, on which break-evens are found.

Every pass runs with NumPy's floating-point errors raised, not warned: the planners bound their
inputs (costmodel/model/limits.py) so none can occur, and one that did would be a bug, never a
warning beside a wrong number.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from costmodel.model.components import Context, PricedType, provider_of
from costmodel.model.estimate import PROVIDERS, Unpriced, _Pricer
from costmodel.model.graph import Resource
from costmodel.model.money import round_cents
from costmodel.model.prices import Catalog, Selected, default_catalog
from costmodel.model.scenario import Scenario
from costmodel.model.sponsorship import SponsorTerms
from costmodel.planning.bounds import check_exact

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


def tier_dollars(quantity: Floats, tiers: Sequence[tuple[float | None, float]]) -> Floats:
    """The cost of `quantity` across `tiers`, unrounded: where break-evens really lie."""
    total = np.zeros(quantity.shape, dtype=np.float64)
    lower = 0.0
    for upto, price in tiers:
        if price:
            top = quantity if upto is None else np.minimum(quantity, upto)
            total += np.maximum(top - lower, 0.0) * price
        if upto is None:
            break
        lower = upto
    return total


def sponsored_cents_array(terms: SponsorTerms, list_cents: Cents) -> Cents:
    """`SponsorTerms.sponsored_cents` over an array of a provider's list cents."""
    covered = np.minimum(list_cents, round_cents_array(list_cents * terms.covers / 100))
    credit = np.minimum(list_cents - covered, round_cents(terms.credit_monthly_usd))
    return np.asarray(covered + credit, dtype=np.int64)


def out_of_pocket_dollars(
    list_dollars: Mapping[str, Floats], sponsors: Mapping[str, SponsorTerms]
) -> Floats:
    """Unrounded out of pocket: per provider, list less `covers`, less the credit, never < 0."""
    parts = []
    for provider, dollars in list_dollars.items():
        terms = sponsors.get(provider)
        left = dollars if terms is None else dollars * (1 - terms.covers)
        if terms is not None and terms.credit_monthly_usd:
            left = np.maximum(left - terms.credit_monthly_usd, 0.0)
        parts.append(left)
    return np.sum(parts, axis=0, dtype=np.float64)


@dataclass(frozen=True)
class PointTotals:
    """Per provider, the list cents at every point and the same unrounded (dollars);
    `incomplete` marks points where part of a quantity lay beyond a price's last published
    tier, and `unpriced` is every part not priced (as in estimate)."""

    list_cents: dict[str, Cents]
    list_dollars: dict[str, Floats]
    incomplete: NDArray[np.bool_]
    unpriced: tuple[Unpriced, ...]

    def total(self) -> Cents:
        return np.sum(list(self.list_cents.values()), axis=0, dtype=np.int64)

    def list_unrounded(self) -> Floats:
        return np.sum(list(self.list_dollars.values()), axis=0, dtype=np.float64)

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
        self.dollars: dict[str, Floats] = {}
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
        self.dollars.setdefault(entry.provider, np.zeros(self.size, dtype=np.float64))
        self.dollars[entry.provider] += tier_dollars(units, tiers)
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
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        for resource in graph:
            pricer.resource(resource)
    present = [p for p in PROVIDERS if any(provider_of(r.type) == p for r in graph)]
    cents = {p: pricer.cents.get(p, np.zeros(size, dtype=np.int64)) for p in present}
    dollars = {p: pricer.dollars.get(p, np.zeros(size, dtype=np.float64)) for p in present}
    totals = PointTotals(cents, dollars, pricer.incomplete, tuple(dict.fromkeys(pricer.unpriced)))
    check_exact(totals.list_unrounded(), totals.total())
    return totals


def with_arrays(scenario: Scenario, **figures: Any) -> Scenario:
    """`scenario` with some figures replaced by arrays (the dataclass does not check types)."""
    return dataclasses.replace(scenario, **figures)
