"""AWS counts a region's transfer out to the internet from S3, EC2 and Elastic Load Balancing
together towards its volume tiers: one ladder per (account, region), as it gives one 100 GB
allowance per account. Sources (costmodel/catalog/aws/data_transfer.yaml): AWS's Global Network
FAQs (aws.amazon.com/about-aws/global-infrastructure/global-network/faqs): DTO rate tiers "take
into account your aggregate DTO usage across Amazon EC2, Amazon S3, ... and Elastic Load
Balancing"; the AWSDataTransfer offer prices EC2's and ELB's transfer out on the same ladder as
S3's (Infracost's golden file, citing aws.amazon.com/ec2/pricing/on-demand/). Rates, us-east-1
and us-east-2, per GB of 2^30 bytes: 0.09 to 10 TB (10,240 GB), 0.085 to 50 TB (51,200), 0.07
to 150 TB (153,600), 0.05 beyond.

S3 behind Fastly misses 200 TB (2e14 bytes = 186,264.5149 GB): 100 free; 10,140 x 0.09 =
912.60; 40,960 x 0.085 = 3,481.60; 102,400 x 0.07 = 7,168.00; 32,664.5149 x 0.05 = 1,633.23.
The app sends 1e9 x 50 kB = 5e13 bytes = 46,566.1287 GB through its load balancer.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
from costmodel_helpers import FASTLY, REGIONS, S3_FILES, lines, price, res

from costmodel.model.estimate import estimate
from costmodel.model.scenario import parse_scenario
from costmodel.planning.actuals import price_functions
from costmodel.planning.vector import price_points, with_arrays

DAY = dt.date(2026, 8, 14)
USAGE = {
    "traffic": {"egress": "200 TB/month", "requests": 0, "cache_hit_ratio": 0},
    "app": {"requests": "1e9/month", "response_size": "50 kB"},
}
S3_LINES = [
    ("transfer out to the CDN, first 100 GB (free)", "us-east-1", 0, 0.0),
    ("transfer out to the CDN, 100-10,240 GB", "us-east-1", 0.09, 912.6),
    ("transfer out to the CDN, 10,240-51,200 GB", "us-east-1", 0.085, 3481.6),
    ("transfer out to the CDN, 51,200-153,600 GB", "us-east-1", 0.07, 7168.0),
    ("transfer out to the CDN, over 153,600 GB", "us-east-1", 0.05, 1633.23),
]


def alb(**inputs: object):
    return res(
        "aws:lb/loadBalancer:LoadBalancer", "app-lb", "app", loadBalancerType="application",
        **inputs,
    )  # fmt: skip


def transfer(est, resource):
    return [line for line in lines(est, resource) if line[0].startswith("transfer out")]


def test_the_apps_transfer_climbs_the_ladder_the_bucket_left_in_its_region():
    """In us-east-1 the app's 46,566.1287 GB start at 186,264.5149 GB, above 150 TB: all at
    0.05 = 2,328.31. On a ladder of its own (before session 8) it paid 10,240 x 0.09 = 921.60
    + 36,326.1287 x 0.085 = 3,087.72 = 4,009.32: $1,681.01 too much."""
    est = price([FASTLY, S3_FILES, alb()], USAGE, as_of="2026-08-14")
    assert transfer(est, "files") == S3_LINES
    assert transfer(est, "app-lb") == [
        ("transfer out to the internet, over 186,264.51 GB", "us-east-1", 0.05, 2328.31)
    ]


def test_another_region_has_a_ladder_of_its_own():
    """The app in us-east-2: no transfer there yet, and the bucket used the account's 100 GB
    free: 10,240 x 0.09 = 921.60, 36,326.1287 x 0.085 = 3,087.72."""
    est = price([FASTLY, S3_FILES, alb(region="us-east-2")], USAGE, as_of="2026-08-14")
    assert transfer(est, "files") == S3_LINES
    assert transfer(est, "app-lb") == [
        ("transfer out to the internet, first 10,240 GB", "us-east-2", 0.09, 921.6),
        ("transfer out to the internet, 10,240-51,200 GB", "us-east-2", 0.085, 3087.72),
    ]


def test_actuals_values_the_apps_transfer_where_the_estimate_put_it():
    # the price function at the estimated quantity is the estimate's 2,328.31, not the
    # 4,009.32 of a ladder from 0: a bill at list then shows no rate variance
    est = price([FASTLY, S3_FILES, alb()], USAGE, as_of="2026-08-14")
    (item,) = [i for i in est.line_items if i.resource == "app-lb" and "transfer" in i.component]
    function = price_functions(est)[item.key]
    assert function.cents(item.quantity) == 232831
    # 1,000 GB more at the margin: 0.05 x 1,000 = 50.00
    assert function.cents(item.quantity + 1000) == 232831 + 5000


def test_the_numpy_twin_climbs_the_same_ladder_at_every_point():
    scn = parse_scenario(USAGE, "t.yaml", "t")
    # below and across the allowance and each of the bucket's tiers
    egress = np.array([0, 5e10, 1e11, 1.1e13, 6e13, 1.7e14, 2e14])
    graph = [FASTLY, S3_FILES, alb()]
    points = price_points(
        graph, with_arrays(scn, egress=egress), size=egress.size, as_of=DAY, regions=REGIONS
    )
    scalar = [
        estimate(graph, with_arrays(scn, egress=float(e)), stack="t", as_of=DAY,
                 regions=REGIONS).list_cents
        for e in egress
    ]  # fmt: skip
    assert points.total().tolist() == scalar
