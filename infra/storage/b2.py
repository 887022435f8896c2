"""Package files in a private, encrypted Backblaze B2 bucket, through B2's S3-compatible API.

B2 has no Pulumi package; its S3-compatible API is driven by pulumi-aws with a second, explicit
provider pointed at `s3.<region>.backblazeb2.com` (infra/providers.py). B2 buckets made this
way are private (allPrivate), and every file version is kept until a lifecycle rule says
otherwise (set in B2's console: the S3-compatible API has no lifecycle calls). Object Lock
(B2's file lock) can only be switched on when a bucket is created.
"""

from __future__ import annotations

from typing import NamedTuple

import pulumi
import pulumi_aws as aws

from infra.config import B2Storage
from infra.origin import ReaderKey, StorageOrigin, provider_from

SSE_B2 = "AES256"  # B2's server-side encryption with B2-managed keys (SSE-B2)


class B2BucketArgs(NamedTuple):
    sizing: B2Storage
    # A read-only B2 application key for the CDN (created in B2: the S3 API cannot make keys).
    reader: ReaderKey | None = None


class B2Bucket(pulumi.ComponentResource):
    def __init__(
        self, name: str, args: B2BucketArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__("indexplan:storage:B2", name, None, opts)
        provider = provider_from(opts, "b2")
        region = args.sizing.region
        # Children use the B2 provider explicitly: `aws` in opts.providers is the AWS account.
        child = pulumi.ResourceOptions(parent=self, provider=provider)
        self.bucket = aws.s3.Bucket(
            f"{name}-files",
            region=region,
            object_lock_enabled=args.sizing.file_lock,
            force_destroy=False,
            opts=child,
        )
        after = pulumi.ResourceOptions(parent=self, provider=provider, depends_on=[self.bucket])
        aws.s3.BucketServerSideEncryptionConfiguration(
            f"{name}-files-encryption",
            bucket=self.bucket.id,
            rules=[{"apply_server_side_encryption_by_default": {"sse_algorithm": SSE_B2}}],
            opts=after,
        )
        if args.sizing.lock_days is not None:
            aws.s3.BucketObjectLockConfiguration(
                f"{name}-files-lock",
                bucket=self.bucket.id,
                rule={"default_retention": {"mode": "GOVERNANCE", "days": args.sizing.lock_days}},
                opts=after,
            )
        host = self.bucket.bucket.apply(lambda b: f"{b}.s3.{region}.backblazeb2.com")
        self.origin = StorageOrigin(
            kind="b2",
            bucket=self.bucket.bucket,
            host=host,
            region=region,
            provider=provider,
            reader=args.reader,
        )
        self.register_outputs({"bucket": self.bucket.bucket, "endpoint": host})


def reader_key_from_config() -> ReaderKey:
    """The CDN's read-only B2 key: `b2:readerKeyId` and the secret `b2:readerKey`.

    In a preview (and offline) an unset key is shown as unknown; `pulumi up` stops with a
    message instead of deploying a CDN that cannot read its origin.
    """
    config = pulumi.Config("b2")
    key_id = config.get("readerKeyId")
    secret = config.get_secret("readerKey")
    if key_id is not None and secret is not None:
        return ReaderKey(access_key_id=pulumi.Output.from_input(key_id), secret=secret)
    if not pulumi.runtime.is_dry_run():
        raise pulumi.RunError(
            "B2 storage behind a CDN needs a read-only application key for the bucket: "
            "`pulumi config set b2:readerKeyId <keyID>` and "
            "`pulumi config set --secret b2:readerKey <applicationKey>`"
        )
    return ReaderKey(access_key_id=_unknown(), secret=pulumi.Output.secret(_unknown()))


def _unknown() -> pulumi.Output[str]:
    """A value only known at deployment, as Pulumi shows one in a preview."""

    async def value() -> str:
        return ""

    async def known() -> bool:
        return False

    return pulumi.Output(set(), value(), known())
