"""ElastiCache for Redis: node hours by node type, times the number of nodes."""

from costmodel.model import usage
from costmodel.model.components import Component, priced
from costmodel.model.graph import Resource


def node_type(resource: Resource) -> str:
    return str(usage.required(resource, "nodeType"))


priced(
    "aws:elasticache/replicationGroup:ReplicationGroup",
    Component(
        "nodes",
        "elasticache",
        "node",
        "hours",
        usage.hours("numCacheClusters"),
        zone_map="regions",
        variant=node_type,
    ),
)
