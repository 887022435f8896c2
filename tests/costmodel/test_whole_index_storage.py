"""Issue 12, pricing: Backblaze B2 (primary) with an S3 Glacier IR archive, Cloudflare R2 and
the zone plan, each worked by hand from costmodel/catalog/{backblaze,cloudflare}; and the
pypi-2023 figure: the origin transfer to Fastly from B2, GCS and S3."""

from __future__ import annotations

import datetime as dt

import pytest
from costmodel_helpers import CLOUDFRONT, FASTLY, lines, price, reasons, res
from graph_memo import build_graph

from costmodel.model.estimate import estimate
from costmodel.model.graph import Resource
from costmodel.model.scenario import load_scenario
from indexplan.paths import resolve_scenario, resolve_stack
from indexplan.stackfile import load_stack_file

AS_OF = "2026-11-30"


def b2_bucket(name: str = "files", region: str = "us-west-004") -> Resource:
    return Resource(
        f"urn:pulumi:test::indexplan::indexplan:storage:B2$aws:s3/bucket:Bucket::{name}",
        "aws:s3/bucket:Bucket",
        name,
        "indexplan:storage:B2",
        {"region": region},
    )


ARCHIVE = res(
    "aws:s3/bucket:Bucket",
    "archive",
    "storage",
    lifecycleRules=[{"transitions": [{"days": 1, "storageClass": "GLACIER_IR"}]}],
)
# 100 TB out, 1e9 requests, 90 % hits; 10 TB stored, 1e5 uploads
USAGE = {
    "traffic": {"egress": "100 TB/month", "requests": "1e9/month", "cache_hit_ratio": 0.9},
    "storage": {"stored": "10 TB", "uploads": "1e5/month"},
}


def test_b2_primary_behind_fastly_with_an_s3_archive():
    est = price([FASTLY, b2_bucket(), ARCHIVE], USAGE, as_of=AS_OF)
    # B2 (b2.yaml, 2023-10-03 version): storage 10,000 GB: 10 free, 9,990 x 0.006 = 59.94;
    # uploads are Class A, free; misses 1e9 x 0.1 = 1e8 GETs = 10,000 x 10,000: 7.609375
    # free (2,500 a day), 9,992.390625 x 0.004 = 39.969563 -> 39.97; no egress line: B2 ->
    # Fastly is free (Bandwidth Alliance)
    assert lines(est, "files") == [
        ("B2 storage, first 10 GB-month (free)", "global", 0, 0.0),
        ("B2 storage, over 10 GB-month", "global", 0.006, 59.94),
        ("B2 Class A transactions (uploads)", "global", 0, 0.0),
        ("B2 Class B transactions (cache misses), first 76,093.75 requests (free)",
         "global", 0, 0.0),
        ("B2 Class B transactions (cache misses), over 76,093.75 requests",
         "global", 0.004, 39.97),
    ]  # fmt: skip
    assert {i.provider for i in est.line_items if i.resource == "files"} == {"b2"}
    assert "B2 -> fastly origin transfer is free (Bandwidth Alliance)" in est.notes
    # The archive stores everything and serves nothing: 10e12 B = 9,313.225746 GB x 0.004
    # (Glacier IR, us-east-1) = 37.252903 -> 37.25; 1e5 PUTs = 100 x 1,000 x 0.005 = 0.50
    assert lines(est, "archive") == [
        ("storage (Glacier Instant Retrieval)", "us-east-1", 0.004, 37.25),
        ("PUT requests (uploads)", "us-east-1", 0.005, 0.5),
    ]
    # the one hole is the CDN's: Fastly's 100 TB (100,000 GB) pass its 10 TB, "contact sales"
    assert reasons(est) == [
        (
            "cdn",
            "bandwidth",
            "90,000 GB in north_america_europe beyond the last published tier "
            "(10,000 GB; contact sales)",
        )
    ]


def test_b2_to_a_cdn_outside_the_alliance_pays_egress_beyond_three_times_what_it_stores():
    est = price([CLOUDFRONT, b2_bucket()], USAGE, as_of=AS_OF)
    # misses 0.1 x 100 TB = 10 TB; free allowance 3 x 10 TB = 30 TB: nothing to pay
    assert not [line for line in lines(est, "files") if "egress" in line[0]]
    assert "B2 egress: the first 3x the bytes stored each month are free" in est.notes
    more = {**USAGE, "traffic": {**USAGE["traffic"], "cache_hit_ratio": 0.5}}
    est = price([CLOUDFRONT, b2_bucket()], more, as_of=AS_OF)
    # misses 50 TB - 30 TB free = 20,000 GB x 0.01 = 200.00
    assert lines(est, "files")[-1] == ("B2 egress to the CDN", "global", 0.01, 200.0)


