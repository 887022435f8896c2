"""stores-in-network: a database or cache is in the stack's own network and admits only the app
(s9-sec, "Found, not fixed": RDS and ElastiCache with no subnet group and no security group
land in the account's default VPC, out of the app's reach).

Two kinds of test: hand-written wire-format graphs (pulumi-aws 7 / pulumi-gcp 9 input names,
camelCase), and the shipped stacks' own graphs under Pulumi's mocks, broken one way at a time
(as an edit to infra/ would break them). Ports: PostgreSQL 5432, Redis 6379 (the engines'
defaults, RDS and ElastiCache user guides).
"""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from graph_memo import build_graph
from policy_graphs import messages, res
from pulumi_policy import PolicyResource, PolicyResourceOptions
from pulumi_policy.proxy import UNKNOWN_STRING_VALUE, unknown_checking_proxy

from costmodel.model.graph import Resource
from indexplan.paths import STACKS_DIR
from indexplan.stackfile import load_stack_file
from policy.pack import to_graph
from policy.rules import RULES, check

RULE = "stores-in-network"
FIX = "admit the app's security group on that port only"
VPC, SUBNET, SG = "aws:ec2/vpc:Vpc", "aws:ec2/subnet:Subnet", "aws:ec2/securityGroup:SecurityGroup"
RDS, RDS_SUBNETS = "aws:rds/instance:Instance", "aws:rds/subnetGroup:SubnetGroup"
REDIS = "aws:elasticache/replicationGroup:ReplicationGroup"
SERVICE = "aws:ecs/service:Service"


def rule(port: int, *groups: str) -> dict[str, Any]:
    return {"protocol": "tcp", "fromPort": port, "toPort": port, "securityGroups": list(groups)}


def network(*, db_ingress: list[dict[str, Any]] | None = None, **db: Any) -> list[Resource]:
    """A VPC with two private subnets, an app on ECS whose tasks' group the database admits."""
    inputs = {
        "dbSubnetGroupName": "db-subnets",
        "vpcSecurityGroupIds": ["db-sg-1a2b"],
        "publiclyAccessible": False,
        **db,
    }
    return [
        res(VPC, "vpc", cidrBlock="10.40.0.0/16"),
        res(SUBNET, "private-0", vpcId="vpc-9f8e"),
        res(SUBNET, "private-1", vpcId="vpc-9f8e"),
        res(RDS_SUBNETS, "db-subnets", subnetIds=["private-0-aa11", "private-1-bb22"]),
        res(SG, "lb-sg", vpcId="vpc-9f8e", ingress=[{**rule(443), "cidrBlocks": ["0.0.0.0/0"]}]),
        res(SG, "tasks-sg", vpcId="vpc-9f8e", ingress=[rule(8000, "lb-sg-77")]),
        res(SERVICE, "app", networkConfiguration={"securityGroups": ["tasks-sg-0c0c"]}),
        res(SG, "db-sg", vpcId="vpc-9f8e", ingress=db_ingress or [rule(5432, "tasks-sg-0c0c")]),
        res(RDS, "db", engine="postgres", **{k: v for k, v in inputs.items() if v is not None}),
    ]


def test_the_database_in_the_stacks_vpc_admitting_the_app_passes():
    assert messages(RULE, *network()) == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (  # the s9-sec finding: no subnet group, no group (the default VPC and its default group)
            {"dbSubnetGroupName": None, "vpcSecurityGroupIds": None},
            [
                "db: database has no subnet group (dbSubnetGroupName), so it is placed in the "
                "account's default VPC, outside the stack's network; give it a subnet group on "
                "the stack's private subnets",
                "db: database has no security group (vpcSecurityGroupIds), so its VPC's default "
                f"group applies; give it a group of its own and {FIX}",
            ],
        ),
        (  # a subnet group made elsewhere: not shown to be in this stack's network
            {"dbSubnetGroupName": "default"},
            [
                "db: database's subnet group 'default' is not one of this stack's; give it a "
                "subnet group on the stack's private subnets"
            ],
        ),
        (  # the default VPC's default group, by id
            {"vpcSecurityGroupIds": ["sg-0123456789abcdef0"]},
            ["db: database's security group 'sg-0123456789abcdef0' is not one of this stack's"],
        ),
    ],
)
def test_a_database_outside_the_stacks_network_is_caught(change, expected):
    assert messages(RULE, *network(**change)) == expected


