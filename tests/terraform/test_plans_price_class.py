"""A plan's or a preview's CloudFront price class is read (`price_class` in a Terraform plan,
`priceClass` in a Pulumi preview): viewers in zones the class leaves out are billed in the
included zone that serves them (costmodel/catalog/aws/regions.yaml).

Scenario (written below): 10 TiB = 10,240 GB (2^30-byte GB) and 1e8 HTTPS requests a month,
north_america 0.4, europe 0.2, india 0.2, japan 0.2, prices as of 2026-11-01. Rates (catalog
aws/cloudfront.yaml): first 10 TB per GB US 0.085, Europe 0.085, Japan 0.114, India 0.109;
HTTPS per 10,000 US 0.010, Europe 0.012, Japan 0.012, India 0.012. The free 1,024 GB and
1,000 x 10,000 requests are shared pro rata to each zone's usage.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.prices.helpers import run_json
from tests.terraform.plans import ALL_AWS

PREVIEW = Path(__file__).resolve().parent.parent / "fixtures" / "pulumi" / "shop.preview.json"
SCENARIO = """name: price-class
description: four regions, for the price class tests
source: made up for tests/terraform/test_plans_price_class.py
as_of: 2026-11-01
traffic:
  egress: 10 TiB/month
  requests: 1e8/month
  cache_hit_ratio: 0.9
  regions: {north_america: 0.4, europe: 0.2, india: 0.2, japan: 0.2}
"""
# Every edge: US 4,096 GB, 409.6 free: 3,686.4 x 0.085 = 313.344; Europe 2,048, 204.8 free:
# 1,843.2 x 0.085 = 156.672; India 1,843.2 x 0.109 = 200.9088; Japan 1,843.2 x 0.114 = 210.1248.
# Requests 4,000 / 2,000 / 2,000 / 2,000 units, 10% free: 36.00, 21.60, 21.60, 21.60.
EVERY_EDGE = {
    "us_mexico_canada": 313.34 + 36.00,
    "europe_israel": 156.67 + 21.60,
    "india": 200.91 + 21.60,
    "japan": 210.12 + 21.60,
}
# PriceClass_100: India is served from Europe, Japan from the US. US 6,144 GB, 614.4 free:
# 5,529.6 x 0.085 = 470.016; Europe 4,096, 409.6 free: 3,686.4 x 0.085 = 313.344. Requests
# 6,000 units, 600 free: 54.00; 4,000, 400 free: 3,600 x 0.012 = 43.20.
CLASS_100 = {"us_mexico_canada": 470.02 + 54.00, "europe_israel": 313.34 + 43.20}
# PriceClass_200 includes both, so it bills as every edge does.
CASES = [
    ("PriceClass_All", EVERY_EDGE),
    ("PriceClass_200", EVERY_EDGE),
    ("PriceClass_100", CLASS_100),
]


def cdn_by_zone(capsys, plan: Path, flag: str, scenario: Path, resource: str) -> dict[str, float]:
    data = run_json(capsys, "estimate", flag, str(plan), "-s", str(scenario))
    out: dict[str, float] = {}
    for item in data["line_items"]:
        if item["resource"] == resource:
            out[item["region"]] = round(out.get(item["region"], 0.0) + item["monthly_usd"], 2)
    return out


def rounded(expected: dict[str, float]) -> dict[str, float]:
    return {zone: round(usd, 2) for zone, usd in expected.items()}


@pytest.mark.parametrize(("price_class", "expected"), CASES)
def test_a_terraform_plans_price_class(capsys, tmp_path, price_class, expected):
    text = Path(ALL_AWS).read_text()
    assert text.count('"PriceClass_All"') == 3  # planned values, the change, the configuration
    plan = tmp_path / "plan.json"
    plan.write_text(text.replace('"PriceClass_All"', f'"{price_class}"'))
    scenario = tmp_path / "price-class.yaml"
    scenario.write_text(SCENARIO)
    cdn = "module.cdn.aws_cloudfront_distribution.distribution"
    got = cdn_by_zone(capsys, plan, "--from-terraform-plan", scenario, cdn)
    assert got == rounded(expected)


@pytest.mark.parametrize(("price_class", "expected"), CASES)
def test_a_pulumi_previews_price_class(capsys, tmp_path, price_class, expected):
    text = PREVIEW.read_text()
    assert text.count('"priceClass": "PriceClass_All"') == 1
    preview = tmp_path / "preview.json"
    preview.write_text(text.replace('"PriceClass_All"', f'"{price_class}"'))
    scenario = tmp_path / "price-class.yaml"
    scenario.write_text(SCENARIO)
    got = cdn_by_zone(capsys, preview, "--from-preview", scenario, "site-cdn")
    assert got == rounded(expected)