def test_b2_regions_never_fall_to_s3_rates():
    est = price([FASTLY, b2_bucket(region="eu-central-003")], USAGE, as_of=AS_OF)
    assert {i.region for i in est.line_items if i.resource == "files"} == {"global"}
    est = price([FASTLY, b2_bucket(region="ap-somewhere-9")], USAGE, as_of=AS_OF)
    assert any("no b2 price for region ap-somewhere-9" in r for _, _, r in reasons(est))


R2 = res("cloudflare:index/r2Bucket:R2Bucket", "files", "storage", location="enam")
ZONE = res("cloudflare:index/zone:Zone", "zone", "cdn", zone="example.com")


def test_r2_behind_cloudflare():
    est = price([ZONE, R2], USAGE, as_of=AS_OF)
    # R2 (r2.yaml): storage 10,000 GB-month: 10 free, 9,990 x 0.015 = 149.85; uploads 1e5 =
    # 0.1 million, within the free million; misses 1e8 = 100 million: 10 free, 90 x 0.36 =
    # 32.40; egress is free (no line)
    assert lines(est, "files") == [
        ("storage (Standard), first 10 GB-month (free)", "global", 0, 0.0),
        ("storage (Standard), over 10 GB-month", "global", 0.015, 149.85),
        ("Class A operations (uploads), first 1 million requests (free)", "global", 0, 0.0),
        ("Class B operations (cache misses), first 10 million requests (free)", "global", 0, 0.0),
        ("Class B operations (cache misses), over 10 million requests", "global", 0.36, 32.4),
    ]
    # the zone on the Free plan (no plan set): $0, and the CDN bills no bandwidth
    assert lines(est, "zone") == [("plan", "global", 0, 0.0)]
    assert "R2 egress is free (to Cloudflare and to the internet)" in est.notes


def test_zone_plans_and_the_unlisted_enterprise_one():
    pro = res("cloudflare:index/zone:Zone", "zone", "cdn", plan="pro")
    # a zone's own plan is billed monthly: Pro $25 a zone-month since 2023-01-01 (zones.yaml)
    assert lines(price([pro], USAGE, as_of=AS_OF), "zone") == [("plan", "global", 25, 25.0)]
    ent = res("cloudflare:index/zone:Zone", "zone", "cdn", plan="enterprise")
    (why,) = reasons(price([ent], USAGE, as_of=AS_OF))
    assert "quoted per customer" in why[2]


def test_r2_did_not_exist_before_2022():
    est = price([ZONE, R2], USAGE, as_of="2021-06-01")
    assert all("launched 2022-09-21" in r for n, _, r in reasons(est) if n == "files")


def origin_transfer_usd(stack: str) -> float:
    """The stack's origin transfer to Fastly under pypi-2023 (prices of its as_of)."""
    stack_file = load_stack_file(resolve_stack(stack))
    scn = load_scenario(resolve_scenario("pypi-2023"))
    s = stack_file.settings
    regions = {p: r for p, r in (("aws", s.aws_region), ("gcp", s.gcp_region)) if r}
    est = estimate(
        build_graph(stack_file), scn, stack=stack, as_of=dt.date(2023, 12, 31), regions=regions
    )
    words = ("transfer out to the CDN", "CDN Interconnect", "B2 egress")
    return sum(i.monthly_usd for i in est.line_items if any(w in i.component for w in words))


@pytest.mark.parametrize(
    ("stack", "usd"),
    [
        # pypi-2023: 66 PB x (1 - 0.99) = 660e12 B of misses = 614,672.899246 GB (2^30)
        ("pypi-2024", 0.0),  # B2 -> Fastly: Bandwidth Alliance, free
        ("pypi-2021", 24586.92),  # GCS -> Fastly, CDN Interconnect: x 0.04 = 24,586.915970
        # S3 -> Fastly, us-west-2 internet out: 100 free; 10,140 x 0.09 = 912.60; 40,960 x
        # 0.085 = 3,481.60; 102,400 x 0.07 = 7,168.00; 461,072.899246 x 0.05 = 23,053.64
        ("pypi-2016", 912.60 + 3481.60 + 7168.00 + 23053.64),
    ],
)
def test_pypi_2023_origin_transfer_to_fastly(stack, usd):
    # The monthly difference PyPI's 2023 move to B2 makes: $24,586.92 against GCS (2021's
    # setup), $34,615.84 against S3 (2016's).
    assert origin_transfer_usd(stack) == pytest.approx(usd, abs=0.005)
