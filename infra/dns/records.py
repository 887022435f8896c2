"""The records every DNS provider publishes for the index, whichever cloud serves the zone."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import pulumi

from infra.edge import CdnEndpoint

RECORD_TTL = 300
VALIDATION_TTL = 60
# Route 53 weights are integers (0-255); a CDN's share is written as whole percents.
ROUTE53_WEIGHT_SCALE = 100


class Alias(NamedTuple):
    """An apex-capable alias to an AWS load balancer (Route 53 only)."""

    name: pulumi.Input[str]
    zone_id: pulumi.Input[str]


class Record(NamedTuple):
    key: str  # stable suffix for the record's logical name
    name: pulumi.Input[str]
    type: pulumi.Input[str]
    values: list[pulumi.Input[str]]
    ttl: int = RECORD_TTL
    alias: Alias | None = None


class WeightedCdn(NamedTuple):
    """One CDN of a weighted mix: its provider names the member, its weight is its share."""

    provider: str
    weight: float
    endpoint: CdnEndpoint


def index_records(domain: str, endpoint: CdnEndpoint) -> list[Record]:
    """Files hostname → CDN, CAA limiting issuers to the CDN's CA, and certificate validation."""
    return [
        Record("files", endpoint.hostname, endpoint.record_type, [endpoint.target]),
        *common_records(domain, [endpoint]),
    ]


def common_records(domain: str, endpoints: Sequence[CdnEndpoint]) -> list[Record]:
    """CAA for every CDN's certificate authority, and each CDN's validation records."""
    issuers = sorted({issuer for e in endpoints for issuer in e.issuers})
    records = [Record("caa", domain, "CAA", [f'0 issue "{issuer}"' for issuer in issuers])]
    validation = [v for e in endpoints for v in e.validation]
    records += [
        Record(f"validation-{i}", v.name, v.type, [v.value], VALIDATION_TTL)
        for i, v in enumerate(validation)
    ]
    return records


def route53_weight(weight: float) -> int:
    return round(weight * ROUTE53_WEIGHT_SCALE)


def fqdn(name: pulumi.Input[str]) -> pulumi.Output[str]:
    """Cloud DNS wants trailing dots on names and CNAME targets."""
    return pulumi.Output.from_input(name).apply(lambda n: n if n.endswith(".") else f"{n}.")
