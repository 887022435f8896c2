"""ElastiCache replication groups: node hours by node type and engine (Redis OSS and Valkey
list different rates), times the number of nodes."""

from costmodel.model import usage
from costmodel.model.components import Component, Unpriceable, priced
from costmodel.model.graph import Resource

ENGINES = ("redis", "valkey")  # the engines the catalog prices


def node(resource: Resource) -> str:
    engine = resource.inputs.get("engine", "redis")
    if engine not in ENGINES:
        raise Unpriceable(
            f"engine {engine!r} is not in the catalog (ElastiCache for {' and '.join(ENGINES)} is)",
            whole=True,
        )
    return f"{usage.required(resource, 'nodeType')}/{engine}"


priced(
    "aws:elasticache/replicationGroup:ReplicationGroup",
    Component(
        "nodes",
        "elasticache",
        "node",
        "hours",
        usage.hours("numCacheClusters"),
        zone_map="regions",
        variant=node,
        sizing=True,
    ),
)
