"""Every priced type has a price in every listed region, or an unpriced entry with its reason;
the listed regions are those the issue names; generated files match their sources."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

import costmodel.model.resources  # noqa: F401  (registers the priced types)
from costmodel.model.components import PRICED
from costmodel.model.prices import PriceKey, default_catalog
from costmodel.model.scenario import REGIONS

ROOT = Path(__file__).resolve().parents[2]
AWS_REGIONS = {
    "us-east-1", "us-east-2", "us-west-2", "ca-central-1", "eu-west-1", "eu-west-2",
    "eu-central-1", "eu-north-1", "ap-northeast-1", "ap-southeast-1", "ap-southeast-2",
    "ap-south-1", "sa-east-1",
}  # fmt: skip
GCP_REGIONS = {
    "us-central1", "us-east1", "us-east4", "us-west1", "europe-west1", "europe-west2",
    "europe-west3", "europe-west4", "asia-east1", "asia-northeast1", "asia-southeast1",
    "australia-southeast1", "southamerica-east1",
}  # fmt: skip
GCP_MULTI_REGIONS = {"US", "EU", "ASIA"}


def test_the_listed_locations_are_the_ones_indexes_run_in():
    catalog = default_catalog()
    assert set(catalog.zone_map("aws", "regions")) == AWS_REGIONS
    assert set(catalog.zone_map("gcp", "regions")) == GCP_REGIONS
    assert set(catalog.zone_map("gcp", "locations")) == GCP_REGIONS | GCP_MULTI_REGIONS
    # every scenario region key has a zone at each CDN (a zone may be unpriced, with a reason)
    for provider, name in (("aws", "cloudfront"), ("gcp", "cloud_cdn"), ("fastly", "regions")):
        plain = {k for k in catalog.zone_map(provider, name) if "/" not in k}
        assert plain == set(REGIONS), (provider, name)
    # and under each restricted CloudFront price class (keys `<class>/<region>`), into a zone
    # the class includes (AWS's table: 100 = two zones, 200 = all but two)
    included = {"PriceClass_100": 2, "PriceClass_200": 6}
    for price_class, zones in included.items():
        mapping = {
            k.split("/")[1]: v
            for k, v in catalog.zone_map("aws", "cloudfront").items()
            if k.startswith(price_class + "/")
        }
        assert set(mapping) == set(REGIONS), price_class
        assert len(set(mapping.values())) == zones, price_class


def priced_families() -> list[tuple[str, str, str, str | None, str | None]]:
    """(provider, service, dimension, zone map, fixed zone) of every registered component."""
    families = {
        (c.provider or entry.provider, c.service, c.dimension, c.zone_map, c.zone)
        for entry in PRICED.values()
        for c in entry.components
    }
    return sorted(families, key=str)


@pytest.mark.parametrize("family", priced_families(), ids=lambda f: " ".join(filter(None, f)))
def test_every_listed_zone_and_variant_is_priced_or_unpriced_with_a_reason(family):
    """The zones a component can be priced in (its zone map's zones; "global" without one)
    times the variants the catalog knows for its dimension."""
    provider, service, dimension, zone_map, fixed = family
    catalog = default_catalog()
    zones = set(catalog.zone_map(provider, zone_map).values()) if zone_map else {"global"}
    known = [k for k, _, _ in catalog.prices()] + [k for k, _ in catalog.unpriced()]
    mine = [k for k in known if (k.provider, k.service, k.dimension) == family[:3]]
    assert mine, f"no catalog entry at all for {family}"
    keys = [
        PriceKey(provider, service, dimension, zone, variant)
        for zone in sorted({fixed} if fixed else zones)
        for variant in sorted({k.variant for k in mine}, key=str)
    ]
    missing = [str(k) for k in keys if not catalog.has(k) and not catalog.unpriced_reason(k)]
    assert missing == []


def test_unpriced_entries_give_a_reason_and_never_shadow_a_price():
    catalog = default_catalog()
    for key, reason in catalog.unpriced():
        assert len(reason) > 20 and not catalog.has(key), key
    assert sum(1 for _ in catalog.unpriced()) > 100


def test_generated_catalog_files_match_their_sources():
    spec = importlib.util.spec_from_file_location(
        "build_catalog", ROOT / "scripts" / "build_catalog.py"
    )
    assert spec is not None and spec.loader is not None
    build = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = build  # its dataclasses look their module up
    spec.loader.exec_module(build)
    files = build.build()
    assert {p.relative_to(ROOT).as_posix() for p in files} == {
        "costmodel/catalog/aws/rds.json",
        "costmodel/catalog/aws/elasticache.json",
        "costmodel/catalog/aws/s3.json",
        "costmodel/catalog/gcp/storage.json",
        "costmodel/catalog/gcp/egress.json",
    }
    assert build.stale(files.items()) == [], "run: .venv/bin/python scripts/build_catalog.py"
