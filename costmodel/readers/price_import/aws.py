"""Read an AWS Price List bulk offer file (`.../offers/v1.0/aws/<OfferCode>/current/<region>/
index.json`), or a pricing-page price feed (`aws_feed.py`), into the prices it offers for
catalog entries.

Only On-Demand terms are read. A term's price dimensions are its tiers (`beginRange`,
`endRange` ("Inf" last), `unit`, `pricePerUnit.USD`) and its `effectiveDate` is the version's
date. Which SKUs indexplan prices is the `RULES` table: a SKU's attributes must match a rule's,
and the rule names the catalog entry (the zone and variant may be read from the attributes).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from costmodel.errors import InputError
from costmodel.files.jsonfile import load_json_object, validate_as
from costmodel.model.prices import PriceKey
from costmodel.model.tiers import Tier
from costmodel.readers.price_import.aws_feed import is_price_feed, read_price_feed
from costmodel.readers.price_import.plan import FileUnit, Offered, Skipped

AWS_GB = 2**30  # AWS's "GB" is a gibibyte (tier bounds of 1,024 GB per TB)

UNITS = {
    "GB": FileUnit("bytes", AWS_GB),
    "GB-Mo": FileUnit("byte_months", AWS_GB),
    "Hrs": FileUnit("hours", 1),
    "Requests": FileUnit("requests", 1),
}


@dataclass(frozen=True)
class Rule:
    """SKUs of `offer` whose attributes match `match` (regular expressions, whole value) price
    the catalog entry `service dimension zone variant`; `{attribute}` in zone or variant is
    replaced by the SKU's attribute, lower-cased for the variant."""

    offer: str
    match: dict[str, str]
    service: str
    dimension: str
    zone: str = "{regionCode}"
    variant: str | None = None


def _cloudfront(prefix: str, zone: str) -> tuple[Rule, Rule]:
    """Data out and HTTPS requests of one CloudFront price zone (its usage-type prefix)."""
    return (
        Rule("AmazonCloudFront", {"usagetype": f"{prefix}-DataTransfer-Out-Bytes"}, "cloudfront",
             "data_out", zone),
        Rule("AmazonCloudFront", {"usagetype": f"{prefix}-Requests-Tier2-HTTPS"}, "cloudfront",
             "https_requests", zone),
    )  # fmt: skip


# CloudFront's usage-type prefixes name its edge price zones; ZA and ME bill alike and share a
# catalog zone (both may be in a file; the first is taken).
CLOUDFRONT_ZONES = {
    "US": "us_mexico_canada",
    "EU": "europe_israel",
    "ZA": "south_africa_kenya_middle_east",
    "ME": "south_africa_kenya_middle_east",
    "SA": "south_america",
    "JP": "japan",
    "AU": "australia_new_zealand",
    "AP": "asia_pacific",
    "IN": "india",
}
RULES: tuple[Rule, ...] = (
    *(rule for prefix, zone in CLOUDFRONT_ZONES.items() for rule in _cloudfront(prefix, zone)),
    Rule("AmazonS3", {"usagetype": r"([A-Z]+\d?-)?TimedStorage-ByteHrs"}, "s3",
         "storage_standard"),
    Rule("AmazonS3", {"usagetype": r"([A-Z]+\d?-)?TimedStorage-GIR-ByteHrs"}, "s3",
         "storage_glacier_instant_retrieval"),
    Rule("AmazonS3", {"usagetype": r"([A-Z]+\d?-)?Requests-Tier1"}, "s3", "put_requests"),
    Rule("AmazonS3", {"usagetype": r"([A-Z]+\d?-)?Requests-Tier2"}, "s3", "get_requests"),
    Rule("AmazonRDS", {"productFamily": "Database Instance", "databaseEngine": "PostgreSQL",
                       "deploymentOption": "Single-AZ|Multi-AZ"},
         "rds_postgresql", "instance", variant="{instanceType}/{deploymentOption}"),
    Rule("AmazonElastiCache", {"productFamily": "Cache Instance", "cacheEngine": "Redis|Valkey"},
         "elasticache", "node", variant="{instanceType}/{cacheEngine}"),
    Rule("AWSQueueService", {"productFamily": "API Request", "queueType": "Standard"},
         "sqs", "standard_requests"),
)  # fmt: skip


