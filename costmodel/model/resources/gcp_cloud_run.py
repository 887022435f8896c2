"""Cloud Run services with request-based billing: vCPU-seconds, GiB-seconds and requests.

Billed instance time is taken as each app request's mean duration, as if no two requests
shared an instance's billed time (an upper bound below max instances, a lower one for idle
minimum instances), at least the minimum instances all month and at most the maximum."""

from __future__ import annotations

from typing import Any

from costmodel.model import usage, usage_roles
from costmodel.model.components import Component, Context, Unpriceable, priced
from costmodel.model.graph import Resource
from costmodel.model.prices import Measure
from costmodel.model.quantities import HOURS_PER_MONTH

SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600
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


def instance_seconds(service: Resource, ctx: Context) -> Any:
    least = "template.scaling.minInstanceCount"
    low = usage.number(service, least) if usage.input_at(service, least) is not None else 0.0
    high = usage.number(service, "template.scaling.maxInstanceCount")
    busy = usage_roles.app_requests(ctx) * usage_roles.seconds_per_request(ctx)
    ctx.notes.add("Cloud Run: billed instance time = app requests x seconds per request")
    floor, ceiling = low * SECONDS_PER_MONTH, high * SECONDS_PER_MONTH
    return busy + (floor - busy) * (busy < floor) - (busy - ceiling) * (busy > ceiling)


def vcpu(service: Resource, ctx: Context) -> dict[str, Any]:
    cpu = float(limits(service).get("cpu", 1))
    return {ctx.region("gcp", service): instance_seconds(service, ctx) * cpu / 3600}


def memory(service: Resource, ctx: Context) -> dict[str, Any]:
    size = memory_bytes(limits(service).get("memory", "512Mi"))
    return {ctx.region("gcp", service): instance_seconds(service, ctx) * size / 3600}


def requests(service: Resource, ctx: Context) -> dict[str, Any]:
    limits(service)
    return {ctx.region("gcp", service): usage_roles.app_requests(ctx)}


def run(name: str, dimension: str, measure: Measure, fn: Any) -> Component:
    return Component(name, "cloud_run", dimension, measure, fn, zone_map="regions")


priced(
    "gcp:cloudrunv2/service:Service",
    run("vCPU-seconds", "vcpu_seconds", "vcpu_hours", vcpu),
    run("GiB-seconds", "memory_seconds", "byte_hours", memory),
    run("requests", "requests", "requests", requests),
)
