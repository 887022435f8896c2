"""The dated price catalog: YAML data under costmodel/catalog/, validated on load.

A price is identified by (provider, service, dimension, zone, variant) and holds dated
versions; `Catalog.select(...)` returns the one in force on a date. A key may also be listed
as unpriced with the reason (a region or class the provider's list has no source for). The
format is described in costmodel/catalog/README.md.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import fnmatch
import itertools
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import chain, repeat
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, Protocol

from costmodel.errors import InputError
from costmodel.files import checked, diskcache
from costmodel.files.checked import Damaged
from costmodel.files.jsonfile import load_json_object
from costmodel.model.catalog_cache import INDEX_FOLDER, CatalogIndex, load_files, load_indexed
from costmodel.model.tiers import Tier

if TYPE_CHECKING:  # the files' models (pydantic): loaded only to validate files
    from costmodel.model import price_files

CATALOG_DIR = Path(__file__).resolve().parent.parent / "catalog"
# what the catalog's index (catalog_cache.load_indexed) is made by, besides costmodel/files/
_MODEL_CODE = tuple(Path(__file__).resolve().parent / name for name in
                    ("prices.py", "price_files.py", "catalog_cache.py", "strict.py",
                     "tiers.py"))  # fmt: skip
# Files in a folder of this name (written by `prices import`) may add versions to prices
# defined in other files; everywhere else a price is defined once.
IMPORTED_DIR = "imported"
Confidence = Literal["confirmed", "third-party", "unconfirmed"]
CONFIDENCES = ("confirmed", "third-party", "unconfirmed")
# What a component's quantity counts before it is divided by the price's unit_size.
Measure = Literal[
    "bytes", "byte_months", "byte_hours", "requests", "hours", "vcpu_hours", "zone_months", "months"
]
MEASURES = ("bytes", "byte_months", "byte_hours", "requests", "hours", "vcpu_hours",
            "zone_months", "months")  # fmt: skip
TierList = list[tuple[float | None, float]]
# every provider the catalog prices, and so every provider a price book can negotiate with
Provider = Literal["aws", "gcp", "fastly", "b2", "cloudflare", "datadog", "elastic"]
SHORT_REASON_MAX = 120


def check_tiers(tiers: TierList) -> TierList:
    """The tier rules every price obeys; ValueError names the first tier that breaks one."""
    lower = 0.0
    for i, (upto, price) in enumerate(tiers):
        if not all(math.isfinite(n) for n in (price, upto or 0)):
            raise ValueError(f"tier {i + 1}: bound and price must be finite (null = no limit)")
        if price < 0:
            raise ValueError(f"tier {i + 1}: price must be >= 0, got {price}")
        if upto is None:
            if i != len(tiers) - 1:
                raise ValueError(f"tier {i + 1}: only the last tier may be unbounded (null)")
            continue
        if upto <= lower:
            raise ValueError(
                f"tier {i + 1}: bounds must increase (overlapping or unordered at {upto})"
            )
        lower = upto
    return tiers


class _Dated(Protocol):
    @property
    def effective(self) -> dt.date: ...
    @property
    def until(self) -> dt.date | None: ...
    @property
    def note(self) -> str | None: ...
    @property
    def allowance(self) -> float | None: ...
    @property
    def allowance_pool(self) -> str | None: ...


def check_version(version: _Dated) -> None:
    """The rules across a version's fields; ValueError names the one it breaks."""
    if version.allowance_pool is not None and version.allowance is None:
        raise ValueError("allowance_pool names the allowance a version draws on: give `allowance`")
    if version.until is not None:
        if version.until <= version.effective:
            raise ValueError(
                f"until ({version.until}) must be after effective ({version.effective})"
            )
        if not version.note:
            raise ValueError("a version with `until` needs a `note`: why no price follows")


def increasing(versions: Sequence[_Dated]) -> None:
    dates = [v.effective for v in versions]
    if dates != sorted(set(dates)):
        raise ValueError("versions must be in increasing order of effective date, no repeats")
    for version, following in itertools.pairwise(versions):
        if version.until is not None and version.until > following.effective:
            raise ValueError(
                f"until ({version.until}) is after the next version's effective date"
                f" ({following.effective})"
            )


class _Unit(Protocol):
    @property
    def unit(self) -> str | None: ...
    @property
    def measure(self) -> str | None: ...
    @property
    def unit_size(self) -> float | None: ...


