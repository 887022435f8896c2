"""Memorystore for Redis: provisioned capacity (GiB) by the hour, by service tier."""

from costmodel.model import usage
from costmodel.model.components import Component, Context, priced
from costmodel.model.graph import Resource
from costmodel.model.quantities import GIB, HOURS_PER_MONTH


def tier(resource: Resource) -> str:
    return str(resource.inputs.get("tier", "BASIC"))


def capacity_hours(resource: Resource, ctx: Context) -> dict[str, float]:
    size = float(usage.required(resource, "memorySizeGb"))
    return {ctx.region("gcp", resource): size * GIB * HOURS_PER_MONTH}


priced(
    "gcp:redis/instance:Instance",
    Component(
        "capacity", "memorystore_redis", "capacity", "byte_hours", capacity_hours, "regions", tier
    ),
)
