"""Package files in a private Google Cloud Storage bucket (plus an optional archive bucket)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pulumi
import pulumi_gcp as gcp

from infra.gcp_access import bucket_service_account
from infra.origin import ReaderKey, StorageOrigin, provider_from

ARCHIVE_AFTER_DAYS = 1
NONCURRENT_DAYS = 90
GCS_HOST = "storage.googleapis.com"


@dataclass(frozen=True)
class GcsBucketArgs:
    location: str
    archive: bool = False
    # CDNs outside Google read through GCS's S3-compatible API with an HMAC key.
    reader_key: bool = False


class GcsBucket(pulumi.ComponentResource):
    def __init__(
        self, name: str, args: GcsBucketArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__("indexplan:storage:GCS", name, None, opts)
        self._child = pulumi.ResourceOptions(parent=self)
        expire_old: dict[str, Any] = {
            "action": {"type": "Delete"},
            "condition": {"days_since_noncurrent_time": NONCURRENT_DAYS, "with_state": "ARCHIVED"},
        }
        self.bucket = self._private_bucket(f"{name}-files", args.location, [expire_old])
        outputs: dict[str, Any] = {"bucket": self.bucket.name}
        if args.archive:
            to_archive: dict[str, Any] = {
                "action": {"type": "SetStorageClass", "storage_class": "ARCHIVE"},
                "condition": {"age": ARCHIVE_AFTER_DAYS},
            }
            archive = self._private_bucket(
                f"{name}-archive", args.location, [expire_old, to_archive]
            )
            outputs["archive_bucket"] = archive.name
        self.origin = StorageOrigin(
            kind="gcs",
            bucket=self.bucket.name,
            host=pulumi.Output.from_input(GCS_HOST),
            region="auto",
            provider=provider_from(opts, "gcp"),
            reader=self._reader_key(name) if args.reader_key else None,
        )
        self.register_outputs(outputs)

    def _private_bucket(self, name: str, location: str, rules: list[Any]) -> gcp.storage.Bucket:
        return gcp.storage.Bucket(
            name,
            location=location,
            uniform_bucket_level_access=True,
            public_access_prevention="enforced",
            versioning={"enabled": True},
            lifecycle_rules=rules,
            force_destroy=False,
            opts=self._child,
        )

    def _reader_key(self, name: str) -> ReaderKey:
        account = bucket_service_account(
            self,
            f"{name}-cdn-reader",
            self.bucket.name,
            "roles/storage.objectViewer",
            "CDN read-only access to package files",
        )
        key = gcp.storage.HmacKey(
            f"{name}-cdn-reader-key", service_account_email=account.email, opts=self._child
        )
        return ReaderKey(access_key_id=key.access_id, secret=pulumi.Output.secret(key.secret))
