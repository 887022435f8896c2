"""`indexplan diff` on Terraform plans (`terraform show -json`): two plans, pairing resources by
address, and a plan against the shipped stack it was written from.

Fixture: tests/fixtures/terraform/all-aws.plan.json, a real plan of the all-aws setup in HCL
(its README). The HEAD plan is that plan with the database's instance_class changed from
db.r6g.large to db.m6g.large, as `terraform plan` of the edited module would show it (the
attribute is set as written; nothing else in the plan depends on it).

Prices (costmodel/catalog/aws/rds.json, s3.json): RDS for PostgreSQL in us-east-1, Multi-AZ,
db.r6g.large 0.45 $/hour and db.m6g.large 0.318 $/hour over a 730-hour month; S3 Standard
0.023 $/GB-month for the first 50 TB.
"""

from __future__ import annotations

import json
from pathlib import Path

from helpers import by_name, cents, changed, diff_json, estimate_totals, run

PLAN = Path(__file__).resolve().parents[1] / "fixtures" / "terraform" / "all-aws.plan.json"
DATABASE = "module.database.aws_db_instance.postgres"
FILES = "module.storage.aws_s3_bucket.files"
USAGE = f"""\
version: 0.1
resource_usage:
  {FILES}:
    standard:
      storage_gb: 2048
"""


def bigger_database_plan(folder: Path) -> str:
    doc = json.loads(PLAN.read_text())
    edited = 0
    for change in doc["resource_changes"]:
        after = change["change"]["after"] or {}
        if change["address"] == DATABASE:
            assert after["instance_class"] == "db.r6g.large"
            after["instance_class"] = "db.m6g.large"
            edited += 1
    for resource in doc["planned_values"]["root_module"]["child_modules"]:
        for planned in resource.get("resources", []):
            if planned["address"] == DATABASE:
                planned["values"]["instance_class"] = "db.m6g.large"
                edited += 1
    assert edited == 2
    path = folder / "head.plan.json"
    path.write_text(json.dumps(doc))
    return str(path)


def test_two_plans_pair_by_address_and_differ_by_the_change(capsys, tmp_path):
    usage = tmp_path / "infracost-usage.yml"
    usage.write_text(USAGE)
    head = bigger_database_plan(tmp_path)
    data = diff_json(capsys, str(PLAN), head, "-s", "pypi-2023", "--usage", str(usage))
    assert data["base"]["source"] == f"{PLAN} (terraform show -json)"
    assert data["head"]["source"] == f"{head} (terraform show -json)"
    # one resource changed, by address; every other resource of the plan is the same
    assert changed(data) == {DATABASE: "changed"}
    (instance,) = [c for c in by_name(data)[DATABASE]["components"] if c["change"] != "same"]
    # 730 h x 0.45 = 328.50 before, 730 h x 0.318 = 232.14 after: -96.36
    assert (instance["component"], instance["region"]) == ("instance", "us-east-1")
    assert instance["before"]["list_monthly_usd"] == 328.50
    assert instance["after"]["list_monthly_usd"] == 232.14
    assert cents(data["totals"]["diff"]["list_monthly_usd"]) == -9636
    # --usage reached both plans: the files bucket stores Infracost's 2,048 GB on each side,
    # 2,048 x 0.023 = 47.104 -> 47.10
    files = {c["component"]: c for c in by_name(data)[FILES]["components"]}
    stored = files["storage (Standard), first 51,200 GB-month"]
    assert stored["change"] == "same"
    assert stored["before"]["list_monthly_usd"] == stored["after"]["list_monthly_usd"] == 47.10
    # a plan carries no sponsor terms: out of pocket moves as the list price does
    assert cents(data["totals"]["diff"]["out_of_pocket_monthly_usd"]) == -9636


def test_a_plan_against_the_stack_it_was_written_from(capsys):
    data = diff_json(capsys, "all-aws", str(PLAN), "-s", "pypi-2023")
    # Pulumi names (database-postgres) and Terraform addresses never pair: every resource is
    # removed or added, and the report says why
    assert {r["change"] for r in data["resources"]} == {"added", "removed"}
    resources = by_name(data)
    # the same database on both sides: 730 h x 0.45 = 328.50, and 500 GB of gp3 storage
    for name, change in (("database-postgres", "removed"), (DATABASE, "added")):
        side = "before" if change == "removed" else "after"
        parts = {c["component"]: c[side] for c in resources[name]["components"]}
        assert resources[name]["change"] == change
        assert parts["instance"]["list_monthly_usd"] == 328.50
    # the totals are the two estimates' (`indexplan estimate` of each)
    before = estimate_totals(capsys, "all-aws", "pypi-2023")
    code, out, err = run(
        capsys, "estimate", "--from-terraform-plan", str(PLAN), "-s", "pypi-2023", "-f", "json"
    )
    assert (code, err) == (0, "")
    after = json.loads(out)["totals"]
    assert data["totals"]["before"] == before and data["totals"]["after"] == after
    expected = cents(after["list_monthly_usd"]) - cents(before["list_monthly_usd"])
    assert cents(data["totals"]["diff"]["list_monthly_usd"]) == expected
    code, out, _ = run(capsys, "diff", "all-aws", str(PLAN), "-s", "pypi-2023", "-f", "markdown")
    assert code == 0 and "BASE and HEAD share no resource" in out


def test_the_json_of_a_terraform_state_is_refused(capsys, tmp_path):
    state = tmp_path / "state.json"
    state.write_text('{"format_version": "1.0", "terraform_version": "1.11.4", "values": {}}')
    code, out, err = run(capsys, "diff", str(state), str(PLAN))
    assert (code, out) == (2, "")
    assert err.count("\n") == 1
    assert f"{state}: `terraform show -json` of a state, not of a plan" in err
