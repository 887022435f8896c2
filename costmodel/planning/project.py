"""Month-by-month costs of each setup as traffic and stored bytes grow.

Month k (0 = the start month) has the scenario's egress and requests times
growth.per_year^((k + s)/12), i.e. growth compounded monthly, where s is the number of months
from the scenario's as_of month to the start (negative before it; 0 without an as_of): the
scenario's figures are those of its as_of month, so a later start grows them first and an
earlier one shrinks them. Stored bytes grow by what is uploaded, not with downloads: the
scenario's stored bytes plus (k + s) months of uploads x upload size (`stored_growth`), uploads
held at the scenario's rate. PyPI's storage did not follow its downloads (docs/sources.md:
about 6 TB in 2019 and 14 TB in March 2023, x2.3, while egress grew from about 12 TB a day
in 2016 to 66 PB a month in 2023). Each month is priced on its own: its
tiers start from zero and its prices are those in force on the month's first day (the first
month uses the pricing date when that falls inside it, so it equals `estimate`). Months are
priced together, one pass per run of months between two changes of a price the setup can use
(a catalog price of its components' products, or its price book: an entry's `effective`, and
the day after its `until`), so a dated change takes effect in its month.

Money stays exact at any horizon the options allow: a projection whose grown traffic would
leave the model's limits, or whose cumulative bill would pass what the outputs carry to the
cent (bounds.py), is refused with the longest horizon that is not; cumulative sums are Python
integers. Crossovers compare out of pocket, i.e. contracted prices (after a price book) less
sponsors. Completeness is per month (growth may take a quantity past a price's last published
tier only late in the horizon): a crossover between two setups is found where, in the month
and the one before, each is priced in full or their unpriced parts are the same parts
(ranking.py), so a longer horizon never loses a crossover a shorter one found.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import hashlib
import math
import operator
import re
from collections.abc import Callable, Collection, Iterable, Sequence
from itertools import accumulate
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from costmodel.errors import InputError
from costmodel.files import checked
from costmodel.model.estimate import Unpriced
from costmodel.model.limits import MAX_MONTHS, check_year
from costmodel.model.money import usd
from costmodel.model.prices import _MODEL_CODE, Catalog, default_catalog
from costmodel.model.quantities import format_bytes, format_count
from costmodel.model.scenario import DEFAULT_UPLOAD_SIZE, Scenario
from costmodel.planning.bounds import (
    EXACT_CENTS,
    EXACT_USD,
    LIMITS,
    BeyondExact,
    first_beyond,
    limit_text,
)
from costmodel.planning.columns import (
    Column,
    MonthTotals,
    price_months,
    sponsored_cents_list,
    with_figures,
)
from costmodel.planning.compare import (
    SELF_SERVE,
    UNPUBLISHED,
    Setup,
    book_ref,
    holes,
    setup_caveats,
    unpriced_dict,
)
from costmodel.planning.ranking import UNRANKED, Holes, cancel, side

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    from costmodel.model.graph import Resource
    from costmodel.model.pricebook import PriceBook
    from costmodel.planning.moving import MoveTerms
    from costmodel.planning.payback import Payback


# A setup's cents per month: NumPy's int64 array (`project(arrays=True)`, the default, what the
# chart divides and slices) or a list of ints (`arrays=False`); `ints` reads either.
MonthCents = Any
# The longest horizon priced without NumPy when no chart needs arrays: plain Python costs about
# 1 M instructions a month over four setups against NumPy's 0.2 M, and NumPy's import about
# 250 M, so lists are cheaper up to about 300 months (benchmarks/README.md, issue 15, s11-warm)
PLAIN_MONTHS = 240
GROWN = ("egress", "requests")  # by growth.per_year; stored bytes grow by uploads
# What the catalog's change dates are worked out by, besides costmodel/files/: the catalog's
# model code (as its index's key has it) and this module
_DATES_CODE = (*_MODEL_CODE, Path(__file__).resolve())


def parse_month(text: str, where: str) -> dt.date:
    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", text):
        raise InputError(where, repr(text), "expected a month, YYYY-MM")
    _check_year(int(text[:4]), text, where)  # before the date: year 0 is none
    return dt.date(int(text[:4]), int(text[5:]), 1)


def check_start(month: dt.date, where: str) -> None:
    _check_year(month.year, month.strftime("%Y-%m"), where)


def _check_year(year: int, shown: str, where: str) -> None:
    try:
        check_year(year)
    except ValueError as exc:
        raise InputError(where, shown, str(exc)) from None


def check_months(count: int) -> None:
    if count < 1:
        raise InputError("--months", str(count), "must be at least 1")
    if count > MAX_MONTHS:
        raise InputError(
            "--months", str(count), f"must be at most {MAX_MONTHS:,} ({MAX_MONTHS // 12} years)"
        )


def months_from(start: dt.date, count: int) -> list[dt.date]:
    check_months(count)
    index = start.year * 12 + start.month - 1
    return [dt.date((index + k) // 12, (index + k) % 12 + 1, 1) for k in range(count)]


def growth_factors(per_year: float, months: int, offset: int = 0) -> list[float]:
    """per_year^((k + offset)/12) for month k: compounded monthly (inf where a float cannot
    hold it). Python's pow (the C library's), not NumPy's `power`, which on a CPU with
    AVX-512 takes another routine and differs in the last bit for about one in twenty."""
    step = per_year ** (1 / 12)
    return [_power(step, float(k)) for k in range(offset, offset + months)]


def _power(base: float, exponent: float) -> float:
    try:
        return base**exponent
    except OverflowError:
        return math.inf


def months_between(first: dt.date, later: dt.date) -> int:
    """Calendar months from `first`'s month to `later`'s (negative when `later` is earlier)."""
    return (later.year - first.year) * 12 + later.month - first.month


def too_long(months: int, dates: Sequence[dt.date], k: int, why: str) -> InputError:
    """--months refused: month `k` (0-based) is the first that cannot be projected."""
    if k == 0:
        return InputError("--months", str(months), f"cannot project at all: {why}")
    return InputError(
        "--months",
        str(months),
        f"{why} in {dates[k]:%Y-%m} (month {k + 1}); project at most {k} months",
    )


def check_growth(
    scenario: Scenario,
    factor: Sequence[float],
    dates: Sequence[dt.date],
    start_where: str | None = None,
) -> None:
    """Refuse a horizon over which growth takes a figure past the model's limits; a start
    (`start_where`, when the start is grown from as_of) already past them is the start's fault."""
    for name in GROWN:
        k = first_beyond(_times(getattr(scenario, name), factor), LIMITS[name])
        if k is not None:
            why = (
                f"at x{scenario.growth_per_year:g} a year the scenario's {name} passes "
                f"{limit_text(name)}"
            )
            if k == 0 and start_where is not None:
                raise InputError(start_where, f"{dates[0]:%Y-%m}", f"{why} by then")
            raise too_long(len(dates), dates, k, why)


