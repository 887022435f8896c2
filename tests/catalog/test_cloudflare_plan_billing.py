"""Cloudflare's Pro and Business plans priced by how the zone subscription is billed
(costmodel/catalog/cloudflare/zones.yaml, s12 review finding 18). Every figure is worked by hand
from that file: billed monthly Pro $20 until 2022-12-31, $25 from 2023-01-01, Business $200 then
$250; billed annually $240 / 12 = $20 and $2,400 / 12 = $200 a zone-month, from 2023-01-01."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from costmodel.errors import InputError
from costmodel.model.estimate import Estimate, estimate
from costmodel.model.graph import Resource
from costmodel.model.scenario import parse_scenario
from tests.catalog.helpers import lines, res

AS_OF = dt.date(2026, 12, 1)
SCENARIO = {"traffic": {"egress": "1 TB/month", "requests": "1e7/month"}}
SUBSCRIPTION = "cloudflare:index/zoneSubscription:ZoneSubscription"
ZONE = res("cloudflare:index/zone:Zone", "cdn-zone", "cdn", type="full")


def subscription(plan: str, **frequency: Any) -> Resource:
    return res(
        SUBSCRIPTION, "cdn-plan", "cdn", zoneId="cdn-zone", ratePlan={"id": plan}, **frequency
    )


def price(graph: list[Resource], as_of: dt.date = AS_OF) -> Estimate:
    scn = parse_scenario(SCENARIO, "test.yaml", "test")
    return estimate(graph, scn, stack="test", as_of=as_of)


@pytest.mark.parametrize(
    ("plan", "frequency", "monthly_usd", "billed"),
    [
        ("pro", {"frequency": "monthly"}, 25.0, "monthly"),  # $25/mo billed monthly
        ("pro", {}, 25.0, "monthly"),  # unset: the API's default, monthly
        ("pro", {"frequency": "yearly"}, 20.0, "annually"),  # $240 a year / 12
        ("pro", {"frequency": "annual"}, 20.0, "annually"),  # the tenant docs' spelling
        ("business", {"frequency": "monthly"}, 250.0, "monthly"),  # $250/mo billed monthly
        ("business", {"frequency": "Yearly"}, 200.0, "annually"),  # $2,400 a year / 12
    ],
)
def test_pro_and_business_are_priced_by_billing_frequency(plan, frequency, monthly_usd, billed):
    est = price([ZONE, subscription(plan, **frequency)])
    # one zone x one month x the rate
    assert lines(est, "cdn-plan") == [("plan", "global", monthly_usd, monthly_usd)]
    assert est.complete
    note = (
        f"Cloudflare {plan.title()} plan: a flat fee per zone, billed {billed}, no bandwidth charge"
    )
    assert note in est.notes


def test_the_assumption_names_the_billing_and_its_source():
    est = price([ZONE, subscription("pro", frequency="yearly")])
    used = [
        p for p in est.to_dict()["assumptions"]["prices"] if p["price"].startswith("cloudflare")
    ]
    (annual,) = used
    assert "pro-annual" in annual["price"]
    assert annual["effective"] == "2023-01-01"
    assert "faq-annual-subscriptions" in annual["source"]
    assert annual["note"].startswith("billed annually, $240 a zone-year / 12")


@pytest.mark.parametrize(
    ("as_of", "plan", "monthly_usd"),
    [
        (dt.date(2022, 12, 31), "pro", 20.0),  # the last day of the $20 version
        (dt.date(2023, 1, 1), "pro", 25.0),  # "from January" (2023), the day assumed the 1st
        (dt.date(2022, 12, 31), "business", 200.0),
        (dt.date(2023, 1, 1), "business", 250.0),
    ],
)
def test_monthly_billing_rose_in_january_2023(as_of, plan, monthly_usd):
    est = price([ZONE, subscription(plan, frequency="monthly")], as_of)
    assert lines(est, "cdn-plan") == [("plan", "global", monthly_usd, monthly_usd)]


def test_a_zones_own_plan_without_a_subscription_is_billed_monthly():
    pro_zone = res("cloudflare:index/zone:Zone", "cdn-zone", "cdn", type="full", plan="pro")
    est = price([pro_zone])
    assert lines(est, "cdn-zone") == [("plan", "global", 25.0, 25.0)]


def test_free_is_free_whatever_the_billing():
    est = price([ZONE, subscription("free", frequency="yearly")])
    assert lines(est, "cdn-plan") == [("plan", "global", 0.0, 0.0)]
    assert est.complete


@pytest.mark.parametrize(
    ("frequency", "reason"),
    [
        ("quarterly", "Cloudflare lists its plans billed monthly or annually, not 'quarterly'"),
        ("[unknown]", "the subscription's billing frequency is not known"),
    ],
)
def test_a_billing_without_a_list_price_is_unpriced_not_zero(frequency, reason):
    est = price([ZONE, subscription("pro", frequency=frequency)])
    assert lines(est, "cdn-plan") == [] and not est.complete
    assert [u.reason for u in est.unpriced if u.resource == "cdn-plan"] == [
        f"{reason} (zoneSubscription frequency)" if frequency == "quarterly" else reason
    ]


def test_annual_billing_before_its_first_dated_source_is_refused():
    # an --prices-as-of before a key's earliest version is the engine's usual refusal
    with pytest.raises(
        InputError, match="earliest known price for cloudflare zone plan pro-annual"
    ):
        price([ZONE, subscription("pro", frequency="yearly")], dt.date(2022, 12, 31))
