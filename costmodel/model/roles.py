"""Roles from type tokens, for resources outside indexplan components (another program's graph).

indexplan's own resources take their role from their component (`indexplan:<role>:<Impl>`).
A resource of another program gets the role its type implies, recorded as a parent token
`indexplan:<role>:ByType` so that `Resource.role` reads it like any other.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from costmodel.model.graph import Resource

BY_TYPE = "ByType"
_BY_TYPE_SUFFIX = f":{BY_TYPE}"

ROLE_OF_TYPE: dict[str, str] = {
    "aws:cloudfront/distribution:Distribution": "cdn",
    "gcp:compute/backendBucket:BackendBucket": "cdn",
    "fastly:index/serviceVcl:ServiceVcl": "cdn",
    "aws:s3/bucket:Bucket": "storage",
    "aws:s3/bucketV2:BucketV2": "storage",
    "gcp:storage/bucket:Bucket": "storage",
    "aws:rds/instance:Instance": "database",
    "gcp:sql/databaseInstance:DatabaseInstance": "database",
    "aws:elasticache/replicationGroup:ReplicationGroup": "cache",
    "gcp:redis/instance:Instance": "cache",
    "aws:sqs/queue:Queue": "queue",
    "aws:sns/topic:Topic": "queue",
    "gcp:pubsub/topic:Topic": "queue",
    "aws:route53/zone:Zone": "dns",
    "gcp:dns/managedZone:ManagedZone": "dns",
    "gcp:bigquery/dataset:Dataset": "analytics",
}
ROLES = ("cdn", "storage", "database", "cache", "queue", "dns", "analytics")
# Roles whose scenario figures describe one resource (the CDN's traffic, the stored files, the
# statistics dataset): with several such resources, which one the figures are for is unknown.
ONE_RESOURCE_ROLES = ("cdn", "storage", "analytics")


def by_type(resource: Resource) -> bool:
    return bool(resource.parent_type and resource.parent_type.endswith(_BY_TYPE_SUFFIX))


def with_role(resource: Resource, role: str) -> Resource:
    r = resource
    return Resource(r.urn, r.type, r.name, f"indexplan:{role}:{BY_TYPE}", r.inputs)


def infer_roles(graph: Iterable[Resource]) -> list[Resource]:
    """The graph with a role on every resource outside indexplan components that has one."""
    out = []
    for r in graph:
        role = ROLE_OF_TYPE.get(r.type)
        out.append(with_role(r, role) if r.role is None and role else r)
    return out


def ambiguous(graph: Sequence[Resource]) -> set[str]:
    """URNs of by-type resources sharing a one-resource role with another by-type resource."""
    counts = Counter(r.role for r in graph if by_type(r))
    return {
        r.urn for r in graph if by_type(r) and r.role in ONE_RESOURCE_ROLES and counts[r.role] > 1
    }