def _times(value: float, factor: Sequence[float]) -> list[float]:
    return [value * f for f in factor]


def upload_size(scenario: Scenario) -> tuple[float, str]:
    """The mean bytes of an upload and where the figure comes from."""
    if scenario.upload_size is not None:
        return scenario.upload_size, "storage.upload_size"
    if scenario.objects:
        return scenario.stored / scenario.objects, "storage.stored / storage.objects"
    return DEFAULT_UPLOAD_SIZE, "default: PyPI 2023, about 14 TB in 10M files"


def stored_growth(
    scenario: Scenario, months: int, offset: int, dates: Sequence[dt.date], start_where: str | None
) -> list[float]:
    """Bytes stored in month k: the scenario's plus (k + offset) months of its uploads x upload
    size (fewer before as_of). Refused where that is below zero (a start before the index
    held anything, at this upload rate) or past the model's limit."""
    per_month = scenario.uploads * upload_size(scenario)[0]
    stored = [scenario.stored + per_month * float(k) for k in range(offset, offset + months)]
    if stored[0] < 0:
        where = start_where or "--start"
        raise InputError(
            where,
            f"{dates[0]:%Y-%m}",
            f"{-offset} months before the scenario's as_of its stored bytes less that many "
            "months of uploads would be below zero; start later",
        )
    k = first_beyond(stored, LIMITS["stored"])
    if k is not None:
        why = f"uploads take the scenario's stored bytes past {limit_text('stored')}"
        if k == 0 and start_where is not None:
            raise InputError(start_where, f"{dates[0]:%Y-%m}", f"{why} by then")
        raise too_long(len(dates), dates, k, why)
    return stored


# What a component prices: (provider, service, dimension); its zones and variants alike
Product = tuple[str, str, str]


class PriceDates(NamedTuple):
    """When the catalog's prices change, per product: the dates a version takes effect or the
    product launches (`changes`: what a projection's months were split at), and those on which
    a version's price ends (`ends`, its `until`: unpriced from then on)."""

    changes: dict[Product, list[dt.date]]
    ends: dict[Product, list[dt.date]]

    def every_change(self) -> list[dt.date]:
        """Every date on which some price changes (a new version, or a product's launch)."""
        return sorted({day for days in self.changes.values() for day in days})

    def of(self, products: Collection[Product]) -> list[dt.date]:
        """Every date on which a price of `products` changes, launches or ends."""
        found = (self.changes.get(p, []) + self.ends.get(p, []) for p in products)
        return sorted({day for days in found for day in days})


