"""Read the per-region price feeds behind AWS's pricing pages
(`b0.p.awsstatic.com/pricing/2.0/meteredUnitMaps/<service>/USD/current/<feed>.json`: a
`manifest` and, per location name, entries `{"Instance Type": ..., "price": "0.0650000000"}`)
into the prices they offer for catalog entries.

A feed states no units and no tiers: each `FEED_RULES` entry says which entries it maps, to
which catalog price, in which AWS unit. The version's date is the feed's publication date.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from costmodel.files.jsonfile import validate_as
from costmodel.model.prices import PriceKey
from costmodel.model.tiers import Tier
from costmodel.readers.price_import.plan import Offered, Skipped

# The location names AWS's price data uses, by region code (commercial regions).
AWS_LOCATIONS = {
    "US East (N. Virginia)": "us-east-1",
    "US East (Ohio)": "us-east-2",
    "US West (N. California)": "us-west-1",
    "US West (Oregon)": "us-west-2",
    "Canada (Central)": "ca-central-1",
    "Canada West (Calgary)": "ca-west-1",
    "South America (Sao Paulo)": "sa-east-1",
    "EU (Ireland)": "eu-west-1",
    "EU (London)": "eu-west-2",
    "EU (Paris)": "eu-west-3",
    "EU (Frankfurt)": "eu-central-1",
    "EU (Zurich)": "eu-central-2",
    "EU (Stockholm)": "eu-north-1",
    "EU (Milan)": "eu-south-1",
    "EU (Spain)": "eu-south-2",
    "Israel (Tel Aviv)": "il-central-1",
    "Middle East (Bahrain)": "me-south-1",
    "Middle East (UAE)": "me-central-1",
    "Africa (Cape Town)": "af-south-1",
    "Asia Pacific (Tokyo)": "ap-northeast-1",
    "Asia Pacific (Seoul)": "ap-northeast-2",
    "Asia Pacific (Osaka)": "ap-northeast-3",
    "Asia Pacific (Singapore)": "ap-southeast-1",
    "Asia Pacific (Sydney)": "ap-southeast-2",
    "Asia Pacific (Jakarta)": "ap-southeast-3",
    "Asia Pacific (Melbourne)": "ap-southeast-4",
    "Asia Pacific (Malaysia)": "ap-southeast-5",
    "Asia Pacific (Mumbai)": "ap-south-1",
    "Asia Pacific (Hyderabad)": "ap-south-2",
    "Asia Pacific (Hong Kong)": "ap-east-1",
}


@dataclass(frozen=True)
class FeedRule:
    """Entries of feed `feed` (manifest.source) whose key matches `key` (a regular expression,
    whole key) price the catalog entry `service dimension`, `variant` filled from the match's
    groups (lower-cased), in the AWS unit `unit`."""

    feed: str
    key: str
    service: str
    dimension: str
    variant: str
    unit: str


FEED_RULES: tuple[FeedRule, ...] = (
    FeedRule("rds-postgresql-ondemand",
             r"Database Instance PostgreSQL No license required db (?P<cls>[a-z0-9]+\.[a-z0-9]+) "
             r".* (?P<az>Single-AZ|Multi-AZ) Current Generation",
             "rds_postgresql", "instance", "db.{cls}/{az}", "Hrs"),
    FeedRule("rds-postgresql-ondemand",
             r"Database Storage (?P<az>Single|Multi) AZ General Purpose-GP3",
             "rds_postgresql", "storage_gp3", "{az}-az", "GB-Mo"),
    FeedRule("elasticache",
             r"OnDemand Cache Instance .* cache (?P<cls>[a-z0-9]+\.[a-z0-9]+) "
             r"(?P<engine>Redis|Valkey) Current Generation",
             "elasticache", "node", "cache.{cls}/{engine}", "Hrs"),
)  # fmt: skip

Rate = Annotated[float, Field(ge=0, allow_inf_nan=False)]


class _Loose(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True)


class Manifest(_Loose):
    source: str
    hawkFilePublicationDate: dt.datetime


class Entry(_Loose):
    price: Rate


class PriceFeed(_Loose):
    manifest: Manifest
    regions: dict[str, dict[str, Entry]]


def is_price_feed(data: dict[str, Any]) -> bool:
    return "manifest" in data and "regions" in data


def read_price_feed(data: dict[str, Any], path: Path) -> tuple[str, list[Offered], list[Skipped]]:
    """The feed's description (for version sources), the prices it offers, and what it skips."""
    feed = validate_as(PriceFeed, data, str(path))
    name, published = feed.manifest.source, feed.manifest.hawkFilePublicationDate.date()
    source = f"AWS price feed {name} ({path.name}), published {published}"
    rules = [r for r in FEED_RULES if r.feed == name]
    offered: list[Offered] = []
    skipped: list[Skipped] = []
    for location, entries in feed.regions.items():
        zone = AWS_LOCATIONS.get(location)
        for key, entry in entries.items():
            ref = f"{location}: {key}"
            match = next(((r, m) for r in rules if (m := re.fullmatch(r.key, key))), None)
            if match is None or zone is None:
                why = "no rule maps this entry" if match is None else "unknown AWS location name"
                skipped.append(Skipped(ref, key, why))
                continue
            rule, found = match
            variant = rule.variant.format(**found.groupdict()).lower()
            price_key = PriceKey("aws", rule.service, rule.dimension, zone, variant)
            tiers = (Tier(None, entry.price),)
            offered.append(Offered(ref, key, price_key, published, rule.unit, tiers, source))
    return source, offered, skipped
