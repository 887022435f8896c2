"""Cloud Run services with request-based billing: vCPU-seconds, GiB-seconds and requests, and
the responses' internet egress.

Request-based billing (the program's `cpu_idle: True`) charges an instance only while it
serves at least one request ("Billing settings", cloud.google.com/run/docs/configuring/
billing-settings), so requests served at once on one instance share its billed time, up to
the service's concurrency C. Billed instance time is taken as the request-seconds / C
(instances full) plus (1 - 1/C) of an instance whenever any request is in flight, with
Poisson arrivals (1 - e^-load of the month; load = the mean requests in flight): n requests
on ceil(n/C) instances is at most n/C + (C-1)/C, so this is an upper bound under perfect
packing, exact for C = 1 and for sparse traffic (load << 1: the request-seconds). It is at
least the minimum instances all month (billed as busy: high for idle ones) and at most the
maximum; either bound binding is said in the notes.
"""

from __future__ import annotations

import math
from typing import Any

from costmodel.model import usage, usage_roles
from costmodel.model.components import Component, Context, Unpriceable, priced
from costmodel.model.graph import Resource
from costmodel.model.prices import Measure
from costmodel.model.quantities import GIB, HOURS_PER_MONTH

SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600
# Cloud Run's free internet egress: "a free tier of 1GiB free data transfer within North
# America per month" (cloud.google.com/run/pricing, stored copy; checked 2026-11-30). Effective:
# not published; taken from 2016-01-01 like the same page's other free tiers in the catalog
# (costmodel/catalog/gcp/cloud_run.yaml). "Within North America": from a region there (us-*,
# northamerica-*) to the scenario's north_america share. Google counts it once per billing
# account across projects; here once per service, as the catalog does the page's other free
# tiers (one Cloud Run service per stack in the program).
FREE_EGRESS = float(GIB)
NORTH_AMERICA = "north_america"
NORTH_AMERICAN_REGIONS = ("us-", "northamerica-")
FREE_EGRESS_NOTE = (
    "Cloud Run: its first 1 GiB a month of internet egress within North America is free "
    "(cloud.google.com/run/pricing, checked 2026-11-30)"
)
MEMORY_UNITS = {"Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "K": 1e3, "M": 1e6, "G": 1e9}


def limits(service: Resource) -> dict[str, Any]:
    containers = usage.required(service, "template.containers")
    if not isinstance(containers, list) or len(containers) != 1:
        raise Unpriceable("only services with one container are priced", whole=True)
    resources = containers[0].get("resources") or {}
    if resources.get("cpuIdle") is False:
        raise Unpriceable(
            "instance-based billing (CPU always allocated) is not in the catalog", whole=True
        )
    return dict(resources.get("limits") or {})


def memory_bytes(text: Any) -> float:
    value = str(text)
    for suffix, size in MEMORY_UNITS.items():
        if value.endswith(suffix) and value[: -len(suffix)].replace(".", "", 1).isdigit():
            return float(value[: -len(suffix)]) * size
    raise Unpriceable(f"memory limit {value!r} is not a size like '1024Mi'")


def concurrency(service: Resource, cpu: float) -> float:
    """The requests one instance serves at once; unset or 0 is the API's default (80 from one
    vCPU, else 1: `maxInstanceRequestConcurrency`, pulumi-gcp cloudrunv2 Service)."""
    given = usage.number(service, "template.maxInstanceRequestConcurrency", default=0.0)
    return given or (80.0 if cpu >= 1 else 1.0)


def instance_seconds(service: Resource, ctx: Context) -> Any:
    low = usage.number(service, "template.scaling.minInstanceCount", default=0.0)
    high = usage.number(service, "template.scaling.maxInstanceCount")
    per_instance = concurrency(service, cpu(service))
    busy = usage_roles.app_requests(ctx) * usage_roles.seconds_per_request(ctx)
    load = busy / SECONDS_PER_MONTH
    part_filled = (1 - 1 / per_instance) * (1 - math.e**-load) * SECONDS_PER_MONTH
    demand = busy / per_instance + part_filled
    ctx.notes.add(
        "Cloud Run: billed instance time = app requests x seconds per request / concurrency, "
        "plus one part-filled instance's idle share while any request is in flight (Poisson "
        "arrivals), within the minimum and maximum instances all month"
    )
    floor, ceiling = low * SECONDS_PER_MONTH, high * SECONDS_PER_MONTH
    if isinstance(demand, float):  # a sweep's arrays get no note
        bound_notes(service, ctx, demand, per_instance, low, high)
    return demand + (floor - demand) * (demand < floor) - (demand - ceiling) * (demand > ceiling)


def bound_notes(
    service: Resource, ctx: Context, demand: float, per_instance: float, low: float, high: float
) -> None:
    shown = f"Cloud Run {service.name}: demand of {demand:,.0f} instance-seconds"
    if demand > high * SECONDS_PER_MONTH:
        ctx.notes.add(
            f"{shown} (concurrency {per_instance:g}) exceeds max instances {high:g} "
            f"x {HOURS_PER_MONTH} h ({high * SECONDS_PER_MONTH:,.0f}): capped; the service "
            "would be saturated (requests refused)"
        )
    elif demand < low * SECONDS_PER_MONTH:
        ctx.notes.add(
            f"{shown} is below min instances {low:g} x {HOURS_PER_MONTH} h "
            f"({low * SECONDS_PER_MONTH:,.0f}): the minimum is billed all month"
        )


def cpu(service: Resource) -> float:
    return float(limits(service).get("cpu", 1))


def vcpu(service: Resource, ctx: Context) -> dict[str, Any]:
    return {ctx.region("gcp", service): instance_seconds(service, ctx) * cpu(service) / 3600}


def memory(service: Resource, ctx: Context) -> dict[str, Any]:
    size = memory_bytes(limits(service).get("memory", "512Mi"))
    return {ctx.region("gcp", service): instance_seconds(service, ctx) * size / 3600}


def requests(service: Resource, ctx: Context) -> dict[str, Any]:
    limits(service)
    return {ctx.region("gcp", service): usage_roles.app_requests(ctx)}


def internet_egress(service: Resource, ctx: Context) -> dict[str, Any]:
    """The app's responses, to the scenario's regions: the program serves the app at the
    service's own URL (infra/app/cloudrun.py), so they leave Google as internet egress.
    cloud.google.com/run/pricing: "Outbound internet data transfer uses the Premium Network
    Service Tier and is charged at Google Cloud networking pricing with a free tier of 1GiB
    free data transfer within North America per month"; "no charge for data transfer to Media
    CDN, Cloud CDN and Cloud Load Balancing" (not how the program serves it)."""
    limits(service)
    ctx.notes.add(
        "Cloud Run: responses leave as Premium Tier internet egress to the scenario's regions"
    )
    sent = usage.by_region(usage_roles.app_requests(ctx) * usage_roles.app_response_size(ctx), ctx)
    if NORTH_AMERICA in sent and service_location(service).startswith(NORTH_AMERICAN_REGIONS):
        ctx.notes.add(FREE_EGRESS_NOTE)
        beyond = sent[NORTH_AMERICA] - FREE_EGRESS
        sent[NORTH_AMERICA] = beyond * (beyond > 0)
    return sent


def service_location(service: Resource) -> str:
    return str(usage.required(service, "location"))


def run(name: str, dimension: str, measure: Measure, fn: Any) -> Component:
    return Component(name, "cloud_run", dimension, measure, fn, zone_map="regions")


priced(
    "gcp:cloudrunv2/service:Service",
    run("vCPU-seconds", "vcpu_seconds", "vcpu_hours", vcpu),
    run("GiB-seconds", "memory_seconds", "byte_hours", memory),
    run("requests", "requests", "requests", requests),
    Component(
        "internet egress (responses)",
        "network",
        "internet_egress_premium",
        "bytes",
        internet_egress,
        "network_egress",
        variant=service_location,  # priced by destination and the service's region
    ),
)
