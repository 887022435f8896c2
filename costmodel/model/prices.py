"""The dated price catalog: YAML data under costmodel/catalog/, validated on load.

A price is identified by (provider, service, dimension, zone, variant) and holds dated
versions; `Catalog.select(...)` returns the one in force on a date. A key may also be listed
as unpriced with the reason (a region or class the provider's list has no source for). The
format is described in costmodel/catalog/README.md.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import itertools
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from itertools import chain, repeat
from pathlib import Path
from typing import Any, Literal, NamedTuple

import pydantic_core
from pydantic import VERSION as PYDANTIC_VERSION
from pydantic import BaseModel, Field, ValidationError, field_validator, model_validator

from costmodel.errors import InputError, from_validation_error
from costmodel.files.jsonfile import load_json_object
from costmodel.model.catalog_cache import CatalogIndex, load_files, load_indexed
from costmodel.model.strict import STRICT
from costmodel.model.tiers import Tier

CATALOG_DIR = Path(__file__).resolve().parent.parent / "catalog"
# what the catalog's index (catalog_cache.load_indexed) is made by, besides costmodel/files/
_MODEL_CODE = tuple(Path(__file__).resolve().parent / name for name in
                    ("prices.py", "catalog_cache.py", "strict.py", "tiers.py"))  # fmt: skip
# Files in a folder of this name (written by `prices import`) may add versions to prices
# defined in other files; everywhere else a price is defined once.
IMPORTED_DIR = "imported"
Confidence = Literal["confirmed", "third-party", "unconfirmed"]
# What a component's quantity counts before it is divided by the price's unit_size.
Measure = Literal[
    "bytes", "byte_months", "byte_hours", "requests", "hours", "vcpu_hours", "zone_months", "months"
]
TierList = list[tuple[float | None, float]]


class _Strict(BaseModel):
    model_config = STRICT


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


class VersionInfo(_Strict):
    """What a version says besides its rates (for a table: of every row's rate in its column)."""

    effective: dt.date
    # when the figures were last compared with `source` (staleness is judged by this)
    checked: dt.date | None = None
    source: str = Field(min_length=1)
    confidence: Confidence
    note: str | None = None
    # the first day the version no longer applies; unless a later version takes over then, the
    # price is unpriced from that day on, for the reason `note` gives
    until: dt.date | None = None
    # free units a month (billing unit) one account shares across every zone of the dimension
    allowance: float | None = Field(default=None, gt=0, allow_inf_nan=False)
    # the allowance's name when several dimensions draw on it (AWS's 100 GB of transfer out to
    # the internet: S3's and EC2's); without one, the dimension's own. A pool's resources also
    # climb one volume ladder per zone (estimate.py, `_Pricer._start`)
    allowance_pool: str | None = Field(default=None, min_length=1)

    @model_validator(mode="after")
    def _ends_after_start(self) -> VersionInfo:
        if self.allowance_pool is not None and self.allowance is None:
            raise ValueError(
                "allowance_pool names the allowance a version draws on: give `allowance`"
            )
        if self.until is not None:
            if self.until <= self.effective:
                raise ValueError(f"until ({self.until}) must be after effective ({self.effective})")
            if not self.note:
                raise ValueError("a version with `until` needs a `note`: why no price follows")
        return self


def _increasing(versions: list[VersionInfo]) -> None:
    dates = [v.effective for v in versions]
    if dates != sorted(set(dates)):
        raise ValueError("versions must be in increasing order of effective date, no repeats")
    for version, following in itertools.pairwise(versions):
        if version.until is not None and version.until > following.effective:
            raise ValueError(
                f"until ({version.until}) is after the next version's effective date"
                f" ({following.effective})"
            )


class PriceVersion(VersionInfo):
    # [[upto, price], ...]: cumulative upper bound in the billing unit (null = no limit).
    tiers: TierList = Field(min_length=1)

    @field_validator("tiers")
    @classmethod
    def _ordered(cls, tiers: TierList) -> TierList:
        return check_tiers(tiers)

    def tier_list(self) -> list[Tier]:
        return [Tier(upto, price) for upto, price in self.tiers]


class _PriceShape(_Strict):
    """What a price measures, shared by single entries and tables."""

    service: str = Field(min_length=1)
    dimension: str = Field(min_length=1)
    unit: str
    measure: Measure
    unit_size: float = Field(gt=0, allow_inf_nan=False)
    # when the product itself became available: before it, the price is not an unknown but n/a
    launched: dt.date | None = None


class Price(_PriceShape):
    zone: str = Field(min_length=1)
    variant: str | None = None
    versions: list[PriceVersion] = Field(min_length=1)

    @model_validator(mode="after")
    def _dated_in_order(self) -> Price:
        _increasing(list(self.versions))
        return self

    @property
    def label(self) -> str:
        parts = [self.service, self.dimension, self.variant, self.zone]
        return " ".join(p for p in parts if p)


class PriceTable(_PriceShape):
    """Many prices of one dimension: `rows` are `[zone, variant or null, rate, ...]` with a
    rate per version column (a number is one flat tier, a list is tiers, null means the price
    has no such version)."""

    versions: list[VersionInfo] = Field(min_length=1)
    rows: list[list[Any]] = Field(min_length=1)

    @model_validator(mode="after")
    def _dated_in_order(self) -> PriceTable:
        _increasing(self.versions)
        return self


_NO_VARIANT: list[str | None] = [None]
SHORT_REASON_MAX = 120


class UnpricedBlock(_Strict):
    """Keys with no sourced price, each dimension x variant x zone, and why."""

    service: str = Field(min_length=1)
    dimensions: list[str] = Field(min_length=1)
    variants: list[str | None] = Field(default_factory=lambda: _NO_VARIANT[:], min_length=1)
    zones: list[str] = Field(min_length=1)
    reason: str = Field(min_length=1)  # the whole story: where we looked, which regions have one
    # what reports print instead of a long reason, with a pointer to `indexplan prices show`
    short: str | None = Field(default=None, min_length=1, max_length=SHORT_REASON_MAX)
    # The billing unit of a rate for these keys, given for a price that is quoted, not listed:
    # a price book's `rate` then prices them (pricebook.py); all three or none.
    unit: str | None = Field(default=None, min_length=1)
    measure: Measure | None = None
    unit_size: float | None = Field(default=None, gt=0, allow_inf_nan=False)

    @model_validator(mode="after")
    def _unit_whole(self) -> UnpricedBlock:
        given = [self.unit is not None, self.measure is not None, self.unit_size is not None]
        if any(given) and not all(given):
            raise ValueError("a quoted price's unit needs unit, measure and unit_size together")
        return self

    @property
    def quotable(self) -> bool:
        """A price book's rate can price these keys (the block gives the billing unit)."""
        return self.unit is not None


# every provider the catalog prices, and so every provider a price book can negotiate with
Provider = Literal["aws", "gcp", "fastly", "b2", "cloudflare", "datadog", "elastic"]


class ProviderCatalog(_Strict):
    comment: str | list[str] | None = None  # JSON files have no comments; this says what it is
    provider: Provider
    zone_maps: dict[str, dict[str, str]] = Field(default_factory=dict)
    prices: list[Price] = Field(default_factory=list)
    tables: list[PriceTable] = Field(default_factory=list)
    unpriced: list[UnpricedBlock] = Field(default_factory=list)


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

    def __init__(self, key: PriceKey, version: VersionInfo) -> None:
        InputError.__init__(self, str(key), f"unpriced from {version.until} on", version.note or "")


class Catalog:
    def __init__(self, files: Mapping[str, ProviderCatalog]) -> None:
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
        rest never decoded. TypeError or ValueError for an index not of `index()`'s shape.
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
            tables=[_json(self._table(i).model_copy(update={"rows": self._table(i).rows[:1]}))
                    for i in range(len(self._tables))],
            unpriced=[[*key, block] for key, block in self._unpriced.items()],
            blocks=[_json(self._block(i)) for i in range(len(self._blocks))],
            zone_maps=[[p, name, dict(m)] for (p, name), m in self._zone_maps.items()],
        )  # fmt: skip

    def _add_file(self, where: str, cat: ProviderCatalog) -> None:
        for name, mapping in cat.zone_maps.items():
            if (cat.provider, name) in self._zone_maps:
                raise InputError(where, f"zone_maps.{name}", f"{cat.provider} defines it twice")
            self._zone_maps[(cat.provider, name)] = mapping
        rows, prices = self._rows, self._prices
        for i, table in enumerate(cat.tables):
            self._tables.append(table)
            columns = len(table.versions)
            for j, row in enumerate(table.rows):
                field = f"tables.{i}.rows.{j}"
                zone, variant, rates = _row(row, columns, where, field)
                key = PriceKey(cat.provider, table.service, table.dimension, zone, variant)
                if key in rows or key in prices:
                    self._duplicate(key, where, field)
                rows[key] = (len(self._tables) - 1, rates, where, field)
        for i, price in enumerate(cat.prices):
            key = PriceKey(cat.provider, price.service, price.dimension, price.zone, price.variant)
            if self.has(key):
                price = _extend(self._price(key), price, where, f"prices.{i}", key)
            self._prices[key] = (price, where)
        for block in cat.unpriced:
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
            price = Price.model_validate_json(self._texts[key])
            self._prices[key] = (price, where)
            del self._texts[key]
        return price, where

    def _table(self, i: int) -> PriceTable:
        table = self._tables[i]
        if isinstance(table, str):
            table = self._tables[i] = PriceTable.model_validate_json(table)
        return table

    def _block(self, i: int) -> UnpricedBlock:
        block = self._blocks[i]
        if isinstance(block, str):
            block = self._blocks[i] = UnpricedBlock.model_validate_json(block)
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


