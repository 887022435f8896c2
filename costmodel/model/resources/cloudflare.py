"""Cloudflare: R2 buckets (storage, Class A uploads, Class B cache misses; egress is free) and
the zone's plan fee (the CDN bills no bandwidth on Cloudflare's plans)."""

from typing import Any

from costmodel.model import usage
from costmodel.model.components import Component, Context, Unpriceable, priced
from costmodel.model.graph import Resource
from costmodel.model.prices import Measure

FREE_PLAN = "free"  # pulumi-cloudflare's default: a zone created without a plan is on Free


def r2(name: str, dimension: str, measure: Measure, fn: usage.UsageFn) -> Component:
    return Component(name, "r2", dimension, measure, fn, zone=usage.ONE)


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


def zone_month(zone: Resource, ctx: Context) -> dict[str, float]:
    if plan(zone) == FREE_PLAN:
        ctx.notes.add("Cloudflare Free plan: no plan fee, no bandwidth charge")
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