@pytest.mark.parametrize(
    ("ingress", "expected"),
    [
        (  # the VPC's whole range: anything in the VPC, not just the app
            [{"protocol": "tcp", "fromPort": 5432, "toPort": 5432, "cidrBlocks": ["10.40.0.0/16"]}],
            [f"admits 10.40.0.0/16 by address; {FIX} (5432)"],
        ),
        (  # the load balancer's group: the internet's side of the app
            [rule(5432, "lb-sg-77")],
            [f"admits lb-sg, which is not the app's (tasks-sg); {FIX}"],
        ),
        (  # every protocol from the app: more than PostgreSQL
            [{"protocol": "-1", "fromPort": 0, "toPort": 0, "securityGroups": ["tasks-sg-0c0c"]}],
            [f"admits every protocol, not only tcp 5432; {FIX}"],
        ),
        (  # a range around the port
            [{**rule(5432, "tasks-sg-0c0c"), "fromPort": 0, "toPort": 65535}],
            [f"admits tcp 0-65535, not only tcp 5432; {FIX}"],
        ),
        (  # a group of another account or stack
            [rule(5432, "sg-0fedcba987654321")],
            ["admits the group 'sg-0fedcba987654321', which is not one of this stack's; " + FIX],
        ),
    ],
)
def test_a_database_group_that_admits_more_than_the_app_is_caught(ingress, expected):
    found = messages(RULE, *network(db_ingress=ingress))
    assert found == [f"db: database's security group db-sg {m}" for m in expected]


def test_a_rule_of_its_own_counts_as_the_groups():
    # aws.ec2.SecurityGroupRule / aws.vpc.SecurityGroupIngressRule beside the group
    extra = [
        res(
            "aws:ec2/securityGroupRule:SecurityGroupRule",
            "db-from-office",
            type="ingress",
            securityGroupId="db-sg-1a2b",
            protocol="tcp",
            fromPort=5432,
            toPort=5432,
            cidrBlocks=["203.0.113.0/24"],
        ),
        res(
            "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
            "db-from-lb",
            securityGroupId="db-sg-1a2b",
            ipProtocol="tcp",
            fromPort=5432,
            toPort=5432,
            referencedSecurityGroupId="lb-sg-77",
        ),
    ]
    assert messages(RULE, *network(), *extra) == [
        f"db: database's security group db-sg admits 203.0.113.0/24 by address; {FIX} (5432)",
        "db: database's security group db-sg admits lb-sg, which is not the app's "
        f"(tasks-sg); {FIX}",
    ]


def test_subnets_of_another_vpc_and_a_group_of_another_vpc_are_caught():
    graph = network()
    other = [res(VPC, "other-vpc"), res(SUBNET, "elsewhere", vpcId="other-vpc-5")]
    graph[3] = res(RDS_SUBNETS, "db-subnets", subnetIds=["private-0-aa11", "elsewhere-6"])
    assert messages(RULE, *graph, *other) == ["db: database's subnet group spans several VPCs"]
    graph = network()
    graph[7] = res(SG, "db-sg", vpcId="other-vpc-5", ingress=[rule(5432, "tasks-sg-0c0c")])
    assert messages(RULE, *graph, *other) == [
        "db: database's security group db-sg is not in its subnets' VPC"
    ]


def test_without_an_app_a_group_the_internet_cannot_reach_is_the_apps():
    # all-aws's shape: the app runs outside and joins `clients-sg`; the database admits it
    graph = [r for r in network(db_ingress=[rule(5432, "clients-sg-3")]) if r.type != SERVICE]
    graph.append(res(SG, "clients-sg", vpcId="vpc-9f8e", ingress=[]))
    assert messages(RULE, *graph) == []
    # but not the load balancer's group, which admits the internet
    graph = [r for r in network(db_ingress=[rule(5432, "lb-sg-77")]) if r.type != SERVICE]
    assert messages(RULE, *graph) == [
        f"db: database's security group db-sg admits lb-sg, which the internet reaches; {FIX}"
    ]


def test_the_cache_port_and_a_cluster_member_of_a_group():
    graph = network()
    graph += [
        res(
            "aws:elasticache/subnetGroup:SubnetGroup",
            "cache-subnets",
            subnetIds=["private-0-aa11"],
        ),
        res(SG, "cache-sg", vpcId="vpc-9f8e", ingress=[rule(5432, "tasks-sg-0c0c")]),
        res(REDIS, "redis", subnetGroupName="cache-subnets", securityGroupIds=["cache-sg-1"]),
        # placed by its replication group: not checked on its own
        res("aws:elasticache/cluster:Cluster", "member", replicationGroupId="redis-4"),
    ]
    assert messages(RULE, *graph) == [
        f"redis: cache's security group cache-sg admits tcp 5432-5432, not only tcp 6379; {FIX}"
    ]


