"""Price books: the operator's negotiated rates, entered as such (a YAML file, `indexplan schema
price-book`).

Each entry names a scope (a provider, optionally a service, a dimension, a zone, a variant) and
one of three terms, in force from `effective` to `until` (both days included):

- `discount_percent`: every list rate in scope, less that share;
- `rate`: a negotiated unit rate, flat or tiered, in the catalog's billing unit for the price;
- `commitment`: a committed monthly spend with its discount; when the discounted spend in scope
  falls below the commitment, the difference is charged as a shortfall.

A `rate` may also price what the catalog lists as quoted rather than listed (an unpriced key
whose block gives the unit a rate is in: Cloudflare's Enterprise plan, Fastly's Let's Encrypt
certificate): the book's rate is then the price, at list and contracted alike, and the book its
source. A `rate` whose tiers go on past the catalog's bounded last tier (a "contact sales" tail:
Fastly past 10 TB, Cloud CDN past 500 TiB) prices that tail in the contracted column, the list
one unpriced there; a `rate` whose own tiers end first leaves the rest at list and unpriced at
contracted (`segments`). A `rate` naming a zone the catalog has no price for (a region with
no dated public list here: Fargate or NAT in eu-west-1) fills that hole when the catalog prices
the same provider, service and dimension in other zones, in one billing unit: the line is
priced in the contracted column at the book's rate, the list column stays unpriced with the
catalog's reason (no list price to compare it with), so list totals stay "≥" while contracted
and out of pocket are complete. For each price, the most specific `discount_percent` or `rate` entry
in force sets the contracted rate; the most specific commitment in force then takes its
discount off that rate, and the spend counts toward it. Applying a book is pure arithmetic on
the catalog's tiers (`segments`), so the scalar estimate and the vectorised planner can share it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from costmodel.errors import InputError
from costmodel.files.jsonfile import validate_as
from costmodel.model.limits import EXACT_CENTS, EXACT_USD, MAX_USD
from costmodel.model.prices import (
    Catalog,
    Measure,
    Price,
    PriceKey,
    PriceVersion,
    Provider,
    Selected,
    UnpricedBlock,
    check_tiers,
)
from costmodel.model.segments import NOT_PRORATED, Terms
from costmodel.model.strict import STRICT
from costmodel.model.tiers import Tier

KEY = "indexplan:price_book"  # a stack file's own book
# A negotiated rate above list is legal (a rate agreed before a list price cut, a reseller's
# margin: tens of percent), but one past twice the list is far likelier a slipped decimal
# point (5.0 for 0.05 is 100x, 0.5 for 0.05 10x): a note, never a refusal.
FAR_ABOVE_LIST = 2.0
SCOPE_FIELDS = ("service", "dimension", "zone", "variant")
# A hole priced by a book's rate alone: the list ladder ends at 0 ("contact sales" from the
# first unit), so `segments` leaves the list column unpriced and the book's rate prices the
# contracted one, as past a published ladder's end
NO_LIST_TIERS: list[tuple[float | None, float]] = [(0.0, 0.0)]
# (unit, measure, unit_size): the billing unit a price is in
BillingUnit = tuple[str, Measure, float]


class _Strict(BaseModel):
    model_config = STRICT


Percent = Annotated[float, Field(ge=0, lt=100, allow_inf_nan=False)]


class Rate(_Strict):
    unit: str | None = Field(
        default=None, description="The catalog's billing unit for the price (checked if given)"
    )
    tiers: list[tuple[float | None, float]] = Field(
        min_length=1,
        description="[[upto, USD per unit], ...]: cumulative bounds in the billing unit, "
        "increasing; null = no limit (last tier only). Usage beyond a bounded last tier is "
        "unpriced at contracted prices (it stays at list); a rate beyond the catalog's own "
        'bounded last tier ("contact sales") prices the contracted column there; a free '
        "allowance in a priced ladder stays free, a price free at every volume (a free plan) "
        "takes the rate",
    )

    @field_validator("tiers")
    @classmethod
    def _ordered(cls, tiers: list[tuple[float | None, float]]) -> list[tuple[float | None, float]]:
        for n, (_, price) in enumerate(tiers, 1):
            if price > MAX_USD:  # the catalog's rule below takes NaN, infinity and negatives
                raise ValueError(f"tier {n}: a rate is at most {MAX_USD:.0e} USD per unit")
        # the catalog's own rule for tiers, so a negotiated rate splits exactly as a list one
        return check_tiers(tiers)


class Commitment(_Strict):
    monthly_usd: float = Field(gt=0, le=MAX_USD, allow_inf_nan=False, description="Committed spend")
    discount_percent: Percent = Field(description="Discount on every rate in scope")


def _number_or_rate(schema: dict[str, Any]) -> None:
    """The schema of `rate` says a bare number is accepted (the validator turns it into tiers)."""
    schema["anyOf"] = [{"type": "number", "minimum": 0}, *schema["anyOf"]]


class Entry(_Strict):
    provider: Provider = Field(description="A catalog provider: b2 is Backblaze B2")
    service: str | None = Field(default=None, description="A catalog service, e.g. cloudfront")
    dimension: str | None = Field(default=None, description="A catalog dimension, e.g. data_out")
    zone: str | None = Field(
        default=None,
        description="One price zone, e.g. us_europe; with a rate, also a zone of the provider "
        "the catalog has no price for (eu-west-1 for Fargate): contracted priced, list not",
    )
    variant: str | None = Field(default=None, description="One variant, e.g. db.r6g.large/multi-az")
    effective: dt.date = Field(description="First day the terms apply")
    until: dt.date | None = Field(default=None, description="Last day the terms apply")
    discount_percent: Percent | None = None
    rate: Rate | None = Field(
        default=None,
        description="USD per billing unit, or {unit, tiers} for a tiered rate",
        json_schema_extra=_number_or_rate,
    )
    commitment: Commitment | None = None
    note: str | None = None

    @field_validator("rate", mode="before")
    @classmethod
    def _flat(cls, value: Any) -> Any:
        """A number is a flat rate: one unbounded tier."""
        if isinstance(value, int | float) and not isinstance(value, bool):
            return {"tiers": [[None, value]]}
        return value

    @model_validator(mode="after")
    def _one_term(self) -> Entry:
        given = [
            k for k in ("discount_percent", "rate", "commitment") if getattr(self, k) is not None
        ]
        if len(given) != 1:
            raise ValueError(
                "give exactly one of discount_percent, rate, commitment"
                + (f" (given: {', '.join(given)})" if given else "")
            )
        if self.rate is not None and (self.service is None or self.dimension is None):
            raise ValueError("a rate is in one billing unit: name its service and dimension")
        if self.until is not None and self.until < self.effective:
            raise ValueError(f"until {self.until} is before effective {self.effective}")
        return self

    @property
    def scope(self) -> tuple[str | None, ...]:
        return (self.service, self.dimension, self.zone, self.variant)

    @property
    def specificity(self) -> tuple[bool, ...]:
        """Orders entries that match one price: a dimension beats a service beats a provider."""
        return (self.dimension is not None, self.variant is not None, self.zone is not None,
                self.service is not None)  # fmt: skip

    def label(self) -> str:
        parts = [self.provider, *(p for p in self.scope if p)]
        return " ".join(parts)

    def matches(self, key: PriceKey) -> bool:
        values = (key.service, key.dimension, key.zone, key.variant)
        return key.provider == self.provider and all(
            want is None or want == have for want, have in zip(self.scope, values, strict=True)
        )

    def in_force(self, on: dt.date) -> bool:
        return self.effective <= on and (self.until is None or on <= self.until)

    def tiers(self) -> list[Tier] | None:
        if self.rate is None:
            return None
        return [Tier(upto, price) for upto, price in self.rate.tiers]


class PriceBookFile(_Strict):
    """A price book: negotiated rates, discounts and commitments over the catalog's list prices."""

    model_config = ConfigDict(title="indexplan price book")

    name: str | None = Field(default=None, description="Defaults to the file's stem")
    source: str = Field(min_length=1, description="The contract or bill the terms come from")
    currency: Literal["USD"] = "USD"
    entries: list[Entry] = Field(min_length=1)