def check_unit_whole(block: _Unit) -> None:
    given = [block.unit is not None, block.measure is not None, block.unit_size is not None]
    if any(given) and not all(given):
        raise ValueError("a quoted price's unit needs unit, measure and unit_size together")


def no_variant() -> list[str | None]:
    return [None]


# The catalog as loaded: plain records of what price_files.py validated (fields in its order).


@dataclass(frozen=True, kw_only=True)
class PriceVersion:
    """A dated version of a price (for a table's column: its tiers are in each row)."""

    effective: dt.date
    checked: dt.date | None = None
    source: str
    confidence: Confidence
    note: str | None = None
    until: dt.date | None = None
    allowance: float | None = None
    allowance_pool: str | None = None
    tiers: TierList = dataclasses.field(default_factory=list)

    def tier_list(self) -> list[Tier]:
        return [Tier(upto, price) for upto, price in self.tiers]


@dataclass(frozen=True, kw_only=True)
class Price:
    service: str
    dimension: str
    unit: str
    measure: Measure
    unit_size: float
    launched: dt.date | None = None
    zone: str
    variant: str | None = None
    versions: list[PriceVersion]

    @property
    def label(self) -> str:
        parts = [self.service, self.dimension, self.variant, self.zone]
        return " ".join(p for p in parts if p)


@dataclass(frozen=True, kw_only=True)
class PriceTable:
    service: str
    dimension: str
    unit: str
    measure: Measure
    unit_size: float
    launched: dt.date | None = None
    versions: list[PriceVersion]  # without tiers: each row has its rates
    rows: list[list[Any]]


@dataclass(frozen=True, kw_only=True)
class UnpricedBlock:
    """Keys with no sourced price, each dimension x variant x zone, and why."""

    service: str
    dimensions: list[str]
    variants: list[str | None]
    zones: list[str]
    reason: str
    short: str | None = None
    unit: str | None = None
    measure: Measure | None = None
    unit_size: float | None = None

    @property
    def quotable(self) -> bool:
        """A price book's rate can price these keys (the block gives the billing unit)."""
        return self.unit is not None


def as_json(
    record: Any, include: Iterable[str] | None = None, drop_none: bool = True
) -> dict[str, Any]:
    """A record's fields (all, or those in `include`) as JSON holds them; with `drop_none`
    (what a catalog file would say) those that are None left out."""
    names = [f.name for f in dataclasses.fields(record)]
    out = {}
    for name in names if include is None else [n for n in names if n in set(include)]:
        value = getattr(record, name)
        if isinstance(value, dt.date):
            value = value.isoformat()
        elif name == "versions":
            value = [as_json(version, drop_none=drop_none) for version in value]
        elif name == "tiers":
            value = [list(tier) for tier in value]
        if value is not None or not drop_none:
            out[name] = value
    return out


def _version(model: price_files.VersionInfo) -> PriceVersion:
    return PriceVersion(**{name: getattr(model, name) for name in _VERSION_FIELDS if
                           hasattr(model, name)})  # fmt: skip


def _price(model: price_files.Price) -> Price:
    fields = {name: getattr(model, name) for name in _PRICE_FIELDS}
    return Price(**{**fields, "versions": [_version(v) for v in model.versions]})


def _table(model: price_files.PriceTable) -> PriceTable:
    fields = {name: getattr(model, name) for name in _TABLE_FIELDS}
    return PriceTable(**{**fields, "versions": [_version(v) for v in model.versions]})


def _block(model: price_files.UnpricedBlock) -> UnpricedBlock:
    return UnpricedBlock(**{name: getattr(model, name) for name in _BLOCK_FIELDS})


# Reading the index back: each record checked as price_files.py would (Damaged if it fails).


def _version_from(entry: Any, tiers: bool) -> PriceVersion:
    e = checked.mapping(entry, _VERSION_FIELDS)
    version = PriceVersion(
        effective=checked.date(e["effective"]),
        checked=checked.date(e["checked"], optional=True),
        source=checked.text(e["source"], nonempty=True),
        confidence=checked.choice(e["confidence"], CONFIDENCES),
        note=checked.text(e["note"], optional=True),
        until=checked.date(e["until"], optional=True),
        allowance=checked.number(e["allowance"], 0, above=True, optional=True),
        allowance_pool=checked.text(e["allowance_pool"], nonempty=True, optional=True),
        tiers=_tiers_from(e["tiers"]) if tiers else checked.listed(e["tiers"]),
    )
    if not tiers and version.tiers:
        raise Damaged("a table's version with tiers")
    _rule(check_version, version)
    return version


