"""Roles in another program's preview or export that its types alone do not give.

- The bucket a CDN serves. A CloudFront distribution's `origins[].domainName` and a Cloud CDN
  backend bucket's `bucketName` are unknown in a preview when the bucket is new, but Pulumi
  records which resources each input was computed from: a resource's `propertyDependencies`
  (pulumi/pulumi sdk/go/common/apitype/core.go, ResourceV3: "a map from an input property
  name to the set of resources that property depends on"). Where the value is known, the
  domain's bucket name (`assets.s3.us-east-1.amazonaws.com`) or the bucket's name names it.
  Of several buckets, the one the CDN's origin names is the files (parent CDN_ORIGIN), and
  the others' usage is unknown (cdn_origin.beside_origin), as the Terraform reader does.
- A backend service with Cloud CDN enabled (`enableCdn: true`) is a CDN, as a backend bucket
  is (roles.ROLE_OF_TYPE): so two CDNs in one graph are seen as two.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from costmodel.errors import InputError
from costmodel.model.graph import UNKNOWN, Resource
from costmodel.model.roles import BY_TYPE, ROLE_OF_TYPE
from costmodel.readers.cdn_origin import CDN_ORIGIN, S3_DOMAIN

# CDN type -> (the input naming its origin, the key of each origin holding the domain, or
# None where the input is the bucket's name itself)
ORIGINS: dict[str, tuple[str, str | None]] = {
    "aws:cloudfront/distribution:Distribution": ("origins", "domainName"),
    "gcp:compute/backendBucket:BackendBucket": ("bucketName", None),
}
# bucket type -> the input holding its name
BUCKET_NAMES = {
    "aws:s3/bucket:Bucket": "bucket",
    "aws:s3/bucketV2:BucketV2": "bucket",
    "gcp:storage/bucket:Bucket": "name",
}
BACKEND_SERVICE = "gcp:compute/backendService:BackendService"


def property_dependencies(state: Mapping[str, Any], where: str, urn: str) -> dict[str, list[str]]:
    """A state's `propertyDependencies`, checked: input name -> the URNs it was computed from."""
    found = state.get("propertyDependencies")
    if found is None:
        return {}
    if not isinstance(found, dict) or not all(
        isinstance(v, list) and all(isinstance(u, str) for u in v) for v in found.values()
    ):
        raise InputError(
            where, f"{urn}: propertyDependencies", "expected an object of input -> list of URNs"
        )
    return found


def with_cdn_roles(
    resources: Sequence[Resource], dependencies: Mapping[str, Mapping[str, list[str]]]
) -> tuple[list[Resource], list[str]]:
    """`resources` with the CDN's origin bucket and CDN-enabled backend services given their
    roles, and a note where the origin decided which bucket is the files."""
    graph = [
        _as(r, f"indexplan:cdn:{BY_TYPE}")
        if r.type == BACKEND_SERVICE and r.role is None and r.inputs.get("enableCdn") is True
        else r
        for r in resources
    ]
    loose = {r.urn for r in graph if r.role is None and ROLE_OF_TYPE.get(r.type) == "storage"}
    served = loose & _origins(graph, dependencies)
    if len(loose) < 2 or len(served) != 1:
        return graph, []
    graph = [_as(r, CDN_ORIGIN) if r.urn in served else r for r in graph]
    names = {r.urn: r.name for r in graph}
    others = sorted(names[u] for u in loose - served)
    (origin,) = served
    note = (
        f"{names[origin]}: the CDN's origin (from the file's property dependencies or the "
        f"origin's bucket name), priced as the files it serves; {', '.join(others)}: not the "
        "CDN's origin, so priced as another program's bucket; say what it stores with --usage"
    )
    return graph, [note]


def _as(r: Resource, parent: str) -> Resource:
    return Resource(r.urn, r.type, r.name, parent, r.inputs)


def _origins(
    graph: Sequence[Resource], dependencies: Mapping[str, Mapping[str, list[str]]]
) -> set[str]:
    """URNs of the buckets some CDN's origin names, by dependency or by known name."""
    buckets = {r.urn: r for r in graph if r.type in BUCKET_NAMES}
    by_name = {
        name: u
        for u, r in buckets.items()
        if isinstance(name := r.inputs.get(BUCKET_NAMES[r.type]), str) and name != UNKNOWN
    }
    out: set[str] = set()
    for cdn in (r for r in graph if r.type in ORIGINS):
        field, key = ORIGINS[cdn.type]
        out |= {u for u in dependencies.get(cdn.urn, {}).get(field, []) if u in buckets}
        value = cdn.inputs.get(field)
        if key is None:
            names = [value] if isinstance(value, str) else []
        else:
            domains = [o.get(key) for o in value or [] if isinstance(o, dict)]
            names = [m.group(1) for d in domains if isinstance(d, str) if (m := S3_DOMAIN.match(d))]
        out |= {by_name[n] for n in names if n in by_name}
    return out