_SHAPE_FIELDS = tuple(_PriceShape.model_fields)


def _table_price(
    table: PriceTable, key: PriceKey, rates: list[Any], where: str, field: str
) -> Price:
    # the table was validated by pydantic, the row's shape by _row and its rates here
    versions = [
        PriceVersion.model_construct(**dict(meta), tiers=_rate(rate, where, f"{field}.{2 + k}"))
        for k, (meta, rate) in enumerate(zip(table.versions, rates, strict=True))
        if rate is not None
    ]
    shape = {name: getattr(table, name) for name in _SHAPE_FIELDS}
    return Price.model_construct(**shape, zone=key.zone, variant=key.variant, versions=versions)


def _json(model: BaseModel) -> str:
    """What the model was validated from (fields not given stay unset when read back)."""
    return model.model_dump_json(exclude_unset=True)


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
    return price.model_copy(update={"versions": versions})


def parse_catalog_file(path: Path) -> ProviderCatalog:
    return _validated(path, _read_catalog_file(path))


def _read_catalog_file(path: Path) -> dict[str, Any]:
    from costmodel.files.yamlfile import load_yaml_mapping  # PyYAML: not when the cache holds it

    what = "a price catalog"
    return load_json_object(path, what) if path.suffix == ".json" else load_yaml_mapping(path, what)


def _validated(path: Path, data: dict[str, Any]) -> ProviderCatalog:
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

    versions = f"pydantic {PYDANTIC_VERSION}, pydantic-core {pydantic_core.__version__}"
    return load_indexed(
        files, directory, load, Catalog.index, Catalog.indexed, _MODEL_CODE, versions
    )


@cache
def default_catalog() -> Catalog:
    return load_catalog(CATALOG_DIR, cached=True)
