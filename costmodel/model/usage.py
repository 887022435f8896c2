"""Scenario -> usage per resource: the quantities each cost component is priced on.

Roles come from the resource's component (`Resource.role`); which CDN sits in front of the
storage comes from the types in the graph. Functions return {where: quantity} in the
component's measure; an empty mapping means the component does not apply to this resource.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from costmodel.model.components import Context, Unpriceable, UsageFn
from costmodel.model.graph import Resource
from costmodel.model.quantities import GIB, HOURS_PER_MONTH

CDN_TYPES: dict[str, str] = {
    "aws:cloudfront/distribution:Distribution": "aws",
    "gcp:compute/backendBucket:BackendBucket": "gcp",
    "fastly:index/serviceVcl:ServiceVcl": "fastly",
}
S3_LIFECYCLE_TYPES = (
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
    "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2",
)
ONE = "global"  # the key of a usage that has no region
__all__ = ["Unpriceable", "UsageFn"]


def by_region(total: float, ctx: Context) -> dict[str, float]:
    return {region: total * share for region, share in ctx.scenario.regions.items()}


# ---- CDN -------------------------------------------------------------------------------------


def cdn_egress(resource: Resource, ctx: Context) -> dict[str, float]:
    return by_region(ctx.scenario.egress, ctx)


def cdn_requests_by_region(resource: Resource, ctx: Context) -> dict[str, float]:
    return by_region(ctx.scenario.requests, ctx)


def cdn_requests(resource: Resource, ctx: Context) -> dict[str, float]:
    return {ONE: ctx.scenario.requests}


def cloud_cdn_enabled(resource: Resource) -> None:
    if resource.inputs.get("enableCdn") is False:
        raise Unpriceable("Cloud CDN is not enabled on this backend bucket (enableCdn: false)")


def cdn_provider(ctx: Context) -> str | None:
    """The provider of the CDN in the graph, which decides how cache misses are priced."""
    providers = sorted({CDN_TYPES[r.type] for r in ctx.graph if r.type in CDN_TYPES})
    if len(providers) > 1:
        raise Unpriceable(
            f"several CDNs in one stack ({', '.join(providers)}); origin path unknown"
        )
    return providers[0] if providers else None


def miss_bytes_by_region(ctx: Context) -> dict[str, float]:
    return by_region(ctx.scenario.egress * (1 - ctx.scenario.cache_hit_ratio), ctx)


# ---- storage -----------------------------------------------------------------------------------


def _storage_classes(value: Any) -> Iterator[str]:
    if isinstance(value, Mapping):
        for key, item in value.items():
            if key in ("storageClass", "storage_class") and isinstance(item, str):
                yield item
            else:
                yield from _storage_classes(item)
    elif isinstance(value, list):
        for item in value:
            yield from _storage_classes(item)


def archive_class(bucket: Resource, ctx: Context) -> str | None:
    """The storage class a lifecycle rule moves objects to, if any (S3 rules are siblings)."""
    sources: list[Any] = [bucket.inputs.get("lifecycleRules")]
    sources += [
        r.inputs.get("rules")
        for r in ctx.graph
        if r.type in S3_LIFECYCLE_TYPES and r.name.startswith(f"{bucket.name}-")
    ]
    classes = [c for source in sources for c in _storage_classes(source)]
    return classes[0] if classes else None


def _storage_bucket(bucket: Resource) -> None:
    if bucket.role is None:
        raise Unpriceable("not part of an indexplan role, so which usage applies is unknown", True)
    if bucket.role != "storage":
        raise Unpriceable(f"the scenario gives no usage for a bucket in role {bucket.role}", True)


def is_files_bucket(bucket: Resource, ctx: Context) -> bool:
    _storage_bucket(bucket)
    return archive_class(bucket, ctx) is None


def stored_in_class(storage_class: str | None) -> Any:
    """Usage: the stored bytes, for buckets whose objects end up in `storage_class`."""

    def usage(bucket: Resource, ctx: Context) -> dict[str, float]:
        _storage_bucket(bucket)
        if archive_class(bucket, ctx) != storage_class:
            return {}
        return {ctx.region(bucket.type.split(":")[0], bucket): ctx.scenario.stored}

    return usage


def uploads(bucket: Resource, ctx: Context) -> dict[str, float]:
    _storage_bucket(bucket)  # every bucket of the role holds a copy of each upload
    return {ctx.region(bucket.type.split(":")[0], bucket): ctx.scenario.uploads}


def miss_requests(bucket: Resource, ctx: Context) -> dict[str, float]:
    if not is_files_bucket(bucket, ctx) or cdn_provider(ctx) is None:
        return {}
    misses = ctx.scenario.requests * (1 - ctx.scenario.cache_hit_ratio)
    return {ctx.region(bucket.type.split(":")[0], bucket): misses}


def miss_bytes_to(cdn: str, by_location: bool) -> Any:
    """Usage: cache-miss bytes from the files bucket, when `cdn` is the CDN in front of it."""

    def usage(bucket: Resource, ctx: Context) -> dict[str, float]:
        if not is_files_bucket(bucket, ctx) or cdn_provider(ctx) != cdn:
            return {}
        if by_location:
            total = ctx.scenario.egress * (1 - ctx.scenario.cache_hit_ratio)
            return {ctx.region(bucket.type.split(":")[0], bucket): total}
        return miss_bytes_by_region(ctx)

    return usage


def s3_miss_bytes(bucket: Resource, ctx: Context) -> dict[str, float]:
    cdn = cdn_provider(ctx) if is_files_bucket(bucket, ctx) else None
    if cdn == "aws":
        ctx.notes.add("S3 -> CloudFront origin transfer is free (AWS origin)")
    if cdn not in ("fastly", "gcp"):
        return {}
    return {ctx.region("aws", bucket): ctx.scenario.egress * (1 - ctx.scenario.cache_hit_ratio)}


# ---- instances -------------------------------------------------------------------------------


def required(resource: Resource, key: str) -> Any:
    value: Any = resource.inputs
    for part in key.split("."):
        value = value.get(part) if isinstance(value, Mapping) else None
    if value is None or (isinstance(value, str) and value.startswith("[")):
        raise Unpriceable(f"input {key} is not known, so the size cannot be priced")
    return value


def hours(count_key: str | None = None) -> Any:
    def usage(resource: Resource, ctx: Context) -> dict[str, float]:
        count = float(required(resource, count_key)) if count_key else 1.0
        return {ctx.region(resource.type.split(":")[0], resource): HOURS_PER_MONTH * count}

    return usage


def disk_gib(key: str) -> Any:
    def usage(resource: Resource, ctx: Context) -> dict[str, float]:
        size = float(required(resource, key)) * GIB
        return {ctx.region(resource.type.split(":")[0], resource): size}

    return usage


# ---- queues, DNS, statistics -------------------------------------------------------------------


def dead_letter(resource: Resource, ctx: Context) -> bool:
    """Named in another resource's dead-letter setting: it carries no scenario messages."""
    for other in ctx.graph:
        for key in ("redrivePolicy", "deadLetterPolicy"):
            setting = other.inputs.get(key)
            if other is not resource and setting and resource.name in str(setting):
                ctx.notes.add("dead-letter queues and topics carry no scenario messages")
                return True
    return False