@dataclass(frozen=True)
class PriceBook:
    name: str
    source: str
    where: str
    entries: tuple[Entry, ...]
    # entries that fill a zone the catalog has no price for (by index), with the billing unit
    # of the catalog's prices of that service and dimension elsewhere
    fills: Mapping[int, BillingUnit] = dataclasses.field(default_factory=dict)

    def terms(self, key: PriceKey, on: dt.date) -> Terms | None:
        rate = _in_force(self.entries, key, on, commitment=False)
        commitment = _in_force(self.entries, key, on, commitment=True)
        if rate is None and commitment is None:
            return None
        return Terms(rate, commitment)

    def quote(self, key: PriceKey, on: dt.date, catalog: Catalog) -> Selected | None:
        """A price the catalog lacks, at this book's rate in force on `on`, with the book as its
        source; None without such a rate. For a price the catalog lists as quoted, not listed
        (unpriced, with the unit a rate is in), the book's rate is the price, at list and
        contracted alike; for a zone the catalog has no price for (an entry in `fills`), it
        prices the contracted column only and the list one stays unpriced."""
        block = catalog.quote_unit(key)
        found = _in_force(self.entries, key, on, commitment=False) if block or self.fills else None
        if found is None or found[1].rate is None:
            return None
        index, entry = found
        assert entry.rate is not None
        if block is not None:
            assert block.unit and block.measure and block.unit_size
            unit: BillingUnit = (block.unit, block.measure, block.unit_size)
            note = f"no list price ({block.short or block.reason}): the book's rate is the price"
            tiers = entry.rate.tiers
        elif index in self.fills:
            unit = self.fills[index]
            note = (
                f"{catalog.missing(key)}; the book's rate prices the contracted column only, "
                "the list one stays unpriced"
            )
            tiers = NO_LIST_TIERS
        else:
            return None
        version = PriceVersion(
            effective=entry.effective,
            source=f"price book {self.name}, entries.{index} ({self.source})",
            confidence="confirmed",
            note=note,
            tiers=tiers,
        )
        price = Price(
            service=key.service,
            dimension=key.dimension,
            unit=unit[0],
            measure=unit[1],
            unit_size=unit[2],
            zone=key.zone,
            variant=key.variant,
            versions=[version],
        )
        return Selected(key, price, version, self.where)

    def commitments(self, on: dt.date) -> list[tuple[int, Entry]]:
        return [(i, e) for i, e in enumerate(self.entries) if e.commitment and e.in_force(on)]

    def check_exact(self, terms: Terms | None, dollars: float) -> None:
        """Refuse a negotiated rate that takes one line of a month's bill past what every output
        carries to the cent (EXACT_USD); only a rate can, discounts lower the list bill."""
        if terms is not None and terms.rate is not None and not dollars < EXACT_USD:
            index, entry = terms.rate
            raise InputError(
                self.where,
                f"entries.{index}.rate",
                f"{entry.label()} at this rate bills over ${EXACT_USD:,.0f} a month; "
                "expected a rate the month's bill can carry to the cent",
            )

    def far_above_list(
        self, terms: Terms | None, list_price: float, contracted: float, unit: str
    ) -> str:
        """A note when a negotiated rate is over FAR_ABOVE_LIST times the list rate it replaces
        on a bill's line ("" if not): a contract rate that high is usually a typo."""
        if terms is None or terms.rate is None or terms.rate[1].rate is None:
            return ""
        if not 0 < list_price * FAR_ABOVE_LIST < contracted:
            return ""
        index, entry = terms.rate
        return (
            f"price book {self.name}: entries.{index} ({entry.label()}) rate "
            f"${contracted:,.10g} per {unit} is {contracted / list_price:,.1f}x the list "
            f"${list_price:,.10g} it replaces: check the decimal point"
        )

    def unused(self, on: dt.date, keys: Iterable[PriceKey]) -> list[str]:
        """A note for each entry in force that none of `keys` (the prices a setup used) falls
        under: a book written for another provider must not read as terms applied."""
        used = list(keys)
        return [
            f"price book entries.{i} ({entry.label()}) matches no price this setup uses"
            for i, entry in enumerate(self.entries)
            if entry.in_force(on) and not any(entry.matches(key) for key in used)
        ]

    def changes_within_month(self, on: dt.date, keys: Iterable[PriceKey]) -> list[str]:
        """A note for each entry over a price the setup uses that starts or ends inside the
        calendar month of `on` (not on its boundaries): the whole month is priced at the terms
        in force on `on`, as the catalog's own price changes are, never prorated by day, and a
        contract that changes mid-month must not read as the month's true rate (s11-audit F4)."""
        used = list(keys)
        first = on.replace(day=1)
        after = (first + dt.timedelta(days=31)).replace(day=1)  # the next month's first day
        notes = []
        for i, entry in enumerate(self.entries):
            if not any(entry.matches(key) for key in used):
                continue
            ends = None if entry.until is None else entry.until + dt.timedelta(days=1)
            for verb, day in (("starts", entry.effective), ("ends after", ends)):
                if day is not None and first < day < after:
                    shown = day if verb == "starts" else entry.until
                    notes.append(
                        f"price book entries.{i} ({entry.label()}) {verb} {shown}, inside "
                        f"{first:%Y-%m}: the month is priced at the terms in force on {on} "
                        f"{NOT_PRORATED}"
                    )
        return notes

    def check_total(self, cents: int) -> None:
        """Refuse a book whose rates together take the month's bill past EXACT_CENTS."""
        if cents >= EXACT_CENTS:
            raise InputError(
                self.where,
                "entries",
                f"the rates bill over ${EXACT_USD:,.0f} a month; "
                "expected rates the month's bill can carry to the cent",
            )


