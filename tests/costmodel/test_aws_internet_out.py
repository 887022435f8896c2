"""The app's responses leave AWS through its load balancer as data transfer out to the internet,
and AWS's 100 GB a month free is one allowance for S3's and EC2's transfer out alike.

Sources (costmodel/catalog/aws/data_transfer.yaml): AWS's Global Network FAQs (DTO rate tiers
"take into account your aggregate DTO usage across Amazon EC2, Amazon S3, ... and Elastic Load
Balancing"); AWS on repost.aws: the 100 GB free "includes Amazon EC2, Amazon S3, Elastic Load
Balancing ... calculated each month across all regions". Rates (us-east-1, Infracost's
AWSDataTransfer golden file): $0.09 per GB (2^30 bytes) to 10 TB, 0.085 to 50 TB.
"""

from __future__ import annotations

import pytest
from costmodel_helpers import FASTLY, S3_FILES, lines, price, reasons, res

from costmodel.model.price_files import VersionInfo

APP = {"requests": "1e6/month", "response_size": "50 kB", "seconds_per_request": 0.2}
# Fastly in front of the bucket: 1 TB at a 0.9 hit ratio misses 1e11 bytes = 93.1322574615 GB
TRAFFIC = {"egress": "1 TB/month", "requests": 0, "cache_hit_ratio": 0.9}
ALB = res("aws:lb/loadBalancer:LoadBalancer", "app-lb", "app", loadBalancerType="application")


def transfer_out(est, resource):
    return [c for c in lines(est, resource) if c[0].startswith("transfer out")]


def test_the_load_balancer_draws_on_the_allowance_the_bucket_left():
    """The bucket (first in the graph) takes 93.1322574615 of the 100 GB free; the app's
    1e6 x 50 kB = 5e10 bytes = 46.5661287308 GB get the 6.8677425385 left and pay for
    46.5661287308 - 6.8677425385 = 39.6983861923 GB x $0.09 = $3.5729 -> $3.57. With the
    allowance per service (as before) they would have been all free. The app's transfer climbs
    the region's ladder from where the bucket's left it (93.13 GB), so its lines name that band."""
    est = price([FASTLY, S3_FILES, ALB], {"traffic": TRAFFIC, "app": APP}, as_of="2026-08-14")
    assert [c for c in lines(est, "files") if "transfer out" in c[0]] == [
        ("transfer out to the CDN, first 93.13 GB (free)", "us-east-1", 0, 0.0)
    ]
    assert transfer_out(est, "app-lb") == [
        ("transfer out to the internet, 93.13-100 GB (free)", "us-east-1", 0, 0.0),
        ("transfer out to the internet, 100-10,240 GB", "us-east-1", 0.09, 3.57),
    ]
    quantity = [i.quantity for i in est.line_items if i.component.endswith(", 100-10,240 GB")]
    assert quantity == [pytest.approx(39.6983861923)]


def test_twelve_terabytes_climb_the_ladder():
    """1.2e7 requests x 1 MB = 1.2e13 bytes = 11,175.8708953857 GB in us-east-1: 100 free,
    10,140 x 0.09 = 912.60, then 935.8708953857 x 0.085 = 79.5490 -> 79.55."""
    app = {"requests": "1.2e7/month", "response_size": "1 MB", "seconds_per_request": 0.2}
    est = price([ALB], {"traffic": TRAFFIC, "app": app}, as_of="2026-08-14")
    assert transfer_out(est, "app-lb") == [
        ("transfer out to the internet, first 100 GB (free)", "us-east-1", 0, 0.0),
        ("transfer out to the internet, 100-10,240 GB", "us-east-1", 0.09, 912.6),
        ("transfer out to the internet, 10,240-51,200 GB", "us-east-1", 0.085, 79.55),
    ]


def test_before_december_2021_there_was_no_allowance():
    # 46.5661287308 GB x $0.09 = $4.1909 -> $4.19 (the version in force from 2016-01-01)
    est = price([ALB], {"traffic": TRAFFIC, "app": APP}, as_of="2021-06-01")
    assert transfer_out(est, "app-lb") == [
        ("transfer out to the internet, first 10,240 GB", "us-east-1", 0.09, 4.19)
    ]


def test_a_classic_load_balancer_sends_the_app_out_too():
    classic = res("aws:elb/loadBalancer:LoadBalancer", "app-elb", "app")
    app = {"requests": "1e7/month", "response_size": "50 kB", "seconds_per_request": 0.2}
    est = price([classic], {"traffic": TRAFFIC, "app": app}, as_of="2026-08-14")
    # 5e11 bytes = 465.6612873077 GB: 100 free, 365.6612873077 x 0.09 = 32.9095 -> 32.91
    assert transfer_out(est, "app-elb") == [
        ("transfer out to the internet, first 100 GB (free)", "us-east-1", 0, 0.0),
        ("transfer out to the internet, 100-10,240 GB", "us-east-1", 0.09, 32.91),
    ]


def test_internal_gateway_and_unknown_balancers():
    internal = res("aws:lb/loadBalancer:LoadBalancer", "inside", "app", internal=True)
    gateway = res("aws:lb/loadBalancer:LoadBalancer", "gw", "app", loadBalancerType="gateway")
    other = res("aws:lb/loadBalancer:LoadBalancer", "other", None, loadBalancerType="network")
    est = price([internal, gateway, other], {"traffic": TRAFFIC, "app": APP}, as_of="2026-08-14")
    assert transfer_out(est, "inside") == [] and transfer_out(est, "gw") == []
    # not the app's: what it sends is not a scenario figure, so it is listed with its price
    why = [r for r in reasons(est) if r[1] == "transfer out to the internet"]
    assert why == [
        (
            "other",
            "transfer out to the internet",
            "depends on usage: $0.09 per GB (us-east-1)",
        )
    ]


def test_an_allowance_pool_needs_an_allowance():
    base = {"effective": "2021-12-01", "source": "s", "confidence": "confirmed"}
    assert VersionInfo(**base, allowance=100, allowance_pool="p").allowance_pool == "p"
    with pytest.raises(ValueError, match="allowance_pool"):
        VersionInfo(**base, allowance_pool="p")
