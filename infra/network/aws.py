"""A VPC for the application tier and search: public subnets hold only the load balancer, the
tasks and the search domain live in private subnets that reach out through one NAT gateway."""

from __future__ import annotations

import pulumi
import pulumi_aws as aws

VPC_CIDR = "10.40.0.0/16"
# An Application Load Balancer needs subnets in two availability zones.
PUBLIC_CIDRS = ("10.40.0.0/20", "10.40.16.0/20")
PRIVATE_CIDRS = ("10.40.128.0/18", "10.40.192.0/18")


class AwsNetwork(pulumi.ComponentResource):
    def __init__(self, name: str, region: str, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("indexplan:network:AwsNetwork", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        zones = [f"{region}{letter}" for letter in "ab"]  # every region has zones a and b
        self.vpc = aws.ec2.Vpc(
            f"{name}-vpc",
            cidr_block=VPC_CIDR,
            enable_dns_hostnames=True,
            enable_dns_support=True,
            opts=child,
        )
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
        self.private_subnets = self._tier(
            f"{name}-private", PRIVATE_CIDRS, zones, nat_gateway_id=nat.id
        )
        self.register_outputs({"vpc": self.vpc.id})

    def _tier(
        self, name: str, cidrs: tuple[str, ...], zones: list[str], **default_route: object
    ) -> list[aws.ec2.Subnet]:
        """One subnet per zone, sharing a route table whose default route is `default_route`."""
        child = pulumi.ResourceOptions(parent=self)
        routes = aws.ec2.RouteTable(
            f"{name}-routes",
            vpc_id=self.vpc.id,
            routes=[{"cidr_block": "0.0.0.0/0", **default_route}],
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
        self, parent: pulumi.Resource, name: str, description: str, ingress: list[dict[str, object]]
    ) -> aws.ec2.SecurityGroup:
        """A group in this VPC allowing `ingress` in and anything out (images, APIs)."""
        return aws.ec2.SecurityGroup(
            name,
            vpc_id=self.vpc.id,
            description=description,
            ingress=ingress,
            egress=[{"protocol": "-1", "from_port": 0, "to_port": 0, "cidr_blocks": ["0.0.0.0/0"]}],
            opts=pulumi.ResourceOptions(parent=parent),
        )
