"""Estimate versus a real CUR where AWS's 100 GB a month of free transfer out is in play: the
estimate's price function gives each resource its share of the allowance free, as the estimate
did, so a month billed exactly at list prices shows no rate variance whatever its quantity.

A CUR bills the allowance as rows of the same usage type at $0 ("$0.000 per GB - data transfer
out under the monthly global free tier", then "$0.090 per GB - first 10 TB / month data
transfer out beyond the global free tier": a bill quoted on repost.aws,
questions/QUAT1NfOeZSAK5z8KXXO9jgA). Rates: costmodel/catalog/aws/data_transfer.yaml, us-east-1,
$0.09 per GB (2^30 bytes) to 10 TB, the 100 GB free shared by S3 and EC2 since 2021-12-01.
"""

from __future__ import annotations

import datetime as dt

from bill_rows import cur_row, write_cur_csv

from costmodel.model.estimate import estimate
from costmodel.model.graph import Resource
from costmodel.model.prices import PriceKey, default_catalog
from costmodel.model.scenario import parse_scenario
from costmodel.planning.actuals import reconcile
from costmodel.readers.bills.mapping import map_bill
from costmodel.readers.bills.read import read_bills

S3_OUT = PriceKey("aws", "s3", "internet_out", "us-east-1")
EC2_OUT = PriceKey("aws", "data_transfer", "internet_out", "us-east-1")


def res(type_: str, name: str, role: str, **inputs) -> Resource:
    return Resource(
        f"urn:pulumi:t::indexplan::{type_}::{name}", type_, name, f"indexplan:{role}:C", inputs
    )


FASTLY = res("fastly:index/serviceVcl:ServiceVcl", "cdn", "cdn")
BUCKET = res("aws:s3/bucket:Bucket", "files", "storage")
ALB = res("aws:lb/loadBalancer:LoadBalancer", "app-lb", "app", loadBalancerType="application")


def month(graph, egress: str, app_requests: str = "0/month"):
    scenario = parse_scenario(
        {
            "traffic": {"egress": egress, "requests": 0, "cache_hit_ratio": 0.9},
            "app": {"requests": app_requests, "response_size": "50 kB"},
        },
        "t.yaml",
        "t",
    )
    return estimate(
        graph, scenario, stack="t", as_of=dt.date(2026, 8, 1), regions={"aws": "us-east-1"}
    )


def variance(tmp_path, est, rows, key):
    bill = map_bill(read_bills([write_cur_csv(tmp_path / "cur.csv", rows)]), default_catalog())
    (component,) = [c for c in reconcile(est, bill).components if c.key == key]
    return (
        component.estimated_cents,
        component.billed_cents,
        component.quantity_variance_cents,
        component.rate_variance_cents,
    )


def test_a_month_below_the_allowance_is_all_quantity_variance(tmp_path):
    """10 TB through Fastly at a 0.9 hit ratio misses 1e12 bytes = 931.3225746 GB: the
    estimate's 100 free, then 831.3225746 x 0.09 = 74.819 -> 74.82. The month billed 50 GB,
    all under the free tier: $0. The estimate's prices at 50 GB are $0 too, so the whole
    -74.82 is quantity. (Priced without the allowance, 50 GB would have been 4.50 and the
    bill's $0 a -4.50 rate variance: AWS charging less than list, which it did not.)"""
    est = month([FASTLY, BUCKET], "10 TB/month")
    rows = [cur_row("AmazonS3", "DataTransfer-Out-Bytes", "GB", 50, 0.0, "us-east-1")]
    assert variance(tmp_path, est, rows, S3_OUT) == (7482, 0, -7482, 0)


def test_a_month_above_the_allowance_bills_the_marginal_rate(tmp_path):
    """The same estimate; billed 1,100 GB: 100 free + 1,000 x 0.09 = 90.00. At the estimate's
    prices 1,100 GB cost 90.00 too: quantity 90.00 - 74.82 = 15.18, rate 0."""
    est = month([FASTLY, BUCKET], "10 TB/month")
    rows = [
        cur_row("AmazonS3", "DataTransfer-Out-Bytes", "GB", 100, 0.0, "us-east-1"),
        cur_row("AmazonS3", "DataTransfer-Out-Bytes", "GB", 1000, 90.0, "us-east-1"),
    ]
    assert variance(tmp_path, est, rows, S3_OUT) == (7482, 9000, 1518, 0)


def test_the_load_balancer_keeps_the_share_the_bucket_left_it(tmp_path):
    """1 TB through Fastly misses 1e11 bytes = 93.1322574615 GB from the bucket (all free); the
    app's 1e6 x 50 kB = 46.5661287308 GB get the 6.8677425385 GB left and pay 39.6983861923 x
    0.09 = 3.5729 -> 3.57. The bill: the bucket's 93.13 GB at $0 and the app's transfer under
    AWSDataTransfer, 6.87 GB free and 39.70 GB for $3.57. Both at list: no variance. Then a
    month where the app sent 5 GB (all within its free share): -3.57, all quantity."""
    est = month([FASTLY, BUCKET, ALB], "1 TB/month", "1e6/month")
    bucket = cur_row("AmazonS3", "DataTransfer-Out-Bytes", "GB", 93.1322574615, 0.0, "us-east-1")
    app = [
        cur_row("AWSDataTransfer", "DataTransfer-Out-Bytes", "GB", 6.8677425385, 0.0, "us-east-1"),
        cur_row("AWSDataTransfer", "DataTransfer-Out-Bytes", "GB", 39.6983861923, 3.57,
                "us-east-1"),
    ]  # fmt: skip
    assert variance(tmp_path, est, [bucket, *app], S3_OUT) == (0, 0, 0, 0)
    assert variance(tmp_path, est, [bucket, *app], EC2_OUT) == (357, 357, 0, 0)
    small = cur_row("AWSDataTransfer", "DataTransfer-Out-Bytes", "GB", 5, 0.0, "us-east-1")
    assert variance(tmp_path, est, [bucket, small], EC2_OUT) == (357, 0, -357, 0)
