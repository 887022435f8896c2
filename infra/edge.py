"""What DNS needs from a CDN: where to point the files hostname, and records it must publish."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

import pulumi


class DnsRecord(NamedTuple):
    name: pulumi.Input[str]
    type: pulumi.Input[str]
    value: pulumi.Input[str]


@dataclass(frozen=True)
class CdnEndpoint:
    hostname: str  # the files hostname users fetch from
    target: pulumi.Output[str]  # CNAME target, or the IPv4 address when `record_type` is "A"
    record_type: str = "CNAME"
    # Certificate authorities allowed to issue for the hostname (CAA `issue` values).
    issuers: tuple[str, ...] = ()
    validation: list[DnsRecord] = field(default_factory=list)


class LogSink(NamedTuple):
    """Where a CDN streams its download logs (the analytics role's bucket)."""

    bucket: pulumi.Output[str]
    account_email: pulumi.Output[str]  # the service account the CDN writes as
    project: str
