"""The bucket a CDN serves, where a reader can tell it from the file (a Terraform plan's
configuration, a Pulumi file's property dependencies, a known origin domain).

Of several buckets that could each be the files (another program's, or a storage module's with
no storage-class transition), the one the CDN's origin names is given the parent CDN_ORIGIN:
the storage role, priced as the files the CDN serves. The buckets beside it keep no usage from
the scenario ("depends on usage" until a usage file gives theirs): `beside_origin`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from costmodel.model.graph import Resource
from costmodel.model.roles import by_type

CDN_ORIGIN = "indexplan:storage:CdnOrigin"
# An S3 bucket's domain as an origin names it: `NAME.s3.amazonaws.com`,
# `NAME.s3.REGION.amazonaws.com` (regional), `NAME.s3-REGION.amazonaws.com` (older)
S3_DOMAIN = re.compile(r"^([a-z0-9][a-z0-9.-]*?)\.s3(?:[.-][a-z0-9-]+)*\.amazonaws\.com\.?$")


def beside_origin(graph: Sequence[Resource]) -> set[str]:
    """Another program's buckets beside the one a reader found to be the CDN's origin: the
    scenario's files are that one's, so theirs are unknown."""
    if not any(r.parent_type == CDN_ORIGIN for r in graph):
        return set()
    return {r.urn for r in graph if r.role == "storage" and by_type(r)}
