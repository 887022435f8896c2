"""Resource inputs the cost model reads as numbers, in a plan or a preview a user hands in: a
string, a boolean, an object, a negative or an absurd size is one line naming the file, the
resource and the input, exit 2 (s5 review, finding 6); never an internal error, never 1 GB
for `true`, never a line dropped for -5, never $1.15e14 for 10^15 GB."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from costmodel.model.components import Unpriceable
from costmodel.model.graph import Resource
from costmodel.model.usage import number
from tests.cli.cli_run import assert_refused, run
from tests.terraform.plans import ALL_AWS
from tests.terraform.terraform_cli import FIXTURES

PREVIEW = FIXTURES.parent / "pulumi" / "shop.preview.json"
DB = "module.database.aws_db_instance.postgres"
CACHE = "module.cache.aws_elasticache_replication_group.redis"
SIZE = "expected a size in GiB from 0 to 1,000,000"
NODES = "expected a whole number from 0 to 1,000,000"
BAD_SIZES = [
    ("abc", f"{SIZE}, got 'abc'"),
    ({"a": 1}, f"{SIZE}, got {{'a': 1}}"),
    (True, "must be a number, not true or false"),
    (-5, f"{SIZE}, got -5"),
    (1e15, f"{SIZE}, got 1000000000000000"),
    (1_000_001, f"{SIZE}, got 1000001"),
]


def plan_with(tmp_path: Path, address: str, attribute: str, value: object) -> str:
    doc = json.loads(Path(ALL_AWS).read_text())
    (change,) = [rc["change"] for rc in doc["resource_changes"] if rc["address"] == address]
    change["after"][attribute] = value
    path = tmp_path / "edited.plan.json"
    path.write_text(json.dumps(doc))
    return str(path)


def preview_with(tmp_path: Path, value: object) -> str:
    doc = json.loads(PREVIEW.read_text())
    for step in doc["steps"]:
        if step["urn"].endswith("::orders-db"):
            step["newState"]["inputs"]["allocatedStorage"] = value
    path = tmp_path / "edited.preview.json"
    path.write_text(json.dumps(doc))
    return str(path)


@pytest.mark.parametrize(("value", "message"), BAD_SIZES)
def test_a_plans_disk_size_must_be_a_size(capsys, tmp_path, value, message):
    plan = plan_with(tmp_path, DB, "allocated_storage", value)
    field = f"{plan}: {DB}: allocated_storage: {message}"
    assert_refused(capsys, ("estimate", "--from-terraform-plan", plan, "-s", "pypi-2026"), field)
    assert_refused(capsys, ("diff", ALL_AWS, plan, "-s", "pypi-2026"), message)


@pytest.mark.parametrize("value", ["two", 2.5, -1, False, 1e9])
def test_a_plans_node_count_must_be_a_whole_number(capsys, tmp_path, value):
    plan = plan_with(tmp_path, CACHE, "num_cache_clusters", value)
    message = f"{plan}: {CACHE}: num_cache_clusters: "
    message += "must be a number" if value is False else NODES
    assert_refused(capsys, ("estimate", "--from-terraform-plan", plan, "-s", "pypi-2026"), message)
    assert_refused(capsys, ("diff", plan, ALL_AWS, "-s", "pypi-2026"), message)


@pytest.mark.parametrize(("value", "message"), BAD_SIZES)
def test_a_previews_disk_size_must_be_a_size(capsys, tmp_path, value, message):
    preview = preview_with(tmp_path, value)
    field = f"{preview}: orders-db: allocatedStorage: {message}"
    args = ("estimate", "--from-preview", preview, "-s", "pypi-2021")
    assert_refused(capsys, (*args, "--usage", "examples/usage.yaml"), field)
    assert_refused(capsys, ("diff", str(PREVIEW), preview, "-s", "pypi-2021"), field)


def test_in_range_sizes_are_still_priced(capsys, tmp_path):
    """Zero and 1,000 GB are sizes: the fixture's database is Multi-AZ, whose gp3 storage is
    2 x 0.115 = 0.23 $/GB-month in us-east-1 (shared/reference/prices.md), so 1,000 GB is
    $230.00; 0 GB gives no storage line."""
    for value, cost in ((1000, 230.0), (0, None)):
        plan = plan_with(tmp_path, DB, "allocated_storage", value)
        code, out, err = run(
            capsys, "estimate", "--from-terraform-plan", plan, "-s", "pypi-2026", "-f", "json"
        )
        assert code == 0, err
        lines = [
            item
            for item in json.loads(out)["line_items"]
            if item["resource"] == DB and "storage" in item["component"]
        ]
        assert [item["monthly_usd"] for item in lines] == ([cost] if cost else [])


def test_a_graph_from_elsewhere_gets_an_unpriced_input_not_a_crash():
    """`number` applies the readers' check to any graph: a bad value is unpriced, with why."""
    db = Resource("db", "aws:rds/instance:Instance", "db", None, {"allocatedStorage": "abc"})
    with pytest.raises(Unpriceable, match=f"input allocatedStorage: {SIZE}, got 'abc'"):
        number(db, "allocatedStorage")
    for text, units in (("256", 256.0), ("1 vCPU", 1024.0), (" 0.5 vcpu", 512.0)):
        ecs = Resource("t", "aws:ecs/taskDefinition:TaskDefinition", "t", None, {"cpu": text})
        assert number(ecs, "cpu") == units  # ECS takes CPU units or vCPUs, as text
    ecs = Resource("t", "aws:ecs/taskDefinition:TaskDefinition", "t", None, {"memory": "2 GB"})
    assert number(ecs, "memory") == 2048.0  # MiB; ECS's GB is 1,024 MiB
    ecs = Resource("t", "aws:ecs/taskDefinition:TaskDefinition", "t", None, {"memory": "2 TB"})
    with pytest.raises(Unpriceable, match="expected a memory size in MiB from 0 to"):
        number(ecs, "memory")
