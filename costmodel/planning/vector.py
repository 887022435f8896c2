"""The estimate over many points at once: the same cost components, usage and tiers, in NumPy.

`price_points` runs the scalar estimate's own pricer (`costmodel.model.estimate._Pricer`: the same
registry, usage functions, zone maps and price selection) on a scenario whose figures are
arrays; only the last step differs: each component's quantity is split into tiers and rounded
to cents over the whole array (one pass per component and tier) instead of one line item per
point. Totals are per provider in integer cents, so they match `estimate` to the cent; the same
pass keeps the unrounded dollars, on which break-evens are found. With a price book, each price
is split on the pricer's own segments (the list tiers cut where negotiated tiers change) and
priced twice, at list and at the contracted rate, and each commitment's spend is summed per
point to charge its shortfall, as `estimate` does. A column a ladder's end leaves unpriced (a
segment's rate None) is 0 there, as on the estimate's lines, and the points that reach it are
incomplete (at every level: a point's completeness is one flag here).

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
from costmodel.model.segments import column_ends
from costmodel.model.sponsorship import SponsorTerms
from costmodel.planning.bounds import (
    EXACT_USD,
    BeyondExact,
    BookBlame,
    check_exact,
    first_beyond,
    ladders,
)
from costmodel.planning.columns import HALF_TOLERANCE_ABS, HALF_TOLERANCE_REL

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from costmodel.model.pricebook import PriceBook

    Cents = NDArray[np.int64]
    Floats = NDArray[np.float64]


def round_cents_array(dollars: Floats) -> Cents:
    """`money.round_cents` over an array: dollars to whole cents, halves away from zero."""
    shifted = np.multiply(dollars, 100.0)
    shifted += 0.5
    rounded = np.floor(shifted)
    shifted -= rounded  # distance above the rounding point, in [0, 1)
    tolerance = HALF_TOLERANCE_ABS + HALF_TOLERANCE_REL * float(np.max(rounded, initial=0))
    close = (shifted <= tolerance) | (shifted >= 1 - tolerance)
    if close.any():
        values, where = np.unique(np.asarray(dollars)[close], return_inverse=True)
        exact = np.array([round_cents(float(v)) for v in values], dtype=np.float64)
        rounded[close] = exact[where]
    return rounded.astype(np.int64)


def tier_cents(
    quantity: Floats, tiers: Sequence[tuple[float | None, float]], free: Any = 0.0
) -> Cents:
    """The NumPy twin of `tiers.split` and the per-line rounding: cents of every tier used,
    the first `free` units (per point, or one for all) free."""
    total = np.zeros(quantity.shape, dtype=np.int64)
    low, high = (float(quantity.min()), float(quantity.max())) if quantity.size else (0.0, 0.0)
    lower = 0.0
    paid_from = float(np.max(free))  # no point's free units reach past this
    for upto, price in tiers:
        if high <= lower:
            break  # split() uses no tier the quantity does not reach
        if price and upto is not None and low >= upto and lower >= paid_from:
            total += round_cents((upto - lower) * price)  # every point fills this tier
        elif price:
            top = quantity if upto is None else np.minimum(quantity, upto)
            total += round_cents_array(np.maximum(top - np.maximum(lower, free), 0.0) * price)
        if upto is None:
            break
        lower = upto
    return total


def tier_dollars(
    quantity: Floats, tiers: Sequence[tuple[float | None, float]], free: Any = 0.0
) -> Floats:
    """The cost of `quantity` across `tiers` beyond its `free` units, unrounded: where
    break-evens really lie."""
    total = np.zeros(quantity.shape, dtype=np.float64)
    lower = 0.0
    for upto, price in tiers:
        if price:
            top = quantity if upto is None else np.minimum(quantity, upto)
            total += np.maximum(top - np.maximum(lower, free), 0.0) * price
        if upto is None:
            break
        lower = upto
    return total


def allowance_shares_array(units: Sequence[Floats], left: Any) -> tuple[list[Floats], Floats]:
    """`tiers.allowance_shares` at every point: the same operations in the same order."""
    total = sum(units)
    used = np.minimum(left, total)
    safe = np.where(total > 0, total, 1.0)  # no usage: every unit and share is 0
    return [np.minimum(u, u * (used / safe)) for u in units], left - used


def sponsored_cents_array(terms: SponsorTerms, billed_cents: Cents) -> Cents:
    """`SponsorTerms.sponsored_cents` over an array of what a provider bills (contracted)."""
    covered = np.minimum(billed_cents, round_cents_array(billed_cents * terms.covers / 100))
    credit = np.minimum(billed_cents - covered, round_cents(terms.credit_monthly_usd))
    return np.asarray(covered + credit, dtype=np.int64)


def out_of_pocket_dollars(
    contracted_dollars: Mapping[str, Floats], sponsors: Mapping[str, SponsorTerms]
) -> Floats:
    """Unrounded out of pocket: per provider, contracted less `covers`, less the credit,
    never < 0."""
    parts = []
    for provider, dollars in contracted_dollars.items():
        terms = sponsors.get(provider)
        left = dollars if terms is None else dollars * (1 - terms.covers)
        if terms is not None and terms.credit_monthly_usd:
            left = np.maximum(left - terms.credit_monthly_usd, 0.0)
        parts.append(left)
    return np.sum(parts, axis=0, dtype=np.float64)


@dataclass(frozen=True)
class PointTotals:
    """Per provider, the list and contracted cents at every point and the same unrounded
    (dollars; contracted equals list without a price book); `incomplete` marks points where
    part of a quantity lay beyond a price's last published tier, and `unpriced` is every part
    not priced (as in estimate)."""

    list_cents: dict[str, Cents]
    list_dollars: dict[str, Floats]
    contracted_cents: dict[str, Cents]
    contracted_dollars: dict[str, Floats]
    incomplete: NDArray[np.bool_]
    unpriced: tuple[Unpriced, ...]
    # the points at which a part beyond a last published tier is unpriced; every other part
    # of `unpriced` is so at every point
    beyond: Mapping[Unpriced, NDArray[np.bool_]] = dataclasses.field(default_factory=dict)

    def unpriced_at(self, item: Unpriced) -> NDArray[np.bool_]:
        """Where `item` (one of `unpriced`) is unpriced: at some points, or at all."""
        found = self.beyond.get(item)
        return np.ones(self.incomplete.shape, dtype=bool) if found is None else found

    def total(self) -> Cents:
        return _sum(self.list_cents, np.int64)

    def contracted_total(self) -> Cents:
        return _sum(self.contracted_cents, np.int64)

    def list_unrounded(self) -> Floats:
        return _sum(self.list_dollars, np.float64)

    def contracted_unrounded(self) -> Floats:
        return _sum(self.contracted_dollars, np.float64)

    def sponsored(self, sponsors: Mapping[str, SponsorTerms]) -> dict[str, Cents]:
        """Per provider, what its sponsor gives out of the contracted bill."""
        return {
            provider: sponsored_cents_array(sponsors[provider], cents)
            if provider in sponsors
            else np.zeros_like(cents)
            for provider, cents in self.contracted_cents.items()
        }


def _sum(per_provider: Mapping[str, NDArray[Any]], dtype: type) -> NDArray[Any]:
    return np.sum(list(per_provider.values()), axis=0, dtype=dtype)


def _add(into: dict[Any, NDArray[Any]], key: Any, values: NDArray[Any], size: int) -> None:
    """`into[key] += values`, from zeros of `size` points (a `values` of one broadcasts)."""
    into.setdefault(key, np.zeros(size, dtype=values.dtype))
    into[key] += values


def _bounded_dollars(
    units: Floats,
    tiers: Sequence[tuple[float | None, float]],
    free: Any,
    book: BookBlame | None = None,
) -> Floats:
    """`tier_dollars`, refused (BeyondExact, blaming `book` if given) where one price alone
    reaches EXACT_USD: the model's limits bound quantities, not the rates a price book (or a
    catalog) may give, and cents past that would not fit the 64-bit sums that follow."""
    with np.errstate(over="ignore"):
        dollars = tier_dollars(units, tiers, free)
    index = first_beyond(dollars, EXACT_USD)
    if index is not None:
        raise BeyondExact(index, book)
    return dollars


class _VectorPricer(_Pricer):
    """The scalar pricer with its last step (tiers -> line items) done over arrays."""

    def _shares(self, units: list[Any], left: Any) -> tuple[list[Any], Any]:
        return allowance_shares_array(units, left)

    def __init__(
        self, catalog: Catalog, ctx: Context, as_of: dt.date, as_of_where: str, size: int
    ) -> None:
        super().__init__(catalog, ctx, as_of, as_of_where)
        self.cents: dict[str, Cents] = {}
        self.dollars: dict[str, Floats] = {}
        self.contracted: dict[str, Cents] = {}
        self.contracted_dollars: dict[str, Floats] = {}
        # per commitment (its index in the book): the contracted spend it covers
        self.committed_cents: dict[int, Cents] = {}
        self.committed_dollars: dict[int, Floats] = {}
        self.incomplete = np.zeros(size, dtype=bool)
        self.beyond: dict[Unpriced, NDArray[np.bool_]] = {}
        self.size = size

    def _lines(
        self,
        resource: Resource,
        entry: PricedType,
        comp: Any,
        selected: Selected,
        zone: str,
        quantity: float,
        free: Any = 0.0,
        start: Any = 0.0,
    ) -> None:
        price = selected.price
        # a quantity the varied figures do not touch (instance hours) is priced once
        units = np.asarray(quantity, dtype=np.float64).reshape(-1) / price.unit_size
        # on a ladder shared with earlier resources: positions from `start`, as tiers.split
        units, free = start + units, start + free
        segs, terms = self.contract(selected)  # the list tiers themselves without a book
        listed, contracted, blame = ladders(segs, terms, self.book)
        dollars = _bounded_dollars(units, listed, free)
        cents = tier_cents(units, listed, free)
        if contracted != listed:  # past the list check, only a book's rate can overflow
            dollars_c = _bounded_dollars(units, contracted, free, blame)
            cents_c = tier_cents(units, contracted, free)
        else:
            cents_c, dollars_c = cents, dollars
        provider, size = comp.provider or entry.provider, self.size
        _add(self.cents, provider, cents, size)
        _add(self.dollars, provider, dollars, size)
        _add(self.contracted, provider, cents_c, size)
        _add(self.contracted_dollars, provider, dollars_c, size)
        if terms is not None and terms.commitment is not None:
            _add(self.committed_cents, terms.commitment[0], cents_c, size)
            _add(self.committed_dollars, terms.commitment[0], dollars_c, size)
        for column, ladder, end in column_ends(segs):
            what = f"part beyond the last tier of the {ladder} in {zone}, unpriced at {column}"
            self._hole(resource, comp.name, units > end, what, column)
        last = segs[-1].upto
        if last is not None:
            what = f"part beyond the last published tier in {zone}"
            self._hole(resource, comp.name, units > last, what)

    def _hole(
        self,
        resource: Resource,
        component: str,
        beyond: NDArray[np.bool_],
        reason: str,
        column: str | None = None,
    ) -> None:
        """An unpriced part at the points `beyond` marks (none: no part)."""
        if beyond.any():
            self.incomplete |= beyond
            self._skip(resource, component, reason, column)
            item = self.unpriced[-1]
            self.beyond[item] = self.beyond.get(item, np.zeros(self.size, dtype=bool)) | beyond


def price_points(
    graph: Sequence[Resource],
    scenario: Scenario,
    *,
    size: int,
    as_of: dt.date,
    regions: Mapping[str, str] | None = None,
    catalog: Catalog | None = None,
    as_of_where: str = "--prices-as-of",
    price_book: PriceBook | None = None,
) -> PointTotals:
    """List and contracted cents per provider at `size` points; `scenario`'s figures may be
    arrays of `size`."""
    import costmodel.model.resources  # noqa: F401  (registers the priced and free types)

    ctx = Context(scenario=scenario, graph=tuple(graph), regions=dict(regions or {}))
    pricer = _VectorPricer(catalog or default_catalog(), ctx, as_of, as_of_where, size)
    pricer.book = price_book
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        for resource in graph:
            pricer.resource(resource)
        # a component may bill another provider than its type's package (B2 via pulumi-aws)
        packages = {provider_of(r.type) for r in graph}
        present = [p for p in PROVIDERS if p in pricer.cents or p in packages]
        if price_book is not None:
            _shortfalls(pricer, price_book, as_of, present)

    def per_provider(found: Mapping[str, NDArray[Any]], dtype: type) -> dict[str, NDArray[Any]]:
        return {p: found.get(p, np.zeros(size, dtype=dtype)) for p in present}

    totals = PointTotals(
        per_provider(pricer.cents, np.int64),
        per_provider(pricer.dollars, np.float64),
        per_provider(pricer.contracted, np.int64),
        per_provider(pricer.contracted_dollars, np.float64),
        pricer.incomplete,
        tuple(dict.fromkeys(pricer.unpriced)),
        pricer.beyond,
    )
    check_exact(totals.list_unrounded(), totals.total())
    together = BookBlame(price_book.where, "entries", "the rates bill") if price_book else None
    check_exact(totals.contracted_unrounded(), totals.contracted_total(), together)
    return totals


def _shortfalls(
    pricer: _VectorPricer, book: PriceBook, as_of: dt.date, present: Sequence[str]
) -> None:
    """Each commitment in force to a provider of the graph charges what its spend falls short
    of it, at every point (the scalar `shortfalls` rule; unrounded: the dollars short)."""
    for index, entry in book.commitments(as_of):
        assert entry.commitment is not None
        if entry.provider not in present:
            continue
        due = entry.commitment.monthly_usd
        spent = pricer.committed_cents.get(index, np.zeros(1, dtype=np.int64))
        short = np.maximum(round_cents(due) - spent, 0)
        spent_dollars = pricer.committed_dollars.get(index, np.zeros(1))
        _add(pricer.contracted, entry.provider, short, pricer.size)
        _add(
            pricer.contracted_dollars,
            entry.provider,
            np.maximum(due - spent_dollars, 0.0),
            pricer.size,
        )


def with_arrays(scenario: Scenario, **figures: Any) -> Scenario:
    """`scenario` with some figures replaced by arrays (the dataclass does not check types)."""
    return dataclasses.replace(scenario, **figures)