def price_change_dates(catalog: Catalog) -> PriceDates:
    """The dates on which each product's prices change (every price of the catalog read)."""
    changes: dict[Product, set[dt.date]] = {}
    ends: dict[Product, set[dt.date]] = {}
    for key, price, _ in catalog.prices():
        product = (key.provider, key.service, key.dimension)
        found = changes.setdefault(product, set())
        found.update(v.effective for v in price.versions)
        if price.launched:
            found.add(price.launched)
        ends.setdefault(product, set()).update(v.until for v in price.versions if v.until)
    return PriceDates(
        {p: sorted(days) for p, days in changes.items()},
        {p: sorted(days) for p, days in ends.items() if days},
    )


def default_change_dates() -> PriceDates:
    """`price_change_dates` of the default catalog, kept on disk keyed by the catalog files'
    bytes (parsed.memo): working them out validates every price of the index, ~150 M
    instructions, more than a warm `compare` spends over `indexplan --help`
    (benchmarks/README.md, issue 15). A file that cannot be read now: worked out, not kept."""
    from costmodel.files import diskcache, parsed
    from costmodel.files.userfile import MAX_BYTES, read_bounded
    from costmodel.model.prices import CATALOG_DIR, catalog_files

    catalog = default_catalog()
    files = catalog_files(CATALOG_DIR)
    digest = hashlib.sha256()
    try:
        for path in files:
            diskcache.add_part(digest, path.relative_to(CATALOG_DIR).as_posix())
            diskcache.add_part(digest, read_bounded(path, MAX_BYTES))
    except OSError:
        return price_change_dates(catalog)

    def work_out() -> dict[str, Any]:
        found = price_change_dates(catalog)
        return {
            "products": [
                [*product, _iso(days), _iso(found.ends.get(product, []))]
                for product, days in found.changes.items()
            ]
        }

    read: list[PriceDates] = []  # the entry as checked: read once

    def valid(entry: Any) -> bool:
        try:
            read.append(_dates_of(entry))
        except checked.Damaged:
            return False
        return True

    content = digest.hexdigest().encode()
    entry = parsed.memo("price-dates", str(CATALOG_DIR), content, work_out, _DATES_CODE, valid)
    return read[0] if read else _dates_of(entry)


def _iso(days: Sequence[dt.date]) -> list[str]:
    return [day.isoformat() for day in days]


def _dates_of(entry: Any) -> PriceDates:
    changes, ends = {}, {}
    for row in checked.listed(checked.mapping(entry, ["products"])["products"]):
        provider, service, dimension, *dates = checked.listed(row)
        if len(dates) != 2:
            raise checked.Damaged("not a product's dates")
        product = (checked.text(provider), checked.text(service), checked.text(dimension))
        changes[product], found = (_sorted_dates(d) for d in dates)
        if found:
            ends[product] = found
    return PriceDates(changes, ends)


def _sorted_dates(days: Any) -> list[dt.date]:
    found = [checked.date(day) for day in checked.listed(days)]
    if found != sorted(set(found)):
        raise checked.Damaged("not sorted dates")
    return found


def priced_products(graph: Sequence[Resource]) -> set[Product]:
    """Every product a pricing pass over `graph` may look a price up for: each component of
    each priced type in it (more than it uses: some are free or have no usage)."""
    import costmodel.model.resources  # noqa: F401  (registers the priced types)
    from costmodel.model.components import PRICED

    return {
        (c.provider or entry.provider, c.service, c.dimension)
        for entry in filter(None, map(PRICED.get, {r.type for r in graph}))
        for c in entry.components
    }


def book_change_dates(book: PriceBook | None) -> list[dt.date]:
    """Every date on which a price book's terms change: an entry starts, or ends the day
    before."""
    dates: set[dt.date] = set()
    for entry in book.entries if book else ():
        dates.add(entry.effective)
        if entry.until is not None and entry.until < dt.date.max:
            dates.add(entry.until + dt.timedelta(days=1))
    return sorted(dates)


def runs_of_equal_prices(dates: Sequence[dt.date], changes: Sequence[dt.date]) -> list[list[int]]:
    """Indices of `dates` grouped so that no price changes within a group."""
    groups: dict[int, list[int]] = {}
    for i, day in enumerate(dates):
        groups.setdefault(bisect.bisect_right(changes, day), []).append(i)
    return list(groups.values())


def exact_sum(cents: MonthCents) -> int:
    """The sum as a Python integer: it cannot wrap."""
    return sum(ints(cents))


def ints(cents: MonthCents) -> list[int]:
    """A setup's cents per month as Python integers, whether NumPy's or a list."""
    return cents if isinstance(cents, list) else cents.tolist()


