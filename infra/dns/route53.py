"""The index's zone on Route 53, signed with DNSSEC, pointing the files hostname at the CDN."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from infra.aws_account import account_id, root_admin_statement
from infra.dns.records import index_records
from infra.edge import CdnEndpoint

# Route 53 DNSSEC signing keys must live in us-east-1.
DNSSEC_KEY_REGION = "us-east-1"


@dataclass(frozen=True)
class Route53DnsArgs:
    domain: str
    endpoint: CdnEndpoint


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
        for record in index_records(args.domain, args.endpoint):
            aws.route53.Record(
                f"{name}-{record.key}",
                zone_id=self.zone.zone_id,
                name=record.name,
                type=record.type,
                ttl=record.ttl,
                records=record.values,
                allow_overwrite=record.key.startswith("validation"),
                opts=child,
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
