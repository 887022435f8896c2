"""The price catalog: validation on load, and which version is in force on a date."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from costmodel.errors import InputError
from costmodel.model.prices import CATALOG_DIR, PriceKey, default_catalog, load_catalog

ENTRY = """provider: aws
prices:
  - service: s3
    dimension: internet_out
    zone: us-east-1
    unit: GB
    measure: bytes
    unit_size: 1073741824
    versions:
      - effective: 2021-12-01
        source: {source}
        confidence: confirmed
        tiers: {tiers}
"""


def broken(
    tmp_path: Path, source: str = "aws.amazon.com", tiers: str = "[[100, 0], [null, 0.09]]"
) -> str:
    (tmp_path / "aws.yaml").write_text(ENTRY.format(source=source, tiers=tiers))
    with pytest.raises(InputError) as exc:
        load_catalog(tmp_path)
    return str(exc.value).replace(str(tmp_path) + "/", "")


def test_overlapping_or_unordered_tiers_name_the_file_and_entry(tmp_path):
    assert broken(tmp_path, tiers="[[100, 0], [50, 0.09], [null, 0.05]]") == (
        "aws.yaml: prices.0.versions.0.tiers (s3 internet_out us-east-1): tier 2: "
        "bounds must increase (overlapping or unordered at 50.0)"
    )


def test_a_negative_price_is_rejected(tmp_path):
    message = broken(tmp_path, tiers="[[null, -0.09]]")
    assert message == (
        "aws.yaml: prices.0.versions.0.tiers (s3 internet_out us-east-1): "
        "tier 1: price must be >= 0, got -0.09"
    )


def test_an_unbounded_tier_must_be_last(tmp_path):
    message = broken(tmp_path, tiers="[[null, 0.09], [100, 0.05]]")
    assert "tier 1: only the last tier may be unbounded" in message


def test_a_missing_source_is_rejected(tmp_path):
    assert broken(tmp_path, source="''").startswith(
        "aws.yaml: prices.0.versions.0.source (s3 internet_out us-east-1): "
        "String should have at least 1 character"
    )


def test_the_shipped_catalog_loads_and_every_version_has_a_source_and_checked_date():
    catalog = load_catalog(CATALOG_DIR)
    entries = list(catalog.prices())
    assert len(entries) > 1000
    for _key, price, _where in entries:
        for version in price.versions:
            assert version.source.strip()
            assert version.checked is not None


CLOUDFRONT = PriceKey("aws", "cloudfront", "data_out", "us_mexico_canada")
INTERCONNECT = PriceKey("gcp", "cdn_interconnect", "egress", "north_america")


@pytest.mark.parametrize(
    ("key", "date", "first_tier", "allowance"),
    [
        # CloudFront's always-free 1 TB (1,024 GB, account-wide) began on 2021-12-01
        (CLOUDFRONT, "2021-11-30", (10240, 0.085), None),
        (CLOUDFRONT, "2021-12-01", (10240, 0.085), 1024),
        # CDN Interconnect North America: 0.04 until 2026-04-30, 0.08 from 2026-05-01
        (INTERCONNECT, "2026-04-30", (None, 0.04), None),
        (INTERCONNECT, "2026-05-01", (None, 0.08), None),
    ],
)
def test_as_of_selects_the_version_in_force(key, date, first_tier, allowance):
    selected = default_catalog().select(key, dt.date.fromisoformat(date))
    assert selected.version.tiers[0] == first_tier
    assert selected.version.allowance == allowance


def test_a_date_before_the_first_version_is_an_error():
    with pytest.raises(InputError, match=r"before the earliest known price for aws cloudfront"):
        default_catalog().select(CLOUDFRONT, dt.date(2015, 12, 31))


def test_zone_maps_accept_glob_patterns():
    catalog = default_catalog()
    # gcp/locations.yaml: cdn_interconnect maps us-* to north_america, europe-* to europe
    assert catalog.zone("gcp", "cdn_interconnect", "us-east4") == "north_america"
    assert catalog.zone("gcp", "cdn_interconnect", "europe-west1") == "europe"
    assert catalog.zone("gcp", "cdn_interconnect", "southamerica-east1") is None