# The three value classes below are NamedTuples, not frozen dataclasses: as immutable, equal
# by value, and ~1 M instructions each to make at import against a dataclass's ~6 M (a warm
# `indexplan project` imports this module; benchmarks/README.md, issue 15, s11-warm2).
class SetupProjection(NamedTuple):
    name: str
    list_cents: MonthCents  # per month
    contracted_cents: MonthCents  # after the price book (list without one)
    out_of_pocket_cents: MonthCents  # contracted less sponsored
    sponsor_ends: tuple[str, ...]  # "fastly's sponsorship ends after 2027-06 (...)"
    unpriced: tuple[Unpriced, ...] = ()  # parts that cost money, unpriced in some month
    price_book: PriceBook | None = None
    month_unpriced: tuple[tuple[Unpriced, ...], ...] = ()  # per month (empty: as `unpriced`)

    @property
    def complete(self) -> bool:
        """Priced in full in every month."""
        return not self.unpriced

    def unpriced_in(self, k: int) -> tuple[Unpriced, ...]:
        return self.month_unpriced[k] if self.month_unpriced else self.unpriced

    def parts_runs(
        self, months: Sequence[dt.date]
    ) -> list[tuple[dt.date, dt.date, tuple[Unpriced, ...]]]:
        """(first month, last month, parts) for each run of months with the same unpriced parts."""
        runs: list[tuple[dt.date, dt.date, tuple[Unpriced, ...]]] = []
        for k, month in enumerate(months):
            parts = self.unpriced_in(k)
            if runs and runs[-1][2] == parts:
                runs[-1] = (runs[-1][0], month, parts)
            else:
                runs.append((month, month, parts))
        return runs

    @property
    def cumulative_list_cents(self) -> int:
        return exact_sum(self.list_cents)

    @property
    def sponsored_cents(self) -> MonthCents:
        if isinstance(self.contracted_cents, list):
            return list(map(operator.sub, self.contracted_cents, ints(self.out_of_pocket_cents)))
        return self.contracted_cents - self.out_of_pocket_cents

    def month_cents(self, kind: str) -> list[int]:
        """Each month's `kind` cents (list, contracted, sponsored, out_of_pocket) as integers."""
        return ints(getattr(self, f"{kind}_cents"))

    @property
    def cumulative_contracted_cents(self) -> int:
        return exact_sum(self.contracted_cents)

    @property
    def cumulative_sponsored_cents(self) -> int:
        return exact_sum(self.sponsored_cents)

    @property
    def cumulative_out_of_pocket_cents(self) -> int:
        return exact_sum(self.out_of_pocket_cents)

    def to_dict(self, months: Sequence[dt.date]) -> dict[str, Any]:
        """Each month's totals as estimate gives them, and their sums."""
        per_month = zip(
            months,
            self.month_cents("list"),
            self.month_cents("contracted"),
            self.month_cents("sponsored"),
            self.month_cents("out_of_pocket"),
            _parts_dicts(self.unpriced_in(k) for k in range(len(months))),
            strict=True,
        )
        return {
            "stack": self.name,
            "months": [
                {
                    "month": _month_label(m),
                    "list_monthly_usd": usd(lc),
                    "contracted_monthly_usd": usd(cc),
                    "sponsored_monthly_usd": usd(sc),
                    "out_of_pocket_monthly_usd": usd(oc),
                    # a month with unpriced parts: its amounts are lower bounds
                    "complete": not parts,
                    "unpriced": parts,
                }
                for m, lc, cc, sc, oc, parts in per_month
            ],
            "complete": self.complete,  # in every month; its cumulative sums are then exact
            "unpriced": [unpriced_dict(u) for u in self.unpriced],
            "cumulative": {
                "list_usd": usd(self.cumulative_list_cents),
                "contracted_usd": usd(self.cumulative_contracted_cents),
                "sponsored_usd": usd(self.cumulative_sponsored_cents),
                "out_of_pocket_usd": usd(self.cumulative_out_of_pocket_cents),
            },
            "price_book": book_ref(self.price_book),
        }

    def months_with_move(self, months: Sequence[dt.date], paid: Payback) -> dict[str, Any]:
        """`to_dict` with the move: the one-time cost, the payback, and each month's running
        out-of-pocket sum with the one-time cost in the first month."""
        data = self.to_dict(months)
        for month, cents in zip(data["months"], paid.cumulative_cents, strict=True):
            month["cumulative_out_of_pocket_with_move_usd"] = usd(cents)
        return {**data, "move": paid.to_dict()}


@functools.lru_cache(maxsize=4096)
def _month_label(month: dt.date) -> str:
    """`2026-08`: made once per month, not once per month and setup (strftime is slow)."""
    return month.strftime("%Y-%m")


def _parts_dicts(per_month: Iterable[tuple[Unpriced, ...]]) -> list[list[dict[str, str]]]:
    """Each month's unpriced parts as JSON gives them, made once for each run of months with
    the same parts (each month its own list and dicts: the output is data a caller may edit)."""
    found: list[list[dict[str, str]]] = []
    previous, made = None, []
    for parts in per_month:
        if parts != previous:
            made, previous = [unpriced_dict(u) for u in parts], parts
            found.append(made)
        else:
            found.append([dict(d) for d in made])
    return found


