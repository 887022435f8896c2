"""The dated price catalog: YAML data under costmodel/catalog/, validated on load.

A price is identified by (provider, service, dimension, zone, variant) and holds dated
versions; `Catalog.version(...)` returns the one in force on a date. The format is described
in costmodel/catalog/README.md.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from costmodel.errors import InputError, from_validation_error
from costmodel.files.yamlfile import load_yaml_mapping
from costmodel.model.tiers import Tier

CATALOG_DIR = Path(__file__).resolve().parent.parent / "catalog"
Confidence = Literal["confirmed", "third-party", "unconfirmed"]
# What a component's quantity counts before it is divided by the price's unit_size.
Measure = Literal[
    "bytes", "byte_months", "byte_hours", "requests", "hours", "vcpu_hours", "zone_months"
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PriceVersion(_Strict):
    effective: dt.date
    source: str = Field(min_length=1)
    confidence: Confidence
    note: str | None = None
    # [[upto, price], ...]: cumulative upper bound in the billing unit (null = no limit).
    tiers: list[tuple[float | None, float]] = Field(min_length=1)

    @field_validator("tiers")
    @classmethod
    def _ordered(cls, tiers: list[tuple[float | None, float]]) -> list[tuple[float | None, float]]:
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

    def tier_list(self) -> list[Tier]:
        return [Tier(upto, price) for upto, price in self.tiers]


class Price(_Strict):
    service: str
    dimension: str
    zone: str
    variant: str | None = None
    unit: str
    measure: Measure
    unit_size: float = Field(gt=0)
    # when the product itself became available: before it, the price is not an unknown but n/a
    launched: dt.date | None = None
    versions: list[PriceVersion] = Field(min_length=1)

    @model_validator(mode="after")
    def _dated_in_order(self) -> Price:
        dates = [v.effective for v in self.versions]
        if dates != sorted(set(dates)):
            raise ValueError("versions must be in increasing order of effective date, no repeats")
        return self

    @property
    def label(self) -> str:
        parts = [self.service, self.dimension, self.variant, self.zone]
        return " ".join(p for p in parts if p)


class ProviderCatalog(_Strict):
    provider: Literal["aws", "gcp", "fastly"]
    zone_maps: dict[str, dict[str, str]] = Field(default_factory=dict)
    prices: list[Price]


@dataclass(frozen=True)
class PriceKey:
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


class Catalog:
    def __init__(self, files: Mapping[str, ProviderCatalog]) -> None:
        self._prices: dict[PriceKey, tuple[Price, str]] = {}
        self._zone_maps: dict[tuple[str, str], dict[str, str]] = {}
        for where, cat in files.items():
            for name, mapping in cat.zone_maps.items():
                self._zone_maps[(cat.provider, name)] = mapping
            for i, price in enumerate(cat.prices):
                key = PriceKey(
                    cat.provider, price.service, price.dimension, price.zone, price.variant
                )
                if key in self._prices:
                    raise InputError(where, f"prices.{i}", f"duplicate price {key}")
                self._prices[key] = (price, where)

    def prices(self) -> Iterable[tuple[PriceKey, Price, str]]:
        for key, (price, where) in self._prices.items():
            yield key, price, where

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
        return key in self._prices

    def select(self, key: PriceKey, as_of: dt.date) -> Selected:
        """The version of `key` in force on `as_of`; InputError when none was yet."""
        if key not in self._prices:
            raise KeyError(key)
        price, where = self._prices[key]
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
        return Selected(key, price, in_force[-1], where)


def parse_catalog_file(path: Path) -> ProviderCatalog:
    data = load_yaml_mapping(path, what="a price catalog")
    try:
        return ProviderCatalog.model_validate(data)
    except ValidationError as exc:
        error = from_validation_error(str(path), exc)
        loc = exc.errors()[0]["loc"]
        prices = data.get("prices")
        if loc[:1] == ("prices",) and len(loc) > 1 and isinstance(prices, list):
            entry = prices[int(loc[1])]
            if isinstance(entry, dict):
                label = " ".join(str(entry.get(k)) for k in ("service", "dimension", "zone"))
                error = InputError(str(path), f"{error.field} ({label})", error.expected)
        raise error from None


def load_catalog(directory: Path = CATALOG_DIR) -> Catalog:
    files = sorted(directory.glob("*.yaml"))
    if not files:
        raise InputError(str(directory), "", "no price catalog files (*.yaml)")
    return Catalog({str(p): parse_catalog_file(p) for p in files})


@cache
def default_catalog() -> Catalog:
    return load_catalog(CATALOG_DIR)
