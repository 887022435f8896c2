"""Graph + scenario + sponsors + date -> the monthly bill, line by line.

Every line is rounded to cents once; provider subtotals and totals are sums of those cents,
so each printed total is exactly the sum of the printed lines.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from costmodel.errors import InputError
from costmodel.files.collector import collector_paused
from costmodel.model.components import (
    PRICED,
    Component,
    Context,
    PricedType,
    Unpriceable,
    costs_nothing,
    is_free,
    provider_of,
    unpriced_reason,
)
from costmodel.model.graph import Resource
from costmodel.model.money import round_cents, usd
from costmodel.model.no_usage import DependsOnUsage, context_for, depends_on_usage
from costmodel.model.prices import (
    Catalog,
    NotLaunched,
    PriceEnded,
    PriceKey,
    Selected,
    default_catalog,
)
from costmodel.model.scenario import Scenario, period_note
from costmodel.model.segments import Segment, Terms, segments
from costmodel.model.sponsorship import SponsorTerms, in_force
from costmodel.model.tiers import Tier, TierUse, allowance_shares, split

if TYPE_CHECKING:
    from costmodel.model.pricebook import PriceBook

LEVELS = ("list", "contracted", "sponsored", "out_of_pocket")
PROVIDERS = ("aws", "gcp", "fastly", "b2", "cloudflare", "datadog", "elastic")


@dataclass(frozen=True)
class LineItem:
    resource: str
    type: str
    provider: str
    role: str | None
    component: str
    region: str
    quantity: float  # in the billing unit
    unit: str
    unit_price_usd: float
    cents: int
    key: PriceKey | None = None  # the catalog price (None: a commitment's shortfall)
    locations: tuple[str, ...] = ()  # the regions or cloud locations priced in this zone
    # With a price book: the rate and cents after it (None: no book, contracted is list).
    contracted_unit_price_usd: float | None = None
    contracted: int | None = None
    # "list" or "contracted": that column of the line is unpriced (a ladder that ends, see
    # segments.py), its cents 0 so every sum leaves it out; shown as unpriced, never $0
    unpriced_column: str | None = None
    unpriced_reason: str | None = None  # why, with the unpriced column

    @property
    def monthly_usd(self) -> float:
        return usd(self.cents)

    @property
    def contracted_cents(self) -> int:
        return self.cents if self.contracted is None else self.contracted

    def to_dict(self) -> dict[str, Any]:
        contracted_price = self.contracted_unit_price_usd
        listed, contracted = (self.unpriced_column != c for c in ("list", "contracted"))
        return {
            "resource": self.resource,
            "type": self.type,
            "provider": self.provider,
            "role": self.role,
            "component": self.component,
            "region": self.region,
            "quantity": round(self.quantity, 6),
            "unit": self.unit,
            "unit_price_usd": self.unit_price_usd if listed else None,
            "monthly_usd": self.monthly_usd if listed else None,
            "contracted_unit_price_usd": (
                None
                if not contracted
                else self.unit_price_usd
                if contracted_price is None
                else contracted_price
            ),
            "contracted_monthly_usd": usd(self.contracted_cents) if contracted else None,
            **(
                {"unpriced_column": self.unpriced_column, "reason": self.unpriced_reason}
                if self.unpriced_column
                else {}
            ),
        }


@dataclass(frozen=True)
class Unpriced:
    resource: str
    type: str
    provider: str
    role: str | None
    component: str | None  # None: the whole resource
    reason: str
    # None: unpriced in every column (not in any total); "list" or "contracted": in that column
    # only, the other prices it (a ladder that ends in one of them, see segments.py)
    column: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)

    def in_column(self, level: str) -> bool:
        """Whether this part is missing from `level`'s total (sponsored and out of pocket come
        out of the contracted bill, so follow its column)."""
        return self.column is None or self.column == ("list" if level == "list" else "contracted")


@dataclass(frozen=True)
class ProviderTotal:
    provider: str
    list_cents: int
    sponsored_cents: int
    contracted: int | None = None  # after a price book; None: no book, contracted is list

    @property
    def contracted_cents(self) -> int:
        return self.list_cents if self.contracted is None else self.contracted

    @property
    def out_of_pocket_cents(self) -> int:
        return self.contracted_cents - self.sponsored_cents

    def to_dict(self) -> dict[str, Any]:
        return {
            "provider": self.provider,
            "list_monthly_usd": usd(self.list_cents),
            "contracted_monthly_usd": usd(self.contracted_cents),
            "sponsored_monthly_usd": usd(self.sponsored_cents),
            "out_of_pocket_monthly_usd": usd(self.out_of_pocket_cents),
        }


@dataclass(frozen=True)
class Estimate:
    stack: str
    scenario: str
    prices_as_of: dt.date
    line_items: tuple[LineItem, ...]
    providers: tuple[ProviderTotal, ...]
    unpriced: tuple[Unpriced, ...]
    defaults_used: tuple[tuple[str, str], ...]
    prices_used: tuple[Selected, ...]
    notes: tuple[str, ...] = field(default=())
    price_book: PriceBook | None = None
    # each (resource, price) share of an account-wide allowance, in billing units: free at the
    # bottom of that resource's ladder (actuals values other quantities with it)
    allowance_shares: tuple[tuple[str, PriceKey, float], ...] = ()
    # each (resource, price) whose ladder a pool shares: where on it the resource's units start
    ladder_starts: tuple[tuple[str, PriceKey, float], ...] = ()
    # the providers a sponsor pays part of in this month: a hole elsewhere leaves the
    # sponsored total exact (nobody pays a share of it)
    sponsored_providers: tuple[str, ...] = ()
    # those whose sponsor pays all of their bill: a hole there leaves out of pocket exact ($0)
    covered_providers: tuple[str, ...] = ()

    @property
    def list_cents(self) -> int:
        return sum(p.list_cents for p in self.providers)

    @property
    def contracted_cents(self) -> int:
        return sum(p.contracted_cents for p in self.providers)

    @property
    def sponsored_cents(self) -> int:
        return sum(p.sponsored_cents for p in self.providers)

    @property
    def out_of_pocket_cents(self) -> int:
        return self.contracted_cents - self.sponsored_cents

    @property
    def complete(self) -> bool:
        """Nothing that costs money went unpriced (a type declared free leaves no hole); an
        incomplete estimate's totals are lower bounds."""
        return all(is_free(u.type) for u in self.unpriced)

    def complete_at(self, level: str) -> bool:
        """Whether `level`'s total (list, contracted, sponsored, out_of_pocket) is priced in
        full: a hole in the other column only leaves it exact."""
        return level not in self.lower_levels()

    def lower_levels(self, provider: str | None = None) -> set[str]:
        """The levels whose totals (of the whole bill, or of one provider's part) are lower
        bounds: an unpriced part would add to list or contracted, to a sponsor's share of it
        (only where a sponsor pays part of that provider's bill) or to what is left (nothing
        where the sponsor pays all of it)."""
        holes = [u for u in self.unpriced if not is_free(u.type) and provider in (None, u.provider)]
        return {
            level
            for level in LEVELS
            if any(
                u.in_column(level)
                and (level != "sponsored" or u.provider in self.sponsored_providers)
                and (level != "out_of_pocket" or u.provider not in self.covered_providers)
                for u in holes
            )
        }

    def totals_dict(self) -> dict[str, float]:
        return {
            "list_monthly_usd": usd(self.list_cents),
            "contracted_monthly_usd": usd(self.contracted_cents),
            "sponsored_monthly_usd": usd(self.sponsored_cents),
            "out_of_pocket_monthly_usd": usd(self.out_of_pocket_cents),
        }

    def to_dict(self) -> dict[str, Any]:
        book = self.price_book
        return {
            "stack": self.stack,
            "scenario": self.scenario,
            "prices_as_of": self.prices_as_of.isoformat(),
            "currency": "USD",
            "totals": self.totals_dict(),
            "complete": self.complete,
            "complete_at": {level: self.complete_at(level) for level in LEVELS},
            "providers": [p.to_dict() for p in self.providers],
            "line_items": [item.to_dict() for item in self.line_items],
            "unpriced": [u.to_dict() for u in self.unpriced],
            "assumptions": {
                "defaults_used": [{"field": f, "value": v} for f, v in self.defaults_used],
                "prices": [price_used(s) for s in self.prices_used],
                "notes": list(self.notes),
                **({"price_book": book_used(book, self.prices_as_of)} if book else {}),
            },
        }


