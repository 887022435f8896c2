"""The months of a projection priced in plain Python: `vector.price_points` without NumPy.

Importing NumPy costs about 250 M instructions, 40% of `indexplan --help` (benchmarks/README.md,
issue 15), more than a projection of 120 months over four setups spends pricing them. This is
`price_points` again, step for step, over lists: the scalar pricer (`estimate._Pricer`: the
same registry, usage functions, zone maps and price selection) runs once on a scenario whose
grown figures are `Column`s, and each component's quantity is split into tiers and rounded to
cents month by month with the operations of `vector.tier_cents`, `vector.tier_dollars` and
`vector.round_cents_array` in the same order on the same floats, so both give the same cents
(tests/costmodel/test_costmodel_columns.py compares them). A usage function that calls NumPy
itself (Cloud Run's Poisson sum) gets the column as an array (`Column.__array__`) and hands back
an array: that graph imports NumPy, and its quantities are NumPy's own.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import math
import operator
from collections.abc import Callable, Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple

from costmodel.model.components import Context, PricedType, provider_of
from costmodel.model.estimate import PROVIDERS, Unpriced, _Pricer
from costmodel.model.graph import Resource
from costmodel.model.money import round_cents
from costmodel.model.prices import Catalog, PriceVersion, Selected
from costmodel.model.scenario import Scenario
from costmodel.model.segments import column_ends
from costmodel.model.tiers import allowance_shares
from costmodel.planning.bounds import (
    EXACT_USD,
    BeyondExact,
    BookBlame,
    check_exact,
    first_beyond,
    ladders,
)

if TYPE_CHECKING:
    from costmodel.model.pricebook import PriceBook

Tiers = Sequence[tuple[float | None, float]]

# A quantity this close to a half cent may round either way in binary; those few are
# rounded one by one with the scalar helper (decimal, half up) so every path agrees exactly
# (round_cents_list here, vector.round_cents_array)
HALF_TOLERANCE_ABS = 1e-9
HALF_TOLERANCE_REL = 1e-14


class Column:
    """One number per month, with the elementwise arithmetic and comparisons a NumPy array
    gives the usage functions (IEEE operations on the same floats give the same results)."""

    __slots__ = ("values",)

    def __init__(self, values: list[Any]) -> None:
        self.values = values

    def _with(self, other: Any, op: Callable[[Any, Any], Any], swap: bool = False) -> Any:
        if type(other) is Column:
            pairs = (other.values, self.values) if swap else (self.values, other.values)
            return Column(list(map(op, *pairs)))
        if isinstance(other, int | float):  # bool is an int, as NumPy's bool arrays multiply
            if swap:
                return Column([op(other, v) for v in self.values])
            return Column([op(v, other) for v in self.values])
        return NotImplemented  # an ndarray: NumPy takes it from here through __array__

    def __add__(self, other: Any) -> Any:
        return self._with(other, operator.add)

    def __radd__(self, other: Any) -> Any:
        return self._with(other, operator.add, swap=True)

    def __sub__(self, other: Any) -> Any:
        return self._with(other, operator.sub)

    def __rsub__(self, other: Any) -> Any:
        return self._with(other, operator.sub, swap=True)

    def __mul__(self, other: Any) -> Any:
        return self._with(other, operator.mul)

    def __rmul__(self, other: Any) -> Any:
        return self._with(other, operator.mul, swap=True)

    def __truediv__(self, other: Any) -> Any:
        return self._with(other, operator.truediv)

    def __rtruediv__(self, other: Any) -> Any:
        return self._with(other, operator.truediv, swap=True)

    def __lt__(self, other: Any) -> Any:
        return self._with(other, operator.lt)

    def __le__(self, other: Any) -> Any:
        return self._with(other, operator.le)

    def __gt__(self, other: Any) -> Any:
        return self._with(other, operator.gt)

    def __ge__(self, other: Any) -> Any:
        return self._with(other, operator.ge)

    def __neg__(self) -> Column:
        return Column([-v for v in self.values])

    def __bool__(self) -> bool:
        raise TypeError("a Column has no truth value (as a NumPy array of months has none)")

    def __len__(self) -> int:
        return len(self.values)

    def __array__(self, dtype: Any = None, copy: Any = None) -> Any:
        import numpy as np  # only for a usage function that calls NumPy itself

        return np.array(self.values, dtype=dtype or np.float64)


def spread(value: Any, size: int) -> list[float]:
    """`value` (a float, a Column or a NumPy array of `size`, or of one) as `size` floats."""
    if type(value) is Column:
        return [float(v) for v in value.values]
    if isinstance(value, int | float):
        return [float(value)] * size
    found = value.reshape(-1).tolist()  # an ndarray, from a usage function's own NumPy
    return found * size if len(found) == 1 else found


def round_cents_list(dollars: Sequence[float]) -> list[int]:
    """`vector.round_cents_array` over a list: the same steps, and the same tolerance from the
    largest of them, so each month rounds as it would among the same months there."""
    rounded = [math.floor(d * 100.0 + 0.5) for d in dollars]
    tolerance = HALF_TOLERANCE_ABS + HALF_TOLERANCE_REL * float(max(0, *rounded))
    high = 1 - tolerance
    return [
        r if tolerance < (d * 100.0 + 0.5) - r < high else _round_exact(d)
        for d, r in zip(dollars, rounded, strict=True)
    ]


# round_cents of a near-half amount (through Decimal), kept: a fixed fee of a half cent comes
# back every month of a run (1.625 USD, 360 times in a warm `indexplan project`)
_round_exact = functools.lru_cache(maxsize=4096)(round_cents)


# A tier some month reaches: its upper bound, price, lower bound, and each month's units in it
_TierUse = tuple[float | None, float, float, list[float]]


def _tier_uses(units: list[float], tiers: Tiers, free: list[float]) -> list[_TierUse]:
    """Each priced tier of `tiers` some month reaches, with each month's units in it (the
    tiers above every month's units hold none: left out, they add nothing)."""
    high = max(units, default=0.0)
    uses = []
    lower = 0.0
    for upto, price in tiers:
        if high <= lower:
            break
        if price:
            uses.append((upto, price, lower, _in_tier(units, upto, lower, free)))
        if upto is None:
            break
        lower = upto
    return uses


