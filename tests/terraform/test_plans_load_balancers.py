"""Each kind of load balancer at its own rate (tests/fixtures/terraform/load-balancers: a real
plan of one Application, Network and Gateway load balancer, an `aws_alb` and a Classic `aws_elb`
in us-east-1, and a Network one in us-east-2), never at the Application Load Balancer's.

Rates: AWS's AWSELB offer file (2026-08-31, terms dated 2026-08-01; catalog
aws/load_balancers.yaml), us-east-1: Application $0.0225/h (app.yaml) and $0.008 per LCU-hour,
Network $0.0225/h and $0.006 per NLCU-hour, Gateway $0.0125/h and $0.004 per GLCU-hour, Classic
$0.025/h and $0.008 per GB processed. A month is 730 hours.
"""

from __future__ import annotations

from tests.prices.helpers import run_json
from tests.terraform.terraform_cli import CONFIGURATIONS

PLAN = str(CONFIGURATIONS["load-balancers"].plan_file)


def test_each_kind_is_priced_at_its_own_rate(capsys):
    data = run_json(capsys, "estimate", "--from-terraform-plan", PLAN, "-s", "pypi-2026")
    hours = {i["resource"]: (i["unit_price_usd"], i["monthly_usd"]) for i in data["line_items"]}
    assert hours == {
        "aws_lb.web": (0.0225, 16.43),  # 730 x 0.0225 = 16.425 -> 16.43 (half up)
        "aws_alb.legacy": (0.0225, 16.43),  # the same Application rate under the older name
        "aws_lb.tcp": (0.0225, 16.43),  # Network: 730 x 0.0225, its own price, same figure
        "aws_lb.inspection": (0.0125, 9.13),  # Gateway: 730 x 0.0125 = 9.125 -> 9.13
        "aws_elb.classic": (0.025, 18.25),  # Classic: 730 x 0.025 = 18.25
    }
    used = {p["price"] for p in data["assumptions"]["prices"]}
    assert used == {
        f"aws elb {dimension} us-east-1"
        for dimension in ("alb_hours", "nlb_hours", "gwlb_hours", "classic_hours")
    }
    reasons = {(u["resource"], u["component"]): u["reason"] for u in data["unpriced"]}
    # capacity units and bytes are not in the scenario: each at its own unit price
    assert reasons[("aws_lb.web", "load balancer capacity units")] == (
        "depends on usage: $0.008 per LCU-hour (us-east-1)"
    )
    assert reasons[("aws_lb.tcp", "load balancer capacity units")] == (
        "depends on usage: $0.006 per NLCU-hour (us-east-1)"
    )
    assert reasons[("aws_lb.inspection", "load balancer capacity units")] == (
        "depends on usage: $0.004 per GLCU-hour (us-east-1)"
    )
    assert reasons[("aws_elb.classic", "data processed")] == (
        "depends on usage: $0.008 per GB (us-east-1)"
    )
    # no Network rate is sourced for us-east-2: unpriced with the reason, not the ALB's $0.0225
    assert reasons[("aws_lb.tcp_ohio", "load balancer hours")].startswith(
        "no aws elb nlb_hours price for us-east-2: AWS lists load balancer prices per region and "
        "per kind"
    )