def book_used(book: PriceBook, on: dt.date) -> dict[str, Any]:
    return {
        "name": book.name,
        "file": book.where,
        "source": book.source,
        "entries_in_force": [
            {"entry": i, "scope": e.label(), "note": e.note}
            for i, e in enumerate(book.entries)
            if e.in_force(on)
        ],
    }


def price_used(selected: Selected) -> dict[str, Any]:
    v = selected.version
    return {
        "price": str(selected.key),
        "effective": v.effective.isoformat(),
        "source": v.source,
        "confidence": v.confidence,
        "note": v.note,
    }


def tier_label(name: str, use: TierUse, tiers: int, unit: str, unit_size: float) -> str:
    """`data out, first 10 GiB (free)`: a tier's bounds as the provider's price page writes
    them, in its own unit (see `tier_bound`)."""
    if tiers == 1:
        return name
    if use.upper is None:
        band = "over " + " ".join(tier_bound(use.lower, unit, unit_size))
    elif use.lower == 0:
        band = "first " + " ".join(tier_bound(use.upper, unit, unit_size))
    else:
        (low, low_unit), (high, high_unit) = (
            tier_bound(b, unit, unit_size) for b in (use.lower, use.upper)
        )
        if low_unit != high_unit:
            band = f"{low} {low_unit} to {high} {high_unit}"
        else:  # `10,240-51,200 GB`, `1 million to 100 billion requests`
            band = f"{low}{' to ' if ' ' in low + high else '-'}{high} {high_unit}"
    return f"{name}, {band}" + (" (free)" if use.price == 0 else "")


