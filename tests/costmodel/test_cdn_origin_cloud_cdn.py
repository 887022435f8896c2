"""Cloud CDN in front of S3 or B2 (a backend service with an internet network endpoint
group): the CDN is priced like the backend-bucket path, the bucket's misses are priced on the
bucket, and what cannot be priced is listed with its reason (s5-review, finding 5).

Prices: costmodel/catalog/gcp/cdn.yaml (cloud.google.com/cdn/pricing), costmodel/catalog/aws
s3 feed, costmodel/catalog/backblaze/b2.yaml. Google and AWS bill GiB (2^30 B), B2 GB (10^9 B).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from costmodel_helpers import S3_FILES, lines, price, reasons, res
from graph_memo import build_graph

import costmodel.model.resources  # noqa: F401  (registers the types)
from costmodel.model.components import KNOWN_UNPRICED, PRICED, is_free
from costmodel.model.estimate import estimate
from costmodel.model.graph import Resource
from costmodel.model.scenario import parse_scenario
from indexplan.stackfile import load_stack_file

SERVICE = "gcp:compute/backendService:BackendService"
CLOUD_CDN_SERVICE = res(SERVICE, "cdn", "cdn", enableCdn=True)
NEG = res(
    "gcp:compute/globalNetworkEndpointGroup:GlobalNetworkEndpointGroup",
    "s3-origin",
    "cdn",
    networkEndpointType="INTERNET_FQDN_PORT",
)
B2_FILES = Resource(
    "urn:pulumi:test::indexplan::indexplan:storage:B2$aws:s3/bucket:Bucket::files",
    "aws:s3/bucket:Bucket",
    "files",
    "indexplan:storage:B2",
    {"region": "us-west-004"},
)
# 20 TiB out to North America, 1e7 requests, 90 % hits: misses 2 TiB and 1e6 requests
SCENARIO = {
    "traffic": {
        "egress": "20 TiB/month",
        "requests": "1e7/month",
        "cache_hit_ratio": 0.9,
        "regions": {"north_america": 1.0},
    },
    "storage": {"stored": "100 GB", "uploads": "0/month"},
}
REQUEST_LINE = (
    "cdn",
    "requests to the external origin",
    "Google bills the requests Cloud CDN sends to an external origin (about 500 bytes per "
    "cache miss) at Compute Engine internet egress rates from the edge that fills the cache; "
    "which edge, and so which rate, is not known",
)


def test_cloud_cdn_on_a_backend_service_is_priced_like_the_backend_bucket_path():
    est = price([CLOUD_CDN_SERVICE, NEG, S3_FILES], SCENARIO)
    # cache egress 20 TiB = 20,480 GiB to North America: 10,240 x 0.08 = 819.20, then
    # 10,240 x 0.055 = 563.20; lookups 1e7 / 1e4 x 0.0075 = 7.50; cache fill of the
    # misses, 2,048 GiB within North America x 0.01 = 20.48
    assert lines(est, "cdn") == [
        ("cache egress, first 10,240 GiB", "north_america", 0.08, 819.20),
        ("cache egress, 10,240-153,600 GiB", "north_america", 0.055, 563.20),
        ("cache lookups", "global", 0.0075, 7.50),
        ("cache fill from the origin", "north_america_europe", 0.01, 20.48),
    ]


def test_s3_behind_cloud_cdn_pays_its_gets_and_internet_transfer_out():
    est = price([CLOUD_CDN_SERVICE, NEG, S3_FILES], SCENARIO)
    # S3 us-east-1: storage 100 GB = 93.13 GiB x 0.023 = 2.14; misses 1e6 GETs / 1,000 x
    # 0.0004 = 0.40; 2 TiB = 2,048 GB out to the internet (Cloud CDN is not an AWS origin):
    # 100 free, 1,948 x 0.09 = 175.32
    assert lines(est, "files") == [
        ("storage (Standard), first 51,200 GB-month", "us-east-1", 0.023, 2.14),
        ("GET requests (cache misses)", "us-east-1", 0.0004, 0.40),
        ("transfer out to the CDN, first 100 GB (free)", "us-east-1", 0, 0.0),
        ("transfer out to the CDN, 100-10,240 GB", "us-east-1", 0.09, 175.32),
    ]
    # the one thing left unpriced is named, with its reason
    assert reasons(est) == [REQUEST_LINE]


def test_b2_behind_cloud_cdn_pays_class_b_and_egress_beyond_three_times_stored():
    est = price([CLOUD_CDN_SERVICE, NEG, B2_FILES], SCENARIO)
    # B2 (b2.yaml, 2023-10-03 version; decimal GB): storage 100 GB, 10 free, 90 x 0.006 =
    # 0.54; 1e6 Class B = 100 x 10,000: 7.609375 free, 92.390625 x 0.004 = 0.37; Google is
    # not a Bandwidth Alliance partner, so the misses, 2 TiB = 2,199.023256 GB, less the free
    # 3 x 100 GB stored, 1,899.023256 GB x 0.01 = 18.99
    assert lines(est, "files") == [
        ("B2 storage, first 10 GB-month (free)", "global", 0, 0.0),
        ("B2 storage, over 10 GB-month", "global", 0.006, 0.54),
        ("B2 Class B transactions (cache misses), first 76,093.75 requests (free)",
         "global", 0, 0.0),
        ("B2 Class B transactions (cache misses), over 76,093.75 requests",
         "global", 0.004, 0.37),
        ("B2 egress to the CDN", "global", 0.01, 18.99),
    ]  # fmt: skip
    assert "B2 egress: the first 3x the bytes stored each month are free" in est.notes
    assert reasons(est) == [REQUEST_LINE]


def test_a_backend_service_without_cloud_cdn_is_no_cdn():
    """An app's backend service costs nothing by itself and draws no CDN traffic."""
    est = price([res(SERVICE, "app", "cdn", enableCdn=False), S3_FILES], SCENARIO)
    assert lines(est, "app") == []
    assert [line[0] for line in lines(est, "files")] == [
        "storage (Standard), first 51,200 GB-month"
    ]
    assert reasons(est) == []


