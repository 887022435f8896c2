"""Cloud CDN (a backend bucket with CDN enabled): cache egress per destination (each with its
own volume tiers) and cache lookups."""

from costmodel.model import usage
from costmodel.model.components import Component, Context, priced
from costmodel.model.graph import Resource
from costmodel.model.resources import gcp_logging_default_bucket as default_bucket


def cache_egress(resource: Resource, ctx: Context) -> dict[str, float]:
    usage.cloud_cdn_enabled(resource)
    return usage.cdn_egress(resource, ctx)


priced(
    "gcp:compute/backendBucket:BackendBucket",
    Component("cache egress", "cloud_cdn", "cache_egress", "bytes", cache_egress, "cloud_cdn"),
    Component("cache lookups", "cloud_cdn", "cache_lookups", "requests", usage.cdn_requests),
    default_bucket.component(),
)
