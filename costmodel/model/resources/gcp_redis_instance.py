"""Memorystore for Redis: provisioned capacity (GiB) by the hour, at the rate of its service
tier (Basic, Standard) and capacity tier (M1 1-4 GB ... M5 over 100 GB)."""

from costmodel.model import usage
from costmodel.model.components import Component, Context, Unpriceable, priced
from costmodel.model.graph import Resource
from costmodel.model.quantities import GIB, HOURS_PER_MONTH

TIERS = ("BASIC", "STANDARD_HA")
# Capacity tiers by their largest size in GB (cloud.google.com/memorystore/docs/redis/pricing).
CAPACITY_TIERS = ((4, "M1"), (10, "M2"), (35, "M3"), (100, "M4"), (float("inf"), "M5"))


def size_gb(resource: Resource) -> float:
    return usage.number(resource, "memorySizeGb")


def tier(resource: Resource) -> str:
    service = resource.inputs.get("tier", "BASIC")
    if service not in TIERS:
        raise Unpriceable(f"tier {service!r} is not in the catalog ({', '.join(TIERS)} are)")
    size = size_gb(resource)
    return f"{service}/{next(name for top, name in CAPACITY_TIERS if size <= top)}"


def capacity_hours(resource: Resource, ctx: Context) -> dict[str, float]:
    return {ctx.region("gcp", resource): size_gb(resource) * GIB * HOURS_PER_MONTH}


priced(
    "gcp:redis/instance:Instance",
    Component(
        "capacity",
        "memorystore_redis",
        "capacity",
        "byte_hours",
        capacity_hours,
        "regions",
        tier,
        sizing=True,
    ),
)