def _tiers_from(value: Any) -> TierList:
    pairs: TierList = []
    for tier in checked.listed(value, nonempty=True):
        if len(checked.listed(tier)) != 2:
            raise Damaged(f"not a tier: {tier!r}")
        upto, price = tier
        pairs.append((checked.number(upto, -math.inf, optional=True), checked.number(price, 0)))
    return _rule(check_tiers, pairs)


def _shape_from(e: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "service": checked.text(e["service"], nonempty=True),
        "dimension": checked.text(e["dimension"], nonempty=True),
        "unit": checked.text(e["unit"]),
        "measure": checked.choice(e["measure"], MEASURES),
        "unit_size": checked.number(e["unit_size"], 0, above=True),
        "launched": checked.date(e["launched"], optional=True),
    }


def _price_from(text: str) -> Price:
    e = checked.mapping(json.loads(text), _PRICE_FIELDS)
    versions = [_version_from(v, True) for v in checked.listed(e["versions"], nonempty=True)]
    _rule(increasing, versions)
    zone = checked.text(e["zone"], nonempty=True)
    variant = checked.text(e["variant"], nonempty=True, optional=True)
    return Price(**_shape_from(e), zone=zone, variant=variant, versions=versions)


def _table_from(text: str) -> PriceTable:
    e = checked.mapping(json.loads(text), _TABLE_FIELDS)
    versions = [_version_from(v, False) for v in checked.listed(e["versions"], nonempty=True)]
    _rule(increasing, versions)
    return PriceTable(**_shape_from(e), versions=versions, rows=checked.listed(e["rows"]))


def _block_from(text: str) -> UnpricedBlock:
    e = checked.mapping(json.loads(text), _BLOCK_FIELDS)

    def names(value: Any, optional: bool = False) -> list[Any]:
        items = checked.listed(value, nonempty=True)
        return [checked.text(item, nonempty=True, optional=optional) for item in items]

    short = checked.text(e["short"], nonempty=True, optional=True)
    if short is not None and len(short) > SHORT_REASON_MAX:
        raise Damaged("short reason too long")
    block = UnpricedBlock(
        service=checked.text(e["service"], nonempty=True),
        dimensions=names(e["dimensions"]),
        variants=names(e["variants"], optional=True),
        zones=names(e["zones"]),
        reason=checked.text(e["reason"], nonempty=True),
        short=short,
        unit=checked.text(e["unit"], nonempty=True, optional=True),
        measure=None if e["measure"] is None else checked.choice(e["measure"], MEASURES),
        unit_size=checked.number(e["unit_size"], 0, above=True, optional=True),
    )
    _rule(check_unit_whole, block)
    return block


def _rule(check: Any, value: Any) -> Any:
    try:
        check(value)
    except ValueError as exc:
        raise Damaged(str(exc)) from None
    return value


_VERSION_FIELDS = tuple(f.name for f in dataclasses.fields(PriceVersion))
_PRICE_FIELDS = tuple(f.name for f in dataclasses.fields(Price))
_TABLE_FIELDS = tuple(f.name for f in dataclasses.fields(PriceTable))
_BLOCK_FIELDS = tuple(f.name for f in dataclasses.fields(UnpricedBlock))
_SHAPE_FIELDS = ("service", "dimension", "unit", "measure", "unit_size", "launched")


class PriceKey(NamedTuple):
    # a tuple: thousands are made and hashed on every load
    provider: str
    service: str
    dimension: str
    zone: str
    variant: str | None = None

    def __str__(self) -> str:
        parts = [self.provider, self.service, self.dimension, self.variant, self.zone]
        return " ".join(p for p in parts if p)


@dataclass(frozen=True)
class Selected:
    """One price as in force on a date."""

    key: PriceKey
    price: Price
    version: PriceVersion
    source_file: str


class NotLaunched(LookupError):
    """The priced product did not exist yet on the date asked."""


class PriceEnded(NotLaunched, InputError):
    """The catalog's price stops (`until`) before the date asked and nothing sourced follows.

    An estimate reports it, like NotLaunched, as an unpriced line with the reason; readers that
    only skip prices not in force on a date catch InputError, as for a date before the first."""

    def __init__(self, key: PriceKey, version: PriceVersion) -> None:
        InputError.__init__(self, str(key), f"unpriced from {version.until} on", version.note or "")