class Crossover(NamedTuple):
    month: dt.date
    setup: str  # now costs more out of pocket than...
    overtakes: str  # ...this one, which cost at least as much the month before

    def to_dict(self) -> dict[str, str]:
        return {
            "month": self.month.strftime("%Y-%m"),
            "setup": self.setup,
            "overtakes": self.overtakes,
        }


class Projection(NamedTuple):
    scenario: str
    growth_per_year: float
    months: tuple[dt.date, ...]
    price_dates: tuple[dt.date, ...]
    setups: tuple[SetupProjection, ...]
    crossovers: tuple[Crossover, ...]
    as_of: dt.date | None = None  # the scenario's: the month its figures are for
    grown_months: int = 0  # months of growth from `as_of` to the start (negative: before)
    # what a setup's cost rests on that its provider limits, whatever the growth (compare's)
    caveats: tuple[str, ...] = ()
    month_holes: tuple[Holes, ...] = ()  # per month: which setups' parts cancel (ranking.py)
    stored_growth: str = ""  # how stored bytes grow (stored_growth_text)
    # with a move from setup `moved_from`: each setup's one-time cost and payback (payback.py)
    moved_from: str | None = None
    paybacks: tuple[Payback, ...] = ()

    def comparable(self, a: int, b: int, k: int) -> bool:
        """Whether setups `a` and `b` are ranked against each other in month `k`."""
        return self.month_holes[k].comparable(a, b) if self.month_holes else False

    def any_ranked(self) -> bool:
        """Whether some two setups are ranked against each other in two months running (or
        in the one month), so a crossover could be found."""
        if not self.month_holes:
            return False
        pairs = [(a, b) for a in range(len(self.setups)) for b in range(a + 1, len(self.setups))]
        looked: set[tuple[int, int]] = set()  # months alike (their Holes and the month before's)
        for k in range(min(1, len(self.months) - 1), len(self.months)):
            now, before = self.month_holes[k], self.month_holes[max(k - 1, 0)]
            if (id(now), id(before)) in looked:
                continue
            looked.add((id(now), id(before)))
            if any(now.comparable(a, b) and before.comparable(a, b) for a, b in pairs):
                return True
        return False

    def crossover_reason(self) -> str:
        """Why there is no crossover: no two setups are ever ranked against each other in
        two months running (nothing to cross), or their order never changes."""
        if not all(s.complete for s in self.setups) and not self.any_ranked():
            return UNRANKED
        among = " priced in full"
        if all(s.complete for s in self.setups):
            among = ""
        elif any(h.own[i] for h in self.month_holes for i in range(len(h.own)) if h.covered(i)):
            among = " ranked against each other"  # some with unpriced parts that cancel
        return f"none: the order of the setups{among} by out-of-pocket cost never changes"

    @property
    def start_factor(self) -> float:
        """What the scenario's figures are multiplied by in the first month (to 12 figures:
        the 12th root compounded 12 times is 2.000000000000001, not 2)."""
        return float(f"{growth_factors(self.growth_per_year, 1, self.grown_months)[0]:.12g}")

    def to_dict(self) -> dict[str, Any]:
        # only when the start is not the as_of month: what the first month's traffic is
        grown = {}
        if self.grown_months and self.as_of is not None:
            grown["traffic_grown"] = {
                "from": f"{self.as_of:%Y-%m}",
                "months": self.grown_months,
                "factor": self.start_factor,
            }
        return {
            "scenario": self.scenario,
            "growth_per_year": self.growth_per_year,
            "start": self.months[0].strftime("%Y-%m"),
            **grown,
            "months": len(self.months),
            "setups": [s.to_dict(self.months) for s in self.setups],
            "crossovers": [c.to_dict() for c in self.crossovers],
            **({} if self.crossovers else {"crossovers_reason": self.crossover_reason()}),
            **({"moves_from": self.moved_from} if self.moved_from else {}),
        }

    def payback_of(self, name: str) -> Payback | None:
        return next((p for p in self.paybacks if p.stack == name), None)


