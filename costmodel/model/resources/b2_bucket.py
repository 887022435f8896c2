"""Backblaze B2 buckets, declared through pulumi-aws against B2's S3-compatible API: an
`aws:s3/bucket:Bucket` inside an `indexplan:storage:B2` component, billed by Backblaze at B2's
rates (never S3's). Storage, uploads (Class A, free), cache misses as Class B downloads, and
transfer to the CDN: free to Fastly and Cloudflare (Bandwidth Alliance), else B2's egress
beyond its free allowance of three times the bytes stored."""

from collections.abc import Mapping
from typing import Any

from costmodel.model import usage
from costmodel.model.components import Component, Context, UsageFn
from costmodel.model.graph import Resource
from costmodel.model.prices import Measure

B2_COMPONENT = "indexplan:storage:B2"
PROVIDER = "b2"
# CDNs that fetch from B2 without egress fees (Backblaze's Bandwidth Alliance partners)
FREE_EGRESS_TO = ("fastly", "cloudflare")
FREE_EGRESS_PER_STORED = 3.0  # a month's free egress, as a multiple of the bytes stored


def is_b2(bucket: Resource) -> bool:
    return bucket.parent_type == B2_COMPONENT


def not_b2(fn: UsageFn) -> UsageFn:
    """S3 usage, for buckets that really are on S3."""

    def on_s3(bucket: Resource, ctx: Context) -> Mapping[str, Any]:
        return {} if is_b2(bucket) else fn(bucket, ctx)

    return on_s3


def only_b2(fn: UsageFn) -> UsageFn:
    def on_b2(bucket: Resource, ctx: Context) -> Mapping[str, Any]:
        return fn(bucket, ctx) if is_b2(bucket) else {}

    return on_b2


def egress(bucket: Resource, ctx: Context) -> dict[str, Any]:
    """Cache misses of CDNs outside the Bandwidth Alliance, less the free allowance."""
    shares = usage.cdn_shares(ctx) if usage.is_files_bucket(bucket, ctx) else {}
    for cdn in sorted(set(shares) & set(FREE_EGRESS_TO)):
        ctx.notes.add(f"B2 -> {cdn} origin transfer is free (Bandwidth Alliance)")
    others = [share for cdn, share in shares.items() if cdn not in FREE_EGRESS_TO]
    if not others:
        return {}
    s = ctx.scenario
    allowance = FREE_EGRESS_PER_STORED * s.stored
    ctx.notes.add("B2 egress: the first 3x the bytes stored each month are free")
    beyond = s.egress * (1 - s.cache_hit_ratio) * sum(others) - allowance
    return {ctx.region("aws", bucket): beyond * (beyond > 0)}


def b2(name: str, dimension: str, measure: Measure, fn: UsageFn) -> Component:
    return Component(
        name, "b2", dimension, measure, only_b2(fn), zone_map="regions", provider=PROVIDER
    )


COMPONENTS = (
    b2("B2 storage", "storage", "byte_months", usage.stored_in_class(None)),
    b2("B2 Class A transactions (uploads)", "class_a_transactions", "requests", usage.uploads),
    b2(
        "B2 Class B transactions (cache misses)",
        "class_b_transactions",
        "requests",
        usage.miss_requests,
    ),
    b2("B2 egress to the CDN", "egress", "bytes", egress),
)
