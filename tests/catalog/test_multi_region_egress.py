"""Session 11 (s11-sources): internet egress from a multi-region Cloud Storage bucket, priced from
Cloud Storage's "Download ..." SKUs as Infracost's 2024 golden files bill them
(costmodel/catalog/gcp/storage_egress.yaml); each line worked by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from costmodel.model.estimate import Estimate, estimate
from costmodel.model.graph import Resource
from costmodel.model.prices import PriceKey, default_catalog
from costmodel.model.scenario import parse_scenario
from tests.catalog.helpers import lines, res

AS_OF = dt.date(2026, 11, 30)
CLOUDFRONT = res("aws:cloudfront/distribution:Distribution", "cdn", "cdn")


def bucket(location: str) -> Resource:
    return res("gcp:storage/bucket:Bucket", "files", "storage", location=location)


def misses_to(region: str, location: str) -> Estimate:
    """200 TiB served at a 90 % hit ratio: 20 TiB = 20,480 GiB of misses from the bucket, all
    to one client region."""
    traffic = {"egress": "200 TiB/month", "requests": 1, "cache_hit_ratio": 0.9}
    scn = parse_scenario({"traffic": {**traffic, "regions": {region: 1.0}}}, "t.yaml", "t")
    return estimate([CLOUDFRONT, bucket(location)], scn, stack="t", as_of=AS_OF)


def egress(est: Estimate) -> list[tuple[str, str, float, float]]:
    return [line for line in lines(est, "files") if "egress" in line[0]]


@pytest.mark.parametrize(("region", "zone"), [("north_america", "americas"), ("europe", "emea")])
@pytest.mark.parametrize("location", ["US", "EU", "ASIA"])
def test_each_multi_region_climbs_the_worldwide_ladder(region, zone, location):
    # 20,480 GiB: 1,024 x 0.12 = 122.88; 9,216 x 0.11 = 1,013.76; 10,240 x 0.08 = 819.20
    assert egress(misses_to(region, location)) == [
        ("internet egress to CloudFront, first 1,024 GiB", zone, 0.12, 122.88),
        ("internet egress to CloudFront, 1,024-10,240 GiB", zone, 0.11, 1013.76),
        ("internet egress to CloudFront, over 10,240 GiB", zone, 0.08, 819.2),
    ]


@pytest.mark.parametrize("region", ["asia_pacific", "oceania"])
def test_asia_and_australia_stay_unpriced_with_the_reason(region):
    est = misses_to(region, "US")
    assert egress(est) == []
    (hole,) = [u for u in est.unpriced if u.resource == "files"]
    assert "no dated source gives the whole ladder of internet egress" in hole.reason


def test_a_regional_bucket_keeps_its_premium_tier_pair():
    # us-central1 to the Americas is egress.json's Billing Catalog row, not the multi-region
    # table: the two name different sources
    catalog = default_catalog()

    def source(variant: str) -> str:
        key = PriceKey("gcp", "network", "internet_egress_premium", "americas", variant)
        return catalog.select(key, AS_OF).version.source

    assert "Cyclenerd" in source("us-central1")
    assert "Download Worldwide Destinations" in source("US")