def _in_force(
    entries: Sequence[Entry], key: PriceKey, on: dt.date, commitment: bool
) -> tuple[int, Entry] | None:
    """The most specific entry of the kind asked that prices `key` on `on`, with its index."""
    candidates = [
        (i, e)
        for i, e in enumerate(entries)
        if (e.commitment is not None) == commitment and e.matches(key) and e.in_force(on)
    ]
    return max(candidates, key=lambda ie: ie[1].specificity, default=None)


def parse_price_book(data: dict[str, Any], where: str, name: str, catalog: Catalog) -> PriceBook:
    """A book's mapping, validated, and every entry checked against `catalog`: a scope that names
    no catalog price, a rate in another unit, or two entries for one scope at once is an error.
    A rate for a zone the catalog has no price for, of a price it has elsewhere, fills it."""
    file = validate_as(PriceBookFile, data, where)
    listed = [(key, _unit_of(price)) for key, price, _ in catalog.prices()]
    quoted = [(key, _unit_of(block)) for key, block in catalog.quotable()]
    fills: dict[int, BillingUnit] = {}
    for i, entry in enumerate(file.entries):
        field = f"entries.{i}"
        matched = [unit for key, unit in listed if entry.matches(key)]
        quotes = [unit for key, unit in quoted if entry.matches(key)]
        if not matched and not quotes:
            fills[i] = _fill(entry, listed + quoted, catalog, where, field)
        elif entry.rate is not None and entry.zone is not None:
            # a zone's rate also fills its keys the catalog lacks (EMEA egress from a region
            # with no list price), in the one unit the catalog bills them in elsewhere
            by_unit = _units_elsewhere(entry, listed + quoted)
            if len(by_unit) == 1:
                fills[i] = next(iter(by_unit))
        elif not matched and entry.rate is None:
            raise InputError(
                where,
                field,
                f"{entry.label()} is quoted, with no list price to discount; expected its rate",
            )
        if entry.rate is not None and entry.rate.unit is not None:
            units = sorted({u[0] for u in matched + quotes} or {fills[i][0]})
            if units != [entry.rate.unit]:
                raise InputError(
                    where,
                    f"{field}.rate.unit",
                    f"{entry.label()} is billed in {', '.join(units)}, not {entry.rate.unit!r}",
                )
        for j, other in enumerate(file.entries[:i]):
            if _overlap(entry, other):
                raise InputError(
                    where,
                    field,
                    f"entries.{j} already sets {'a commitment' if entry.commitment else 'the rate'}"
                    f" for {entry.label()} on {max(entry.effective, other.effective)}",
                )
    return PriceBook(file.name or name, file.source, where, tuple(file.entries), fills)