class Catalog:
    def __init__(self, files: Mapping[str, price_files.ProviderCatalog]) -> None:
        # None: a price of an index (`indexed`) not yet read; its JSON is in _texts
        self._prices: dict[PriceKey, tuple[Price | None, str]] = {}
        self._texts: dict[PriceKey, str] = {}
        # table rows, made into prices (and their rates checked) when first asked for, so that
        # thousands load in milliseconds: (table in _tables, raw rates, file, field); a table
        # of an index is its JSON until first read
        self._rows: dict[PriceKey, tuple[int, list[Any], str, str]] = {}
        self._tables: list[PriceTable | str] = []
        # each key's block (an index in _blocks; a block of an index is its JSON until read)
        self._unpriced: dict[PriceKey, int] = {}
        self._blocks: list[UnpricedBlock | str] = []
        self._zone_maps: dict[tuple[str, str], dict[str, str]] = {}
        # imported files last, so their versions extend the prices they name
        for where, cat in sorted(files.items(), key=lambda f: _is_imported(f[0])):
            self._add_file(where, cat)

    @classmethod
    def indexed(cls, index: CatalogIndex) -> Catalog:
        """The catalog `index()` described: each price, table and unpriced block validated
        from its JSON when first asked for (a warm estimate reads ~20 prices of ~2,000), the
        rest never decoded. TypeError or ValueError for an index not of `index()`'s shape; a
        record that fails its checks when read is an InputError naming the index.
        (Checked column by column, in C: a check per row in Python cost ~12 M instructions,
        what not validating the whole catalog saves.)"""
        catalog = cls({})
        *price_keys, wheres, texts = _columns(index.prices, 7)
        keys = list(map(PriceKey, *price_keys))
        catalog._prices = dict(zip(keys, zip(repeat(None), wheres), strict=True))
        catalog._texts = dict(zip(keys, texts, strict=True))
        *row_keys, tables, rates, row_wheres, fields = _columns(index.rows, 9)
        made = zip(tables, rates, row_wheres, fields, strict=True)
        catalog._rows = dict(zip(map(PriceKey, *row_keys), made, strict=True))
        *block_keys, blocks = _columns(index.unpriced, 6)
        catalog._unpriced = dict(zip(map(PriceKey, *block_keys), blocks, strict=True))
        catalog._tables = list(index.tables)
        catalog._blocks = list(index.blocks)
        providers, names, maps = _columns(index.zone_maps, 3)
        catalog._zone_maps = dict(zip(zip(providers, names, strict=True), maps, strict=True))
        # every name and JSON a str ("".join refuses anything else; a variant may be None),
        # every number an index in range, every map a dict, every row's rates a list
        if set(map(type, maps)) - {dict} or set(map(type, rates)) - {list}:
            raise TypeError("not an index")
        texts_and_names = (
            *(part[:4] for part in (price_keys, row_keys, block_keys)),
            (wheres, texts, row_wheres, fields, index.tables, index.blocks, providers, names),
            [m.keys() for m in maps] + [m.values() for m in maps],
        )
        "".join(chain.from_iterable(chain.from_iterable(texts_and_names)))
        "".join(filter(None, chain(price_keys[4], row_keys[4], block_keys[4])))
        for numbers, count in ((tables, len(index.tables)), (blocks, len(index.blocks))):
            if set(map(type, numbers)) - {int} or (
                numbers and not 0 <= min(numbers) <= max(numbers) < count
            ):
                raise TypeError("not an index")
        return catalog

    def index(self) -> CatalogIndex:
        """Every price, table, row, block and zone map, as JSON gives them back: what
        `indexed` reads. Of a catalog just loaded (no price yet asked for)."""
        return CatalogIndex(
            prices=[[*key, where, _json(self._price(key)[0])] for key, (_, where) in
                    list(self._prices.items())],
            rows=[[*key, *row] for key, row in self._rows.items()],
            # a table with its first row alone (its rows are in `rows`, checked as read)
            tables=[_json(dataclasses.replace(self._table(i), rows=self._table(i).rows[:1]))
                    for i in range(len(self._tables))],
            unpriced=[[*key, block] for key, block in self._unpriced.items()],
            blocks=[_json(self._block(i)) for i in range(len(self._blocks))],
            zone_maps=[[p, name, dict(m)] for (p, name), m in self._zone_maps.items()],
        )  # fmt: skip

    def _add_file(self, where: str, cat: price_files.ProviderCatalog) -> None:
        for name, mapping in cat.zone_maps.items():
            if (cat.provider, name) in self._zone_maps:
                raise InputError(where, f"zone_maps.{name}", f"{cat.provider} defines it twice")
            self._zone_maps[(cat.provider, name)] = mapping
        rows, prices = self._rows, self._prices
        for i, table in enumerate(map(_table, cat.tables)):
            self._tables.append(table)
            columns = len(table.versions)
            for j, row in enumerate(table.rows):
                field = f"tables.{i}.rows.{j}"
                zone, variant, rates = _row(row, columns, where, field)
                key = PriceKey(cat.provider, table.service, table.dimension, zone, variant)
                if key in rows or key in prices:
                    self._duplicate(key, where, field)
                rows[key] = (len(self._tables) - 1, rates, where, field)
        for i, price in enumerate(map(_price, cat.prices)):
            key = PriceKey(cat.provider, price.service, price.dimension, price.zone, price.variant)
            if self.has(key):
                price = _extend(self._price(key), price, where, f"prices.{i}", key)
            self._prices[key] = (price, where)
        for block in map(_block, cat.unpriced):
            self._blocks.append(block)
            for dimension in block.dimensions:
                for variant in block.variants:
                    for zone in block.zones:
                        key = PriceKey(cat.provider, block.service, dimension, zone, variant)
                        self._unpriced.setdefault(key, len(self._blocks) - 1)

    def _duplicate(self, key: PriceKey, where: str, field: str) -> None:
        first = self._rows[key][2] if key in self._rows else self._prices[key][1]
        raise InputError(where, field, f"duplicate price {key} (also in {first})")

    def _price(self, key: PriceKey) -> tuple[Price, str]:
        if key in self._rows:
            table, rates, where, field = self._rows.pop(key)
            made = _table_price(self._table(table), key, rates, where, field)
            self._prices[key] = (made, where)
        price, where = self._prices[key]
        if price is None:
            price = _read(_price_from, self._texts[key], str(key))
            self._prices[key] = (price, where)
            del self._texts[key]
        return price, where

    def _table(self, i: int) -> PriceTable:
        table = self._tables[i]
        if isinstance(table, str):
            table = self._tables[i] = _read(_table_from, table, f"tables.{i}")
        return table

    def _block(self, i: int) -> UnpricedBlock:
        block = self._blocks[i]
        if isinstance(block, str):
            block = self._blocks[i] = _read(_block_from, block, f"unpriced.{i}")
        return block

    def prices(self) -> Iterable[tuple[PriceKey, Price, str]]:
        for key in list(self._rows):
            self._price(key)
        for key in list(self._prices):
            yield key, *self._price(key)

    def unpriced(self) -> Iterable[tuple[PriceKey, str]]:
        """Keys listed as unpriced (with the reason) that no price supersedes."""
        return ((k, self._block(b).reason) for k, b in self._unpriced.items() if not self.has(k))

    def quotable(self) -> Iterable[tuple[PriceKey, UnpricedBlock]]:
        """Unpriced keys a price book's rate may price: those whose block gives a unit."""
        blocks = ((k, self._block(i)) for k, i in self._unpriced.items() if not self.has(k))
        return ((k, b) for k, b in blocks if b.quotable)

    def quote_unit(self, key: PriceKey) -> UnpricedBlock | None:
        """The block of an unpriced `key` a price book's rate may price, if it is one."""
        block = self._unpriced_block(key)
        return block if block is not None and block.quotable else None

    def provider_zones(self, provider: str) -> set[str]:
        """Every zone the catalog names for `provider`: its prices', its unpriced keys' and its
        zone maps' (a price book's zone outside these is a typo, not a hole to fill)."""
        keys = chain(self._prices, self._rows, self._unpriced)
        zones = {key.zone for key in keys if key.provider == provider}
        for (owner, _), mapping in self._zone_maps.items():
            zones.update(mapping.values() if owner == provider else ())
        return zones

    def zone_map(self, provider: str, name: str) -> dict[str, str]:
        return dict(self._zone_maps.get((provider, name), {}))

    def zone(self, provider: str, zone_map: str, key: str) -> str | None:
        """The price zone `key` (a scenario region or a cloud location) falls in, if any."""
        mapping = self._zone_maps.get((provider, zone_map), {})
        if key in mapping:
            return mapping[key]
        for pattern, zone in mapping.items():
            if fnmatch.fnmatchcase(key, pattern):
                return zone
        return None

    def has(self, key: PriceKey) -> bool:
        return key in self._prices or key in self._rows

    def _unpriced_block(self, key: PriceKey) -> UnpricedBlock | None:
        block = None if self.has(key) else self._unpriced.get(key)
        return None if block is None else self._block(block)

    def unpriced_reason(self, key: PriceKey) -> str | None:
        """The reason the catalog gives for having no price of `key`, if it lists one."""
        block = self._unpriced_block(key)
        return block.reason if block else None

    def missing(self, key: PriceKey) -> str:
        """Why `key` has no price, as reports print it: the catalog's reason (its short form and
        where to read the whole, when it has one), else that the catalog does not list it."""
        what = f"{key.provider} {key.service} {key.dimension}"
        where = f"{key.variant} in {key.zone}" if key.variant else key.zone
        block = self._unpriced_block(key)
        if block is None:
            return f"no {what} price for {where} in the catalog"
        if block.short:
            whole = f"see `indexplan prices show {key.service}`"
            return f"no {what} price for {where}: {block.short}; {whole}"
        return f"no {what} price for {where}: {block.reason}"

    def select(self, key: PriceKey, as_of: dt.date) -> Selected:
        """The version of `key` in force on `as_of`; InputError when none was yet."""
        if not self.has(key):
            raise KeyError(key)
        price, where = self._price(key)
        if price.launched and as_of < price.launched:
            raise NotLaunched(f"{key} launched {price.launched.isoformat()}")
        in_force = [v for v in price.versions if v.effective <= as_of]
        if not in_force:
            first = price.versions[0].effective.isoformat()
            raise InputError(
                "--prices-as-of",
                as_of.isoformat(),
                f"before the earliest known price for {key} ({first}, {where})",
            )
        version = in_force[-1]
        if version.until is not None and as_of >= version.until:
            raise PriceEnded(key, version)
        return Selected(key, price, version, where)


