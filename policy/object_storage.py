"""Buckets outside AWS and Google Cloud stay private: Backblaze B2 (driven through pulumi-aws
and B2's S3-compatible API) and Cloudflare R2.

B2 has no public access block, bucket policy or versioning switch (every file version is kept
until a lifecycle rule in B2 says otherwise), so the S3 privacy and versioning rules' checks
of those do not apply to B2 buckets: `s3_rules_without_b2` hands those rules the graph without
them, and this module checks what B2 does have, its canned ACL and grants. Encryption at rest
(SSE-B2, AES256) is checked by the S3 encryption rule like any bucket's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from policy.model import Finding, Graph, expected, of_type

B2_COMPONENT = "indexplan:storage:B2"
S3_BUCKET_TYPES = ("aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2")
B2_PRIVATE_ACLS = (None, "private")  # B2's allPrivate; public-read would make it allPublic
R2_MANAGED_DOMAIN = "cloudflare:index/r2ManagedDomain:R2ManagedDomain"
R2_CUSTOM_DOMAIN = "cloudflare:index/r2CustomDomain:R2CustomDomain"
TLS_12_OR_LATER = frozenset({"1.2", "1.3"})


def on_b2(resource_parent: str | None) -> bool:
    return resource_parent == B2_COMPONENT


def s3_rules_without_b2(
    check: Callable[[Graph], Iterable[Finding]],
) -> Callable[[Graph], Iterable[Finding]]:
    """An S3 rule run on the graph minus the resources of B2 components."""

    def without_b2(graph: Graph) -> Iterable[Finding]:
        return check([r for r in graph if not on_b2(r.parent_type)])

    without_b2.__name__ = check.__name__
    return without_b2


def object_storage_private(graph: Graph) -> Iterator[Finding]:
    for bucket in of_type(graph, *S3_BUCKET_TYPES):
        if not on_b2(bucket.parent_type):
            continue
        acl = bucket.inputs.get("acl")
        if acl not in B2_PRIVATE_ACLS:
            yield expected(bucket, "B2 bucket: acl", "'private' (allPrivate)", acl)
        if bucket.inputs.get("grants"):
            yield bucket, "B2 bucket: grants would open the bucket; B2 only allows private"
        if bucket.inputs.get("policy"):
            yield bucket, "B2 bucket: B2 has no bucket policies; remove policy"
    for domain in of_type(graph, R2_MANAGED_DOMAIN):
        if domain.inputs.get("enabled") is not False:
            yield expected(
                domain,
                "R2 bucket's public r2.dev address: enabled",
                "false",
                domain.inputs.get("enabled"),
            )
    for domain in of_type(graph, R2_CUSTOM_DOMAIN):
        version = domain.inputs.get("minTls")
        if version not in TLS_12_OR_LATER:
            yield expected(domain, "R2 custom domain: minTls", "'1.2' or later", version)