def stack(tmp_path: Path, storage: str) -> Path:
    path = tmp_path / f"Pulumi.gcdn-{storage}.yaml"
    extra = {
        "aws": "  aws:region: us-east-1\n  indexplan:storage:\n    archive: false\n",
        "b2": "  indexplan:storage:\n    region: us-west-004\n",
    }[storage]
    path.write_text(
        "config:\n"
        "  gcp:project: example-index\n"
        "  gcp:region: us-central1\n"
        "  indexplan:domain: example-index.org\n"
        "  indexplan:files_hostname: files.example-index.org\n"
        "  indexplan:roles:\n"
        "    cdn: gcp\n"
        f"    storage: {storage}\n" + extra
    )
    return path


# s5-review's reg.yaml: 100 TB/month (93,132.26 GiB), 1e9 requests, 90 % hits, 10 TB stored
REG = {
    "traffic": {
        "egress": "100 TB/month",
        "requests": "1e9/month",
        "cache_hit_ratio": 0.9,
        "regions": {
            "north_america": 0.5,
            "europe": 0.3,
            "asia_pacific": 0.15,
            "south_america": 0.05,
        },
    },
    "storage": {"stored": "10 TB", "uploads": "12000/year"},
}


@pytest.mark.parametrize("storage", ["aws", "b2"])
def test_the_shipped_program_for_the_pair_has_no_silent_hole(tmp_path, storage):
    stack_file = load_stack_file(stack(tmp_path, storage))
    graph = build_graph(stack_file)
    # every type the program declares for the pair is priced, free, or unpriced with a reason
    unknown = {
        r.type
        for r in graph
        if r.type not in PRICED and r.type not in KNOWN_UNPRICED and not is_free(r.type)
    }
    assert unknown == set()
    scn = parse_scenario(REG, "reg.yaml", "reg")
    regions = {"aws": "us-east-1", "gcp": "us-central1"}
    est = estimate(graph, scn, stack="gcdn", as_of=dt.date(2026, 8, 14), regions=regions)
    assert reasons(est) == [("cdn-backend", *REQUEST_LINE[1:])]
    by_provider: dict[str, float] = {}
    for item in est.line_items:
        by_provider[item.provider] = by_provider.get(item.provider, 0.0) + item.monthly_usd
    # Cloud CDN, as the reviewer worked all-gcp's lines: cache egress NA 819.20 + 1,997.94,
    # EU 819.20 + 973.48, AP 921.60 + 223.79, SA 419.10; lookups 1e9 / 1e4 x 0.0075 = 750.00;
    # fill 9,313.23 GiB: 80 % x 0.01 = 74.51, 20 % x 0.04 = 74.51; forwarding rules 18.25 and
    # inbound 500 B x 1e9 = 465.66 GiB x 0.008 = 3.73
    assert round(by_provider["gcp"], 2) == 7095.31
    if storage == "aws":
        # s5-review's hand figure: storage 214.20 + PUTs 0.01 + GETs 1e8 / 1,000 x 0.0004 =
        # 40.00 + (9,313.23 - 100 free) GB x 0.09 = 829.19
        assert round(by_provider["aws"], 2) == 1083.40
    else:
        # storage 9,990 x 0.006 = 59.94; Class B 9,992.390625 x 0.004 = 39.97; misses 10 TB
        # are within the free 3 x 10 TB stored, so no egress is billed
        assert round(by_provider["b2"], 2) == 99.91
        assert "B2 egress: the first 3x the bytes stored each month are free" in est.notes


def test_a_second_cloud_cdn_backend_is_unpriced_not_counted_twice():
    bucket_backend = res("gcp:compute/backendBucket:BackendBucket", "static", "cdn", enableCdn=True)
    est = price([CLOUD_CDN_SERVICE, bucket_backend, NEG, S3_FILES], SCENARIO)
    assert lines(est, "cdn") == []
    assert reasons(est) == [
        (
            "cdn",
            None,
            "2 Cloud CDN backends in one stack; which of them serves the scenario's traffic is "
            "unknown",
        )
    ]