def _cents(uses: list[_TierUse], units: list[float], free: list[float]) -> list[int]:
    """`vector.tier_cents` over lists: each tier's cents rounded month by month, or once for a
    tier every month fills past its free units (as there)."""
    total = [0] * len(units)
    low = min(units, default=0.0)
    paid_from = max(free, default=0.0)
    for upto, price, lower, used in uses:
        if upto is not None and low >= upto and lower >= paid_from:
            whole = round_cents((upto - lower) * price)
            total = [t + whole for t in total]
        else:
            total = list(map(operator.add, total, round_cents_list([u * price for u in used])))
    return total


def tier_cents(units: list[float], tiers: Tiers, free: list[float]) -> list[int]:
    """`vector.tier_cents` over lists."""
    return _cents(_tier_uses(units, tiers, free), units, free)


def _in_tier(
    units: list[float], upto: float | None, lower: float, free: list[float]
) -> list[float]:
    """Each month's units in the tier from `lower` to `upto` past its free ones: NumPy's
    maximum(minimum(q, upto) - maximum(lower, f), 0) by comparisons, not a call per month
    (equal values where min and max would pick the other of two equal floats)."""
    cap = math.inf if upto is None else upto
    return [
        top - paid if (top := q if q < cap else cap) > (paid := lower if lower > f else f) else 0.0
        for q, f in zip(units, free, strict=True)
    ]


def _bounded(
    units: list[float], tiers: Tiers, free: list[float], book: BookBlame | None = None
) -> tuple[list[int], list[float]]:
    """`vector.tier_cents` and `vector._bounded_dollars` (`vector.tier_dollars`: unrounded,
    summed tier by tier in the same order) from one split into tiers; refused (BeyondExact)
    where one price alone reaches EXACT_USD, before any cents are rounded."""
    uses = _tier_uses(units, tiers, free)
    dollars = _dollars(uses, len(units))
    index = first_beyond(dollars, EXACT_USD)
    if index is not None:
        raise BeyondExact(index, book)
    return _cents(uses, units, free), dollars


def tier_dollars(units: list[float], tiers: Tiers, free: list[float]) -> list[float]:
    """`vector.tier_dollars` over lists: unrounded, summed tier by tier in its order."""
    return _dollars(_tier_uses(units, tiers, free), len(units))


def _dollars(uses: list[_TierUse], size: int) -> list[float]:
    dollars = [0.0] * size
    for _, price, _, used in uses:
        dollars = [s + u * price for s, u in zip(dollars, used, strict=True)]
    return dollars


def _add(into: dict[Any, list[Any]], key: Any, values: list[Any]) -> None:
    found = into.get(key)
    into[key] = values if found is None else list(map(operator.add, found, values))


