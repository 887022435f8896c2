"""The records every DNS provider publishes for the index, whichever cloud serves the zone."""

from __future__ import annotations

from dataclasses import dataclass

import pulumi

from infra.edge import CdnEndpoint

RECORD_TTL = 300
VALIDATION_TTL = 60


@dataclass(frozen=True)
class Record:
    key: str  # stable suffix for the record's logical name
    name: pulumi.Input[str]
    type: pulumi.Input[str]
    values: list[pulumi.Input[str]]
    ttl: int = RECORD_TTL


def index_records(domain: str, endpoint: CdnEndpoint) -> list[Record]:
    """Files hostname → CDN, CAA limiting issuers to the CDN's CA, and certificate validation."""
    records = [
        Record("files", endpoint.hostname, endpoint.record_type, [endpoint.target]),
        Record("caa", domain, "CAA", [f'0 issue "{issuer}"' for issuer in endpoint.issuers]),
    ]
    records += [
        Record(f"validation-{i}", v.name, v.type, [v.value], VALIDATION_TTL)
        for i, v in enumerate(endpoint.validation)
    ]
    return records


def fqdn(name: pulumi.Input[str]) -> pulumi.Output[str]:
    """Cloud DNS wants trailing dots on names and CNAME targets."""
    return pulumi.Output.from_input(name).apply(lambda n: n if n.endswith(".") else f"{n}.")