def _unit_of(price: Price | UnpricedBlock) -> BillingUnit:
    assert price.unit and price.measure and price.unit_size  # a quotable block has all three
    return (price.unit, price.measure, price.unit_size)


def _fill(
    entry: Entry,
    known: Sequence[tuple[PriceKey, BillingUnit]],
    catalog: Catalog,
    where: str,
    field: str,
) -> BillingUnit:
    """The billing unit of an entry that matches no price of the catalog, if it is a rate for
    a zone the catalog lacks of a price it has elsewhere: the catalog's unit for that service
    and dimension in its other zones. Else an InputError saying what the entry got wrong."""
    label = entry.label()
    by_unit = _units_elsewhere(entry, known)
    if not by_unit or entry.zone is None:
        raise InputError(where, field, f"no price in the catalog for {label}{_near(entry, known)}")
    zones = catalog.provider_zones(entry.provider)
    if entry.zone not in zones:
        near = difflib.get_close_matches(entry.zone, sorted(zones), n=3, cutoff=0.6)
        shown = f"; closest: {', '.join(near)}" if near else ""
        raise InputError(
            where,
            f"{field}.zone",
            f"the catalog knows no {entry.provider} zone {entry.zone!r}{shown}",
        )
    if len(by_unit) > 1:
        shown = "; ".join(
            f"{unit[0]} in {', '.join(sorted(names))}" for unit, names in sorted(by_unit.items())
        )
        raise InputError(
            where,
            field,
            f"no price in the catalog for {label}, and its other zones bill it in different "
            f"units ({shown}): expected an entry for a zone the catalog prices",
        )
    [(unit, names)] = by_unit.items()
    if entry.rate is None:
        term = "discount" if entry.discount_percent is not None else "commitment"
        raise InputError(
            where,
            field,
            f"no list price in the catalog for {label} to take a {term} from (it has "
            f"{entry.service} {entry.dimension} in {_few(names)}); expected its `rate` "
            f"per {unit[0]}",
        )
    return unit


