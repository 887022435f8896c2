"""Cloud Storage buckets: storage by class, operations by location type, cache misses on their
CDN path, and the analytics role's request-log bucket.

Storage is priced at the bucket's location; Class A and B operations by its location type
(regional, dual- or multi-region buckets pay different Class A rates).
"""

from collections.abc import Mapping
from typing import Any

from costmodel.model import usage
from costmodel.model.components import Component, Context, UsageFn, priced
from costmodel.model.graph import Resource
from costmodel.model.quantities import DAYS_PER_MONTH
from costmodel.model.resources.locations import gcs_location, normalized_gcs_location
from costmodel.model.resources.log_streams import log_bytes, retained_days

ANALYTICS = "analytics"


def files_only(fn: UsageFn) -> UsageFn:
    """Buckets of the analytics role hold request logs, not package files: file usage does
    not apply to them."""

    def usage_of_files(bucket: Resource, ctx: Context) -> Mapping[str, Any]:
        return {} if bucket.role == ANALYTICS else fn(bucket, ctx)

    return usage_of_files


def at_location(fn: UsageFn) -> UsageFn:
    """`fn`'s quantity keyed by the bucket's location, as the catalog names it."""

    def located(bucket: Resource, ctx: Context) -> Mapping[str, Any]:
        quantities = files_only(fn)(bucket, ctx)
        return {gcs_location(bucket, ctx): sum(quantities.values())} if quantities else {}

    return located


def archive_transitions(bucket: Resource, ctx: Context) -> Mapping[str, Any]:
    """Each upload to an archive bucket is later moved to Archive: one more Class A operation."""
    if bucket.role == ANALYTICS or usage.archive_class(bucket, ctx) != "ARCHIVE":
        return {}
    return at_location(usage.uploads)(bucket, ctx)


def request_logs(bucket: Resource, ctx: Context) -> Mapping[str, Any]:
    """What the log bucket holds: each day's logs until its lifecycle rule deletes them.
    Sized uncompressed (Fastly writes zstd files), so this is an upper bound."""
    if bucket.role != ANALYTICS:
        return {}
    days = retained_days(bucket)
    ctx.notes.add(f"the log bucket holds {days:g} days of request logs, priced uncompressed")
    # a day's logs are the month's over the scenario's days in a month (365.25 / 12: the month
    # its traffic figures are per), not over the 730-hour month of instance time
    return {gcs_location(bucket, ctx): log_bytes(ctx) * days / DAYS_PER_MONTH}


def source_location(bucket: Resource) -> str:
    return normalized_gcs_location(str(usage.required(bucket, "location")))


def gcs(name: str, dimension: str, measure: Any, fn: UsageFn, zone_map: str) -> Component:
    return Component(name, "cloud_storage", dimension, measure, fn, zone_map)


priced(
    "gcp:storage/bucket:Bucket",
    gcs(
        "storage (Standard)",
        "storage_standard",
        "byte_months",
        at_location(usage.stored_in_class(None)),
        "locations",
    ),
    gcs(
        "storage (Archive)",
        "storage_archive",
        "byte_months",
        at_location(usage.stored_in_class("ARCHIVE")),
        "locations",
    ),
    gcs(
        "storage (request logs)",
        "storage_standard",
        "byte_months",
        request_logs,
        "locations",
    ),
    gcs(
        "Class A operations (uploads)",
        "class_a_operations",
        "requests",
        at_location(usage.uploads),
        "storage_location_types",
    ),
    gcs(
        "Class A operations (lifecycle change to Archive)",
        "archive_class_a_operations",
        "requests",
        archive_transitions,
        "storage_location_types",
    ),
    gcs(
        "Class B operations (cache misses)",
        "class_b_operations",
        "requests",
        at_location(usage.miss_requests),
        "storage_location_types",
    ),
    Component(
        "CDN Interconnect to Fastly",
        "cdn_interconnect",
        "egress",
        "bytes",
        at_location(usage.miss_bytes_to("fastly", by_location=True)),
        "cdn_interconnect",
    ),
    Component(
        "cache fill to Cloud CDN",
        "cloud_cdn",
        "cache_fill",
        "bytes",
        files_only(usage.miss_bytes_to("gcp", by_location=False)),
        "cloud_cdn_fill",
        source=gcs_location,  # priced by the bucket's continent and the edge's
    ),
    Component(
        "internet egress to CloudFront",
        "network",
        "internet_egress_premium",
        "bytes",
        files_only(usage.miss_bytes_to("aws", by_location=False)),
        "network_egress",
        variant=source_location,
    ),
)
