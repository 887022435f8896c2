"""Redis asks every client for credentials: ElastiCache through an AUTH token or RBAC user
groups (either needs transit encryption), Memorystore through `authEnabled`. Both default to
no authentication at all, which leaves the cache open to anything on the network."""

from __future__ import annotations

from collections.abc import Iterator

from policy.model import Finding, Graph, of_type
from policy.resource_types import ELASTICACHE_GROUP, MEMORYSTORE


def cache_auth(graph: Graph) -> Iterator[Finding]:
    for group in of_type(graph, ELASTICACHE_GROUP):
        if not group.inputs.get("authToken") and not group.inputs.get("userGroupIds"):
            yield (
                group,
                "ElastiCache Redis takes clients without authentication: set authToken "
                "(generated with pulumi-random) or userGroupIds",
            )
    for instance in of_type(graph, MEMORYSTORE):
        if instance.inputs.get("authEnabled") is not True:
            yield (
                instance,
                "Memorystore Redis takes clients without authentication: set authEnabled true",
            )
