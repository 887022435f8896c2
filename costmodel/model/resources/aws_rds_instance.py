"""RDS for PostgreSQL: instance hours by class and deployment, gp3 storage. Other engines are
not in the catalog and are unpriced, never priced as PostgreSQL."""

from costmodel.model import usage
from costmodel.model.components import Component, Unpriceable, priced
from costmodel.model.graph import Resource

ENGINE = "postgres"  # the one RDS engine the catalog prices


def deployment(resource: Resource) -> str:
    engine = usage.required(resource, "engine")
    if engine != ENGINE:
        raise Unpriceable(
            f"engine {engine!r} is not in the catalog (RDS for PostgreSQL is)", whole=True
        )
    return "multi-az" if resource.inputs.get("multiAz") else "single-az"


def instance(resource: Resource) -> str:
    return f"{usage.required(resource, 'instanceClass')}/{deployment(resource)}"


def gp3_storage(resource: Resource) -> str:
    kind = resource.inputs.get("storageType", "gp3")
    if kind != "gp3":
        raise usage.Unpriceable(f"storage type {kind} is not in the catalog (gp3 is)")
    return deployment(resource)


priced(
    "aws:rds/instance:Instance",
    Component(
        "instance",
        "rds_postgresql",
        "instance",
        "hours",
        usage.hours(),
        zone_map="regions",
        variant=instance,
        sizing=True,
    ),
    Component(
        "storage (gp3)",
        "rds_postgresql",
        "storage_gp3",
        "byte_months",
        usage.disk_gib("allocatedStorage"),
        zone_map="regions",
        variant=gp3_storage,
        sizing=True,
    ),
)
