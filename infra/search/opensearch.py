"""Search on an Amazon OpenSearch Service domain inside the VPC: no public endpoint, HTTPS
only with TLS 1.2 or later, encrypted at rest and between nodes, reachable only from the
application's tasks."""

from __future__ import annotations

import json
from typing import NamedTuple

import pulumi
import pulumi_aws as aws

from infra.aws_account import account_id
from infra.config import OpenSearchSearch
from infra.network.aws import AwsNetwork

TLS_POLICY = "Policy-Min-TLS-1-2-PFS-2023-10"
EBS_TYPE = "gp3"


class OpenSearchDomainArgs(NamedTuple):
    sizing: OpenSearchSearch
    network: AwsNetwork
    region: str
    # Who may query: the app's security group (network) and task role (access policy).
    clients: aws.ec2.SecurityGroup
    client_role: aws.iam.Role | None = None


class OpenSearchDomain(pulumi.ComponentResource):
    def __init__(
        self, name: str, args: OpenSearchDomainArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__("indexplan:search:OpenSearch", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        sizing, network = args.sizing, args.network
        clients = args.clients.id
        group = network.security_group(
            self,
            f"{name}-sg",
            "search: HTTPS from the app only",
            [{"protocol": "tcp", "from_port": 443, "to_port": 443, "security_groups": [clients]}],
        )
        zones = min(sizing.count, len(network.private_subnets))
        domain_name = f"{pulumi.get_stack()}-{name}"[:28].rstrip("-").lower()
        self.domain = aws.opensearch.Domain(
            f"{name}-domain",
            domain_name=domain_name,
            engine_version=sizing.engine_version,
            cluster_config={
                "instance_type": sizing.instance,
                "instance_count": sizing.count,
                "zone_awareness_enabled": zones > 1,
                **(
                    {"zone_awareness_config": {"availability_zone_count": zones}}
                    if zones > 1
                    else {}
                ),
            },
            ebs_options={
                "ebs_enabled": True,
                "volume_type": EBS_TYPE,
                "volume_size": sizing.ebs_gb,
            },
            encrypt_at_rest={"enabled": True},
            node_to_node_encryption={"enabled": True},
            domain_endpoint_options={"enforce_https": True, "tls_security_policy": TLS_POLICY},
            vpc_options={
                "subnet_ids": [s.id for s in network.private_subnets[:zones]],
                "security_group_ids": [group.id],
            },
            access_policies=self._policy(domain_name, args),
            opts=child,
        )
        self.endpoint: pulumi.Output[str] = self.domain.endpoint
        self.register_outputs({"endpoint": self.endpoint})

    def _policy(self, domain_name: str, args: OpenSearchDomainArgs) -> pulumi.Output[str]:
        principal = args.client_role.arn if args.client_role is not None else None

        def document(values: list[str]) -> str:
            account, role = values
            resource = f"arn:aws:es:{args.region}:{account}:domain/{domain_name}/*"
            who = role or f"arn:aws:iam::{account}:root"
            statement = {
                "Effect": "Allow",
                "Principal": {"AWS": who},
                "Action": "es:ESHttp*",
                "Resource": resource,
            }
            return json.dumps({"Version": "2012-10-17", "Statement": [statement]})

        return pulumi.Output.all(account_id(self), principal or "").apply(document)