class _ColumnPricer(_Pricer):
    """The scalar pricer with its last step (tiers -> line items) done month by month."""

    def __init__(
        self, catalog: Catalog, ctx: Context, as_of: dt.date, as_of_where: str, size: int
    ) -> None:
        super().__init__(catalog, ctx, as_of, as_of_where)
        self.cents: dict[str, list[int]] = {}
        self.dollars: dict[str, list[float]] = {}
        self.contracted: dict[str, list[int]] = {}
        self.contracted_dollars: dict[str, list[float]] = {}
        self.committed_cents: dict[int, list[int]] = {}
        self.committed_dollars: dict[int, list[float]] = {}
        self.beyond: dict[Unpriced, list[bool]] = {}
        self.size = size

    def _shares(self, units: list[Any], left: Any) -> tuple[list[Any], Any]:
        """`vector.allowance_shares_array` month by month: `tiers.allowance_shares` itself."""
        size = self.size
        if len(units) == 1:  # one zone: allowance_shares([u], left) month by month, inline
            return self._own_share(spread(units[0], size), spread(left, size))
        columns = [spread(u, size) for u in units]
        per_month = [
            allowance_shares([u[k] for u in columns], v) for k, v in enumerate(spread(left, size))
        ]
        shares = [Column([found[0][z] for found in per_month]) for z in range(len(units))]
        return shares, Column([found[1] for found in per_month])

    @staticmethod
    def _own_share(units: list[float], left: list[float]) -> tuple[list[Any], Any]:
        """`tiers.allowance_shares([u], v)` for each month's units `u` and allowance left `v`:
        the same operations (sum([u]) is u), so the same floats."""
        shares, rest = [], []
        for u, v in zip(units, left, strict=True):
            if not u > 0:
                shares.append(0.0)
                rest.append(v)
            else:
                used = min(v, u)
                shares.append(min(u, u * (used / u)))
                rest.append(v - used)
        return [Column(shares)], Column(rest)

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
        price, size = selected.price, self.size
        # vector's order: units in billing units, then offset by `start` (tiers.split's); a
        # start of 0 is left out (0.0 + x is x, but for -0.0, which compares as 0.0 does)
        units = [q / price.unit_size for q in spread(quantity, size)]
        free_units = spread(free, size)
        if type(start) is not float or start != 0.0:
            starts = spread(start, size)
            units = list(map(operator.add, starts, units))
            free_units = list(map(operator.add, starts, free_units))
        segs, terms = self.contract(selected)
        listed, contracted, blame = ladders(segs, terms, self.book)
        cents, dollars = _bounded(units, listed, free_units)
        if contracted != listed:  # past the list check, only a book's rate can overflow
            cents_c, dollars_c = _bounded(units, contracted, free_units, blame)
        else:
            cents_c, dollars_c = cents, dollars
        provider = comp.provider or entry.provider
        _add(self.cents, provider, cents)
        _add(self.dollars, provider, dollars)
        if self.book is not None:  # without one, contracted is list (copied at the end)
            _add(self.contracted, provider, cents_c)
            _add(self.contracted_dollars, provider, dollars_c)
        if terms is not None and terms.commitment is not None:
            _add(self.committed_cents, terms.commitment[0], cents_c)
            _add(self.committed_dollars, terms.commitment[0], dollars_c)
        for column, ladder, end in column_ends(segs):
            what = f"part beyond the last tier of the {ladder} in {zone}, unpriced at {column}"
            self._hole(resource, comp.name, [u > end for u in units], what, column)
        last = segs[-1].upto
        if last is not None:
            what = f"part beyond the last published tier in {zone}"
            self._hole(resource, comp.name, [u > last for u in units], what)

    def _hole(
        self,
        resource: Resource,
        component: str,
        beyond: list[bool],
        reason: str,
        column: str | None = None,
    ) -> None:
        """`vector._PointPricer._hole` in lists: an unpriced part in the months `beyond` marks."""
        if any(beyond):
            self._skip(resource, component, reason, column)
            item = self.unpriced[-1]
            before = self.beyond.get(item, [False] * self.size)
            self.beyond[item] = list(map(operator.or_, before, beyond))


