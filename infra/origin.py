"""What a CDN needs to know about the storage behind it, whichever cloud holds it."""

from __future__ import annotations

from typing import Literal, NamedTuple

import pulumi


class ReaderKey(NamedTuple):
    """A read-only, SigV4-style key for CDNs that cannot use the storage's native access."""

    access_key_id: pulumi.Output[str]
    secret: pulumi.Output[str]


class StorageOrigin(NamedTuple):
    kind: Literal["s3", "gcs", "b2", "r2"]
    bucket: pulumi.Output[str]
    host: pulumi.Output[str]  # the TLS host a CDN connects to
    region: str  # the signing region (`auto` for GCS's S3-compatible API)
    provider: pulumi.ProviderResource
    arn: pulumi.Output[str] | None = None
    reader: ReaderKey | None = None
    tier: Literal["files", "archive"] = "files"  # the archive only answers the primary's misses


def provider_from(opts: pulumi.ResourceOptions | None, package: str) -> pulumi.ProviderResource:
    """The explicit provider a component was given for `package` (its children inherit it)."""
    providers = opts.providers if opts else None
    if isinstance(providers, dict) and package in providers:
        return providers[package]
    raise ValueError(f"component needs an explicit {package} provider in ResourceOptions.providers")
