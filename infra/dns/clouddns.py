"""The index's zone on Cloud DNS with DNSSEC on, pointing the files hostname at the CDN."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import pulumi
import pulumi_gcp as gcp

from infra.dns.records import Record, WeightedCdn, common_records, fqdn, index_records
from infra.edge import CdnEndpoint

RECORD_TTL_WEIGHTED = 60  # short, so a weight change takes effect within a minute


class CloudDnsArgs(NamedTuple):
    domain: str
    endpoint: CdnEndpoint
    # Several CDNs sharing the files hostname by weight (then `endpoint` is the first).
    weighted: tuple[WeightedCdn, ...] = ()
    extra: tuple[Record, ...] = ()  # the mail identity's records


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
        if args.weighted:
            records = common_records(args.domain, [w.endpoint for w in args.weighted])
            # Weighted round robin: one record set, each CDN answered in proportion to weight.
            gcp.dns.RecordSet(
                f"{name}-files",
                managed_zone=self.zone.name,
                name=fqdn(args.endpoint.hostname),
                type=args.endpoint.record_type,
                ttl=RECORD_TTL_WEIGHTED,
                routing_policy={
                    "wrrs": [
                        {"weight": cdn.weight, "rrdatas": [fqdn(cdn.endpoint.target)]}
                        for cdn in args.weighted
                    ]
                },
                opts=child,
            )
        else:
            records = index_records(args.domain, args.endpoint)
        for record in [*records, *args.extra]:
            if record.alias is not None:
                raise ValueError("Cloud DNS cannot alias an AWS load balancer at the apex")
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