def project(
    setups: Sequence[Setup],
    scenario: Scenario,
    *,
    start: dt.date,
    months: int,
    first_price_date: dt.date | None = None,
    catalog: Catalog | None = None,
    start_where: str = "--start",
    tick: Callable[[], None] = lambda: None,
    move_from: Setup | None = None,
    move_terms: MoveTerms | None = None,
    arrays: bool = True,
) -> Projection:
    """`first_price_date`: prices for the start month (default its first day); `move_from`:
    the setup run today, each other setup's move from it priced in the start month (the bytes
    stored then) and paid back (payback.py). `arrays`: each setup's months as NumPy arrays,
    priced by `vector.price_points` (what a chart draws); else as lists, priced without
    importing NumPy (`columns.price_months`): the same cents."""
    shipped = catalog is None
    catalog = catalog or default_catalog()
    check_start(start, start_where)
    dates = months_from(start, months)
    price_dates = list(dates)
    if first_price_date is not None and first_price_date.replace(day=1) == start:
        price_dates[0] = first_price_date
    offset = months_between(scenario.as_of, start) if scenario.as_of is not None else 0
    factor = growth_factors(scenario.growth_per_year, months, offset)
    check_growth(scenario, factor, dates, start_where if offset else None)
    figures = {name: _times(getattr(scenario, name), factor) for name in GROWN}
    figures["stored"] = stored_growth(
        scenario, months, offset, dates, start_where if offset else None
    )
    catalog_dates = default_change_dates() if shipped else price_change_dates(catalog)
    every_change = catalog_dates.every_change()
    results = []
    noted = []  # the setups whose caveats are looked for (see `may_have_caveats`)
    for setup in setups:
        book_dates = book_change_dates(setup.price_book)
        runs = runs_of_equal_prices(price_dates, sorted({*every_change, *book_dates}))
        # one pass for the runs between which no price the setup can use changes
        used_dates = sorted({*catalog_dates.of(priced_products(setup.graph)), *book_dates})
        groups = runs_of_equal_prices([price_dates[run[0]] for run in runs], used_dates)
        listed, contracted, sponsored = [0] * months, [0] * months, [0] * months
        unpriced: dict[Unpriced, None] = {}
        in_month: list[list[Unpriced]] = [[] for _ in dates]
        caveated = False
        price = functools.partial(
            _price_or_refuse, setup, scenario, figures, dates, price_dates, catalog, arrays
        )
        for group in groups:  # in calendar order
            fine = [runs[i] for i in group]
            for run, totals in _priced_together(fine, price, price_dates):
                caveated = caveated or may_have_caveats(totals)
                for k, lc, cc in zip(run, totals.total(), totals.contracted_total(), strict=True):
                    listed[k], contracted[k] = lc, cc
                found = holes(totals.unpriced)
                for item in _by_first_run(found, totals, run, fine):
                    unpriced[item] = None
                for item in found:
                    for k, missing in zip(run, totals.unpriced_at(item), strict=True):
                        if missing:
                            in_month[k].append(item)
                for provider, cents in totals.contracted_cents.items():
                    terms = setup.sponsors.get(provider)
                    if terms is None:
                        continue
                    given = sponsored_cents_list(terms.covers, terms.credit_monthly_usd, cents)
                    # in force in the run's last month: in each before it too
                    throughout = terms.in_force(dates[run[-1]])
                    for k, cents_given in zip(run, given, strict=True):
                        if throughout or terms.in_force(dates[k]):
                            sponsored[k] += cents_given
        # each month is below EXACT_CENTS; their running sums must stay below it too
        for what, cents in (("list", listed), ("contracted", contracted)):
            over = first_beyond(list(accumulate(cents)), EXACT_CENTS - 1)
            if over is not None:
                why = f"{setup.name}'s cumulative {what} cost passes ${EXACT_USD:,.0f}"
                if what == "contracted" and setup.price_book is not None:
                    why += f" at the rates of {setup.price_book.where}"
                exact = ", more than the outputs carry to the cent"
                raise too_long(months, dates, over, why + exact)
        ends = tuple(
            _sponsor_end(provider, terms.until)
            for provider, terms in sorted(setup.sponsors.items())
            if terms.until is not None
        )
        pocket = list(map(operator.sub, contracted, sponsored))
        kept: Callable[[list[int]], MonthCents] = _as_array if arrays else list
        results.append(
            SetupProjection(
                setup.name,
                kept(listed),
                kept(contracted),
                kept(pocket),
                ends,
                tuple(unpriced),
                setup.price_book,
                tuple(tuple(parts) for parts in in_month),
            )
        )
        if caveated:
            noted.append(setup)
        tick()
    month_holes = _month_holes(setups, results, scenario, figures, price_dates)
    caveats = [  # at both ends: growth (or a shrinking) reaches a tier at one of them
        c
        for k in (0, months - 1)
        for c in setup_caveats(noted, scenario_at(scenario, figures, k), price_dates[k])
    ]
    return Projection(
        scenario=scenario.name,
        growth_per_year=scenario.growth_per_year,
        months=tuple(dates),
        price_dates=tuple(price_dates),
        setups=tuple(results),
        crossovers=crossovers(dates, results, month_holes),
        as_of=scenario.as_of,
        grown_months=offset,
        caveats=tuple(dict.fromkeys(caveats)),
        month_holes=month_holes,
        stored_growth=stored_growth_text(scenario),
        moved_from=move_from.name if move_from else None,
        paybacks=_paybacks(
            setups,
            results,
            month_holes,
            move_from,
            move_terms,
            scenario_at(scenario, figures, 0),
            dates,
            price_dates[0],
        ),
    )