def _units_elsewhere(
    entry: Entry, known: Sequence[tuple[PriceKey, BillingUnit]]
) -> dict[BillingUnit, set[str]]:
    """The zones of each billing unit the catalog bills the entry's scope in, any zone."""
    scope = (entry.service, entry.dimension, entry.variant)
    by_unit: dict[BillingUnit, set[str]] = {}
    for key, unit in known:
        values = (key.service, key.dimension, key.variant)
        if key.provider == entry.provider and all(
            want is None or want == have for want, have in zip(scope, values, strict=True)
        ):
            by_unit.setdefault(unit, set()).add(key.zone)
    return by_unit


def _near(entry: Entry, known: Sequence[tuple[PriceKey, BillingUnit]]) -> str:
    """`; closest: ...` for a dimension (or service) the provider's catalog does not have."""
    same = [key for key, _ in known if key.provider == entry.provider]
    if entry.service is not None and not any(k.service == entry.service for k in same):
        typed, names = entry.service, {k.service for k in same}
    elif entry.dimension is not None:
        typed = entry.dimension
        names = {k.dimension for k in same if k.service == entry.service}
    else:
        return ""
    near = difflib.get_close_matches(typed, sorted(names), n=3, cutoff=0.6)
    return f"; closest: {', '.join(near)}" if near and typed not in names else ""


def _few(names: Iterable[str], shown: int = 4) -> str:
    ordered = sorted(names)
    more = f" and {len(ordered) - shown} more" if len(ordered) > shown else ""
    return ", ".join(ordered[:shown]) + more


def _overlap(a: Entry, b: Entry) -> bool:
    if (a.provider, a.scope) != (b.provider, b.scope):
        return False
    if (a.commitment is None) != (b.commitment is None):
        return False
    a_end, b_end = a.until or dt.date.max, b.until or dt.date.max
    return a.effective <= b_end and b.effective <= a_end


def load_price_book(path: Path, catalog: Catalog) -> PriceBook:
    from costmodel.files.yamlfile import load_yaml_mapping  # PyYAML: only for a price book

    data = load_yaml_mapping(path, what="a price book")
    return parse_price_book(data, str(path), path.stem, catalog)


def json_schema() -> dict[str, Any]:
    return PriceBookFile.model_json_schema()
