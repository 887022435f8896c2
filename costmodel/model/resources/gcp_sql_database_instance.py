"""Cloud SQL for PostgreSQL (Enterprise): vCPU and memory hours of a custom tier, or the hours
of a shared-core tier, and SSD storage; zonal or regional (high availability). Other engines
are not in the catalog and are unpriced, never priced as PostgreSQL."""

import re
from typing import Any

from costmodel.model import usage
from costmodel.model.components import Component, Context, Unpriceable, priced
from costmodel.model.graph import Resource
from costmodel.model.quantities import GIB, HOURS_PER_MONTH

CUSTOM_TIER = re.compile(r"^db-custom-(?P<vcpus>\d+)-(?P<memory_mib>\d+)$")
SHARED_CORE = ("db-f1-micro", "db-g1-small")
ENGINE = "POSTGRES_"  # the engine the catalog prices, whatever its major version


def availability(resource: Resource) -> str:
    version = str(usage.required(resource, "databaseVersion"))
    if not version.startswith(ENGINE):
        raise Unpriceable(
            f"engine {version} is not in the catalog (Cloud SQL for PostgreSQL is)", whole=True
        )
    kind = resource.inputs.get("settings", {}).get("availabilityType", "ZONAL")
    return "regional" if kind == "REGIONAL" else "zonal"


def tier(resource: Resource) -> str:
    name = str(usage.required(resource, "settings.tier"))
    if not CUSTOM_TIER.match(name) and name not in SHARED_CORE:
        raise Unpriceable(
            f"tier {name} is not in the catalog (db-custom-<vCPUs>-<MiB> and "
            f"{', '.join(SHARED_CORE)} are)"
        )
    return name


def shape(resource: Resource) -> tuple[int, float] | None:
    """(vCPUs, memory GiB) of a `db-custom-<vcpus>-<MiB>` tier; None for a shared-core tier."""
    match = CUSTOM_TIER.match(tier(resource))
    return (int(match["vcpus"]), int(match["memory_mib"]) / 1024) if match else None


def vcpu_hours(resource: Resource, ctx: Context) -> dict[str, float]:
    size = shape(resource)
    return {ctx.region("gcp", resource): size[0] * HOURS_PER_MONTH} if size else {}


def memory_hours(resource: Resource, ctx: Context) -> dict[str, float]:
    size = shape(resource)
    return {ctx.region("gcp", resource): size[1] * GIB * HOURS_PER_MONTH} if size else {}


def shared_core_hours(resource: Resource, ctx: Context) -> dict[str, float]:
    return {} if shape(resource) else {ctx.region("gcp", resource): HOURS_PER_MONTH}


def shared_core(resource: Resource) -> str:
    return f"{tier(resource)}/{availability(resource)}"


def ssd(resource: Resource) -> str:
    kind = resource.inputs.get("settings", {}).get("diskType", "PD_SSD")
    if kind != "PD_SSD":
        raise Unpriceable(f"disk type {kind} is not in the catalog (PD_SSD is)")
    return availability(resource)


def sql(name: str, dimension: str, measure: Any, fn: Any, variant: Any) -> Component:
    return Component(name, "cloud_sql", dimension, measure, fn, "regions", variant, sizing=True)


priced(
    "gcp:sql/databaseInstance:DatabaseInstance",
    sql("vCPUs", "vcpu", "vcpu_hours", vcpu_hours, availability),
    sql("memory", "memory", "byte_hours", memory_hours, availability),
    sql("instance (shared core)", "shared_core", "hours", shared_core_hours, shared_core),
    sql("SSD storage", "ssd_storage", "byte_months", usage.disk_gib("settings.diskSize"), ssd),
)
