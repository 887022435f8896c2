"""Read a Google Cloud Billing Catalog SKU list (`services.skus.list`: `{"skus": [...]}`) into
the prices it offers for catalog entries.

Each SKU's `pricingInfo[]` entry is one dated price: `effectiveTime` is the version's date and
`pricingExpression.tieredRates` its tiers, `startUsageAmount` in `usageUnit`, a rate being
`units + nanos / 10^9` USD. Which SKUs indexplan prices is the `RULES` table, matched on the
SKU's service, resource group and description; the zone comes from the rule or the SKU's
`serviceRegions`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from costmodel.errors import InputError
from costmodel.files.jsonfile import load_json_object, validate_as
from costmodel.model.prices import PriceKey
from costmodel.model.tiers import Tier
from costmodel.readers.price_import.plan import FileUnit, Offered, Skipped

GIB = 2**30
NANOS = 10**9

UNITS = {
    "GiBy": FileUnit("bytes", GIB),
    "TiBy": FileUnit("bytes", 2**40),
    "GiBy.mo": FileUnit("byte_months", GIB),
    "GiBy.h": FileUnit("byte_hours", GIB),
    "h": FileUnit("hours", 1),
    "count": FileUnit("requests", 1),
}


@dataclass(frozen=True)
class Rule:
    """SKUs of `service` (category.serviceDisplayName) in `group` (category.resourceGroup)
    whose description matches `description` (a regular expression, searched, ignoring case)
    price the catalog entry. `zone` is a catalog zone, or `{location}` for the SKU's single
    service region as Cloud Storage names it (`us-central1`; multi- and dual-regions such as
    `us` and `nam4` upper-cased: `US`, `NAM4`)."""

    service: str
    group: str
    description: str
    catalog_service: str
    dimension: str
    zone: str


RULES: tuple[Rule, ...] = (
    # Cloud CDN counts cache egress tiers per destination, so each is its own price zone
    Rule("Cloud CDN", "CDN", r"cache (egress|data transfer).*north america",
         "cloud_cdn", "cache_egress", "north_america"),
    Rule("Cloud CDN", "CDN", r"cache (egress|data transfer).*europe",
         "cloud_cdn", "cache_egress", "europe"),
    Rule("Cloud CDN", "CDN", r"cache (egress|data transfer).*asia pacific",
         "cloud_cdn", "cache_egress", "asia_pacific"),
    Rule("Cloud CDN", "CDN", r"cache (egress|data transfer).*south america",
         "cloud_cdn", "cache_egress", "south_america"),
    Rule("Cloud CDN", "CDN", r"cache (egress|data transfer).*(oceania|australia)",
         "cloud_cdn", "cache_egress", "oceania"),
    Rule("Cloud CDN", "CDN", r"cache fill.*within (north america|europe)",
         "cloud_cdn", "cache_fill", "north_america_europe"),
    Rule("Cloud Storage", "MultiRegionalStorage", r"^standard storage",
         "cloud_storage", "storage_standard", "{location}"),
    Rule("Cloud Storage", "RegionalStorage", r"^standard storage",
         "cloud_storage", "storage_standard", "{location}"),
    Rule("Cloud Storage", "ArchiveStorage", r"^archive storage",
         "cloud_storage", "storage_archive", "{location}"),
    Rule("Cloud CDN", "CDN", r"cache lookup", "cloud_cdn", "cache_lookups", "global"),
)  # fmt: skip


class _Loose(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True)


class Money(_Loose):
    currencyCode: str = "USD"
    units: int = Field(default=0, ge=0)
    nanos: int = Field(default=0, ge=0, lt=NANOS)


class Rate(_Loose):
    startUsageAmount: float = Field(default=0, ge=0, allow_inf_nan=False)
    unitPrice: Money


class Expression(_Loose):
    usageUnit: str
    tieredRates: list[Rate] = Field(min_length=1)


class PricingInfo(_Loose):
    effectiveTime: dt.datetime
    pricingExpression: Expression


class Category(_Loose):
    serviceDisplayName: str = ""
    resourceFamily: str = ""
    resourceGroup: str = ""


class Sku(_Loose):
    skuId: str
    description: str = ""
    category: Category = Field(default_factory=Category)
    serviceRegions: list[str] = Field(default_factory=list)
    pricingInfo: list[PricingInfo] = Field(default_factory=list)


class SkuList(_Loose):
    skus: list[Sku]


def read_sku_list(path: Path) -> tuple[str, list[Offered], list[Skipped]]:
    """The file's description (for version sources), the prices it offers, and what it skips."""
    where = str(path)
    data = validate_as(SkuList, load_json_object(path, "a Cloud Billing Catalog SKU list"), where)
    source = f"Google Cloud Billing Catalog SKU list {path.name}"
    offered: list[Offered] = []
    skipped: list[Skipped] = []
    for i, sku in enumerate(data.skus):
        rule = next((r for r in RULES if _matches(r, sku)), None)
        zone = None if rule is None else _zone(rule, sku)
        if rule is None or zone is None:
            reason = (
                "no rule maps this SKU to a catalog entry"
                if rule is None
                else "not a single region"
            )
            skipped.append(Skipped(sku.skuId, sku.description, reason))
            continue
        key = PriceKey("gcp", rule.catalog_service, rule.dimension, zone)
        for j, info in enumerate(sku.pricingInfo):
            expr = info.pricingExpression
            tiers = _tiers(expr, where, f"skus.{i}.pricingInfo.{j}.pricingExpression")
            offered.append(
                Offered(
                    sku.skuId,
                    sku.description,
                    key,
                    info.effectiveTime.date(),
                    expr.usageUnit,
                    tiers,
                    source,
                )
            )
    return source, offered, skipped


def _matches(rule: Rule, sku: Sku) -> bool:
    return (
        sku.category.serviceDisplayName == rule.service
        and sku.category.resourceGroup == rule.group
        and re.search(rule.description, sku.description, re.IGNORECASE) is not None
    )


def _zone(rule: Rule, sku: Sku) -> str | None:
    if "{" not in rule.zone:
        return rule.zone
    if len(sku.serviceRegions) != 1:
        return None
    region = sku.serviceRegions[0]
    return region if "-" in region else region.upper()


def _tiers(expr: Expression, where: str, field_path: str) -> tuple[Tier, ...]:
    """Tiered rates as cumulative tiers: each ends where the next starts, the last is open."""
    rates = expr.tieredRates
    if rates[0].startUsageAmount != 0:
        raise InputError(where, f"{field_path}.tieredRates.0.startUsageAmount", "must be 0")
    tiers: list[Tier] = []
    for k, rate in enumerate(rates):
        if rate.unitPrice.currencyCode != "USD":
            raise InputError(
                where,
                f"{field_path}.tieredRates.{k}.unitPrice.currencyCode",
                f"expected USD, got {rate.unitPrice.currencyCode!r}",
            )
        nxt = rates[k + 1].startUsageAmount if k + 1 < len(rates) else None
        if nxt is not None and nxt <= rate.startUsageAmount:
            raise InputError(
                where,
                f"{field_path}.tieredRates.{k + 1}.startUsageAmount",
                f"must be greater than the previous tier's ({rate.startUsageAmount:g})",
            )
        tiers.append(Tier(nxt, rate.unitPrice.units + rate.unitPrice.nanos / NANOS))
    return tuple(tiers)
