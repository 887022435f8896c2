"""storage-private: no bucket readable or writable by the public."""

import json

from policy_graphs import ALL_PUBLIC_ACCESS_BLOCKED, DISTRIBUTION_ARN, messages, res

S3 = "aws:s3/bucket:Bucket"
PAB = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"
POLICY = "aws:s3/bucketPolicy:BucketPolicy"
GCS = "gcp:storage/bucket:Bucket"


def cloudfront_only_policy(condition: dict | None) -> str:
    statement = {
        "Sid": "CloudFrontRead",
        "Effect": "Allow",
        "Principal": {"Service": "cloudfront.amazonaws.com"},
        "Action": "s3:GetObject",
        "Resource": "arn:aws:s3:::files-1a2b3c4/*",
    }
    if condition is not None:
        statement["Condition"] = condition
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]})


def test_private_s3_bucket_behind_cloudfront_passes():
    # The bucket's id is its auto-name `files-<suffix>`: that is how the block and the policy
    # refer to it.
    condition = {"StringEquals": {"AWS:SourceArn": DISTRIBUTION_ARN}}
    graph = [
        res(S3, "files"),
        res(PAB, "files-public-access", bucket="files-1a2b3c4", **ALL_PUBLIC_ACCESS_BLOCKED),
        res(
            POLICY, "files-policy", bucket="files-1a2b3c4", policy=cloudfront_only_policy(condition)
        ),
    ]
    assert messages("storage-private", *graph) == []


def test_s3_bucket_without_public_access_block_fails():
    assert messages("storage-private", res(S3, "files")) == [
        "files: S3 bucket has no public access block; add one with all four settings true"
    ]


def test_public_access_block_with_a_flag_off_fails():
    flags = {**ALL_PUBLIC_ACCESS_BLOCKED, "restrictPublicBuckets": False}
    graph = [res(S3, "files"), res(PAB, "files-pab", bucket="files-1a2b3c4", **flags)]
    assert messages("storage-private", *graph) == [
        "files-pab: public access block: restrictPublicBuckets must be true, got False"
    ]


def test_block_pairs_with_its_own_bucket_among_several():
    # `files-archive-9f8e7d6` is the archive's auto-name, not "files" plus a suffix, so the
    # files bucket is left without a block.
    graph = [
        res(S3, "files"),
        res(S3, "files-archive"),
        res(PAB, "archive-pab", bucket="files-archive-9f8e7d6", **ALL_PUBLIC_ACCESS_BLOCKED),
    ]
    assert messages("storage-private", *graph) == [
        "files: S3 bucket has no public access block; add one with all four settings true"
    ]


def test_public_canned_acl_and_all_users_grant_fail():
    grant = {
        "type": "Group",
        "permissions": ["READ"],
        "uri": "http://acs.amazonaws.com/groups/global/AllUsers",
    }
    graph = [
        res(S3, "files", acl="public-read", grants=[grant]),
        res(PAB, "files-pab", bucket="files-1a2b3c4", **ALL_PUBLIC_ACCESS_BLOCKED),
    ]
    assert messages("storage-private", *graph) == [
        "files: canned ACL 'public-read' makes the bucket public; use private",
        "files: ACL grant to AllUsers makes the bucket public",
    ]


def test_bucket_policies_that_reach_beyond_the_cdn_fail():
    everyone = json.dumps(
        {
            "Statement": {
                "Sid": "Public",
                "Effect": "Allow",
                "Principal": "*",
                "Action": "s3:GetObject",
            }
        }
    )
    graph = [
        res(POLICY, "no-condition", bucket="files", policy=cloudfront_only_policy(None)),
        res(
            POLICY,
            "wildcard-arn",
            bucket="files",
            policy=cloudfront_only_policy(
                {"ArnLike": {"aws:SourceArn": "arn:aws:cloudfront::123456789012:distribution/*"}}
            ),
        ),
        res(POLICY, "everyone", bucket="files", policy=everyone),
    ]
    assert messages("storage-private", *graph) == [
        "no-condition: bucket policy statement CloudFrontRead: grants CloudFront access without "
        "an AWS:SourceArn condition naming the distribution",
        "wildcard-arn: bucket policy statement CloudFrontRead: grants CloudFront access without "
        "an AWS:SourceArn condition naming the distribution",
        "everyone: bucket policy statement Public: grants access to everyone (Principal *)",
    ]


def test_bucket_policy_may_name_one_iam_role_and_deny_anything():
    # A CDN other than CloudFront signs origin requests as one IAM role; Deny only narrows.
    document = {
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"AWS": "arn:aws:iam::123456789012:role/fastly-origin"},
            },
            {
                "Effect": "Deny",
                "Principal": "*",
                "Condition": {"Bool": {"aws:SecureTransport": "false"}},
            },
        ]
    }
    assert (
        messages("storage-private", res(POLICY, "p", bucket="b", policy=json.dumps(document))) == []
    )
    document["Statement"][0]["Principal"] = {"AWS": "arn:aws:iam::123456789012:root"}
    assert messages(
        "storage-private", res(POLICY, "p", bucket="b", policy=json.dumps(document))
    ) == [
        "p: bucket policy statement (no Sid): grants access to AWS principal "
        "'arn:aws:iam::123456789012:root'; name one IAM user or role"
    ]


def test_private_gcs_bucket_passes_and_public_one_fails():
    private = res(GCS, "files", uniformBucketLevelAccess=True, publicAccessPrevention="enforced")
    cdn_reader = res(
        "gcp:storage/bucketIAMMember:BucketIAMMember",
        "cdn-reader",
        bucket="files",
        role="roles/storage.objectViewer",
        member="serviceAccount:service-1234@cloud-cdn-fill.iam.gserviceaccount.com",
    )
    assert messages("storage-private", private, cdn_reader) == []

    public = res(GCS, "files", uniformBucketLevelAccess=False, publicAccessPrevention="inherited")
    everyone = res(
        "gcp:storage/bucketIAMBinding:BucketIAMBinding",
        "everyone",
        bucket="files",
        role="roles/storage.objectViewer",
        members=["allUsers"],
    )
    acl = res("gcp:storage/bucketACL:BucketACL", "acl", bucket="files", predefinedAcl="publicRead")
    assert messages("storage-private", public, everyone, acl) == [
        "files: GCS bucket: uniformBucketLevelAccess must be true, got False",
        "files: GCS bucket: publicAccessPrevention must be 'enforced', got 'inherited'",
        "everyone: grants allUsers access to the bucket; grant the CDN's identity only",
        "acl: predefinedAcl 'publicRead' makes the bucket or its objects public",
    ]
