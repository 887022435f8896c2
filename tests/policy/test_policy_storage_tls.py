"""storage-https-only: an S3 bucket's policy denies plain-HTTP requests (AWS Security Hub S3.5:
"S3 general purpose buckets should require requests to use SSL", whose compliant form is a Deny
of s3:* to Principal * on the bucket and its objects when aws:SecureTransport is false)."""

import json

import pytest
from policy_graphs import DISTRIBUTION_ARN, messages, res

from policy.object_storage import B2_COMPONENT

S3 = "aws:s3/bucket:Bucket"
POLICY = "aws:s3/bucketPolicy:BucketPolicy"
ARN = "arn:aws:s3:::files-1a2b3c4"
DENY = {
    "Sid": "DenyPlainHttp",
    "Effect": "Deny",
    "Principal": "*",
    "Action": "s3:*",
    "Resource": [ARN, f"{ARN}/*"],
    "Condition": {"Bool": {"aws:SecureTransport": "false"}},
}
CLOUDFRONT_READS = {
    "Effect": "Allow",
    "Principal": {"Service": "cloudfront.amazonaws.com"},
    "Action": "s3:GetObject",
    "Resource": f"{ARN}/*",
    "Condition": {"StringEquals": {"AWS:SourceArn": DISTRIBUTION_ARN}},
}
FLAGGED = (
    "files: S3 bucket accepts plain HTTP; add a bucket policy statement denying s3:* on the "
    "bucket and its objects to everyone when aws:SecureTransport is false"
)


def bucket_with(*statements: dict) -> list:
    document = json.dumps({"Version": "2012-10-17", "Statement": list(statements)})
    return [res(S3, "files"), res(POLICY, "files-policy", bucket="files-1a2b3c4", policy=document)]


def test_a_bucket_without_any_policy_is_flagged():
    assert messages("storage-https-only", res(S3, "files")) == [FLAGGED]


def test_the_deny_alone_or_beside_cloudfronts_grant_passes():
    assert messages("storage-https-only", *bucket_with(DENY)) == []
    assert messages("storage-https-only", *bucket_with(CLOUDFRONT_READS, DENY)) == []
    # the older inline form, and IAM's case-insensitive keys with a boolean value
    inline = {**DENY, "Condition": {"bool": {"AWS:SecureTransport": False}}}
    document = json.dumps({"Statement": [inline]})
    assert messages("storage-https-only", res(S3, "files", policy=document)) == []


@pytest.mark.parametrize(
    "statement",
    [
        {**DENY, "Effect": "Allow"},  # an Allow narrows nothing
        {**DENY, "Condition": {"Bool": {"aws:SecureTransport": "true"}}},  # denies HTTPS
        {**DENY, "Condition": {"StringEquals": {"aws:SecureTransport": "false"}}},
        {**DENY, "Principal": {"AWS": "arn:aws:iam::123456789012:user/one"}},  # one user only
        {**DENY, "Action": "s3:PutObject"},  # plain-HTTP reads still answered
        {**DENY, "Resource": ARN},  # the bucket, not its objects
        {k: v for k, v in DENY.items() if k != "Condition"},  # denies everything
    ],
    ids=["allow", "true", "string-op", "one-principal", "one-action", "no-objects", "no-cond"],
)
def test_a_deny_that_leaves_plain_http_open_is_flagged(statement):
    assert messages("storage-https-only", *bucket_with(CLOUDFRONT_READS, statement)) == [FLAGGED]


def test_each_bucket_needs_its_own_deny():
    # the archive's policy names the archive bucket (`files-archive-9f8e7d6`), not `files`
    graph = [
        *bucket_with(DENY),
        res(S3, "files-archive"),
        res(POLICY, "archive-policy", bucket="files-archive-9f8e7d6", policy="{}"),
    ]
    assert messages("storage-https-only", *graph) == [
        FLAGGED.replace("files:", "files-archive:", 1)
    ]


def test_a_policy_not_yet_known_is_left_to_pulumi_up_and_b2_has_no_policies():
    from costmodel.model.graph import UNKNOWN

    unknown = [res(S3, "files"), res(POLICY, "p", bucket="files-1a2b3c4", policy=UNKNOWN)]
    assert messages("storage-https-only", *unknown) == []
    assert messages("storage-https-only", res(S3, "b2-files", parent=B2_COMPONENT)) == []
