"""The Google Cloud rules of costmodel/readers/bills/mapping.yaml: one export row per rule, read
from a file in the export's shape, mapped to its catalog price, and valued at the catalog's list
prices of 2026-08-01 (costmodel/catalog/gcp/), worked by hand in each case's comment.

SKU descriptions and pricing units are the Cloud Billing catalog's, as each rule's `source`
names them."""

from __future__ import annotations

import datetime as dt

import pytest
from bill_rows import gcp_row, write_jsonl

from costmodel.model.prices import default_catalog
from costmodel.model.tiers import Tier
from costmodel.planning.actuals import PriceFunction
from costmodel.readers.bills.mapping import map_bill
from costmodel.readers.bills.read import read_bills

ON = dt.date(2026, 8, 1)


def mapped(tmp_path, rows):
    bill = read_bills([write_jsonl(tmp_path / "export.jsonl", rows)])
    return map_bill(bill, default_catalog()).of_kind("usage")


def list_cents(line) -> int:
    """The billed quantity at the catalog's list tiers, in cents."""
    version = default_catalog().select(line.key, ON).version
    tiers = tuple(Tier(upto, price) for upto, price in version.tiers)
    return PriceFunction(tiers).cents(line.billing_quantity)


CASES = [
    # 1,000 GiB-months x 0.0024 = 2.40
    (("Cloud Storage", "Archive Storage US Multi-region", "gibibyte month", 1000, 2.40, None,
      "us"), "gcp cloud_storage storage_archive US", 1000, 240),
    # 500 GiB-months x 0.0012 = 0.60
    (("Cloud Storage", "Archive Storage Iowa", "gibibyte month", 500, 0.60, "us-central1",
      None), "gcp cloud_storage storage_archive us-central1", 500, 60),
    # 2 vCPU x 730 h = 1,460 vCPU-hours x 0.0826 = 120.596
    (("Cloud SQL", "Cloud SQL for PostgreSQL: Regional - vCPU in Americas", "hour", 1460,
      120.60, "us-central1", None), "gcp cloud_sql vcpu regional us-central1", 1460, 12060),
    # 3.75 GiB x 730 h = 2,737.5 GiB-hours x 0.007 = 19.1625
    (("Cloud SQL", "Cloud SQL for PostgreSQL: Zonal - RAM in Americas", "gibibyte hour",
      2737.5, 19.16, "us-central1", None), "gcp cloud_sql memory zonal us-central1", 2737.5,
     1916),
    # 100 GiB-months x 0.34 = 34.00
    (("Cloud SQL", "Cloud SQL for PostgreSQL: Regional - Standard storage in Americas",
      "gibibyte month", 100, 34.00, "us-central1", None),
     "gcp cloud_sql ssd_storage regional us-central1", 100, 3400),
    # 730 h x 0.035 = 25.55
    (("Cloud SQL", "Cloud SQL for PostgreSQL: Zonal - Small instance in Americas", "hour", 730,
      25.55, "us-central1", None), "gcp cloud_sql shared_core db-g1-small/zonal us-central1",
     730, 2555),
    # 5 GiB x 730 h = 3,650 GiB-hours x 0.054 = 197.10
    (("Cloud Memorystore for Redis", "Redis Capacity Standard M2 Iowa", "gibibyte hour", 3650,
      197.10, "us-central1", None),
     "gcp memorystore_redis capacity STANDARD_HA/M2 us-central1", 3650, 19710),
    # 1 GiB x 730 h x 0.049 = 35.77
    (("Cloud Memorystore for Redis", "Redis Capacity Basic M1 Iowa", "gibibyte hour", 730,
      35.77, "us-central1", None), "gcp memorystore_redis capacity BASIC/M1 us-central1", 730,
     3577),
    # 175 GiB: the first 50 free, 125 x 0.50 = 62.50
    (("Cloud Logging", "Log Storage cost", "gibibyte", 175, 62.50, None, "global"),
     "gcp cloud_logging ingestion global", 175, 6250),
    # 730 h x 0.025 = 18.25
    (("Networking", "Cloud Load Balancer Forwarding Rule Minimum Global", "hour", 730, 18.25,
      None, "global"), "gcp load_balancing forwarding_rules_first_5 global", 730, 1825),
    # two rules beyond the fifth: 1,460 rule-hours x 0.01 = 14.60
    (("Networking", "Cloud Load Balancer Forwarding Rule Additional Global", "hour", 1460,
      14.60, None, "global"), "gcp load_balancing forwarding_rule_additional global", 1460,
     1460),
    # 1,000 GiB x 0.008 = 8.00
    (("Networking", "Global External Application Load Balancer Inbound Data Processing for "
      "Iowa", "gibibyte", 1000, 8.00, "us-central1", None),
     "gcp load_balancing inbound_data_processed global", 1000, 800),
    # 2 zones x 0.20 = 0.40
    (("Cloud DNS", "ManagedZone", "month", 2, 0.40, None, "global"),
     "gcp cloud_dns managed_zone global", 2, 40),
    # 80,000,000 queries = 80 million x 0.40 = 32.00
    (("Cloud DNS", "DNS Query (port 53)", "count", 80_000_000, 32.00, None, "global"),
     "gcp cloud_dns queries global", 80, 3200),
    # 2 TiB: the first 10 GiB (0.009765625 TiB) free, 1.990234375 x 40 = 79.609375
    (("Cloud Pub/Sub", "Message Delivery Basic", "tebibyte", 2, 79.61, None, "global"),
     "gcp pubsub throughput global", 2, 7961),
    # 4,006,000 vCPU-seconds: 180,000 free, 3,826,000 x 0.000024 = 91.824
    (("Cloud Run", "Services CPU (Request-based billing)", "second", 4_006_000, 91.82,
      "us-central1", None), "gcp cloud_run vcpu_seconds us-central1", 4_006_000, 9182),
    # 4,360,000 GiB-seconds: 360,000 free, 4,000,000 x 0.0000025 = 10.00
    (("Cloud Run", "Services Memory (Request-based billing)", "gibibyte second", 4_360_000,
      10.00, "us-central1", None), "gcp cloud_run memory_seconds us-central1", 4_360_000, 1000),
    # 40,060,000 requests = 40.06 million: 2 free, 38.06 x 0.40 = 15.224
    (("Cloud Run", "Requests", "count", 40_060_000, 15.22, "us-central1", None),
     "gcp cloud_run requests us-central1", 40.06, 1522),
    # 2,048 GiB from us-central1: 1,024 x 0.12 + 1,024 x 0.11 = 122.88 + 112.64 = 235.52
    (("Compute Engine", "Network Internet Data Transfer Out from Americas to Americas",
      "gibibyte", 2048, 235.52, "us-central1", None),
     "gcp network internet_egress_premium us-central1 americas", 2048, 23552),
    # 100 GiB from us-east1 to Australia x 0.19 = 19.00
    (("Compute Engine", "Network Internet Data Transfer Out from Americas to Australia",
      "gibibyte", 100, 19.00, "us-east1", None),
     "gcp network internet_egress_premium us-east1 australia", 100, 1900),
    # 1,000 GiB within North America x 0.01 = 10.00
    (("Networking", "Network CDN Cache Fill from North America to North America", "gibibyte",
      1000, 10.00, None, "global"), "gcp cloud_cdn cache_fill north_america_europe", 1000, 1000),
    # 1,000 GiB from Europe to Asia Pacific, the `other` zone, x 0.04 = 40.00
    (("Cloud CDN", "Cache Fill from Europe to Asia Pacific", "gibibyte", 1000, 40.00, None,
      "global"), "gcp cloud_cdn cache_fill other", 1000, 4000),
]  # fmt: skip