def _price_run(
    setup: Setup,
    scenario: Scenario,
    grown: dict[str, list[float]],
    as_of: dt.date,
    catalog: Catalog,
    arrays: bool,
) -> MonthTotals:
    """The months of one run of equal prices (`grown`: each grown figure in those months),
    by NumPy's pricer or the plain one, as lists."""
    size = len(grown["stored"])
    if not arrays:
        columns = {name: Column(values) for name, values in grown.items()}
        return price_months(
            setup.graph,
            with_figures(scenario, **columns),
            size=size,
            as_of=as_of,
            regions=setup.regions,
            catalog=catalog,
            price_book=setup.price_book,
        )
    import numpy as np

    from costmodel.planning.vector import price_points

    totals = price_points(
        setup.graph,
        with_figures(scenario, **{name: np.array(values) for name, values in grown.items()}),
        size=size,
        as_of=as_of,
        regions=setup.regions,
        catalog=catalog,
        as_of_where="--start",
        price_book=setup.price_book,
    )
    return MonthTotals(
        size,
        {p: cents.tolist() for p, cents in totals.list_cents.items()},
        {p: cents.tolist() for p, cents in totals.contracted_cents.items()},
        totals.unpriced,
        {item: mask.tolist() for item, mask in totals.beyond.items()},
    )


def _price_or_refuse(
    setup: Setup,
    scenario: Scenario,
    figures: dict[str, list[float]],
    dates: Sequence[dt.date],
    price_dates: Sequence[dt.date],
    catalog: Catalog,
    arrays: bool,
    run: list[int],
) -> MonthTotals:
    """The months `run` (indices of `dates`) priced in one pass at the prices of its first;
    refused, naming the month, where a bill passes what the outputs carry to the cent."""
    grown = {name: [values[k] for k in run] for name, values in figures.items()}
    try:
        return _price_run(setup, scenario, grown, price_dates[run[0]], catalog, arrays)
    except BeyondExact as exc:
        first, months = run[exc.index], len(dates)
        if exc.book is not None:  # the book's rate, not the horizon, is the cause
            at = f"in {dates[first]:%Y-%m}"
            instead = f"--months {first}" if first else ""
            raise exc.refused(setup.name, at, "--months", str(months), instead) from None
        why = f"{setup.name} costs more than ${EXACT_USD:,.0f} a month"
        raise too_long(months, dates, first, why) from None


def _priced_together(
    runs: list[list[int]],
    price: Callable[[list[int]], MonthTotals],
    price_dates: Sequence[dt.date],
) -> list[tuple[list[int], MonthTotals]]:
    """Consecutive runs of equal prices, between which no price the setup can use changes,
    priced in one pass: each month as its own run's pass prices it (the same prices, and
    each month's figures on their own). Each run on its own, as before, where the pass could
    say otherwise: it fails (the first run's error names its month and cause), or a reason
    of its names the day it was priced at (`not available on 2021-01-01`), which differs
    from run to run."""
    if len(runs) > 1:
        months = [k for run in runs for k in run]
        day = price_dates[months[0]].isoformat()
        try:
            totals = price(months)
        except InputError:
            pass
        else:
            if not any(day in item.reason for item in totals.unpriced):
                return [(months, totals)]
    return [(run, price(run)) for run in runs]


def _by_first_run(
    items: Sequence[Unpriced], totals: MonthTotals, months: list[int], runs: list[list[int]]
) -> list[Unpriced]:
    """`items` in the order passes over each of `runs` in turn would first meet them: by the
    run of the first month each is unpriced in, then as the pass over `months` met them."""
    if len(runs) == 1:
        return list(items)
    run_of = {k: i for i, run in enumerate(runs) for k in run}

    def first_run(item: Unpriced) -> int:
        missing = totals.unpriced_at(item)
        return run_of[next(k for k, m in zip(months, missing, strict=True) if m)]

    return sorted(items, key=first_run)


def may_have_caveats(totals: MonthTotals) -> bool:
    """Whether `setup_caveats` could find one in a run of months: only where a note of the
    run says a CDN is on a Cloudflare self-serve plan, or a price version used carries its
    last published rate on past a tier with no published rate (what `unpublished_rate_caveats`
    looks for, less its test of the quantity). Either holds in every month of a run if in one
    (a Column has no truth value: which notes and prices a pass meets cannot depend on its
    months' figures). Looking for none saves two estimates a setup: ~40 M instructions of a
    warm `indexplan project` of four setups (benchmarks/README.md, issue 15)."""
    if totals.notes is None or totals.versions is None:  # not kept (NumPy's path): looked for
        return True
    if any(note.startswith(SELF_SERVE) for note in totals.notes):
        return True
    for version in totals.versions:
        note = (version.note or "").lower()
        if any(phrase in note for phrase in UNPUBLISHED):
            tiers = version.tier_list()
            if len(tiers) >= 2 and tiers[-1].upto is None:
                return True
    return False


