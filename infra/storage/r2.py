"""Package files in a private Cloudflare R2 bucket.

R2 encrypts every object at rest (AES-256, always on) and a bucket is private until it is
given a public r2.dev address or a custom domain. The r2.dev address is switched off here
explicitly; the only way in is the Cloudflare CDN's custom domain on the index's own zone
(infra/cdn/cloudflare.py), where the zone's cache and TLS settings apply.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pulumi
import pulumi_cloudflare as cloudflare

from infra.config import R2Storage
from infra.origin import StorageOrigin, provider_from


@dataclass(frozen=True)
class R2BucketArgs:
    account_id: str
    sizing: R2Storage


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
        self.origin = StorageOrigin(
            kind="r2",
            bucket=self.bucket.name,
            host=self.bucket.name.apply(
                lambda bucket: f"{bucket}.{args.account_id}.r2.cloudflarestorage.com"
            ),
            region="auto",
            provider=provider_from(opts, "cloudflare"),
        )
        self.register_outputs({"bucket": self.bucket.name})


def bucket_name(wanted: str) -> str:
    """R2 bucket names: 3 to 63 lowercase letters, digits and hyphens."""
    return re.sub(r"[^a-z0-9-]+", "-", wanted.lower()).strip("-")[:63].rstrip("-")