_COUNTED = re.compile(r"(?P<size>[\d,]+|thousand|million|billion) (?P<noun>.+)")
_SCALE_WORDS = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_DATA = re.compile(r"(?P<prefix>[kKMGTPE])(?P<binary>i?)B(?P<rest>.*)")
_DATA_PREFIXES = "kMGTPE"


def tier_bound(value: float, unit: str, unit_size: float) -> tuple[str, str]:
    """A tier bound of `value` units as (number, unit): the count multiplied out where the
    unit holds one (1,000 x "10,000 requests" is `10 million`, `requests`), and a fraction of
    a data unit in the next smaller unit of its kind that makes it whole (0.009765625 TiB is
    `10`, `GiB`)."""
    counted = _COUNTED.fullmatch(unit)
    if counted is not None:
        size = counted["size"]
        count = value * (_SCALE_WORDS.get(size) or float(size.replace(",", "")))
        return _count_words(count), counted["noun"]
    data = _DATA.fullmatch(unit)
    if data is None or _whole(value):
        return f"{value:,.10g}", unit
    # a provider's "GB" of 2^30 bytes (AWS) steps by 1,024 like its GiB
    step = 1024 if unit_size >= 1024 and math.log2(unit_size).is_integer() else 1000
    index = _DATA_PREFIXES.index(data["prefix"].replace("K", "k"))
    written = value
    if not _whole(value) and index > 0:  # one unit down: a page's bounds are whole in it
        value, index = value * step, index - 1
    if abs(value - round(value)) > 1e-6:  # an allowance's share: its own unit, to the hundredth
        return f"{written:,.2f}", unit
    prefix = _DATA_PREFIXES[index]
    if data["binary"] and prefix == "k":
        prefix = "K"  # KiB, but kB
    return f"{value:,.10g}", f"{prefix}{data['binary']}B{data['rest']}"


def _whole(value: float) -> bool:
    return abs(value - round(value)) <= 1e-9 * max(1.0, abs(value))


def _count_words(count: float) -> str:
    """20,000; 10 million; 1.5 billion: a scale word where the count is a whole number of it."""
    for word in ("trillion", "billion", "million"):
        scaled = count / _SCALE_WORDS[word]
        if scaled >= 1 and _whole(scaled * 1000):
            return f"{scaled:,.10g} {word}"
    return f"{count:,.10g}"