def message_requests(per_message: float) -> Any:
    """Usage: API requests for the scenario's messages, shared by the live queues of a type."""

    def usage(resource: Resource, ctx: Context) -> dict[str, float]:
        if dead_letter(resource, ctx):
            return {}
        live = [r for r in ctx.graph if r.type == resource.type and not dead_letter(r, ctx)]
        total = ctx.scenario.messages * per_message / len(live)
        return {ctx.region(resource.type.split(":")[0], resource): total}

    return usage


def message_bytes(resource: Resource, ctx: Context) -> dict[str, float]:
    """Pub/Sub throughput: each message is published once and delivered once."""
    if dead_letter(resource, ctx):
        return {}
    ctx.notes.add("Pub/Sub: each message is published once and delivered to one subscription")
    live = [r for r in ctx.graph if r.type == resource.type and not dead_letter(r, ctx)]
    return {ONE: 2 * ctx.scenario.messages * ctx.scenario.message_size / len(live)}


def one_zone(resource: Resource, ctx: Context) -> dict[str, float]:
    return {ONE: 1.0}


def dns_queries(resource: Resource, ctx: Context) -> dict[str, float]:
    zones = [r for r in ctx.graph if r.type == resource.type]
    if len(zones) > 1:
        ctx.notes.add("DNS queries are shared equally between the hosted zones")
    return {ONE: ctx.scenario.dns_queries / len(zones)}


def statistics_stored(resource: Resource, ctx: Context) -> dict[str, float]:
    if resource.role != "analytics":
        raise Unpriceable(
            f"the scenario gives no usage for a dataset in role {resource.role}", True
        )
    ctx.notes.add("BigQuery: the statistics dataset is priced as active storage")
    return {ONE: ctx.scenario.stats_stored}
