"""The stack's VPC: private subnets in two zones hold the app's tasks, search, the database and
the cache. With an app on AWS, public subnets hold only its load balancer and the private
subnets reach out through one NAT gateway; without one, the VPC has no route to the internet
(the database and cache answer the app and need none)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import pulumi
import pulumi_aws as aws

VPC_CIDR = "10.40.0.0/16"
# An Application Load Balancer needs subnets in two availability zones; so do a Multi-AZ RDS
# instance and a replicated ElastiCache group (their subnet groups span both).
PUBLIC_CIDRS = ("10.40.0.0/20", "10.40.16.0/20")
PRIVATE_CIDRS = ("10.40.128.0/18", "10.40.192.0/18")
ANY_OUT = [{"protocol": "-1", "from_port": 0, "to_port": 0, "cidr_blocks": ["0.0.0.0/0"]}]


class AwsNetwork(pulumi.ComponentResource):
    def __init__(
        self,
        name: str,
        region: str,
        opts: pulumi.ResourceOptions | None = None,
        *,
        internet: bool = True,
    ) -> None:
        super().__init__("indexplan:network:AwsNetwork", name, None, opts)
        self.prefix = name
        child = pulumi.ResourceOptions(parent=self)
        zones = [f"{region}{letter}" for letter in "ab"]  # every region has zones a and b
        self.vpc = aws.ec2.Vpc(
            f"{name}-vpc",
            cidr_block=VPC_CIDR,
            enable_dns_hostnames=True,
            enable_dns_support=True,
            opts=child,
        )
        self.public_subnets: list[aws.ec2.Subnet] = []
        egress: dict[str, object] = {}
        if internet:
            gateway = aws.ec2.InternetGateway(f"{name}-igw", vpc_id=self.vpc.id, opts=child)
            self.public_subnets = self._tier(
                f"{name}-public", PUBLIC_CIDRS, zones, gateway_id=gateway.id
            )
            nat_address = aws.ec2.Eip(f"{name}-nat-address", domain="vpc", opts=child)
            nat = aws.ec2.NatGateway(
                f"{name}-nat",
                allocation_id=nat_address.id,
                subnet_id=self.public_subnets[0].id,
                opts=pulumi.ResourceOptions(parent=self, depends_on=[gateway]),
            )
            egress = {"nat_gateway_id": nat.id}
        self.private_subnets = self._tier(f"{name}-private", PRIVATE_CIDRS, zones, **egress)
        self.register_outputs({"vpc": self.vpc.id})

    def _tier(
        self, name: str, cidrs: tuple[str, ...], zones: list[str], **default_route: object
    ) -> list[aws.ec2.Subnet]:
        """One subnet per zone, sharing a route table whose default route is `default_route`
        (none: the VPC's own addresses only)."""
        child = pulumi.ResourceOptions(parent=self)
        routes = aws.ec2.RouteTable(
            f"{name}-routes",
            vpc_id=self.vpc.id,
            routes=[{"cidr_block": "0.0.0.0/0", **default_route}] if default_route else [],
            opts=child,
        )
        return [self._subnet(f"{name}-{i}", cidr, zones[i], routes) for i, cidr in enumerate(cidrs)]

    def _subnet(
        self, name: str, cidr: str, zone: str, routes: aws.ec2.RouteTable
    ) -> aws.ec2.Subnet:
        child = pulumi.ResourceOptions(parent=self)
        subnet = aws.ec2.Subnet(
            name,
            vpc_id=self.vpc.id,
            cidr_block=cidr,
            availability_zone=zone,
            map_public_ip_on_launch=False,
            opts=child,
        )
        aws.ec2.RouteTableAssociation(
            f"{name}-routes", subnet_id=subnet.id, route_table_id=routes.id, opts=child
        )
        return subnet

    def security_group(
        self,
        parent: pulumi.Resource,
        name: str,
        description: str,
        ingress: list[dict[str, object]],
        egress: Sequence[dict[str, object]] = ANY_OUT,
    ) -> aws.ec2.SecurityGroup:
        """A group in this VPC allowing `ingress` in and `egress` out (by default anything:
        images, APIs)."""
        return aws.ec2.SecurityGroup(
            name,
            vpc_id=self.vpc.id,
            description=description,
            ingress=ingress,
            egress=list(egress),
            opts=pulumi.ResourceOptions(parent=parent),
        )

    def admitting(
        self,
        parent: pulumi.Resource,
        name: str,
        description: str,
        port: int,
        clients: aws.ec2.SecurityGroup,
    ) -> aws.ec2.SecurityGroup:
        """A group for a service that only answers: TCP `port` from the `clients` group and
        nothing else in; nothing out (security groups are stateful, so replies pass)."""
        ingress = {"protocol": "tcp", "from_port": port, "to_port": port}
        return self.security_group(
            parent, name, description, [{**ingress, "security_groups": [clients.id]}], egress=[]
        )

    def private_subnet_ids(self) -> list[pulumi.Output[str]]:
        return [s.id for s in self.private_subnets]

    def app_clients_group(self, ports: Sequence[int]) -> aws.ec2.SecurityGroup:
        """For an app that runs outside the stack: the group the database, cache and search
        admit. Nothing joins it until the operator attaches it to the app's tasks or instances
        in this VPC, so nothing reaches them before; it may only reach `ports` inside the VPC."""
        out = [
            {"protocol": "tcp", "from_port": p, "to_port": p, "cidr_blocks": [VPC_CIDR]}
            for p in ports
        ]
        return self.security_group(
            self,
            f"{self.prefix}-app-clients-sg",
            "the index app (runs outside this stack): attach to reach the database and cache",
            [],
            egress=out,
        )


class Placement(NamedTuple):
    """Where a database or cache goes: `network`'s private subnets, reached from `clients`
    (the app's security group) only."""

    network: AwsNetwork
    clients: aws.ec2.SecurityGroup
