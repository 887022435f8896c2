"""No bucket readable or writable by the public; only the CDN's origin identity reads it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from costmodel.model.graph import Resource
from policy.model import Finding, Graph, dig, expected, items, of_type, require_true
from policy.principals import (
    CLOUDFRONT_PRINCIPAL,
    PUBLIC_MEMBERS,
    iam_grants,
    names_one_distribution,
    principal_of,
    statement_findings,
)
from policy.refs import referrers
from policy.resource_types import (
    GCS_ACCESS_CONTROLS,
    GCS_ACLS,
    GCS_BUCKET,
    GCS_IAM_BINDING,
    GCS_IAM_MEMBER,
    GCS_IAM_POLICY,
    S3_ACLS,
    S3_BUCKETS,
    S3_POLICY,
    S3_PUBLIC_ACCESS_BLOCK,
)

PUBLIC_ACCESS_FLAGS = (
    "blockPublicAcls",
    "blockPublicPolicy",
    "ignorePublicAcls",
    "restrictPublicBuckets",
)
S3_PUBLIC_ACLS = frozenset({"public-read", "public-read-write", "authenticated-read"})
S3_PUBLIC_GROUPS = ("/global/AllUsers", "/global/AuthenticatedUsers")
_IAM_PRINCIPAL = re.compile(r"arn:aws[a-z-]*:iam::\d{12}:(user|role)/[\w+=,.@/-]+")

# Objects written by the program or a foreign stack: a public canned ACL on one bypasses the
# CDN for that file (pulumi-aws `acl`; ObjectCopy also takes `grants`).
S3_OBJECTS = (
    "aws:s3/bucketObject:BucketObject",
    "aws:s3/bucketObjectv2:BucketObjectv2",
    "aws:s3/objectCopy:ObjectCopy",
)
NATIVE_BUCKET = "aws-native:s3:Bucket"
NATIVE_PUBLIC_ACLS = frozenset({"PublicRead", "PublicReadWrite", "AuthenticatedRead"})
GCS_PUBLIC_PREDEFINED = frozenset({"publicRead", "publicReadWrite", "authenticatedRead"})


def storage_private(graph: Graph) -> Iterator[Finding]:
    yield from _s3_buckets(graph)
    for acl in of_type(graph, *S3_ACLS):
        yield from _s3_acl(
            acl, acl.inputs.get("acl"), dig(acl.inputs, "accessControlPolicy", "grants")
        )
    for item in of_type(graph, *S3_OBJECTS):
        yield from _s3_acl(item, item.inputs.get("acl"), item.inputs.get("grants"), "object")
    for native in of_type(graph, NATIVE_BUCKET):
        access = native.inputs.get("accessControl")
        if access in NATIVE_PUBLIC_ACLS:
            yield native, f"accessControl {access!r} makes the bucket public; use Private"
    for policy in of_type(graph, S3_POLICY):
        yield from _s3_policy(policy, policy.inputs.get("policy"))
    yield from _gcs(graph)


def _s3_buckets(graph: Graph) -> Iterator[Finding]:
    for bucket in of_type(graph, *S3_BUCKETS):
        blocks = referrers(bucket, graph, (S3_PUBLIC_ACCESS_BLOCK,), "bucket")
        if not blocks:
            yield (
                bucket,
                "S3 bucket has no public access block; add one with all four settings true",
            )
        yield from _s3_acl(bucket, bucket.inputs.get("acl"), bucket.inputs.get("grants"))
        yield from _s3_policy(bucket, bucket.inputs.get("policy"))
    for block in of_type(graph, S3_PUBLIC_ACCESS_BLOCK):
        yield from require_true(block, "public access block", *PUBLIC_ACCESS_FLAGS)


def _s3_acl(resource: Resource, acl: Any, grants: Any, what: str = "bucket") -> Iterator[Finding]:
    if acl in S3_PUBLIC_ACLS:
        yield resource, f"canned ACL {acl!r} makes the {what} public; use private"
    for grant in items(grants):
        uri = dig(grant, "grantee", "uri") or dig(grant, "uri") or ""
        if isinstance(uri, str) and uri.endswith(S3_PUBLIC_GROUPS):
            yield resource, f"ACL grant to {uri.rsplit('/', 1)[-1]} makes the {what} public"


def _s3_policy(resource: Resource, policy: Any) -> Iterator[Finding]:
    return statement_findings(resource, policy, "bucket policy", _statement_problem)


def _statement_problem(statement: Any) -> str | None:
    """Why an Allow statement reaches beyond the CDN's origin identity, or None if it does not."""
    if not isinstance(statement, dict):
        return "statement is not a JSON object"
    principal = principal_of(statement)
    if principal.not_principal:
        return "NotPrincipal allows everyone else; name the CDN's identity instead"
    if principal.everyone:
        return "grants access to everyone (Principal *)"
    services, accounts = principal.services, principal.accounts
    if principal.others or not (services or accounts):
        return f"grants access to {principal.raw!r}; only the CDN's origin identity may read"
    for account in accounts:
        # A CDN other than CloudFront signs its origin requests as one IAM user or role.
        if not (
            isinstance(account, str) and _IAM_PRINCIPAL.fullmatch(account) and "*" not in account
        ):
            return f"grants access to AWS principal {account!r}; name one IAM user or role"
    if services and services != [CLOUDFRONT_PRINCIPAL]:
        return f"grants access to service {services!r}; only {CLOUDFRONT_PRINCIPAL} may read"
    if services and not names_one_distribution(statement):
        return "grants CloudFront access without an AWS:SourceArn condition naming the distribution"
    return None


def _gcs(graph: Graph) -> Iterator[Finding]:
    for bucket in of_type(graph, GCS_BUCKET):
        yield from require_true(bucket, "GCS bucket", "uniformBucketLevelAccess")
        if bucket.inputs.get("publicAccessPrevention") != "enforced":
            got = bucket.inputs.get("publicAccessPrevention")
            yield expected(bucket, "GCS bucket: publicAccessPrevention", "'enforced'", got)
    for resource in graph:
        grantees = _gcs_grantees(resource)
        if grantees is None:
            yield resource, "IAM policy is not valid JSON, so it cannot be shown to be private"
        for member in grantees or []:
            if member in PUBLIC_MEMBERS:
                yield (
                    resource,
                    f"grants {member} access to the bucket; grant the CDN's identity only",
                )
        for key in ("predefinedAcl", "defaultAcl"):
            acl = resource.inputs.get(key) if resource.type in GCS_ACLS else None
            if acl in GCS_PUBLIC_PREDEFINED:
                yield resource, f"{key} {acl!r} makes the bucket or its objects public"


def _gcs_grantees(resource: Resource) -> list[Any] | None:
    """Who a resource grants bucket access to; None when its policy document cannot be read."""
    inputs = resource.inputs
    if resource.type in (GCS_IAM_MEMBER, GCS_IAM_BINDING, GCS_IAM_POLICY):
        grants = iam_grants(resource)
        return None if grants is None else [member for _role, member in grants]
    if resource.type in GCS_ACLS:
        entities = items(inputs.get("roleEntities"))  # "READER:allUsers"
        return [e.split(":", 1)[-1] for e in entities if isinstance(e, str)]
    if resource.type in GCS_ACCESS_CONTROLS:
        return [inputs.get("entity")]
    return []