GCP_NETWORK = "gcp:compute/network:Network"
CONNECTION = "gcp:servicenetworking/connection:Connection"
CLOUD_SQL = "gcp:sql/databaseInstance:DatabaseInstance"
MEMORYSTORE = "gcp:redis/instance:Instance"


def cloud_sql(**ip: Any) -> Resource:
    return res(CLOUD_SQL, "sql", settings={"ipConfiguration": ip})


@pytest.mark.parametrize(
    ("graph", "expected"),
    [
        (
            [cloud_sql(ipv4Enabled=False, privateNetwork="projects/p/global/networks/net-1")],
            [],
        ),
        (  # a public IP with SSL passes database-private; it still admits more than the app
            [cloud_sql(ipv4Enabled=True, sslMode="ENCRYPTED_ONLY", privateNetwork="net-1")],
            [
                "sql: Cloud SQL has a public IPv4 address (ipConfiguration.ipv4Enabled is True, "
                "the default is true), which admits more than the app; set it false and give it "
                "a private IP on the stack's network"
            ],
        ),
        (
            [cloud_sql(ipv4Enabled=False, privateNetwork="projects/p/global/networks/default")],
            [
                "sql: Cloud SQL's ipConfiguration.privateNetwork is "
                "'projects/p/global/networks/default', not a network of this stack; put it on "
                "the stack's private network"
            ],
        ),
        (  # Memorystore without authorizedNetwork joins the project's `default` network
            [res(MEMORYSTORE, "redis", authEnabled=True)],
            [
                "redis: Memorystore's authorizedNetwork is the project's default network, not a "
                "network of this stack; put it on the stack's private network"
            ],
        ),
        (  # direct peering (Memorystore's default) needs no private services access
            [res(MEMORYSTORE, "redis", authorizedNetwork="net-1")],
            [],
        ),
    ],
)
def test_google_cloud_stores_are_on_the_stacks_network(graph, expected):
    base = [res(GCP_NETWORK, "net"), res(CONNECTION, "services", network="net-1")]
    assert messages(RULE, *base, *graph) == expected


def test_private_services_access_is_needed_for_a_private_ip():
    graph = [
        res(GCP_NETWORK, "net"),
        cloud_sql(ipv4Enabled=False, privateNetwork="net-1"),
        res(MEMORYSTORE, "redis", authorizedNetwork="net-1", connectMode="PRIVATE_SERVICE_ACCESS"),
    ]
    access = "network net has no private services access (a servicenetworking connection on it)"
    assert messages(RULE, *graph) == [
        f"sql: Cloud SQL's {access}, which its private IP needs",
        f"redis: Memorystore's {access}, which its private IP needs",
    ]


# ---- the shipped stacks, broken ------------------------------------------------------------


def stack_graph(name: str) -> list[Resource]:
    return build_graph(load_stack_file(STACKS_DIR / f"Pulumi.{name}.yaml"))


def edited(graph: list[Resource], name: str, **inputs: Any) -> list[Resource]:
    """`graph` with resource `name`'s inputs changed (None removes one)."""
    out = []
    for r in graph:
        if r.name == name:
            new = {k: v for k, v in {**r.inputs, **inputs}.items() if v is not None}
            r = dataclasses.replace(r, inputs=new)
        out.append(r)
    return out


def failing(graph: list[Resource]) -> list[str]:
    return [f"{v.resource}: {v.message}" for v in check(graph, {}) if v.rule == RULE]


@pytest.mark.parametrize(
    "stack", ["pypi-2024", "all-aws", "pypi-2016", "pypi-2021", "all-gcp", "private-small"]
)
def test_every_shipped_stack_with_a_store_passes(stack):
    assert failing(stack_graph(stack)) == []


