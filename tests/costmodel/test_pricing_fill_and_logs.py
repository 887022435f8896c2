"""Cloud CDN cache fill by the bucket's continent and the edge's (review s5, finding 9), and
request-log retention over the scenario's month (finding 11).

Cache fill: "$0.01 to $0.04 per GiB, based on the source and destination of the data"
(cloud.google.com/cdn/pricing); the catalog's sourced rates are fill from a bucket in North
America or Europe, within North America or Europe at 0.01 and farther at the page's 0.04 upper
bound (costmodel/catalog/gcp/cdn.yaml). Google lists a SKU per continent pair but no stored
source gives their rates, so fill from a bucket elsewhere is unpriced, never borrowed.
"""

from __future__ import annotations

import pytest
from costmodel_helpers import CLOUD_CDN, lines, price, reasons, res

# misses = 20 TiB x (1 - 0.9) = 2 TiB = 2,048 GiB; half to Europe's edges, half to Asia's
FILL = {
    "traffic": {
        "egress": "20 TiB/month",
        "requests": 1,
        "cache_hit_ratio": 0.9,
        "regions": {"europe": 0.5, "asia_pacific": 0.5},
    }
}


def bucket(location: str):
    return res("gcp:storage/bucket:Bucket", "files", "storage", location=location)


def fill(est):
    return [line for line in lines(est, "files") if line[0] == "cache fill to Cloud CDN"]


@pytest.mark.parametrize("location", ["US", "NAM4", "us-east1", "EU", "europe-west1"])
def test_fill_from_a_bucket_in_north_america_or_europe_is_priced(location):
    est = price([CLOUD_CDN, bucket(location)], FILL)
    # to Europe 1,024 GiB x 0.01 = 10.24; to Asia Pacific 1,024 GiB x 0.04 = 40.96
    assert fill(est) == [
        ("cache fill to Cloud CDN", "north_america_europe", 0.01, 10.24),
        ("cache fill to Cloud CDN", "other", 0.04, 40.96),
    ]
    assert [r for r in reasons(est) if r[1] == "cache fill to Cloud CDN"] == []


@pytest.mark.parametrize("location", ["asia-east1", "ASIA", "australia-southeast1"])
def test_fill_from_a_bucket_elsewhere_is_unpriced_not_borrowed(location):
    est = price([CLOUD_CDN, bucket(location)], FILL)
    # before: the same 10.24 + 40.96 as a US bucket, whatever the bucket's continent
    assert fill(est) == []
    (reason,) = [r for _, component, r in reasons(est) if component == "cache fill to Cloud CDN"]
    assert reason == (
        "no gcp cloud_cdn cache_fill price for from_outside_north_america_europe: no dated rate "
        "was found for cache fill from a bucket outside North America and Europe; see "
        "`indexplan prices show cloud_cdn`"
    )
    assert not est.complete


LOGS = res(
    "gcp:storage/bucket:Bucket",
    "logs",
    "analytics",
    location="US",
    lifecycleRules=[{"action": {"type": "Delete"}, "condition": {"age": 30}}],
)


def test_request_logs_hold_their_days_of_the_scenarios_month():
    # all-gcp at pypi-2026: 6e9 requests a day, one 1,500-byte Cloud Logging line each, kept
    # 30 days: 6e9 x 1,500 x 30 = 2.7e14 B = 251,457.10 GiB (2^30 B), x $0.026 (US
    # multi-region Standard) = $6,537.88. The month's bytes (30.4375 days of requests) over a
    # 730-hour month's 30.4167 days gave 251,629.33 GiB, $6,542.36. (The review wrote
    # 251,457.67 GiB and $6,537.90; 2.7e14 / 2^30 is 251,457.095.)
    est = price([CLOUD_CDN, LOGS], {"traffic": {"egress": "1 TB/month", "requests": "6e9/day"}})
    (line,) = [i for i in est.line_items if i.component == "storage (request logs)"]
    assert (round(line.quantity, 2), line.unit_price_usd, line.monthly_usd) == (
        251457.10,
        0.026,
        6537.88,
    )
