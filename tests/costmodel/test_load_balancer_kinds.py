"""Network, Gateway and Classic load balancers at their own rates (catalog
aws/load_balancers.yaml, AWS's AWSELB offer file of 2026-08-31, terms dated 2026-08-01),
never at the Application Load Balancer's. A month is 730 hours; AWS's GB is 2^30 bytes."""

from __future__ import annotations

import pytest
from costmodel_helpers import lines, price, reasons, res

AS_OF = "2026-11-30"
APP = {"traffic": {"egress": 1}, "app": {"requests": "1e6/month", "response_size": "50 kB"}}


def lb(kind: str | None, region: str = "us-east-1", role: str = "app"):
    inputs = {"region": region} | ({"loadBalancerType": kind} if kind else {})
    return res("aws:lb/loadBalancer:LoadBalancer", "lb", role, **inputs)


@pytest.mark.parametrize(
    ("kind", "region", "hours"),
    [
        # eu-west-2: 730 x 0.02646 = 19.3158 -> 19.32 (Network and Application alike)
        ("network", "eu-west-2", ("eu-west-2", 0.02646, 19.32)),
        ("application", "eu-west-2", ("eu-west-2", 0.02646, 19.32)),
        # Gateway: 730 x 0.0147 = 10.731 -> 10.73; us-east-1 730 x 0.0125 = 9.125 -> 9.13
        ("gateway", "eu-west-2", ("eu-west-2", 0.0147, 10.73)),
        ("gateway", "us-east-1", ("us-east-1", 0.0125, 9.13)),
    ],
)
def test_hours_by_kind_and_region(kind, region, hours):
    est = price([lb(kind, region)], APP, as_of=AS_OF)
    assert lines(est, "lb")[0] == ("load balancer hours", *hours)


def test_network_and_gateway_capacity_units_depend_on_usage_at_their_own_rate():
    why = {r for _, c, r in reasons(price([lb("network", "eu-west-2")], APP, as_of=AS_OF))}
    assert why == {"depends on usage: $0.006 per NLCU-hour (eu-west-2)"}
    why = {r for _, c, r in reasons(price([lb("gateway")], APP, as_of=AS_OF))}
    assert why == {"depends on usage: $0.004 per GLCU-hour (us-east-1)"}


def test_a_classic_load_balancer_bills_hours_and_the_apps_bytes():
    classic = res("aws:elb/loadBalancer:LoadBalancer", "lb", "app", region="eu-west-2")
    est = price([classic], APP, as_of=AS_OF)
    assert lines(est, "lb") == [
        # 730 x 0.0294 = 21.462 -> 21.46
        ("load balancer hours", "eu-west-2", 0.0294, 21.46),
        # 1e6 responses x 50 kB = 5e10 bytes = 46.566 GB (2^30) x 0.0084 = 0.39116 -> 0.39
        ("data processed", "eu-west-2", 0.0084, 0.39),
        # the same bytes leave AWS: within the account's 100 GB a month free
        ("transfer out to the internet, first 46.57 GB (free)", "eu-west-2", 0, 0.0),
    ]


def test_an_unknown_kind_is_unpriced_with_the_reason():
    est = price([lb("[unknown]")], APP, as_of=AS_OF)
    assert reasons(est) == [
        ("lb", None, "load balancer type '[unknown]': expected application, network, gateway")
    ]
