"""Every bad plan is one line on stderr naming the file and what was expected, exit 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.cli_run import assert_refused, run
from tests.terraform.plans import ALL_AWS
from tests.terraform.terraform_cli import FIXTURES

STATE = str(FIXTURES / "instances" / "state" / "terraform.tfstate")
PREVIEW = str(FIXTURES.parent / "pulumi" / "shop.preview.json")


def estimate(plan: str) -> tuple[str, ...]:
    return ("estimate", "--from-terraform-plan", plan, "-s", "pypi-2026")


def write(tmp_path: Path, content: str) -> str:
    path = tmp_path / "plan.json"
    path.write_text(content)
    return str(path)


def plan_with(**changes: object) -> str:
    doc = json.loads(Path(ALL_AWS).read_text())
    doc.update(changes)
    return json.dumps(doc)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("Plan: 3 to add", "line 1: invalid JSON"),
        ("[1, 2]", "(top level): must be an object"),
        (plan_with(format_version="0.2"), "format_version: '0.2' is not supported; expected 1.x"),
        (plan_with(format_version=2), "format_version: 2 is not supported"),
        (plan_with(errored=True), "errored: the plan failed"),
        (plan_with(resource_changes=[]), "resource_changes: no resources to price"),
        (plan_with(resource_changes=[{"address": "x"}]), "resource_changes.0.mode"),
        ('{"format_version": "1.0", "values": {"root_module": {}}}', "of a state, not of a plan"),
        ('{"terraform_version": "1.11.4"}', "format_version: required key is missing"),
    ],
)
def test_bad_plans_are_refused(capsys, tmp_path, content, message):
    assert_refused(capsys, estimate(write(tmp_path, content)), message)


def deep_values(levels: int) -> str:
    """all-aws with one resource's planned values nested `levels` blocks deep."""
    doc = json.loads(Path(ALL_AWS).read_text())
    deep: object = {"leaf": 1}
    for _ in range(levels):
        deep = {"block": [deep]}
    doc["resource_changes"][0]["change"]["after"] = deep
    return json.dumps(doc)


@pytest.mark.parametrize("content", ["[" * 20000 + "]" * 20000, deep_values(200)])
def test_a_plan_nested_too_deeply_is_refused_where_it_is_read(capsys, tmp_path, content):
    """Nesting is bounded once, where any user file is parsed (costmodel/files/bounds.py):
    one line naming the file and what it should have been, exit 2, never a RecursionError."""
    path = write(tmp_path, content)
    code, out, err = run(capsys, *estimate(path))
    assert (code, out, err.count("\n")) == (2, "", 1)
    assert err.startswith(f"{path}: ")
    assert err.endswith("; expected `terraform show -json` output of a plan\n")


def test_a_state_file_is_not_a_plan(capsys):
    assert_refused(
        capsys, estimate(STATE), "a Terraform state file, not a plan; run `terraform plan"
    )


def test_a_pulumi_preview_is_not_a_terraform_plan(capsys):
    assert_refused(capsys, estimate(PREVIEW), "a Pulumi file, not a Terraform plan")


def test_a_missing_plan(capsys, tmp_path):
    assert_refused(capsys, estimate(str(tmp_path / "nope.json")), "nope.json: no such file")


def test_exactly_one_source(capsys):
    assert_refused(
        capsys,
        ("estimate", "all-aws", "--from-terraform-plan", ALL_AWS, "-s", "pypi-2026"),
        "give exactly one of STACK, --from-preview FILE, --from-state FILE, --from-terraform-plan",
    )


def test_compare_refuses_a_bad_plan_argument(capsys, tmp_path):
    assert_refused(capsys, ("compare", write(tmp_path, "{}"), "-s", "pypi-2026"), "format_version")
