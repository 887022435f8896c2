"""A plan Terraform marks `complete: false` (1.8+, when it defers changes to a later apply):
the report prices what the plan holds and says that deferred changes are not priced, never a
silently partial bill (s9-audit, #21). The plan is the real instances plan
(tests/fixtures/terraform/instances.plan.json) with `complete` set to false, as Terraform
writes it when it defers resources."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from costmodel.readers.terraform.plan import plan_from_json
from tests.prices.helpers import run_json
from tests.terraform.plans import INSTANCES

NOTE = "the plan is incomplete (complete: false): deferred changes are not priced"


def _instances(**fields: object) -> dict:
    doc = json.loads(Path(INSTANCES).read_text())
    doc.pop("complete", None)
    return {**doc, **fields}


@pytest.mark.parametrize(
    ("fields", "noted"),
    [({"complete": False}, True), ({"complete": True}, False), ({}, False)],
)
def test_only_an_incomplete_plan_is_noted(fields, noted):
    plan = plan_from_json(_instances(**fields), "plan.json", "plan")
    assert (NOTE in plan.notes) is noted


def test_the_estimate_of_an_incomplete_plan_says_so(capsys, tmp_path):
    path = tmp_path / "deferred.plan.json"
    path.write_text(json.dumps(_instances(complete=False)))
    data = run_json(capsys, "estimate", "--from-terraform-plan", str(path), "-s", "pypi-2026")
    assert NOTE in data["assumptions"]["notes"]
    # what the plan holds is still priced as for the complete plan (test_estimate_plan.py:
    # $40.50 Route 53 + $47.45 ElastiCache + $0.20 + $0.60 SQS)
    assert data["totals"]["list_monthly_usd"] == 88.75
