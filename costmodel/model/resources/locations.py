"""Where a resource is priced: its region or location as the catalog names it."""

from __future__ import annotations

from costmodel.model.components import Context
from costmodel.model.graph import Resource


def gcs_location(bucket: Resource, ctx: Context) -> str:
    return normalized_gcs_location(ctx.region("gcp", bucket))


def normalized_gcs_location(location: str) -> str:
    """A Cloud Storage location as the catalog names it: regions lower-case (`us-central1`),
    multi- and dual-regions upper-case (`US`, `NAM4`); Google accepts either spelling."""
    return location.lower() if "-" in location else location.upper()
