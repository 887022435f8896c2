"""Where the Terraform CLI and the hashicorp/aws provider mirror are present (this machine and
CI), plan the all-aws configuration afresh and check the new plan prices exactly as the
committed one: the fixture is what Terraform produces, not something edited by hand. Skipped,
with the reason shown in the test summary (pytest -rs), where they are not. About 15 s on an
idle machine (terraform init, plan and show; the provider starts twice), longer under load."""

from __future__ import annotations

import json

import pytest

from tests.prices.helpers import run_json
from tests.terraform.plans import ALL_AWS
from tests.terraform.terraform_cli import CONFIGURATIONS, plan, unavailable

REASON = unavailable()
pytestmark = pytest.mark.skipif(REASON is not None, reason=f"cannot run terraform plan: {REASON}")


def test_a_fresh_plan_prices_as_the_committed_one(capsys, tmp_path):
    configuration = CONFIGURATIONS["all-aws"]
    fresh = plan(configuration, tmp_path)
    committed = json.loads(configuration.plan_file.read_text())
    changes = [(c["address"], c["change"]["actions"]) for c in fresh["resource_changes"]]
    assert changes == [
        (c["address"], c["change"]["actions"]) for c in committed["resource_changes"]
    ]
    path = tmp_path / configuration.plan_file.name
    path.write_text(json.dumps(fresh))
    for scenario in ("pypi-2026", "pypi-2021"):
        args = ("estimate", "-s", scenario, "--from-terraform-plan")
        assert run_json(capsys, *args, str(path)) == run_json(capsys, *args, ALL_AWS)
