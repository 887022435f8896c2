"""Package files in a private Cloudflare R2 bucket.

R2 encrypts every object at rest (AES-256, always on) and a bucket is private until it is
given a public r2.dev address or a custom domain. The r2.dev address is switched off here
explicitly. Behind Cloudflare's CDN the way in is its custom domain on the index's own zone
(infra/cdn/cloudflare.py), where the zone's cache and TLS settings apply; behind another CDN
(Fastly) it is R2's S3-compatible API, with requests signed (SigV4, region `auto`) by a key
that can only read this bucket, and no public address at all.

That key is an R2 API token (developers.cloudflare.com/r2/api/tokens/, "Create API tokens via
API"): its ID is the S3 access key ID and the SHA-256 (hex) of its value the secret access key.
The program creates it as an account token (it outlives the user who ran `pulumi up`) with the
one permission group "Workers R2 Storage Bucket Item Read" on this bucket alone; the provider's
own token then needs "Account API Tokens Write". An operator who would rather not grant that
creates the token in the dashboard ("Object Read only", this bucket) and sets `r2:readerKeyId`
and the secret `r2:readerKey` (its Secret Access Key) instead.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import NamedTuple

import pulumi
import pulumi_cloudflare as cloudflare

from infra.config import R2Storage
from infra.origin import ReaderKey, StorageOrigin, provider_from

# "Workers R2 Storage Bucket Item Read": read and list objects in the buckets named
# (the permission group's ID as developers.cloudflare.com/r2/api/tokens/ gives it).
OBJECT_READ_PERMISSION = "6a018a9f2fc74eb6b293b0c548f38b39"


class R2BucketArgs(NamedTuple):
    account_id: str
    sizing: R2Storage
    # A CDN outside Cloudflare reads the bucket through R2's S3 API with a read-only key.
    s3_reader: bool = False


class R2Bucket(pulumi.ComponentResource):
    def __init__(
        self, name: str, args: R2BucketArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__("indexplan:storage:R2", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        sizing = args.sizing
        self.bucket = cloudflare.R2Bucket(
            f"{name}-files",
            account_id=args.account_id,
            name=bucket_name(f"{pulumi.get_stack()}-{name}-files"),
            location=sizing.location,
            jurisdiction=sizing.jurisdiction,
            storage_class="Standard",
            opts=child,
        )
        cloudflare.R2ManagedDomain(
            f"{name}-files-r2-dev",
            account_id=args.account_id,
            bucket_name=self.bucket.name,
            jurisdiction=sizing.jurisdiction,
            enabled=False,  # no public r2.dev address
            opts=child,
        )
        reader = None
        if args.s3_reader:
            reader = referenced_reader_key() or self._reader_token(name, args, child)
        self.origin = StorageOrigin(
            kind="r2",
            bucket=self.bucket.name,
            # R2's S3 endpoint is the account's (path-style requests: /<bucket>/<key>)
            host=pulumi.Output.from_input(s3_endpoint(args.account_id, sizing.jurisdiction)),
            region="auto",  # R2's SigV4 region
            provider=provider_from(opts, "cloudflare"),
            reader=reader,
        )
        self.register_outputs({"bucket": self.bucket.name})

    def _reader_token(
        self, name: str, args: R2BucketArgs, child: pulumi.ResourceOptions
    ) -> ReaderKey:
        """An account token that can read this bucket's objects and nothing else."""
        jurisdiction = args.sizing.jurisdiction

        def only_this_bucket(bucket: str) -> str:
            return json.dumps({bucket_resource(args.account_id, jurisdiction, bucket): "*"})

        token = cloudflare.AccountToken(
            f"{name}-files-reader",
            account_id=args.account_id,
            name=self.bucket.name.apply(lambda b: f"{b} read-only (CDN origin)"),
            policies=[
                {
                    "effect": "allow",
                    "permission_groups": [{"id": OBJECT_READ_PERMISSION}],
                    "resources": self.bucket.name.apply(only_this_bucket),
                }
            ],
            opts=child,
        )
        # The token's value is a secret output of the provider; its hash stays one.
        secret = token.value.apply(secret_access_key)
        return ReaderKey(access_key_id=token.id, secret=pulumi.Output.secret(secret))


def secret_access_key(token_value: str | None) -> str:
    """R2's S3 secret for a token: the SHA-256 of its value, in hex."""
    if not token_value:  # Cloudflare shows a value only to the call that creates the token
        raise ValueError(
            "the R2 reader token's value is not known (an imported token has none): replace "
            "the token, or set r2:readerKeyId and the secret r2:readerKey"
        )
    return hashlib.sha256(token_value.encode()).hexdigest()


def referenced_reader_key() -> ReaderKey | None:
    """An R2 token made outside the program: `r2:readerKeyId` and the secret `r2:readerKey`
    (parse_stack_config takes the two together only)."""
    config = pulumi.Config("r2")
    key_id = config.get("readerKeyId")
    secret = config.get_secret("readerKey")
    if key_id is None or secret is None:
        return None
    return ReaderKey(access_key_id=pulumi.Output.from_input(key_id), secret=secret)


def s3_endpoint(account_id: str, jurisdiction: str) -> str:
    """R2's S3 API host; a bucket in a jurisdiction answers only on that jurisdiction's."""
    place = "" if jurisdiction == "default" else f"{jurisdiction}."
    return f"{account_id}.{place}r2.cloudflarestorage.com"


def bucket_resource(account_id: str, jurisdiction: str, bucket: str) -> str:
    """One bucket as an API token policy names it."""
    return f"com.cloudflare.edge.r2.bucket.{account_id}_{jurisdiction}_{bucket}"


def bucket_name(wanted: str) -> str:
    """R2 bucket names: 3 to 63 lowercase letters, digits and hyphens."""
    return re.sub(r"[^a-z0-9-]+", "-", wanted.lower()).strip("-")[:63].rstrip("-")