def _table_price(
    table: PriceTable, key: PriceKey, rates: list[Any], where: str, field: str
) -> Price:
    # the table was validated as a file's, the row's shape by _row and its rates here
    versions = [
        dataclasses.replace(meta, tiers=_rate(rate, where, f"{field}.{2 + k}"))
        for k, (meta, rate) in enumerate(zip(table.versions, rates, strict=True))
        if rate is not None
    ]
    shape = {name: getattr(table, name) for name in _SHAPE_FIELDS}
    return Price(**shape, zone=key.zone, variant=key.variant, versions=versions)


def _json(record: Any) -> str:
    """A record as the index holds it: every field (`_price_from` and its kin read it)."""
    return json.dumps(as_json(record, drop_none=False), separators=(",", ":"))


def _read(read: Any, text: str, field: str) -> Any:
    """`read(text)`, a record of the index; one it does not check out is never used."""
    try:
        return read(text)
    except (Damaged, ValueError, TypeError) as exc:
        where = str(diskcache.cache_dir() / INDEX_FOLDER)
        raise InputError(
            where, field, f"a damaged cache entry ({exc}); delete this folder to rebuild it"
        ) from None


def _columns(rows: list[list[Any]], width: int) -> list[tuple[Any, ...]]:
    """`rows` as `width` columns; ValueError for a row of another width."""
    if any(len(row) != width for row in rows):
        raise ValueError("not an index")
    return list(zip(*rows, strict=True)) if rows else [()] * width