def test_pypi_2024_broken_each_way_fails_check():
    graph = stack_graph("pypi-2024")
    # as on main before this change: no subnet group, no security group
    broken = edited(graph, "database-postgres", dbSubnetGroupName=None, vpcSecurityGroupIds=None)
    assert [m.split(" (")[0] for m in failing(broken)] == [
        "database-postgres: database has no subnet group",
        "database-postgres: database has no security group",
    ]
    # the cache's group opened to the VPC's range instead of the app's group
    vpc_wide = [
        {"protocol": "tcp", "fromPort": 6379, "toPort": 6379, "cidrBlocks": ["10.40.0.0/16"]}
    ]
    assert failing(edited(graph, "cache-sg", ingress=vpc_wide)) == [
        f"cache-redis: cache's security group cache-sg admits 10.40.0.0/16 by address; {FIX} (6379)"
    ]
    # the database admitting the load balancer's group
    lb = next(r for r in graph if r.name == "app-lb-sg")
    lb_id = next(
        r.inputs["ingress"][0]["securityGroups"][0] for r in graph if r.name == "app-tasks-sg"
    )
    assert lb.name == "app-lb-sg"
    assert failing(edited(graph, "database-sg", ingress=[rule(5432, lb_id)])) == [
        "database-postgres: database's security group database-sg admits app-lb-sg, which is "
        f"not the app's (app-tasks-sg); {FIX}"
    ]
    # the mandatory rule fails `check`
    (found,) = [r for r in RULES if r.id == RULE]
    assert found.enforcement == "mandatory"


def test_all_gcp_broken_fails_check():
    graph = stack_graph("all-gcp")
    sql = next(r for r in graph if r.type == CLOUD_SQL)
    settings = {**sql.inputs["settings"]}
    settings["ipConfiguration"] = {**settings["ipConfiguration"], "ipv4Enabled": True}
    broken = edited(
        edited(graph, sql.name, settings=settings), "cache-redis", authorizedNetwork=None
    )
    assert [m.split(" (")[0].split(",")[0] for m in failing(broken)] == [
        "database-postgres: Cloud SQL has a public IPv4 address",
        "cache-redis: Memorystore's authorizedNetwork is the project's default network",
    ]


# ---- the policy pack, in a first preview (ids known only after apply) ----------------------


def policy_resource(type_, name, props, deps=None):
    urn = f"urn:pulumi:prod::indexplan::{type_}::{name}"
    options = PolicyResourceOptions(False, [], False, [], None, [], None)
    proxy = unknown_checking_proxy(props)
    return PolicyResource(type_, proxy, urn, name, options, None, None, [], deps or {})


def test_the_pack_follows_property_dependencies_of_ids_made_in_the_same_update():
    unknown = UNKNOWN_STRING_VALUE
    vpc = policy_resource(VPC, "network-vpc", {"cidrBlock": "10.40.0.0/16"})
    subnets = [
        policy_resource(SUBNET, f"network-private-{i}", {"vpcId": unknown}, {"vpcId": [vpc]})
        for i in (0, 1)
    ]
    group = policy_resource(
        RDS_SUBNETS, "database-subnets", {"subnetIds": [unknown, unknown]}, {"subnetIds": subnets}
    )
    tasks = policy_resource(SG, "app-tasks-sg", {"vpcId": unknown}, {"vpcId": [vpc]})
    db_sg = policy_resource(
        SG,
        "database-sg",
        {"vpcId": unknown, "ingress": [rule(5432, unknown)]},
        {"vpcId": [vpc], "ingress": [tasks]},
    )
    db = policy_resource(
        RDS,
        "database-postgres",
        {"dbSubnetGroupName": "database-subnets-4c1e2f0", "vpcSecurityGroupIds": [unknown]},
        {"dbSubnetGroupName": [group], "vpcSecurityGroupIds": [db_sg]},
    )
    graph = to_graph([vpc, *subnets, group, tasks, db_sg, db])
    assert messages(RULE, *graph) == []
    # the same preview without the placement is still caught
    bare = policy_resource(RDS, "database-postgres", {"publiclyAccessible": False})
    assert [m.split(" (")[0] for m in messages(RULE, *to_graph([vpc, *subnets, bare]))] == [
        "database-postgres: database has no subnet group",
        "database-postgres: database has no security group",
    ]


def test_a_shared_vpc_managed_elsewhere_can_be_accepted_with_its_reason():
    graph = network(dbSubnetGroupName="platform-shared-private", vpcSecurityGroupIds=None)
    reason = "the platform team's shared VPC (NET-12)"
    accept = {"indexplan:accept": [{"rule": RULE, "resource": "db", "reason": reason}]}
    found = [v for v in check(graph, accept) if v.rule == RULE]
    assert [v.enforcement for v in found] == ["advisory", "advisory"]
    assert all(v.message.endswith(f"(accepted in the stack file: {reason})") for v in found)