class _Loose(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True)


class Dimension(_Loose):
    description: str = ""
    beginRange: float = Field(ge=0)
    endRange: float = Field(gt=0)
    unit: str
    pricePerUnit: dict[str, Annotated[float, Field(ge=0, allow_inf_nan=False)]]


class Term(_Loose):
    effectiveDate: dt.datetime
    priceDimensions: dict[str, Dimension] = Field(min_length=1)


class Product(_Loose):
    sku: str
    productFamily: str = ""
    attributes: dict[str, str] = Field(default_factory=dict)


class Terms(_Loose):
    OnDemand: dict[str, dict[str, Term]] = Field(default_factory=dict)


class OfferFile(_Loose):
    offerCode: str
    publicationDate: dt.datetime | None = None
    products: dict[str, Product]
    terms: Terms


def read_price_file(path: Path) -> tuple[str, list[Offered], list[Skipped]]:
    """An offer file or a pricing-page price feed: its description (for version sources), the
    prices it offers, and what it skips."""
    data = load_json_object(path, "an AWS Price List offer file or pricing-page price feed")
    if is_price_feed(data):
        return read_price_feed(data, path)
    return read_offer_file(data, path)


def read_offer_file(data: dict[str, Any], path: Path) -> tuple[str, list[Offered], list[Skipped]]:
    where = str(path)
    offer = validate_as(OfferFile, data, where)
    published = f", published {offer.publicationDate.date()}" if offer.publicationDate else ""
    source = f"AWS Price List {offer.offerCode} offer file {path.name}{published}"
    offered: list[Offered] = []
    skipped: list[Skipped] = []
    for sku, product in offer.products.items():
        attributes = {"productFamily": product.productFamily, **product.attributes}
        describe = attributes.get("usagetype") or product.productFamily or sku
        rule = next((r for r in RULES if _matches(r, offer.offerCode, attributes)), None)
        terms = offer.terms.OnDemand.get(sku, {})
        if rule is None:
            skipped.append(Skipped(sku, describe, "no rule maps this SKU to a catalog entry"))
            continue
        if not terms:
            skipped.append(Skipped(sku, describe, "no On-Demand term"))
            continue
        key = PriceKey(
            "aws",
            rule.service,
            rule.dimension,
            _fill(rule.zone, attributes),
            None if rule.variant is None else _fill(rule.variant, attributes).lower(),
        )
        for code, term in terms.items():
            field_path = f"terms.OnDemand.{sku}.{code}"
            unit, tiers = _tiers(term, where, field_path)
            offered.append(
                Offered(sku, describe, key, term.effectiveDate.date(), unit, tiers, source)
            )
    return source, offered, skipped


def _matches(rule: Rule, offer: str, attributes: dict[str, str]) -> bool:
    return rule.offer == offer and all(
        re.fullmatch(pattern, attributes.get(name, "")) for name, pattern in rule.match.items()
    )


def _fill(template: str, attributes: dict[str, str]) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: attributes.get(m.group(1), "?"), template)


def _tiers(term: Term, where: str, field_path: str) -> tuple[str, tuple[Tier, ...]]:
    """A term's price dimensions as tiers; they must cover 0 to "Inf" without gaps."""
    dims = sorted(term.priceDimensions.items(), key=lambda kv: kv[1].beginRange)
    tiers: list[Tier] = []
    lower = 0.0
    for code, dim in dims:
        at = f"{field_path}.priceDimensions.{code}"
        if dim.beginRange != lower:
            raise InputError(
                where, f"{at}.beginRange", f"tiers must follow on without gaps: expected {lower:g}"
            )
        if dim.unit != dims[0][1].unit:
            raise InputError(where, f"{at}.unit", f"expected {dims[0][1].unit!r} like the rest")
        if "USD" not in dim.pricePerUnit:
            raise InputError(where, f"{at}.pricePerUnit", "must have a USD price")
        upto = None if dim.endRange == float("inf") else dim.endRange
        tiers.append(Tier(upto, dim.pricePerUnit["USD"]))
        if upto is None:
            break
        lower = upto
    if tiers[-1].upto is not None:
        raise InputError(where, field_path, 'the last price dimension must end at "Inf"')
    return dims[0][1].unit, tuple(tiers)