def _is_imported(where: str) -> bool:
    return Path(where).parent.name == IMPORTED_DIR


def _row(
    row: list[Any], versions: int, where: str, field: str
) -> tuple[str, str | None, list[Any]]:
    """A table row `[zone, variant or null, rate or tiers or null, ...]`: its shape checked,
    its rates as written (checked when the price is first asked for)."""
    if len(row) != 2 + versions:
        raise InputError(
            where, field, f"a row is [zone, variant or null, then {versions} rate(s) or null]"
        )
    zone, variant, *rates = row
    if type(zone) is not str or not zone:
        raise InputError(where, f"{field}.0", f"zone must be a name, got {zone!r}")
    if variant is not None and (type(variant) is not str or not variant):
        raise InputError(where, f"{field}.1", f"variant must be a name or null, got {variant!r}")
    if rates.count(None) == versions:
        raise InputError(where, field, "every version's rate is null")
    return zone, variant, rates


def _rate(rate: Any, where: str, field: str) -> TierList:
    tiers = [[None, rate]] if type(rate) in _NUMBERS else rate
    pairs: TierList = []
    try:
        if type(tiers) is not list or not tiers:
            raise ValueError(f"expected a rate or a list of [upto, rate], got {rate!r}")
        for k, tier in enumerate(tiers):
            if (
                type(tier) is not list
                or len(tier) != 2
                or type(tier[1]) not in _NUMBERS
                or not (tier[0] is None or type(tier[0]) in _NUMBERS)
            ):
                raise ValueError(f"tier {k + 1}: expected [upto or null, rate], got {tier!r}")
            pairs.append((None if tier[0] is None else float(tier[0]), float(tier[1])))
        return check_tiers(pairs)
    except ValueError as exc:
        raise InputError(where, field, str(exc)) from None


