"""The all-aws plan with the database and cache in the stack's VPC (tests/fixtures/terraform/
all-aws/modules/vpc-network, a real plan): its types read as the Pulumi program's, cost
nothing, and the same rules hold on it as on the program's graph.

- `aws_security_group`'s `ingress`/`egress` blocks are the Pulumi inputs `ingress`/`egress`
  (pulumi-aws `provider/resources.go` keeps them singular "to match AWS APIs"), not
  `ingresses`, so `ingress-web-only` and `stores-in-network` read a plan's groups.
- `aws_db_subnet_group`, `aws_elasticache_subnet_group`, `aws_security_group`, `aws_vpc`,
  `aws_subnet`, route tables: free (costmodel/model/resources/free.py), so neither unpriced
  nor billed.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

from costmodel.readers.terraform.plan import plan_from_json
from policy.rules import check
from tests.prices.helpers import run_json
from tests.terraform.plans import ALL_AWS

DB = "module.database.aws_db_instance.postgres"
DB_SG = "module.database.aws_security_group.sg"
FREE_TYPES = {
    "aws:rds/subnetGroup:SubnetGroup",
    "aws:elasticache/subnetGroup:SubnetGroup",
    "aws:ec2/securityGroup:SecurityGroup",
    "aws:ec2/vpc:Vpc",
    "aws:ec2/subnet:Subnet",
}


def plan_doc() -> dict:
    return json.loads(Path(ALL_AWS).read_text())


def graph_of(doc: dict) -> list:
    return plan_from_json(doc, ALL_AWS, "all-aws.plan.json").resources


def without(doc: dict, address: str, *attributes: str) -> dict:
    """`doc` with `attributes` taken out of the planned resource `address` everywhere the plan
    holds them (planned values, the change, the configuration's expressions)."""
    doc = copy.deepcopy(doc)

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if node.get("address") == address or node.get("address") == address.split(".", 2)[2]:
                for block in (node, node.get("change", {})):
                    for key in ("values", "after", "after_unknown", "expressions"):
                        for attribute in attributes:
                            if isinstance(block.get(key), dict):
                                block[key].pop(attribute, None)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(doc)
    return doc


def test_security_group_blocks_read_as_the_pulumi_inputs():
    graph = {r.name: r for r in graph_of(plan_doc())}
    (rule,) = graph[DB_SG].inputs["ingress"]
    assert "ingresses" not in graph[DB_SG].inputs
    assert (rule["protocol"], rule["fromPort"], rule["toPort"]) == ("tcp", 5432, 5432)
    assert "securityGroups" in rule and "cidrBlocks" not in rule
    clients = graph["module.network.aws_security_group.app_clients_sg"]
    assert [e["fromPort"] for e in clients.inputs["egress"]] == [5432, 6379]


def test_the_placement_costs_nothing_and_nothing_is_unpriced(capsys):
    terraform = run_json(capsys, "estimate", "--from-terraform-plan", ALL_AWS, "-s", "pypi-2026")
    billed = {i["type"] for i in terraform["line_items"]}
    assert not billed & FREE_TYPES
    assert not {u["type"] for u in terraform["unpriced"]} & FREE_TYPES


def test_the_plan_passes_the_network_rules_and_fails_when_the_placement_is_dropped():
    doc = plan_doc()
    rules = {"stores-in-network", "ingress-web-only"}
    assert [v for v in check(graph_of(doc), {}) if v.rule in rules] == []
    broken = without(doc, DB, "db_subnet_group_name", "vpc_security_group_ids")
    found = check(graph_of(broken), {})
    assert [(v.resource, v.message.split(" (")[0]) for v in found if v.rule in rules] == [
        (DB, "database has no subnet group"),
        (DB, "database has no security group"),
    ]