def _as_array(cents: list[int]) -> NDArray[np.int64]:
    import numpy as np

    return np.array(cents, dtype=np.int64)


def _paybacks(
    setups: Sequence[Setup],
    results: Sequence[SetupProjection],
    month_holes: Sequence[Holes],
    source: Setup | None,
    terms: MoveTerms | None,
    first: Scenario,
    dates: Sequence[dt.date],
    as_of: dt.date,
) -> tuple[Payback, ...]:
    if source is None:
        return ()
    # imported only with --from: 21 M instructions of a warm `indexplan project` without it
    # (benchmarks/README.md, issue 15)
    from costmodel.planning.moving import MoveTerms, move_cost
    from costmodel.planning.payback import lower_sides, payback

    terms = terms or MoveTerms()
    s = list(setups).index(source)
    found = []
    for t, (setup, result) in enumerate(zip(setups, results, strict=True)):
        move = move_cost(source, setup, first, as_of, terms)
        found.append(
            payback(
                results[s].month_cents("out_of_pocket"),
                result.month_cents("out_of_pocket"),
                move,
                dates,
                lower_sides(month_holes, s, t),
                setup.name,
            )
        )
    return tuple(found)


def stored_growth_text(scenario: Scenario) -> str:
    """`stored bytes grow by uploads: 325,000/month x 1.4 MB (default: ...) = 455 GB a month
    (uploads held at the scenario's rate)`."""
    size, source = upload_size(scenario)
    return (
        f"stored bytes grow by uploads, not with downloads: {format_count(scenario.uploads)}"
        f"/month x {format_bytes(size)} ({source}) = {format_bytes(scenario.uploads * size)} "
        "a month (uploads held at the scenario's rate)"
    )


def scenario_at(scenario: Scenario, figures: dict[str, list[float]], k: int) -> Scenario:
    """The scenario grown to month `k` (`figures`: each grown figure, per month)."""
    return with_figures(scenario, **{n: float(values[k]) for n, values in figures.items()})


def _sponsor_end(provider: str, until: str) -> str:
    """`fastly's sponsorship ends after 2027-12 (from 2028-01 at list, or the book's rates)`."""
    year, month = (int(part) for part in until.split("-"))
    after = dt.date(year + month // 12, month % 12 + 1, 1)
    return (
        f"{provider}'s sponsorship ends after {until} "
        f"(from {after:%Y-%m} at list, or the book's rates)"
    )


def _month_holes(
    setups: Sequence[Setup],
    results: Sequence[SetupProjection],
    scenario: Scenario,
    figures: dict[str, list[float]],
    price_dates: Sequence[dt.date],
) -> tuple[Holes, ...]:
    """Per month, which setups' unpriced parts cancel against which: worked out once per
    distinct set of parts, in the first month that has it."""
    found: dict[tuple[tuple[Unpriced, ...], ...], Holes] = {}
    per_month = []
    previous = None
    for k, day in enumerate(price_dates):
        parts = tuple(r.unpriced_in(k) for r in results)
        # looked up only where the parts change: hashing them calls each part's own __hash__
        if parts != previous:
            if parts not in found:
                grown = scenario_at(scenario, figures, k)
                found[parts] = cancel(
                    [
                        side(s.name, own, s.graph, grown, s.regions, day, s.price_book)
                        for s, own in zip(setups, parts, strict=True)
                    ]
                )
            holes_now, previous = found[parts], parts
        per_month.append(holes_now)
    return tuple(per_month)


def crossovers(
    dates: Sequence[dt.date],
    setups: Sequence[SetupProjection],
    month_holes: Sequence[Holes] | None = None,
) -> tuple[Crossover, ...]:
    """Months where one setup's out-of-pocket cost rises above another's, the two ranked
    against each other in that month and the one before (`month_holes`; None: all are)."""
    found = []
    for i, a in enumerate(setups):
        for j, b in enumerate(setups):
            if a is b:
                continue
            above = list(
                map(operator.gt, a.month_cents("out_of_pocket"), b.month_cents("out_of_pocket"))
            )
            rise = [k for k in range(1, len(above)) if above[k] and not above[k - 1]]
            for k in rise:
                if month_holes is None or (
                    month_holes[k].comparable(i, j) and month_holes[k - 1].comparable(i, j)
                ):
                    found.append(Crossover(dates[k], a.name, b.name))
    return tuple(sorted(found, key=lambda c: (c.month, c.setup, c.overtakes)))
