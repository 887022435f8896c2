"""indexplan:cdn.plan: a Cloudflare CDN's zone plan, provisioned as a zone subscription (none for
Free) and priced per plan (costmodel/catalog/cloudflare/zones.yaml, billed monthly as the program
subscribes: Pro $25, Business $250 per zone and month since 2023-01-01; Enterprise quoted, so
unpriced until a price book gives its rate).

Stacks are private-small (stacks/Pulumi.private-small.yaml) and its public twin
(`indexplan:private` false); the plan line is the zone's flat fee whatever the traffic.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from graph_memo import build_graph
from stack_fixtures import config_of, write_stack

from costmodel.model.estimate import estimate
from costmodel.model.graph import Resource
from costmodel.model.pricebook import parse_price_book
from costmodel.model.prices import default_catalog
from costmodel.model.scenario import parse_scenario
from indexplan.stackfile import load_stack_file
from tests.cli.cli_run import assert_refused

SUBSCRIPTION = "cloudflare:index/zoneSubscription:ZoneSubscription"
ZONE = "cloudflare:index/zone:Zone"
DAY = dt.date(2026, 11, 30)
SCENARIO = parse_scenario({"traffic": {"egress": "1 TB/month", "requests": 0}}, "t.yaml", "t")


def graph(tmp_path, private: bool, **cdn: Any) -> list[Resource]:
    config = config_of("private-small")
    config["indexplan:private"] = private
    if cdn:
        config["indexplan:cdn"] = cdn
    return list(build_graph(load_stack_file(write_stack(tmp_path, "flare", config))))


def plans(resources: list[Resource]) -> list[str]:
    return [r.inputs["ratePlan"]["id"] for r in resources if r.type == SUBSCRIPTION]


def plan_lines(resources: list[Resource], book: Any = None) -> tuple[list[tuple[str, int]], Any]:
    cdn = [r for r in resources if r.type in (ZONE, SUBSCRIPTION)]
    est = estimate(cdn, SCENARIO, stack="t", as_of=DAY, price_book=book)
    return [(i.resource, i.cents) for i in est.line_items], est


@pytest.mark.parametrize(
    ("private", "cdn", "subscribed"),
    [
        (False, {}, []),  # public, unset: Free, no subscription
        (False, {"plan": "free"}, []),
        (False, {"plan": "pro"}, ["pro"]),
        (False, {"plan": "enterprise"}, ["enterprise"]),
        (True, {}, ["pro"]),  # private, unset: Pro, the cheapest plan with the token check
        (True, {"plan": "business"}, ["business"]),  # one subscription, the plan asked for
    ],
)
def test_the_plan_key_sets_the_zone_subscription(tmp_path, private, cdn, subscribed):
    assert plans(graph(tmp_path, private, **cdn)) == subscribed


@pytest.mark.parametrize(
    ("plan", "cents"),
    # the program subscribes monthly: $0, $25.00, $250.00 per zone-month (annual would be $20/$200)
    [("free", 0), ("pro", 2500), ("business", 25000)],
)
def test_each_self_serve_plan_is_its_flat_fee(tmp_path, plan, cents):
    lines, est = plan_lines(graph(tmp_path, False, plan=plan))
    resource = "cdn-zone" if plan == "free" else "cdn-plan"
    assert lines == [(resource, cents)] and est.complete


def test_enterprise_is_unpriced_until_a_book_gives_its_quote(tmp_path):
    resources = graph(tmp_path, False, plan="enterprise")
    lines, est = plan_lines(resources)
    assert lines == [] and not est.complete
    assert "Cloudflare's Enterprise plan is quoted per customer" in est.unpriced[0].reason
    entry = {"provider": "cloudflare", "service": "zone", "dimension": "plan",
             "variant": "enterprise", "effective": "2026-01-01", "rate": 4000}  # fmt: skip
    data = {"source": "quote", "entries": [entry]}
    quote = parse_price_book(data, "quote.yaml", "quote", default_catalog())
    lines, est = plan_lines(resources, quote)
    # one zone x 4,000.00 = 4,000.00, at list and contracted alike
    assert lines == [("cdn-plan", 400000)] and est.complete
    assert (est.list_cents, est.contracted_cents) == (400000, 400000)


@pytest.mark.parametrize(
    ("stack", "private", "cdn", "field", "expected"),
    [
        ("private-small", True, {"plan": "free"}, "indexplan:cdn.plan",
         "a private index's token check needs Cloudflare's Pro plan or above, not free"),
        ("private-small", False, {"plan": "gold"}, "indexplan:cdn.plan",
         "Input should be 'free', 'pro', 'business' or 'enterprise'"),
        ("private-small", False, {"tier": "pro"}, "indexplan:cdn.tier", ""),
        ("pypi-2024", False, {"plan": "pro"}, "indexplan:cdn",
         "only a cloudflare cdn takes this block, not fastly"),
    ],
)  # fmt: skip
def test_bad_plan_blocks_are_one_line(capsys, tmp_path, stack, private, cdn, field, expected):
    config = config_of(stack)
    if private:
        config["indexplan:private"] = True
    config["indexplan:cdn"] = cdn
    path = write_stack(tmp_path, "bad", config)
    args = ("estimate", str(path), "-s", "pypi-2026")
    assert_refused(capsys, args, f"{path}: {field}: {expected}")