_NUMBERS = (int, float)  # exact types: a YAML or JSON boolean is not a rate


def _extend(
    existing: tuple[Price, str], added: Price, where: str, field: str, key: PriceKey
) -> Price:
    """An imported file's versions of a price defined elsewhere, merged in date order."""
    price, first = existing
    if not _is_imported(where):
        raise InputError(where, field, f"duplicate price {key} (also in {first})")
    shape = ("unit", "measure", "unit_size", "launched")
    if any(getattr(price, name) != getattr(added, name) for name in shape):
        raise InputError(where, field, f"{key}: unit, measure and unit_size must match {first}")
    versions = sorted([*price.versions, *added.versions], key=lambda v: v.effective)
    dates = [v.effective for v in versions]
    if len(set(dates)) != len(dates):
        raise InputError(where, field, f"{key}: a version with this date is already in {first}")
    return dataclasses.replace(price, versions=versions)


def parse_catalog_file(path: Path) -> price_files.ProviderCatalog:
    return _validated(path, _read_catalog_file(path))


def _read_catalog_file(path: Path) -> dict[str, Any]:
    from costmodel.files.yamlfile import load_yaml_mapping  # PyYAML: not when the cache holds it

    what = "a price catalog"
    return load_json_object(path, what) if path.suffix == ".json" else load_yaml_mapping(path, what)


def _validated(path: Path, data: dict[str, Any]) -> price_files.ProviderCatalog:
    from pydantic import ValidationError

    from costmodel.errors import from_validation_error
    from costmodel.model.price_files import ProviderCatalog

    try:
        return ProviderCatalog.model_validate(data)
    except ValidationError as exc:
        error = from_validation_error(str(path), exc)
        loc = exc.errors()[0]["loc"]
        entries = data.get(str(loc[0])) if loc else None
        if loc[:1] in (("prices",), ("tables",)) and len(loc) > 1 and isinstance(entries, list):
            entry = entries[int(loc[1])]
            if isinstance(entry, dict):
                label = " ".join(str(entry.get(k)) for k in ("service", "dimension", "zone"))
                label = label.removesuffix(" None")
                error = InputError(str(path), f"{error.field} ({label})", error.expected)
        raise error from None


def catalog_files(directory: Path) -> list[Path]:
    """Every catalog file under `directory` (YAML, or JSON for generated ones), stable order."""
    return sorted([*directory.rglob("*.yaml"), *directory.rglob("*.json")])


def load_catalog(directory: Path = CATALOG_DIR, cached: bool = False) -> Catalog:
    """The catalog of the files under `directory`; with `cached`, their parse is read from
    (or stored in) the disk cache of catalog_cache.py, and validated as from the files."""
    files = catalog_files(directory)
    if not files:
        raise InputError(str(directory), "", "no price catalog files (*.yaml, *.json)")
    if not cached:
        return Catalog({str(p): parse_catalog_file(p) for p in files})

    def load() -> Catalog:
        loaded = load_files(files, directory, _read_catalog_file, _validated)
        return Catalog({str(p): catalog for p, catalog in loaded.items()})

    # what validated the index's records (as a listing: importing pydantic is what it saves)
    versions = str(diskcache.installed_versions(("pydantic", "pydantic_core")))
    return load_indexed(
        files, directory, load, Catalog.index, Catalog.indexed, _MODEL_CODE, versions
    )


@cache
def default_catalog() -> Catalog:
    return load_catalog(CATALOG_DIR, cached=True)
