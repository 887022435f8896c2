"""Cloud CDN on a backend service (the path for an origin outside Google: S3 or B2 through an
internet network endpoint group). The Cloud CDN prices of the backend-bucket path apply: cache
egress per destination, cache lookups, and cache fill on each miss; the origin's own bill (S3
or B2 transfer out and reads) is priced on its bucket. Google also bills the requests it sends
to an external origin at internet egress rates; that line is listed as unpriced.

Without Cloud CDN a backend service costs nothing by itself: its load balancer's forwarding
rules carry the charges."""

from typing import Any

from costmodel.model import usage
from costmodel.model.components import Component, Context, Unpriceable, free, priced
from costmodel.model.graph import Resource
from costmodel.model.resources import gcp_logging_default_bucket as default_bucket
from costmodel.model.resources.gcp_compute_global_forwarding_rule import REQUEST_BYTES

TYPE = "gcp:compute/backendService:BackendService"
NEG_TYPE = "gcp:compute/globalNetworkEndpointGroup:GlobalNetworkEndpointGroup"
BUCKET_TYPE = "gcp:compute/backendBucket:BackendBucket"


def with_cdn(fn: usage.UsageFn) -> usage.UsageFn:
    def on_cdn(service: Resource, ctx: Context) -> Any:
        if not usage.is_cdn(service):
            return {}
        backends = [r for r in ctx.index.of_type(BUCKET_TYPE, TYPE) if usage.is_cdn(r)]
        if len(backends) > 1:  # each would be priced on all of Cloud CDN's share
            raise Unpriceable(
                f"{len(backends)} Cloud CDN backends in one stack; which of them serves the "
                "scenario's traffic is unknown",
                True,
            )
        return fn(service, ctx)

    return on_cdn


def cache_fill(service: Resource, ctx: Context) -> dict[str, Any]:
    """Each miss fills a cache: the same bytes as the origin serves, by the client's region."""
    return usage.miss_bytes_by_region(ctx, usage.cdn_share(service, ctx))


def origin_location(service: Resource, ctx: Context) -> str:
    """Where cache fill comes from: the external origin's bucket, as the fill's source map
    reads a location (North American and European regions as `US` and `EU`; any other is
    left as it is, which the map prices as from elsewhere)."""
    buckets = {ctx.region(r.type.partition(":")[0], r) for r in usage.files_buckets(ctx.graph)}
    if len(buckets) != 1:
        raise Unpriceable(
            "cache fill is priced by where the origin is, and the origin bucket's region is "
            "not known"
        )
    (region,) = buckets
    continent = region.split("-", 1)[0].lower()
    return {"us": "US", "ca": "US", "eu": "EU"}.get(continent, region)


def external_origin(service: Resource, ctx: Context) -> dict[str, Any]:
    if ctx.index.of_type(NEG_TYPE):
        raise Unpriceable(
            "Google bills the requests Cloud CDN sends to an external origin (about "
            f"{REQUEST_BYTES:,.0f} bytes per cache miss) at Compute Engine internet egress "
            "rates from the edge that fills the cache; which edge, and so which rate, is not "
            "known"
        )
    return {}


priced(
    TYPE,
    Component(
        "cache egress",
        "cloud_cdn",
        "cache_egress",
        "bytes",
        with_cdn(usage.cdn_egress),
        "cloud_cdn",
    ),
    Component(
        "cache lookups", "cloud_cdn", "cache_lookups", "requests", with_cdn(usage.cdn_requests)
    ),
    Component(
        "cache fill from the origin",
        "cloud_cdn",
        "cache_fill",
        "bytes",
        with_cdn(cache_fill),
        "cloud_cdn_fill",
        source=origin_location,  # priced by the origin's continent and the edge's
    ),
    Component(
        "requests to the external origin",
        "network",
        "internet_egress_premium",
        "bytes",
        with_cdn(external_origin),
        "network_egress",  # the prices it would take: by destination, from a source location
    ),
    default_bucket.component(with_cdn(default_bucket.default_bucket_ingestion)),
)
free(
    "an internet network endpoint group only names the origin; Cloud CDN's charges are on "
    "its backend service, the origin's on its bucket",
    NEG_TYPE,
    "gcp:compute/globalNetworkEndpoint:GlobalNetworkEndpoint",
)