# A quantity's lines of one price: (label, tier use, cents, contracted rate, contracted cents,
# commitment index, the column it is unpriced in or None) for each tier used, the quantity
# beyond the last tier, and the quantity unpriced in one column only, per column.
_Part = tuple[str, TierUse, int, float | None, int | None, int | None, str | None]
_Tiered = tuple[list[_Part], float, tuple[tuple[str, float], ...]]


class _Pricer:
    def __init__(self, catalog: Catalog, ctx: Context, as_of: dt.date, as_of_where: str) -> None:
        self.catalog = catalog
        self.ctx = ctx
        self.as_of = as_of
        self.as_of_where = as_of_where
        self.lines: list[LineItem] = []
        self.unpriced: list[Unpriced] = []
        self.used: dict[PriceKey, Selected] = {}
        self.usage: dict[str, Scenario | None] = {}  # per resource URN, from a usage file
        self.book: PriceBook | None = None
        self.committed: dict[int, int] = defaultdict(int)  # contracted cents per commitment
        self.locations: tuple[str, ...] = ()  # the usage keys of the zone being priced
        self.zones: dict[tuple[str, str, str], str | None] = {}  # (provider, map, where) -> zone
        # each price's tiers under the book, worked out once however many resources use it
        self.contracts: dict[PriceKey, tuple[list[Segment], Terms | None]] = {}
        self.prices: dict[PriceKey, Selected | str] = {}  # in force, or why none is
        self.tiered: dict[tuple[PriceKey, str, float, float, float], _Tiered] = {}  # see _tiered
        # what is left of each account-wide allowance: (provider, service, dimension, variant,
        # version's effective date), or (provider, the version's allowance_pool) -> billing units
        self.allowances: dict[tuple[Any, ...], Any] = {}
        self.shares: list[tuple[str, PriceKey, Any]] = []  # see Estimate.allowance_shares
        # the units each (provider, allowance_pool, zone) ladder holds so far: see _start
        self.ladders: dict[tuple[str, str, str], Any] = {}
        self.starts: list[tuple[str, PriceKey, Any]] = []  # see Estimate.ladder_starts

    def resource(self, resource: Resource) -> None:
        if costs_nothing(resource):
            return
        entry = PRICED.get(resource.type)
        if entry is None:
            self._skip(resource, None, unpriced_reason(resource.type))
            return
        ctx = context_for(self.ctx, self.usage, resource)
        for component in entry.components:
            try:
                self.component(resource, entry, component, ctx)
            except Unpriceable as exc:
                if exc.whole:
                    self._skip(resource, None, str(exc))
                    return
                self._skip(resource, component.name, str(exc))

    def component(
        self, resource: Resource, entry: PricedType, comp: Component, ctx: Context
    ) -> None:
        provider = comp.provider or entry.provider
        try:
            quantities = comp.usage(resource, ctx)
        except DependsOnUsage:
            reason = depends_on_usage(self.catalog, self.as_of, provider, comp, resource, self.ctx)
            self._skip(resource, comp.name, reason)
            return
        if not quantities:
            return
        variant = comp.variant(resource) if comp.variant else None
        by_zone: dict[str, float] = defaultdict(float)
        wheres: dict[str, list[str]] = defaultdict(list)
        zones: dict[str, str] = {}
        source = ""
        if comp.source is not None and comp.zone_map is not None:
            location = comp.source(resource, ctx)
            if location:  # "": the map's plain keys
                source = f"{self._zone(provider, comp.zone_map + '_source', location) or location}/"
        for where, quantity in quantities.items():
            zone = comp.zone or (self._zone(provider, comp.zone_map, source + where))
            if zone is None:
                self._skip(resource, comp.name, f"no {comp.service} price for region {where}")
                continue
            by_zone[zone] += quantity
            wheres[zone].append(where)
            zones[where] = zone
        priced: dict[str, Selected] = {}
        for zone in by_zone:
            found = self._price(PriceKey(provider, comp.service, comp.dimension, zone, variant))
            if isinstance(found, str):
                self._skip(resource, comp.name, found)
            else:
                priced[zone] = found
        free = self._allowance({z: (s, by_zone[z]) for z, s in priced.items()})
        for where, amount in (comp.free(resource, ctx) if comp.free else {}).items():
            if zones.get(where) in priced:
                zone = zones[where]
                free[zone] = free.get(zone, 0.0) + amount / priced[zone].price.unit_size
        self.shares += [(resource.name, priced[z].key, share) for z, share in free.items()]
        for zone, selected in priced.items():
            self.locations = tuple(wheres[zone])
            start = self._start(resource, selected, zone, by_zone[zone])
            quantity = by_zone[zone]
            self._lines(resource, entry, comp, selected, zone, quantity, free.get(zone, 0.0), start)

    def _start(self, resource: Resource, selected: Selected, zone: str, quantity: Any) -> Any:
        """Where `quantity` starts on its zone's volume ladder (billing units): 0 on a ladder of
        its own; for a version naming an `allowance_pool`, what the pool's earlier resources put
        in the zone, in the graph's order (AWS counts S3's, EC2's and the load balancers'
        transfer out of a region together towards its tiers)."""
        pool = selected.version.allowance_pool
        if pool is None:
            return 0.0
        ladder = (selected.key.provider, pool, zone)
        start = self.ladders.get(ladder, 0.0)
        self.ladders[ladder] = start + quantity / selected.price.unit_size
        self.starts.append((resource.name, selected.key, start))
        return start

    def _allowance(self, zones: Mapping[str, tuple[Selected, Any]]) -> dict[str, Any]:
        """Each zone's share (billing units) of its price's account-wide free allowance, drawn
        from what earlier resources left of it (resources in the graph's order, zones pro rata:
        `tiers.allowance_shares`)."""
        pools: dict[tuple[Any, ...], list[str]] = defaultdict(list)
        for zone, (selected, _) in zones.items():
            v = selected.version
            if v.allowance is not None:
                k = selected.key
                own = (k.provider, k.service, k.dimension, k.variant, v.effective)
                pools[(k.provider, v.allowance_pool) if v.allowance_pool else own].append(zone)
        free: dict[str, Any] = {}
        for pool, names in pools.items():
            units = [zones[z][1] / zones[z][0].price.unit_size for z in names]
            left = self.allowances.get(pool, zones[names[0]][0].version.allowance)
            shares, self.allowances[pool] = self._shares(units, left)
            free.update(zip(names, shares, strict=True))
        return free

    def _shares(self, units: list[Any], left: Any) -> tuple[list[Any], Any]:
        return allowance_shares(units, left)  # the NumPy pricer's twin works on arrays

    def _price(self, key: PriceKey) -> Selected | str:
        """The price of `key` in force, or why there is none; looked up once per key."""
        found = self.prices.get(key)
        if found is None:
            quoted = None
            if self.book is not None and not self.catalog.has(key):
                quoted = self.book.quote(key, self.as_of, self.catalog)
            if quoted is not None:
                found = self.used[key] = quoted
            elif not self.catalog.has(key):
                found = self.catalog.missing(key)
            else:
                try:
                    found = self._select(key)
                except Unpriceable as exc:
                    found = str(exc)
            self.prices[key] = found
        return found

    def _zone(self, provider: str, zone_map: str | None, where: str) -> str | None:
        if zone_map is None:
            return where
        if (provider, zone_map, where) not in self.zones:
            self.zones[provider, zone_map, where] = self.catalog.zone(provider, zone_map, where)
        return self.zones[provider, zone_map, where]

    def _select(self, key: PriceKey) -> Selected:
        if key in self.used:
            return self.used[key]
        try:
            selected = self.catalog.select(key, self.as_of)
        except PriceEnded as exc:  # "not available" would read as not launched yet
            day = self.as_of.isoformat()
            raise Unpriceable(f"no price in force on {day}: the price ended ({exc})") from None
        except NotLaunched as exc:
            raise Unpriceable(f"not available on {self.as_of.isoformat()} ({exc})") from None
        except InputError as exc:
            raise InputError(self.as_of_where, self.as_of.isoformat(), exc.expected) from None
        self.used[key] = selected
        return selected

    def _lines(
        self,
        resource: Resource,
        entry: PricedType,
        comp: Component,
        selected: Selected,
        zone: str,
        quantity: float,
        free: float = 0.0,
        start: float = 0.0,
    ) -> None:
        price = selected.price
        if price.measure != comp.measure:
            raise AssertionError(f"{comp.name}: measures {comp.measure}, price is {price.measure}")
        tiered = self.tiered.get((selected.key, comp.name, quantity, free, start))
        if tiered is None:
            tiered = self._tiered(comp.name, selected, quantity, free, start)
            self.tiered[selected.key, comp.name, quantity, free, start] = tiered
        parts, beyond, holes = tiered
        provider = comp.provider or entry.provider
        for label, use, cents, contracted_price, contracted, commitment, hole in parts:
            if commitment is not None and contracted is not None:
                self.committed[commitment] += contracted
            # the fields of LineItem(...) set at once: a frozen dataclass's own __init__ sets
            # them one by one through object.__setattr__, 5x slower on 10^5 lines
            line = object.__new__(LineItem)
            line.__dict__.update(
                resource=resource.name,
                type=resource.type,
                provider=provider,
                role=resource.role,
                component=label,
                region=zone,
                quantity=use.quantity,
                unit=price.unit,
                unit_price_usd=use.price,
                cents=cents,
                key=selected.key,
                locations=self.locations,
                contracted_unit_price_usd=contracted_price,
                contracted=contracted,
                unpriced_column=hole,
                unpriced_reason=hole and f"{use.quantity:,.6g} {self._ended(selected, hole)}",
            )
            self.lines.append(line)
        for column, units in holes:
            self._skip(resource, comp.name, f"{units:,.6g} {self._ended(selected, column)}", column)
        if beyond > 0:
            self._skip(resource, comp.name, f"{beyond:,.6g} {self._ended(selected, None)}")

    def _ended(self, selected: Selected, hole: str | None) -> str:
        """Why a stretch is unpriced in column `hole` (None: both), after its quantity: `GiB in
        ZONE beyond the last published tier (512,000 GiB; contact sales)`, or the book's, and
        which column still prices it."""
        priced = {"list": "contracted", "contracted": "list"}.get(hole or "")
        price, key = selected.price, selected.key
        listed = selected.version.tiers[-1][0]
        terms = self.contract(selected)[1]
        rate = terms.rate[1].tiers() if terms and terms.rate else None
        booked = rate[-1].upto if rate else None
        ends = []
        if listed is not None and priced != "list":
            ends.append(f"the last published tier ({listed:,.10g} {price.unit}; contact sales)")
        if booked is not None and priced != "contracted":
            ends.append(f"the last tier of the price book ({booked:,.10g} {price.unit}; no rate)")
        why = f"{price.unit} in {key.zone} beyond " + " and ".join(ends)
        if listed == 0:  # no list price in this zone: a book's rate alone (PriceBook.quote)
            why = f"{price.unit} with no list price ({self.catalog.missing(key)})"
            if booked is not None and priced != "contracted":
                why += f" and beyond {ends[-1]}"
        if priced == "list":
            return why + ": unpriced at contracted prices, priced at list"
        if priced == "contracted":
            return why + ": unpriced at list, priced at the price book's rate"
        return why

    def _tiered(
        self, name: str, selected: Selected, quantity: float, free: float, start: float = 0.0
    ) -> _Tiered:
        """The lines of `quantity` of a price (label, tier use, cents, contracted rate and
        cents, commitment), and what lies beyond its last tier: the same for every resource
        using as much of it from the same `start` on its ladder, so worked out once. The first
        `free` units (an allowance's share) are free at list and under any book's rate."""
        price = selected.price
        tiers, terms = self.contract(selected)
        # a stretch unpriced at list is split at 0 (its line says unpriced): its rates, either
        # of which may be unpriced, are looked up by its upper bound
        list_tiers = [Tier(t.upto, t.list_price or 0.0) for t in tiers]
        uses, beyond = split(quantity / price.unit_size, list_tiers, free, start)
        commitment = terms.commitment[0] if terms and terms.commitment else None
        parts: list[_Part] = []
        rates = {t.upto: (t.list_price, t.contracted_price) for t in tiers}
        for i, use in enumerate(uses):
            listed, rate = (0.0, 0.0) if free > 0 and i == 0 else rates[use.upper]  # free first
            hole = "list" if listed is None else "contracted" if rate is None else None
            cents = round_cents(use.quantity * use.price)
            contracted_price, contracted = None, None
            if self.book is not None:
                rate = rate or 0.0  # an unpriced column's cents are 0, its line says unpriced
                self.book.check_exact(terms, use.quantity * rate)
                if hole is None and (
                    note := self.book.far_above_list(terms, use.price, rate, price.unit)
                ):
                    self.ctx.notes.add(note)
                contracted_price = rate
                contracted = round_cents(use.quantity * rate)
            label = tier_label(name, use, len(tiers) + (free > 0), price.unit, price.unit_size)
            if hole == "list":  # 0 there is no price: not "(free)"
                label = label.removesuffix(" (free)")
            parts.append((label, use, cents, contracted_price, contracted, commitment, hole))
        holes = tuple(
            (column, sum(p[1].quantity for p in parts if p[6] == column))
            for column in ("list", "contracted")
            if any(p[6] == column for p in parts)
        )
        return parts, beyond, holes

    def contract(self, selected: Selected) -> tuple[list[Segment], Terms | None]:
        """The price's tiers with the book's rates beside the list ones (the list tiers alone,
        each contracted at list, without a book)."""
        cached = self.contracts.get(selected.key)
        if cached is None:
            cached = contract(selected, self.book, self.as_of)
            self.contracts[selected.key] = cached
        return cached

    def _skip(
        self, resource: Resource, component: str | None, reason: str, column: str | None = None
    ) -> None:
        self.unpriced.append(
            Unpriced(
                resource.name,
                resource.type,
                provider_of(resource.type),
                resource.role,
                component,
                reason,
                column,
            )
        )


