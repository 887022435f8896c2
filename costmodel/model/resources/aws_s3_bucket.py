"""S3 buckets: storage by class, uploads as PUTs, cache misses as GETs and as transfer out.
The same type under an `indexplan:storage:B2` component is a B2 bucket, priced at B2's rates."""

from costmodel.model import usage
from costmodel.model.components import Component, priced
from costmodel.model.prices import Measure
from costmodel.model.resources import b2_bucket
from costmodel.model.resources.b2_bucket import not_b2


def s3(name: str, dimension: str, measure: Measure, fn: usage.UsageFn) -> Component:
    return Component(name, "s3", dimension, measure, not_b2(fn), zone_map="regions")


COMPONENTS = (
    s3("storage (Standard)", "storage_standard", "byte_months", usage.stored_in_class(None)),
    s3(
        "storage (Glacier Instant Retrieval)",
        "storage_glacier_instant_retrieval",
        "byte_months",
        usage.stored_in_class("GLACIER_IR"),
    ),
    s3("PUT requests (uploads)", "put_requests", "requests", usage.uploads),
    s3("GET requests (cache misses)", "get_requests", "requests", usage.miss_requests),
    s3("transfer out to the CDN", "internet_out", "bytes", usage.s3_miss_bytes),
    *b2_bucket.COMPONENTS,
)

# pulumi-aws 7 calls it Bucket; 6.x programs declared BucketV2.
priced("aws:s3/bucket:Bucket", *COMPONENTS)
priced("aws:s3/bucketV2:BucketV2", *COMPONENTS)
