"""The index's zone on Cloud DNS with DNSSEC on, pointing the files hostname at the CDN."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pulumi
import pulumi_gcp as gcp

from infra.dns.records import fqdn, index_records
from infra.edge import CdnEndpoint


@dataclass(frozen=True)
class CloudDnsArgs:
    domain: str
    endpoint: CdnEndpoint


class CloudDns(pulumi.ComponentResource):
    def __init__(
        self, name: str, args: CloudDnsArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__("indexplan:dns:CloudDNS", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        self.zone = gcp.dns.ManagedZone(
            f"{name}-zone",
            dns_name=f"{args.domain}.",
            description="package index",
            visibility="public",
            dnssec_config={"state": "on", "non_existence": "nsec3"},
            force_destroy=False,
            opts=child,
        )
        for record in index_records(args.domain, args.endpoint):
            values = [fqdn(v) for v in record.values] if record.type == "CNAME" else record.values
            gcp.dns.RecordSet(
                f"{name}-{record.key}",
                managed_zone=self.zone.name,
                name=fqdn(record.name),
                type=record.type,
                ttl=record.ttl,
                rrdatas=values,
                opts=child,
            )
        self.name_servers: pulumi.Output[Sequence[str]] = self.zone.name_servers
        self.register_outputs({"name_servers": self.name_servers})
