"""Cloudflare: R2 buckets (storage, Class A uploads, Class B cache misses; egress is free) and
the zone's plan fee (the CDN bills no bandwidth on Cloudflare's plans): Free unless a zone
subscription names another plan (indexplan:cdn.plan), priced on the subscription then, Pro and
Business by its billing frequency (billed monthly costs more a month than billed annually);
Enterprise is quoted, so unpriced until a price book gives its rate."""

from dataclasses import replace
from typing import Any

from costmodel.model import usage
from costmodel.model.components import Component, Context, Unpriceable, priced
from costmodel.model.graph import Resource
from costmodel.model.prices import Measure

FREE_PLAN = "free"  # pulumi-cloudflare's default: a zone created without a plan is on Free
ZONE_SUBSCRIPTION = "cloudflare:index/zoneSubscription:ZoneSubscription"
SELF_SERVE_PLANS = ("free", "pro", "business")  # bought online; Enterprise is quoted
# What a self-serve plan is for, in the estimate's assumptions; `compare` repeats it for a
# cheapest setup that relies on it (it looks for SELF_SERVE in the notes).
SELF_SERVE = "Cloudflare self-serve plan"
CACHE_LIMITS = (
    "caches files up to 512 MB (Enterprise, quoted per customer: 5 GB); "
    "developers.cloudflare.com/cache/concepts/default-cache-behavior/"
)


# R2 has one price for every place a bucket can be (r2.yaml), so a bucket without a location
# hint, placed by Cloudflare's "Automatic" default (developers.cloudflare.com/r2/reference/
# data-location), is priced as one with a hint; the note says where it may end up.
AUTOMATIC = (
    "R2 bucket without a location hint: Cloudflare places it near where it is created "
    "(Automatic); R2 has one price for every location"
)


def r2(name: str, dimension: str, measure: Measure, fn: usage.UsageFn) -> Component:
    def placed(bucket: Resource, ctx: Context) -> Any:
        try:
            ctx.region("cloudflare", bucket)
        except Unpriceable:
            ctx.notes.add(AUTOMATIC)
            bucket = replace(bucket, inputs={**bucket.inputs, "location": usage.ONE})
        return fn(bucket, ctx)

    return Component(name, "r2", dimension, measure, placed, zone=usage.ONE)


def cache_misses(bucket: Resource, ctx: Context) -> dict[str, Any]:
    """GETs of the CDN's misses; their bytes cost nothing (R2 bills no egress)."""
    misses = usage.miss_requests(bucket, ctx)
    if misses:
        ctx.notes.add("R2 egress is free (to Cloudflare and to the internet)")
    return misses


def plan(zone: Resource) -> str:
    value = zone.inputs.get("plan", FREE_PLAN)
    if not isinstance(value, str) or value.startswith("["):
        raise Unpriceable("the zone's plan is not known")
    return value.lower()


def subscribed_plan(subscription: Resource) -> str:
    rate = subscription.inputs.get("ratePlan")
    value = rate.get("id") if isinstance(rate, dict) else None
    if not isinstance(value, str) or not value or value.startswith("["):
        raise Unpriceable("the subscription's rate plan is not known")
    return value.lower()


# Pro and Business cost less a month billed annually (zones.yaml's <plan>-annual variants);
# Cloudflare's API spells a year "yearly", its tenant docs "annual"; unset is monthly, the API's
# default. Free is free either way; Enterprise's quote is whatever the contract says.
ANNUAL = ("yearly", "annual")
BILLED_BY_FREQUENCY = ("pro", "business")


def billing(subscription: Resource) -> str:
    """ "monthly" or "annually": how the subscription is billed, which sets the plan's price."""
    value = subscription.inputs.get("frequency", "monthly")
    if not isinstance(value, str) or value.startswith("["):
        raise Unpriceable("the subscription's billing frequency is not known")
    if value.lower() in ANNUAL:
        return "annually"
    if value.lower() != "monthly":
        raise Unpriceable(
            f"Cloudflare lists its plans billed monthly or annually, not {value!r} "
            "(zoneSubscription frequency)"
        )
    return "monthly"


def subscribed_variant(subscription: Resource) -> str:
    name = subscribed_plan(subscription)
    if name in BILLED_BY_FREQUENCY and billing(subscription) == "annually":
        return f"{name}-annual"
    return name


def plan_note(name: str, ctx: Context, billed: str = "monthly") -> None:
    if name not in SELF_SERVE_PLANS:  # Enterprise: what the quote says, which we cannot see
        ctx.notes.add(
            f"Cloudflare {name.title()} plan: quoted per customer; priced as one fee per zone "
            "and month (a price book's rate), with no bandwidth line (a contract that also "
            "bills traffic is not modelled)"
        )
        return
    fee = "no plan fee" if name == FREE_PLAN else f"a flat fee per zone, billed {billed}"
    ctx.notes.add(f"Cloudflare {name.title()} plan: {fee}, no bandwidth charge")
    ctx.notes.add(f"{SELF_SERVE} ({name.title()}): {CACHE_LIMITS}")


def zone_month(zone: Resource, ctx: Context) -> dict[str, float]:
    subscriptions = ctx.index.of_type(ZONE_SUBSCRIPTION)
    if any(
        ctx.index.lookup(zone.type).resolve(s.inputs.get("zoneId")) is zone for s in subscriptions
    ):
        return {}  # its plan is priced on the subscription
    plan_note(plan(zone), ctx)
    return {usage.ONE: 1.0}


def subscription_month(subscription: Resource, ctx: Context) -> dict[str, float]:
    name = subscribed_plan(subscription)
    billed = billing(subscription) if name in BILLED_BY_FREQUENCY else "monthly"
    plan_note(name, ctx, billed)
    return {usage.ONE: 1.0}


priced(
    "cloudflare:index/r2Bucket:R2Bucket",
    r2("storage (Standard)", "storage_standard", "byte_months", usage.stored_in_class(None)),
    r2("Class A operations (uploads)", "class_a_operations", "requests", usage.uploads),
    r2("Class B operations (cache misses)", "class_b_operations", "requests", cache_misses),
)
priced(
    "cloudflare:index/zone:Zone",
    Component("plan", "zone", "plan", "zone_months", zone_month, zone=usage.ONE, variant=plan),
)
priced(
    ZONE_SUBSCRIPTION,
    Component(
        "plan",
        "zone",
        "plan",
        "zone_months",
        subscription_month,
        zone=usage.ONE,
        variant=subscribed_variant,
    ),
)