def contract(
    selected: Selected, book: PriceBook | None, as_of: dt.date
) -> tuple[list[Segment], Terms | None]:
    """A price's tiers with `book`'s rates on `as_of` beside the list ones, and the book's terms
    (the list tiers alone, each contracted at list, and None without a book or terms)."""
    terms = book.terms(selected.key, as_of) if book else None
    return segments(selected.version.tier_list(), terms), terms


@collector_paused()  # 10^5 resources' line items: see costmodel/files/collector.py
def estimate(
    graph: Sequence[Resource],
    scenario: Scenario,
    *,
    stack: str,
    as_of: dt.date,
    sponsors: Mapping[str, SponsorTerms] | None = None,
    regions: Mapping[str, str] | None = None,
    catalog: Catalog | None = None,
    as_of_where: str = "--prices-as-of",
    usage: Mapping[str, Scenario | None] | None = None,
    price_book: PriceBook | None = None,
) -> Estimate:
    """Price every resource of `graph` for one month of `scenario` at the prices of `as_of`,
    and at the contracted rates of `price_book` when one is given."""
    import costmodel.model.resources  # noqa: F401  (registers the priced and free types)

    ctx = Context(scenario=scenario, graph=tuple(graph), regions=dict(regions or {}))
    if note := period_note(scenario):  # `requests: 6e9` is per month: say so (F6)
        ctx.notes.add(note)
    pricer = _Pricer(catalog or default_catalog(), ctx, as_of, as_of_where)
    pricer.usage = dict(usage or {})
    pricer.book = price_book
    for resource in graph:
        pricer.resource(resource)
    if price_book is not None:
        present = {provider_of(t) for t in {r.type for r in graph}}
        pricer.lines += shortfalls(price_book, as_of, pricer.committed, present)
    running = in_force(sponsors or {}, as_of)
    providers = _provider_totals(graph, pricer.lines, running, price_book is not None)
    if price_book is not None:
        price_book.check_total(sum(p.contracted_cents for p in providers))
    notes = sorted(ctx.notes) + _sponsor_notes(sponsors or {}, running, providers)
    if price_book is not None:
        notes += price_book.unused(as_of, pricer.used)
        notes += price_book.changes_within_month(as_of, pricer.used)
    return Estimate(
        stack=stack,
        scenario=scenario.name,
        prices_as_of=as_of,
        line_items=tuple(pricer.lines),
        providers=providers,
        unpriced=tuple(pricer.unpriced),
        defaults_used=_defaults_that_apply(scenario.defaults_used, graph),
        prices_used=tuple(pricer.used[k] for k in sorted(pricer.used, key=str)),
        notes=tuple(notes),
        price_book=price_book,
        allowance_shares=tuple(pricer.shares),
        ladder_starts=tuple(pricer.starts),
        sponsored_providers=tuple(sorted(running)),
        covered_providers=tuple(sorted(p for p, terms in running.items() if terms.covers >= 1)),
    )


