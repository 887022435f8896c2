"""The index's zone on Route 53, signed with DNSSEC, pointing the files hostname at the CDN."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import NamedTuple

import pulumi
import pulumi_aws as aws

from infra.aws_account import account_id, root_admin_statement
from infra.dns.records import Record, WeightedCdn, common_records, index_records, route53_weight
from infra.edge import CdnEndpoint

# Route 53 DNSSEC signing keys must live in us-east-1.
DNSSEC_KEY_REGION = "us-east-1"
RECORD_TTL_WEIGHTED = 60  # short, so a weight change takes effect within a minute


class Route53DnsArgs(NamedTuple):
    domain: str
    endpoint: CdnEndpoint
    # Several CDNs sharing the files hostname by weight (then `endpoint` is the first).
    weighted: tuple[WeightedCdn, ...] = ()
    extra: tuple[Record, ...] = ()  # the app's and the mail identity's records


class Route53Dns(pulumi.ComponentResource):
    def __init__(
        self, name: str, args: Route53DnsArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__("indexplan:dns:Route53", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        self.zone = aws.route53.Zone(
            f"{name}-zone",
            name=args.domain,
            comment="package index",
            force_destroy=False,
            opts=child,
        )
        if args.weighted:
            records = common_records(args.domain, [w.endpoint for w in args.weighted])
            for cdn in args.weighted:
                aws.route53.Record(
                    f"{name}-files-{cdn.provider}",
                    zone_id=self.zone.zone_id,
                    name=cdn.endpoint.hostname,
                    type=cdn.endpoint.record_type,
                    ttl=RECORD_TTL_WEIGHTED,
                    records=[cdn.endpoint.target],
                    set_identifier=cdn.provider,
                    weighted_routing_policies=[{"weight": route53_weight(cdn.weight)}],
                    opts=child,
                )
        else:
            records = index_records(args.domain, args.endpoint)
        for record in [*records, *args.extra]:
            target: dict[str, object] = (
                {
                    "aliases": [
                        {
                            "name": record.alias.name,
                            "zone_id": record.alias.zone_id,
                            "evaluate_target_health": True,
                        }
                    ]
                }
                if record.alias
                else {"ttl": record.ttl, "records": record.values}
            )
            aws.route53.Record(
                f"{name}-{record.key}",
                zone_id=self.zone.zone_id,
                name=record.name,
                type=record.type,
                allow_overwrite=record.key.startswith("validation"),
                opts=child,
                **target,
            )
        self._sign(name)
        self.name_servers: pulumi.Output[Sequence[str]] = self.zone.name_servers
        self.register_outputs({"zone_id": self.zone.zone_id, "name_servers": self.name_servers})

    def _sign(self, name: str) -> None:
        child = pulumi.ResourceOptions(parent=self)
        key = aws.kms.Key(
            f"{name}-dnssec-key",
            description="DNSSEC key-signing key for the package index zone",
            customer_master_key_spec="ECC_NIST_P256",
            key_usage="SIGN_VERIFY",
            deletion_window_in_days=30,
            region=DNSSEC_KEY_REGION,
            policy=account_id(self).apply(_dnssec_key_policy),
            opts=child,
        )
        signing_key = aws.route53.KeySigningKey(
            f"{name}-key-signing-key",
            hosted_zone_id=self.zone.zone_id,
            key_management_service_arn=key.arn,
            name=f"{name}-ksk".replace("-", "_"),
            opts=child,
        )
        aws.route53.HostedZoneDnsSec(
            f"{name}-dnssec",
            hosted_zone_id=signing_key.hosted_zone_id,
            signing_status="SIGNING",
            opts=pulumi.ResourceOptions(parent=self, depends_on=[signing_key]),
        )


def _dnssec_key_policy(account: str) -> str:
    route53 = {
        "Sid": "Route53DnssecSigns",
        "Effect": "Allow",
        "Principal": {"Service": "dnssec-route53.amazonaws.com"},
        "Action": ["kms:DescribeKey", "kms:GetPublicKey", "kms:Sign"],
        "Resource": "*",
        "Condition": {"StringEquals": {"aws:SourceAccount": account}},
    }
    return json.dumps(
        {"Version": "2012-10-17", "Statement": [root_admin_statement(account), route53]}
    )
