"""Cloud Storage buckets: storage by class, operations, and cache misses on their CDN path."""

from costmodel.model import usage
from costmodel.model.components import Component, priced

priced(
    "gcp:storage/bucket:Bucket",
    Component(
        "storage (Standard)",
        "cloud_storage",
        "storage_standard",
        "byte_months",
        usage.stored_in_class(None),
        "storage_locations",
    ),
    Component(
        "storage (Archive)",
        "cloud_storage",
        "storage_archive",
        "byte_months",
        usage.stored_in_class("ARCHIVE"),
        "storage_locations",
    ),
    Component(
        "Class A operations (uploads)",
        "cloud_storage",
        "class_a_operations",
        "requests",
        usage.uploads,
        zone="global",
    ),
    Component(
        "Class B operations (cache misses)",
        "cloud_storage",
        "class_b_operations",
        "requests",
        usage.miss_requests,
        zone="global",
    ),
    Component(
        "CDN Interconnect to Fastly",
        "cdn_interconnect",
        "egress",
        "bytes",
        usage.miss_bytes_to("fastly", by_location=True),
        "cdn_interconnect",
    ),
    Component(
        "cache fill to Cloud CDN",
        "cloud_cdn",
        "cache_fill",
        "bytes",
        usage.miss_bytes_to("gcp", by_location=False),
        "cloud_cdn_fill",
    ),
    Component(
        "internet egress to CloudFront",
        "network",
        "internet_egress_premium",
        "bytes",
        usage.miss_bytes_to("aws", by_location=False),
        "network_egress",
    ),
)