# scenario sections read only by one role's resources: a default for a role the setup lacks
# priced nothing, so listing it would tell the reader an assumption shaped the bill
_ROLE_OF_SECTION = {"queue": "queue", "dns": "dns", "statistics": "analytics"}


def _defaults_that_apply(
    defaults: tuple[tuple[str, str], ...], graph: Sequence[Resource]
) -> tuple[tuple[str, str], ...]:
    roles = {r.role for r in graph if not r.type.startswith("pulumi:")}  # providers, stack
    if None in roles:  # a plan's or a foreign preview's resources: keep every default
        return defaults
    kept = []
    for field_name, value in defaults:
        role = _ROLE_OF_SECTION.get(field_name.split(".")[0])
        if role is None or role in roles:
            kept.append((field_name, value))
    return tuple(kept)


def shortfalls(
    book: PriceBook, as_of: dt.date, committed: Mapping[int, int], providers: Iterable[str]
) -> list[LineItem]:
    """A line for each commitment in force whose discounted spend falls short of it: nothing at
    list, the difference contracted. A commitment to a provider the stack does not use is left
    out (a book is shared by every stack it prices)."""
    lines = []
    for index, entry in book.commitments(as_of):
        assert entry.commitment is not None
        due = round_cents(entry.commitment.monthly_usd)
        short = due - committed.get(index, 0)
        if entry.provider not in providers or short <= 0:
            continue
        lines.append(
            LineItem(
                resource=f"price book entries.{index}",
                type="indexplan:pricebook:Commitment",
                provider=entry.provider,
                role=None,
                component=f"commitment shortfall ({entry.label()}, ${usd(due):,.2f}/month)",
                region="global",
                quantity=1.0,
                unit="month",
                unit_price_usd=0.0,
                cents=0,
                contracted_unit_price_usd=usd(short),
                contracted=short,
            )
        )
    return lines


