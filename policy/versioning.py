"""Buckets keep old versions, so an overwritten or deleted release file can be recovered."""

from __future__ import annotations

from collections.abc import Iterator

from costmodel.model.graph import Resource
from policy.model import Finding, Graph, dig, of_type
from policy.refs import referrers
from policy.resource_types import GCS_BUCKET, S3_BUCKETS, S3_VERSIONINGS


def storage_versioned(graph: Graph) -> Iterator[Finding]:
    for bucket in _release_buckets(of_type(graph, *S3_BUCKETS)):
        inline = dig(bucket.inputs, "versioning", "enabled") is True
        separate = referrers(bucket, graph, S3_VERSIONINGS, "bucket")
        enabled = any(
            dig(v.inputs, "versioningConfiguration", "status") == "Enabled" for v in separate
        )
        if not (inline or enabled):
            yield bucket, "S3 bucket is not versioned; add a BucketVersioning with status Enabled"
    for bucket in _release_buckets(of_type(graph, GCS_BUCKET)):
        if dig(bucket.inputs, "versioning", "enabled") is not True:
            yield bucket, "GCS bucket is not versioned; set versioning.enabled true"


def _release_buckets(buckets: list[Resource]) -> list[Resource]:
    # CDN logs (the analytics role) expire within days and can be re-streamed; no versions.
    return [b for b in buckets if b.role != "analytics"]
