"""Databases and caches in the stack's own network (s9-sec, "Found, not fixed": RDS and
ElastiCache set no subnet group and no security group, so pypi-2024's landed in the account's
default VPC while its app ran in `network-vpc`).

Built under Pulumi's mocks (graph_memo.build_graph), as `indexplan resources` builds them; the
expected names are the program's logical names (infra/network/aws.py, infra/database/rds.py,
infra/cache/elasticache.py), the ports PostgreSQL's and Redis's defaults (5432, 6379).
"""

from __future__ import annotations

import pytest
from graph_memo import build_graph
from graph_query import one
from stack_fixtures import config_of, shipped, write_stack

from costmodel.model.graph import Lookup, Resource
from indexplan.stackfile import load_stack_file

SG = "aws:ec2/securityGroup:SecurityGroup"
RDS = "aws:rds/instance:Instance"
REDIS = "aws:elasticache/replicationGroup:ReplicationGroup"
RDS_SUBNETS = "aws:rds/subnetGroup:SubnetGroup"
CACHE_SUBNETS = "aws:elasticache/subnetGroup:SubnetGroup"
SUBNET = "aws:ec2/subnet:Subnet"
# The AWS stacks with a database and cache; pypi-2024 runs the app (Fargate), the others not.
AWS_STORES = ("pypi-2024", "all-aws", "pypi-2016", "pypi-2021")


def graph_of(name: str) -> list[Resource]:
    return build_graph(load_stack_file(shipped(name)))


def ref(graph: list[Resource], value: object) -> Resource:
    found = Lookup(graph).resolve(value)
    assert found is not None, value
    return found


@pytest.mark.parametrize("stack", AWS_STORES)
def test_database_and_cache_sit_on_the_private_subnets_of_the_stacks_vpc(stack):
    graph = graph_of(stack)
    vpc = one(graph, "aws:ec2/vpc:Vpc", "network-vpc")
    for store, subnet_input, groups_input, subnet_type, port in (
        ("database-postgres", "dbSubnetGroupName", "vpcSecurityGroupIds", RDS_SUBNETS, 5432),
        ("cache-redis", "subnetGroupName", "securityGroupIds", CACHE_SUBNETS, 6379),
    ):
        resource = next(r for r in graph if r.name == store)
        subnets = ref(graph, resource.inputs[subnet_input])
        assert subnets.type == subnet_type
        members = [ref(graph, s) for s in subnets.inputs["subnetIds"]]
        # both private subnets (two zones: a Multi-AZ instance and a replicated group need them)
        assert sorted(m.name for m in members) == ["network-private-0", "network-private-1"]
        assert {m.inputs["availabilityZone"][-1] for m in members} == {"a", "b"}
        assert all(ref(graph, m.inputs["vpcId"]) is vpc for m in members)
        (group_id,) = resource.inputs[groups_input]
        group = ref(graph, group_id)
        assert group.type == SG and ref(graph, group.inputs["vpcId"]) is vpc
        (rule,) = group.inputs["ingress"]
        source = "app-tasks-sg" if stack == "pypi-2024" else "network-app-clients-sg"
        assert rule.keys() == {"protocol", "fromPort", "toPort", "securityGroups"}  # no CIDR
        assert (rule["protocol"], rule["fromPort"], rule["toPort"]) == ("tcp", port, port)
        assert [ref(graph, g).name for g in rule["securityGroups"]] == [source]
        assert group.inputs["egress"] == []  # it only answers
    assert one(graph, RDS).inputs["publiclyAccessible"] is False


@pytest.mark.parametrize("stack", ["all-aws", "pypi-2016", "pypi-2021"])
def test_without_an_app_the_vpc_has_no_way_in_or_out_and_the_app_gets_a_group_to_join(stack):
    graph = graph_of(stack)
    types = {r.type for r in graph}
    # nothing that costs money or reaches the internet: no gateway, NAT, address, public subnet
    assert not types & {
        "aws:ec2/internetGateway:InternetGateway",
        "aws:ec2/natGateway:NatGateway",
        "aws:ec2/eip:Eip",
    }
    assert sorted(r.name for r in graph if r.type == SUBNET) == [
        "network-private-0",
        "network-private-1",
    ]
    assert one(graph, "aws:ec2/routeTable:RouteTable").inputs["routes"] == []
    clients = one(graph, SG, "network-app-clients-sg")
    assert clients.inputs["ingress"] == []  # nothing reaches a member through it
    # out only to the database's and cache's ports, inside the VPC (10.40.0.0/16)
    assert [(e["protocol"], e["fromPort"], e["cidrBlocks"]) for e in clients.inputs["egress"]] == [
        ("tcp", 5432, ["10.40.0.0/16"]),
        ("tcp", 6379, ["10.40.0.0/16"]),
    ]


def test_with_the_app_the_stores_admit_its_tasks_group_and_no_clients_group_is_made():
    graph = graph_of("pypi-2024")
    assert not [r for r in graph if r.name == "network-app-clients-sg"]
    service = one(graph, "aws:ecs/service:Service")
    (tasks,) = service.inputs["networkConfiguration"]["securityGroups"]
    assert ref(graph, tasks).name == "app-tasks-sg"
    # search admits the same group, as before
    (rule,) = one(graph, SG, "search-sg").inputs["ingress"]
    assert [ref(graph, g).name for g in rule["securityGroups"]] == ["app-tasks-sg"]


def test_search_without_an_app_admits_the_clients_group_not_the_vpc_range(tmp_path):
    config = config_of("pypi-2024")
    del config["indexplan:roles"]["app"], config["indexplan:app"]
    graph = build_graph(load_stack_file(write_stack(tmp_path, "no-app", config)))
    (rule,) = one(graph, SG, "search-sg").inputs["ingress"]
    assert "cidrBlocks" not in rule
    assert [ref(graph, g).name for g in rule["securityGroups"]] == ["network-app-clients-sg"]
    clients = one(graph, SG, "network-app-clients-sg")
    assert [e["fromPort"] for e in clients.inputs["egress"]] == [5432, 6379, 443]
    # search keeps its internet route (NAT) as before: only database/cache-only VPCs lose it
    assert one(graph, "aws:ec2/natGateway:NatGateway")


@pytest.mark.parametrize("stack", ["all-gcp", "private-small"])
def test_cloud_sql_and_memorystore_are_on_the_stacks_network_with_private_services_access(stack):
    graph = graph_of(stack)
    network = one(graph, "gcp:compute/network:Network")
    connection = one(graph, "gcp:servicenetworking/connection:Connection")
    assert ref(graph, connection.inputs["network"]) is network
    ip = one(graph, "gcp:sql/databaseInstance:DatabaseInstance").inputs["settings"]
    ip = ip["ipConfiguration"]
    assert ip["ipv4Enabled"] is False
    assert ref(graph, ip["privateNetwork"]) is network
    if stack == "all-gcp":
        redis = one(graph, "gcp:redis/instance:Instance").inputs
        assert ref(graph, redis["authorizedNetwork"]) is network
        assert redis["connectMode"] == "PRIVATE_SERVICE_ACCESS"
    else:  # the app joins that network (direct VPC egress), private ranges only
        run = one(graph, "gcp:cloudrunv2/service:Service").inputs["template"]["vpcAccess"]
        (interface,) = run["networkInterfaces"]
        assert ref(graph, interface["network"]) is network
        assert run["egress"] == "PRIVATE_RANGES_ONLY"