def _provider_totals(
    graph: Iterable[Resource],
    lines: Iterable[LineItem],
    sponsors: Mapping[str, SponsorTerms],
    contract: bool = False,
) -> tuple[ProviderTotal, ...]:
    """List and contracted cents per provider; sponsors give out of the contracted bill."""
    present = {provider_of(t) for t in {r.type for r in graph}}
    cents: dict[str, list[int]] = {p: [0, 0] for p in PROVIDERS if p in present}
    for line in lines:
        sums = cents.setdefault(line.provider, [0, 0])
        sums[0] += line.cents
        sums[1] += line.contracted_cents
    totals = []
    for provider, (list_cents, contracted) in cents.items():
        terms = sponsors.get(provider)
        sponsored = terms.sponsored_cents(contracted) if terms else 0
        totals.append(
            ProviderTotal(provider, list_cents, sponsored, contracted if contract else None)
        )
    return tuple(totals)


def _sponsor_notes(
    sponsors: Mapping[str, SponsorTerms],
    running: Mapping[str, SponsorTerms],
    providers: Iterable[ProviderTotal],
) -> list[str]:
    present = {p.provider for p in providers}
    notes = []
    for provider, terms in sorted(sponsors.items()):
        if provider not in present:
            continue
        if provider not in running:
            notes.append(f"sponsor {provider}: terms ended {terms.until}; paid in full")
            continue
        parts = []
        if terms.covers:
            parts.append(f"covers {terms.covers:.0%} of its bill")
        if terms.credit_monthly_usd:
            then = "then " if parts else ""
            parts.append(f"{then}a ${terms.credit_monthly_usd:,.2f}/month credit")
        program = f" ({terms.program})" if terms.program else ""
        notes.append(f"sponsor {provider}{program}: {', '.join(parts) or 'no terms'}")
    return notes
