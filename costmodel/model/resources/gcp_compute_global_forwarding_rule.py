"""Global forwarding rules of an external Application Load Balancer: one hourly charge covers a
project's first five rules, each rule beyond pays its own; the HTTPS rules carry the requests,
whose bytes the load balancer bills as inbound data processed."""

from typing import Any

from costmodel.model.components import Component, Context, priced
from costmodel.model.graph import Resource
from costmodel.model.quantities import HOURS_PER_MONTH

TYPE = "gcp:compute/globalForwardingRule:GlobalForwardingRule"
INCLUDED_RULES = 5
# A download request as the load balancer receives it: request line and headers (a usage
# assumption, stated in every estimate that uses it).
REQUEST_BYTES = 500.0
HTTPS_PORT = "443"


def _rules(ctx: Context) -> list[Resource]:
    return [r for r in ctx.graph if r.type == TYPE]


def first_five(rule: Resource, ctx: Context) -> dict[str, float]:
    ctx.notes.add("Google bills the first five forwarding rules of a project as one charge")
    return {"global": HOURS_PER_MONTH} if _rules(ctx).index(rule) == 0 else {}


def additional(rule: Resource, ctx: Context) -> dict[str, float]:
    return {"global": HOURS_PER_MONTH} if _rules(ctx).index(rule) >= INCLUDED_RULES else {}


def inbound_data(rule: Resource, ctx: Context) -> dict[str, Any]:
    https = [r for r in _rules(ctx) if str(r.inputs.get("portRange")) == HTTPS_PORT]
    if rule not in https:
        return {}
    ctx.notes.add(f"load balancer inbound data: {REQUEST_BYTES:,.0f} bytes per request")
    return {"global": ctx.scenario.requests * REQUEST_BYTES / len(https)}


priced(
    TYPE,
    Component(
        "forwarding rules (first five)",
        "load_balancing",
        "forwarding_rules_first_5",
        "hours",
        first_five,
    ),
    Component(
        "forwarding rule (beyond five)",
        "load_balancing",
        "forwarding_rule_additional",
        "hours",
        additional,
    ),
    Component(
        "inbound data processed",
        "load_balancing",
        "inbound_data_processed",
        "bytes",
        inbound_data,
    ),
)
