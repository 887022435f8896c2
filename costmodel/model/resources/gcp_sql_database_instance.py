"""Cloud SQL for PostgreSQL (Enterprise): vCPU and memory hours from a custom tier, SSD storage."""

import re

from costmodel.model import usage
from costmodel.model.components import Component, Context, Unpriceable, priced
from costmodel.model.graph import Resource
from costmodel.model.quantities import GIB, HOURS_PER_MONTH

CUSTOM_TIER = re.compile(r"^db-custom-(?P<vcpus>\d+)-(?P<memory_mib>\d+)$")


def shape(resource: Resource) -> tuple[int, float]:
    """(vCPUs, memory GiB) of a `db-custom-<vcpus>-<MiB>` tier."""
    tier = str(usage.required(resource, "settings.tier"))
    match = CUSTOM_TIER.match(tier)
    if not match:
        raise Unpriceable(f"tier {tier} is not a db-custom-<vCPUs>-<MiB> tier the catalog prices")
    return int(match["vcpus"]), int(match["memory_mib"]) / 1024


def availability(resource: Resource) -> str:
    kind = resource.inputs.get("settings", {}).get("availabilityType", "ZONAL")
    return "regional" if kind == "REGIONAL" else "zonal"


def vcpu_hours(resource: Resource, ctx: Context) -> dict[str, float]:
    return {ctx.region("gcp", resource): shape(resource)[0] * HOURS_PER_MONTH}


def memory_hours(resource: Resource, ctx: Context) -> dict[str, float]:
    return {ctx.region("gcp", resource): shape(resource)[1] * GIB * HOURS_PER_MONTH}


priced(
    "gcp:sql/databaseInstance:DatabaseInstance",
    Component("vCPUs", "cloud_sql", "vcpu", "vcpu_hours", vcpu_hours, "regions", availability),
    Component("memory", "cloud_sql", "memory", "byte_hours", memory_hours, "regions", availability),
    Component(
        "SSD storage",
        "cloud_sql",
        "ssd_storage",
        "byte_months",
        usage.disk_gib("settings.diskSize"),
        "regions",
        availability,
    ),
)
