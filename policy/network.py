"""Databases and caches sit in the stack's own network and admit only the app.

AWS: an RDS instance or cluster and an ElastiCache group or cluster name a subnet group of the
stack whose subnets are in one of its VPCs, and security groups of that VPC; without them RDS
and ElastiCache use the account's default VPC and its default group (s9-sec: pypi-2024's
database and Redis landed there while the app ran in the stack's VPC). Every ingress rule of
those groups admits the store's own port (TCP) from a security group, never an address range:
the app's (an ECS service's, instance's or function's group) where the stack runs the app,
else a group of the stack that admits nothing from the internet (the one an app running
outside the stack joins). Rules written as their own resources (`ec2/SecurityGroupRule`,
`vpc/SecurityGroupIngressRule`) count as the group's.

Google Cloud: Cloud SQL has no public IP (`ipv4Enabled: false`) and a private IP on a network
of the stack with private services access (a `servicenetworking` connection on it);
Memorystore's `authorizedNetwork` is a network of the stack (unset, it joins the project's
`default` network), with private services access when it connects that way. Neither service
takes firewall rules: what may reach its private IP is what runs in that network, which is the
app's subnet here (and `ingress-web-only` keeps the internet out of it).

A reference known only after apply (a first preview's ids) is not held against a store: which
resource it is cannot be told, only that it is one (`indexplan check` knows every id).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from costmodel.model.graph import UNKNOWN, Resource
from policy.ingress import SECURITY_GROUP, SINGLE_RULES, open_to_internet, port_number
from policy.model import Finding, Graph, dig, items, of_type, shown
from policy.refs import resolve
from policy.resource_types import (
    CLOUD_SQL,
    ELASTICACHE_CLUSTER,
    ELASTICACHE_GROUP,
    MEMORYSTORE,
    RDS_CLUSTER,
    RDS_INSTANCE,
)

VPC = "aws:ec2/vpc:Vpc"
SUBNET = "aws:ec2/subnet:Subnet"
RDS_SUBNET_GROUP = "aws:rds/subnetGroup:SubnetGroup"
ELASTICACHE_SUBNET_GROUP = "aws:elasticache/subnetGroup:SubnetGroup"
GCP_NETWORK = "gcp:compute/network:Network"
SERVICE_CONNECTION = "gcp:servicenetworking/connection:Connection"
# Where a stack's app runs, and the input naming its security groups.
APP_GROUPS = {
    "aws:ecs/service:Service": ("networkConfiguration", "securityGroups"),
    "aws:ec2/instance:Instance": ("vpcSecurityGroupIds",),
    "aws:lambda/function:Function": ("vpcConfig", "securityGroupIds"),
}
# The engines' default ports (RDS and ElastiCache user guides).
DEFAULT_PORTS = {
    "postgres": 5432,
    "aurora-postgresql": 5432,
    "mysql": 3306,
    "mariadb": 3306,
    "aurora-mysql": 3306,
    "redis": 6379,
    "valkey": 6379,
    "memcached": 11211,
}
FIX = "admit the app's security group on that port only"


@dataclass(frozen=True)
class AwsStore:
    label: str
    subnet_group_input: str
    groups_input: str
    subnet_group_type: str
    default_engine: str


AWS_STORES = {
    RDS_INSTANCE: AwsStore(
        "database", "dbSubnetGroupName", "vpcSecurityGroupIds", RDS_SUBNET_GROUP, "postgres"
    ),
    RDS_CLUSTER: AwsStore(
        "database", "dbSubnetGroupName", "vpcSecurityGroupIds", RDS_SUBNET_GROUP, "aurora-mysql"
    ),
    ELASTICACHE_GROUP: AwsStore(
        "cache", "subnetGroupName", "securityGroupIds", ELASTICACHE_SUBNET_GROUP, "redis"
    ),
    ELASTICACHE_CLUSTER: AwsStore(
        "cache", "subnetGroupName", "securityGroupIds", ELASTICACHE_SUBNET_GROUP, "redis"
    ),
}


def stores_in_network(graph: Graph) -> Iterator[Finding]:
    aws = _AwsGraph(graph)
    for resource in of_type(graph, *AWS_STORES):
        if resource.type == ELASTICACHE_CLUSTER and resource.inputs.get("replicationGroupId"):
            continue  # a member of a replication group: placed by the group
        yield from aws.store(resource, AWS_STORES[resource.type])
    networks = of_type(graph, GCP_NETWORK)
    connections = of_type(graph, SERVICE_CONNECTION)
    for instance in of_type(graph, CLOUD_SQL):
        yield from _cloud_sql(instance, networks, connections)
    for instance in of_type(graph, MEMORYSTORE):
        yield from _memorystore(instance, networks, connections)


class _AwsGraph:
    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.vpcs = of_type(graph, VPC)
        self.subnets = of_type(graph, SUBNET)
        self.groups = of_type(graph, SECURITY_GROUP)
        self.app_groups = [
            g for app in of_type(graph, *APP_GROUPS) for g in self._app_groups_of(app)
        ]

    def _app_groups_of(self, app: Resource) -> list[Resource]:
        found = (self._group(v) for v in items(dig(app.inputs, *APP_GROUPS[app.type])))
        return [g for g in found if g is not None]

    def _group(self, value: Any) -> Resource | None:
        return resolve(value, self.groups, sole=False)

    def store(self, store: Resource, kind: AwsStore) -> Iterator[Finding]:
        label, inputs = kind.label, store.inputs
        subnet_group = inputs.get(kind.subnet_group_input)
        vpc: Resource | None = None
        if not subnet_group:
            yield (
                store,
                f"{label} has no subnet group ({kind.subnet_group_input}), so it is placed in "
                "the account's default VPC, outside the stack's network; give it a subnet "
                "group on the stack's private subnets",
            )
        elif subnet_group != UNKNOWN:
            found = resolve(subnet_group, of_type(self.graph, kind.subnet_group_type), sole=False)
            if found is None:
                yield (
                    store,
                    f"{label}'s subnet group {shown(subnet_group)} is not one of this stack's; "
                    "give it a subnet group on the stack's private subnets",
                )
            else:
                vpc, message = self._subnets_vpc(found)
                if message:
                    yield store, f"{label}'s subnet group {message}"
        groups = items(inputs.get(kind.groups_input))
        if not groups:
            yield (
                store,
                f"{label} has no security group ({kind.groups_input}), so its VPC's default "
                f"group applies; give it a group of its own and {FIX}",
            )
        port = self._port(store, kind)
        for value in groups:
            if value == UNKNOWN:
                continue
            group = self._group(value)
            if group is None:
                yield store, f"{label}'s security group {shown(value)} is not one of this stack's"
                continue
            if vpc is not None and self._vpc_of(group) is not vpc:
                yield store, f"{label}'s security group {group.name} is not in its subnets' VPC"
            for message in self._ingress(group, port):
                yield store, f"{label}'s security group {group.name} {message}"

    def _subnets_vpc(self, subnet_group: Resource) -> tuple[Resource | None, str]:
        """The one VPC of the group's subnets, or what is wrong with them."""
        vpcs: set[str] = set()
        vpc: Resource | None = None
        for value in items(subnet_group.inputs.get("subnetIds")):
            if value == UNKNOWN:
                continue
            subnet = resolve(value, self.subnets, sole=False)
            vpc = self._vpc_of(subnet) if subnet is not None else None
            if vpc is None:
                return None, f"holds {shown(value)}, not a subnet of this stack's VPCs"
            vpcs.add(vpc.urn)
        if len(vpcs) > 1:
            return None, "spans several VPCs"
        return vpc, ""

    def _vpc_of(self, resource: Resource) -> Resource | None:
        return resolve(resource.inputs.get("vpcId"), self.vpcs, sole=False)

    def _port(self, store: Resource, kind: AwsStore) -> int:
        port = port_number(store.inputs.get("port"))
        if port is not None:
            return port
        engine = str(store.inputs.get("engine") or kind.default_engine)
        return DEFAULT_PORTS.get(engine, DEFAULT_PORTS[kind.default_engine])

    def _ingress(self, group: Resource, port: int) -> Iterator[str]:
        rules: list[Any] = list(items(group.inputs.get("ingress")))
        for rule in of_type(self.graph, *SINGLE_RULES):
            if rule.inputs.get("type", "ingress") != "ingress":
                continue
            if self._group(rule.inputs.get("securityGroupId")) is group:
                rules.append(rule.inputs)
        for rule in rules:
            if isinstance(rule, Mapping):
                yield from self._rule(rule, port)

    def _rule(self, rule: Mapping[str, Any], port: int) -> Iterator[str]:
        addresses = [
            *items(rule.get("cidrBlocks")),
            *items(rule.get("ipv6CidrBlocks")),
            *items(rule.get("prefixListIds")),
            *(rule.get(k) for k in ("cidrIpv4", "cidrIpv6", "prefixListId") if rule.get(k)),
        ]
        if addresses:
            shown_addresses = ", ".join(str(a) for a in addresses)
            yield f"admits {shown_addresses} by address; {FIX} ({port})"
        protocol = str(rule.get("protocol", rule.get("ipProtocol", ""))).lower()
        low, high = port_number(rule.get("fromPort")), port_number(rule.get("toPort"))
        if protocol not in ("tcp", "6") or low != port or high != port:
            what = "every protocol" if protocol in ("-1", "all") else f"{protocol} {low}-{high}"
            yield f"admits {what}, not only tcp {port}; {FIX}"
        sources = [*items(rule.get("securityGroups"))]
        if rule.get("referencedSecurityGroupId"):
            sources.append(rule["referencedSecurityGroupId"])
        if rule.get("sourceSecurityGroupId"):
            sources.append(rule["sourceSecurityGroupId"])
        for source in sources:
            if source != UNKNOWN:
                yield from self._source(source)

    def _source(self, value: Any) -> Iterator[str]:
        group = self._group(value)
        if group is None:
            yield f"admits the group {shown(value)}, which is not one of this stack's; {FIX}"
        elif self.app_groups and group not in self.app_groups:
            apps = ", ".join(sorted({g.name for g in self.app_groups}))
            yield f"admits {group.name}, which is not the app's ({apps}); {FIX}"
        elif not self.app_groups and open_to_internet(group):
            yield f"admits {group.name}, which the internet reaches; {FIX}"