@pytest.mark.parametrize(("row", "price", "quantity", "cents"), CASES, ids=[c[1] for c in CASES])
def test_each_rule_maps_its_row_to_its_price(tmp_path, row, price, quantity, cents):
    service, sku, unit, amount, cost, region, location = row
    (line,) = mapped(tmp_path, [gcp_row(service, sku, unit, amount, cost, region=region,
                                        location=location)])  # fmt: skip
    assert (str(line.key), line.reason) == (price, "")
    assert line.billing_quantity == pytest.approx(quantity, rel=1e-12)
    assert list_cents(line) == cents
    # billed at list: no rate variance to speak of
    assert round(cost * 100) == cents


def test_a_tier_2_cloud_run_row_is_unpriced_not_unmapped(tmp_path):
    # "Services CPU Tier 2  (Request-based billing)" (two spaces, as Infracost spells it) in
    # europe-west2: the rule maps it, the catalog prices Tier 1 regions only, and says so
    tier_2 = "Services CPU Tier 2  (Request-based billing)"
    row = gcp_row("Cloud Run", tier_2, "second", 1000, 0.0, region="europe-west2")
    (line,) = mapped(tmp_path, [row])
    assert line.key is None
    assert str(line.unpriced) == "gcp cloud_run vcpu_seconds europe-west2"
    assert line.reason.startswith("no gcp cloud_run vcpu_seconds price for europe-west2")


@pytest.mark.parametrize(
    ("service", "sku", "unit", "reason"),
    [
        # other storage classes' operations are not Standard's (the catalog lists them unpriced)
        ("Cloud Storage", "Archive Class A Operations", "count",
         "indexplan has no rule for this Cloud Storage usage yet"),
        ("Cloud Storage", "Archive Storage US Multi-region Early Delete", "gibibyte month",
         "indexplan has no rule for this Cloud Storage usage yet"),
        ("Cloud SQL", "Cloud SQL: Backups in Americas", "gibibyte month",
         "indexplan has no rule for this Cloud SQL usage yet"),
        # a service no rule covers is named as indexplan's gap, not the bill's
        ("Cloud Build", "Build time", "minute", "indexplan has no rule for Cloud Build rows yet"),
        # the usage has a rule, under another service name: the reason names both
        ("Networking", "Cache Egress from Cloud CDN to North America", "gibibyte",
         "indexplan maps this usage only under the service Cloud CDN, not 'Networking'"),
    ],
)  # fmt: skip
def test_what_no_rule_maps_says_why_of_indexplan(tmp_path, service, sku, unit, reason):
    (line,) = mapped(tmp_path, [gcp_row(service, sku, unit, 10, 1.00)])
    assert (line.key, line.unpriced, line.reason) == (None, None, reason)


def test_a_dns_zone_row_in_another_unit_is_reported_with_its_unit(tmp_path):
    # the ManagedZone unit is the one rule whose unit no stored copy confirms: another unit is
    # shown, never priced as if it were zone-months
    (line,) = mapped(tmp_path, [gcp_row("Cloud DNS", "ManagedZone", "hour", 1460, 0.40)])
    assert line.key is None and line.reason.startswith("unit 'hour'; the rule")