class MonthTotals(NamedTuple):
    """`vector.PointTotals` in lists: per provider, list and contracted cents each month, the
    parts not priced, and the months in which a part beyond a last published tier is. A
    NamedTuple: made at import for ~1 M instructions, a frozen dataclass ~6 M (issue 15)."""

    size: int  # months
    list_cents: dict[str, list[int]]
    contracted_cents: dict[str, list[int]]
    unpriced: tuple[Unpriced, ...]
    beyond: Mapping[Unpriced, list[bool]] = MappingProxyType({})
    # The pass's notes and the price versions it used: what compare's caveats are found in
    # (project.py looks for them only where these could hold one); None: not kept.
    notes: tuple[str, ...] | None = None
    versions: tuple[PriceVersion, ...] | None = None

    def unpriced_at(self, item: Unpriced) -> list[bool]:
        return self.beyond.get(item, [True] * self.size)

    def total(self) -> list[int]:
        return self._sum(self.list_cents)

    def contracted_total(self) -> list[int]:
        return self._sum(self.contracted_cents)

    def _sum(self, per_provider: Mapping[str, list[int]]) -> list[int]:
        """Per month, over the providers: 0 where the graph bills none."""
        if not per_provider:
            return [0] * self.size
        return [sum(month) for month in zip(*per_provider.values(), strict=True)]


def _summed(parts: Mapping[str, list[float]], size: int) -> list[float]:
    """Per month, the providers' amounts added in their order (NumPy's sum over axis 0)."""
    total = [0.0] * size
    for values in parts.values():
        total = list(map(operator.add, total, values))
    return total


def price_months(
    graph: Sequence[Resource],
    scenario: Scenario,
    *,
    size: int,
    as_of: dt.date,
    regions: Mapping[str, str] | None = None,
    catalog: Catalog,
    as_of_where: str = "--start",
    price_book: PriceBook | None = None,
) -> MonthTotals:
    """`vector.price_points` over `size` months whose grown figures in `scenario` are Columns."""
    import costmodel.model.resources  # noqa: F401  (registers the priced and free types)

    ctx = Context(scenario=scenario, graph=tuple(graph), regions=dict(regions or {}))
    pricer = _ColumnPricer(catalog, ctx, as_of, as_of_where, size)
    pricer.book = price_book
    for resource in graph:
        pricer.resource(resource)
    if price_book is None:  # contracted is list: the sums `_lines` left out
        pricer.contracted = {p: list(cents) for p, cents in pricer.cents.items()}
        pricer.contracted_dollars = {p: list(d) for p, d in pricer.dollars.items()}
    packages = {provider_of(r.type) for r in graph}
    present = [p for p in PROVIDERS if p in pricer.cents or p in packages]
    if price_book is not None:
        _shortfalls(pricer, price_book, as_of, present)

    def per_provider(found: Mapping[str, list[Any]], zero: Any) -> dict[str, list[Any]]:
        return {p: found.get(p, [zero] * size) for p in present}

    totals = MonthTotals(
        size,
        per_provider(pricer.cents, 0),
        per_provider(pricer.contracted, 0),
        tuple(dict.fromkeys(pricer.unpriced)),
        pricer.beyond,
        tuple(ctx.notes),
        tuple(used.version for used in pricer.used.values()),
    )
    list_dollars = _summed(per_provider(pricer.dollars, 0.0), size)
    check_exact(list_dollars, totals.total())
    together = BookBlame(price_book.where, "entries", "the rates bill") if price_book else None
    contracted_dollars = _summed(per_provider(pricer.contracted_dollars, 0.0), size)
    check_exact(contracted_dollars, totals.contracted_total(), together)
    return totals


def _shortfalls(
    pricer: _ColumnPricer, book: PriceBook, as_of: dt.date, present: Sequence[str]
) -> None:
    """`vector._shortfalls`: each commitment in force charges what its spend falls short of."""
    size = pricer.size
    for index, entry in book.commitments(as_of):
        assert entry.commitment is not None
        if entry.provider not in present:
            continue
        due = entry.commitment.monthly_usd
        spent = pricer.committed_cents.get(index, [0] * size)
        _add(pricer.contracted, entry.provider, [max(round_cents(due) - s, 0) for s in spent])
        spent_dollars = pricer.committed_dollars.get(index, [0.0] * size)
        short = [max(due - s, 0.0) for s in spent_dollars]
        _add(pricer.contracted_dollars, entry.provider, short)


def sponsored_cents_list(covers: float, credit_usd: float, billed: list[int]) -> list[int]:
    """`vector.sponsored_cents_array` over a list of what a provider bills (contracted)."""
    covered = list(map(min, billed, round_cents_list([b * covers / 100 for b in billed])))
    credit = round_cents(credit_usd)
    return [c + min(b - c, credit) for b, c in zip(billed, covered, strict=True)]


def with_figures(scenario: Scenario, **figures: Any) -> Scenario:
    """`scenario` with some figures replaced by Columns or arrays (the dataclass does not check
    types: `vector.with_arrays`, here without importing NumPy)."""
    return dataclasses.replace(scenario, **figures)