def _gcp_network(
    instance: Resource,
    label: str,
    field: str,
    value: Any,
    networks: Graph,
    connections: Graph,
    needs_access: bool,
) -> Iterator[Finding]:
    if value == UNKNOWN:
        return
    network = resolve(value, networks, sole=False) if value else None
    if network is None:
        where = "the project's default network" if not value else shown(value)
        yield (
            instance,
            f"{label}'s {field} is {where}, not a network of this stack; put it on the "
            "stack's private network",
        )
    elif needs_access and not any(
        resolve(c.inputs.get("network"), networks) is network for c in connections
    ):
        yield (
            instance,
            f"{label}'s network {network.name} has no private services access (a "
            "servicenetworking connection on it), which its private IP needs",
        )


def _cloud_sql(instance: Resource, networks: Graph, connections: Graph) -> Iterator[Finding]:
    ip = dig(instance.inputs.get("settings"), "ipConfiguration")
    if dig(ip, "ipv4Enabled") is not False:
        yield (
            instance,
            "Cloud SQL has a public IPv4 address (ipConfiguration.ipv4Enabled is "
            f"{shown(dig(ip, 'ipv4Enabled'))}, the default is true), which admits more than "
            "the app; set it false and give it a private IP on the stack's network",
        )
    yield from _gcp_network(
        instance,
        "Cloud SQL",
        "ipConfiguration.privateNetwork",
        dig(ip, "privateNetwork"),
        networks,
        connections,
        needs_access=True,
    )


def _memorystore(instance: Resource, networks: Graph, connections: Graph) -> Iterator[Finding]:
    mode = instance.inputs.get("connectMode") or "DIRECT_PEERING"
    yield from _gcp_network(
        instance,
        "Memorystore",
        "authorizedNetwork",
        instance.inputs.get("authorizedNetwork"),
        networks,
        connections,
        needs_access=mode == "PRIVATE_SERVICE_ACCESS",
    )
