"""Package files in a private Google Cloud Storage bucket (plus an optional archive bucket)."""

from __future__ import annotations

from typing import Any, NamedTuple

import pulumi
import pulumi_gcp as gcp

from infra.gcp_access import bucket_service_account
from infra.origin import ReaderKey, StorageOrigin, provider_from

ARCHIVE_AFTER_DAYS = 1
NONCURRENT_DAYS = 90
GCS_HOST = "storage.googleapis.com"
ARCHIVE_LABEL = "indexplan-tier"  # on an archive bucket kept apart from the primary


class GcsBucketArgs(NamedTuple):
    location: str
    archive: bool = False
    # CDNs outside Google read through GCS's S3-compatible API with an HMAC key.
    reader_key: bool = False
    # False: only the archive, behind a primary on another provider (indexplan:roles.storage).
    files: bool = True


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
        outputs: dict[str, Any] = {}
        if args.files:
            self.bucket = self._private_bucket(f"{name}-files", args.location, [expire_old])
            outputs["bucket"] = self.bucket.name
        if args.archive or not args.files:
            to_archive: dict[str, Any] = {
                "action": {"type": "SetStorageClass", "storage_class": "ARCHIVE"},
                "condition": {"age": ARCHIVE_AFTER_DAYS},
            }
            labels = None if args.files else {ARCHIVE_LABEL: "archive"}
            archive = self._private_bucket(
                f"{name}-archive", args.location, [expire_old, to_archive], labels
            )
            outputs["archive_bucket"] = archive.name
            if not args.files:
                self.bucket = archive  # what the CDN reads when the primary misses
        self.origin = StorageOrigin(
            kind="gcs",
            bucket=self.bucket.name,
            host=pulumi.Output.from_input(GCS_HOST),
            region="auto",
            provider=provider_from(opts, "gcp"),
            reader=self._reader_key(name) if args.reader_key else None,
            tier="files" if args.files else "archive",
        )
        self.register_outputs(outputs)

    def _private_bucket(
        self, name: str, location: str, rules: list[Any], labels: dict[str, str] | None = None
    ) -> gcp.storage.Bucket:
        return gcp.storage.Bucket(
            name,
            labels=labels,
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
