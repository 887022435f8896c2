"""Cloud Run services with request-based billing: vCPU-seconds, GiB-seconds and requests, and
the responses' internet egress.

Request-based billing (the program's `cpu_idle: True`) charges an instance only while it
serves at least one request ("Billing settings", cloud.google.com/run/docs/configuring/
billing-settings), so requests served at once on one instance share its billed time, up to
the service's concurrency C. With Poisson arrivals the requests in flight at a moment are
N ~ Poisson(load), load = request-seconds / the scenario's month; perfectly packed, they keep
ceil(N/C) instances busy, so billed instance time is E[ceil(N/C)] of the billing month
(`busy_instances`, exact: no bound). It is at least the minimum instances all month (billed as
busy: high for idle ones) and at most the maximum; either bound binding is said in the notes.
"""

from __future__ import annotations

import math
from typing import Any

from costmodel.model import usage, usage_roles
from costmodel.model.components import Component, Context, Unpriceable, priced
from costmodel.model.graph import Resource
from costmodel.model.prices import Measure
from costmodel.model.quantities import DAYS_PER_MONTH, GIB, HOURS_PER_MONTH

SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600  # instance time's billing month, as every provider's
# the scenario's month, in which its requests (and so the request-seconds) are counted
SCENARIO_SECONDS = DAYS_PER_MONTH * 86400
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
    load = busy / SCENARIO_SECONDS
    demand = busy_instances(load, int(per_instance)) * SECONDS_PER_MONTH
    ctx.notes.add(
        "Cloud Run: billed instance time = the expected instances busy, E[ceil(N / "
        "concurrency)] for N ~ Poisson(app requests x seconds per request / the month) "
        "requests in flight (perfect packing), x 730 h, within the minimum and maximum "
        "instances all month"
    )
    floor, ceiling = low * SECONDS_PER_MONTH, high * SECONDS_PER_MONTH
    if isinstance(demand, float):  # a sweep's arrays get no note
        bound_notes(service, ctx, demand, per_instance, low, high)
    return demand + (floor - demand) * (demand < floor) - (demand - ceiling) * (demand > ceiling)


def busy_instances(load: Any, per_instance: int) -> Any:
    """E[ceil(N / C)] for N ~ Poisson(`load`) (a float, or a sweep's array) and C =
    `per_instance`: load / C plus E[r] / C, where r = (-N) mod C is the idle room on the
    part-filled instance. E[r] is a finite Fourier sum over the C-th roots of unity z_m
    (sum of k z^k over k < C is C / (z - 1)), with E[z^N] - 1 = expm1(load (z - 1)) written out
    so that sparse traffic (load << 1, where E[r] ~ load (C - 1)) loses no digits:
    E[r] = sum over m of Re((E[z_m^N] - 1) / (z_m - 1)), each term
    (Im cot(theta/2) - Re) / 2 with theta = 2 pi m / C."""
    xp: Any = math if isinstance(load, float | int) else _numpy()
    room: Any = 0.0
    for m in range(1, per_instance):
        theta = 2 * math.pi * m / per_instance
        half = xp.sin(load * math.sin(theta) / 2)
        x = -2 * load * math.sin(theta / 2) ** 2
        real = xp.expm1(x) * xp.cos(load * math.sin(theta)) - 2 * half * half
        imag = xp.exp(x) * xp.sin(load * math.sin(theta))
        room = room + (imag / math.tan(theta / 2) - real) / 2
    return (load + room) / per_instance


def _numpy() -> Any:
    import numpy  # only a sweep's arrays need it

    return numpy


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
    return usage.by_region(usage_roles.app_requests(ctx) * usage_roles.app_response_size(ctx), ctx)


def free_egress(service: Resource, ctx: Context) -> dict[str, Any]:
    """The free 1 GiB within North America, up to what is sent there."""
    if service_location(service).startswith(NORTH_AMERICAN_REGIONS):
        sent = internet_egress(service, ctx).get(NORTH_AMERICA)
        if sent is not None:
            ctx.notes.add(FREE_EGRESS_NOTE)
            beyond = sent - FREE_EGRESS
            return {NORTH_AMERICA: sent - beyond * (beyond > 0)}
    return {}


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
        free=free_egress,
    ),
)
