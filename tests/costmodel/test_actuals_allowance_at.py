"""`actuals.allowance_at`: an account-wide free allowance drawn again at other quantities, as the
estimate draws it (resources in its order, each taking what the earlier ones left).

AWS's 100 GB a month of free transfer out is one pool for S3 and EC2 (the load balancer) in
costmodel/catalog/aws/data_transfer.yaml; in the graph the bucket comes before the load balancer.
"""

from __future__ import annotations

import datetime as dt

from costmodel.model.estimate import estimate
from costmodel.model.graph import Resource
from costmodel.model.prices import PriceKey
from costmodel.model.scenario import parse_scenario
from costmodel.planning.actuals import allowance_at

S3_OUT = PriceKey("aws", "s3", "internet_out", "us-east-1")
EC2_OUT = PriceKey("aws", "data_transfer", "internet_out", "us-east-1")


def res(type_: str, name: str, role: str, **inputs) -> Resource:
    return Resource(
        f"urn:pulumi:t::indexplan::{type_}::{name}", type_, name, f"indexplan:{role}:C", inputs
    )


def the_month():
    """1 TB through Fastly at a 0.9 hit ratio misses 1e11 B = 93.13 GB from the bucket; the
    app's 1e6 x 50 kB = 46.57 GB go out through the load balancer."""
    graph = [
        res("fastly:index/serviceVcl:ServiceVcl", "cdn", "cdn"),
        res("aws:s3/bucket:Bucket", "files", "storage"),
        res("aws:lb/loadBalancer:LoadBalancer", "app-lb", "app", loadBalancerType="application"),
    ]
    scenario = parse_scenario(
        {
            "traffic": {"egress": "1 TB/month", "requests": 0, "cache_hit_ratio": 0.9},
            "app": {"requests": "1e6/month", "response_size": "50 kB"},
        },
        "t.yaml",
        "t",
    )
    return estimate(
        graph, scenario, stack="t", as_of=dt.date(2026, 8, 1), regions={"aws": "us-east-1"}
    )


def test_the_estimates_own_quantities_give_its_own_shares():
    """The bucket's 93.13 GB all free, the load balancer the 6.87 GB left."""
    est = the_month()
    got = allowance_at(est, {S3_OUT: 93.1322574615, EC2_OUT: 46.5661287308})
    assert got[S3_OUT] == (93.1322574615,)
    assert round(got[EC2_OUT][0], 10) == round(100 - 93.1322574615, 10)


def test_other_quantities_are_drawn_again_in_the_estimates_order():
    """Billed 50 GB from the bucket and 80 through the load balancer: the bucket draws first,
    50, and leaves 50 for the load balancer (the estimate's fixed shares would have given it
    6.87). Billed 120 and 10: the bucket takes all 100, none is left for the load balancer.
    A price the bill does not have draws nothing: the load balancer alone takes 80."""
    est = the_month()
    assert allowance_at(est, {S3_OUT: 50.0, EC2_OUT: 80.0}) == {S3_OUT: (50.0,), EC2_OUT: (50.0,)}
    assert allowance_at(est, {S3_OUT: 120.0, EC2_OUT: 10.0}) == {S3_OUT: (100.0,), EC2_OUT: (0.0,)}
    assert allowance_at(est, {EC2_OUT: 80.0}) == {S3_OUT: (0.0,), EC2_OUT: (80.0,)}
