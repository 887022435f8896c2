"""Package files in a private, versioned, encrypted S3 bucket (plus an optional archive bucket)."""

from __future__ import annotations

import json
from typing import Any, NamedTuple

import pulumi
import pulumi_aws as aws

from infra.origin import ReaderKey, StorageOrigin, provider_from

ARCHIVE_AFTER_DAYS = 1  # PyPI moves its fallback copies to Glacier IR after a day
NONCURRENT_DAYS = 90  # overwritten or deleted versions kept this long for recovery
ABORT_UPLOADS_DAYS = 7
ARCHIVE_TAG = "indexplan-tier"  # on an archive bucket kept apart from the primary


class S3BucketArgs(NamedTuple):
    region: str
    archive: bool = False
    # Non-AWS CDNs cannot use CloudFront's origin access control; they get a read-only key.
    reader_key: bool = False
    # False: only the archive, behind a primary on another provider (indexplan:roles.storage).
    files: bool = True
    # CloudFront writes the files bucket's one policy (its read grant and the HTTPS-only deny).
    cloudfront_reads: bool = False


def https_only_statement(arn: str) -> dict[str, Any]:
    """Refuse every request made over plain HTTP (AWS Security Hub control S3.5)."""
    return {
        "Sid": "DenyPlainHttp",
        "Effect": "Deny",
        "Principal": "*",
        "Action": "s3:*",
        "Resource": [arn, f"{arn}/*"],
        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
    }


class S3Bucket(pulumi.ComponentResource):
    def __init__(
        self, name: str, args: S3BucketArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__("indexplan:storage:S3", name, None, opts)
        self._child = pulumi.ResourceOptions(parent=self)
        base_rules: list[Any] = [
            {
                "id": "abort-incomplete-uploads",
                "status": "Enabled",
                "filter": {},
                "abort_incomplete_multipart_upload": {"days_after_initiation": ABORT_UPLOADS_DAYS},
            },
            {
                "id": "expire-old-versions",
                "status": "Enabled",
                "filter": {},
                "noncurrent_version_expiration": {"noncurrent_days": NONCURRENT_DAYS},
            },
        ]
        outputs: dict[str, Any] = {}
        if args.files:
            self.bucket = self._private_bucket(
                f"{name}-files", base_rules, None, args.cloudfront_reads
            )
            outputs["bucket"] = self.bucket.bucket
        self.archive: aws.s3.Bucket | None = None
        if args.archive or not args.files:
            glacier: dict[str, Any] = {
                "id": "archive-to-glacier-ir",
                "status": "Enabled",
                "filter": {},
                "transitions": [{"days": ARCHIVE_AFTER_DAYS, "storage_class": "GLACIER_IR"}],
            }
            # Behind another provider's primary the tag says so; the lifecycle says archive.
            tags = None if args.files else {ARCHIVE_TAG: "archive"}
            self.archive = self._private_bucket(f"{name}-archive", [*base_rules, glacier], tags)
            outputs["archive_bucket"] = self.archive.bucket
            if not args.files:
                self.bucket = self.archive  # what the CDN reads when the primary misses
        reader = self._reader_key(name) if args.reader_key else None
        self.origin = StorageOrigin(
            kind="s3",
            bucket=self.bucket.bucket,
            host=self.bucket.bucket_regional_domain_name,
            region=args.region,
            provider=provider_from(opts, "aws"),
            arn=self.bucket.arn,
            reader=reader,
            tier="files" if args.files else "archive",
        )
        self.register_outputs(outputs)

    def _private_bucket(
        self,
        name: str,
        rules: list[Any],
        tags: dict[str, str] | None = None,
        policy_elsewhere: bool = False,
    ) -> aws.s3.Bucket:
        bucket = aws.s3.Bucket(name, force_destroy=False, tags=tags, opts=self._child)
        child = pulumi.ResourceOptions(parent=self, depends_on=[bucket])
        aws.s3.BucketOwnershipControls(
            f"{name}-ownership",
            bucket=bucket.id,
            rule={"object_ownership": "BucketOwnerEnforced"},
            opts=child,
        )
        block = aws.s3.BucketPublicAccessBlock(
            f"{name}-public-access-block",
            bucket=bucket.id,
            block_public_acls=True,
            block_public_policy=True,
            ignore_public_acls=True,
            restrict_public_buckets=True,
            opts=child,
        )
        aws.s3.BucketVersioning(
            f"{name}-versioning",
            bucket=bucket.id,
            versioning_configuration={"status": "Enabled"},
            opts=child,
        )
        aws.s3.BucketServerSideEncryptionConfiguration(
            f"{name}-encryption",
            bucket=bucket.id,
            rules=[
                {
                    "apply_server_side_encryption_by_default": {"sse_algorithm": "aws:kms"},
                    "bucket_key_enabled": True,  # one KMS call per bucket key, not per object
                }
            ],
            opts=child,
        )
        aws.s3.BucketLifecycleConfiguration(
            f"{name}-lifecycle", bucket=bucket.id, rules=rules, opts=child
        )
        if not policy_elsewhere:  # a bucket has one policy: CloudFront's carries the deny
            aws.s3.BucketPolicy(
                f"{name}-https-only",
                bucket=bucket.id,
                policy=bucket.arn.apply(
                    lambda arn: json.dumps(
                        {"Version": "2012-10-17", "Statement": [https_only_statement(arn)]}
                    )
                ),
                opts=pulumi.ResourceOptions(parent=self, depends_on=[block]),
            )
        return bucket

    def _reader_key(self, name: str) -> ReaderKey:
        user = aws.iam.User(f"{name}-cdn-reader", opts=self._child)
        aws.iam.UserPolicy(
            f"{name}-cdn-reader-policy",
            user=user.name,
            policy=self.bucket.arn.apply(
                lambda arn: json.dumps(
                    {
                        "Version": "2012-10-17",
                        "Statement": [
                            {"Effect": "Allow", "Action": "s3:GetObject", "Resource": f"{arn}/*"}
                        ],
                    }
                )
            ),
            opts=self._child,
        )
        key = aws.iam.AccessKey(f"{name}-cdn-reader-key", user=user.name, opts=self._child)
        return ReaderKey(access_key_id=key.id, secret=pulumi.Output.secret(key.secret))
