"""Container Insights: an ECS cluster costs nothing with its containerInsights setting disabled and
is unpriced, with the reason, when it is on or unsaid, read off the cluster's own inputs, the
same way for our program's graph, a Terraform plan and a foreign Pulumi preview.

Why unpriced when on: ECS's docs say "Metrics collected by Container Insights are charged as
custom metrics" (and enhanced observability by observation); how many metrics and log events a
task sends a month, and CloudWatch's rates, are in no dated source in the catalog or in
/work/shared/reference (searched 2026-11-30: the ECS and CloudWatch docs name the pricing page
only). No figure is priced here, so no figure is worked by hand: the totals asserted are the
other resources' sums, unchanged.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from costmodel_helpers import lines, price, reasons, res

from costmodel.model.components import FREE_WHEN, costs_nothing, free_when
from costmodel.model.graph import Resource
from costmodel.model.resources.aws_ecs_cluster import CLUSTER
from tests.cli.cli_run import run

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
PLAN = str(FIXTURES / "terraform" / "ecs-cluster.plan.json")
PREVIEW = FIXTURES / "pulumi" / "shop.preview.json"
SHOP_SCENARIO = str(FIXTURES / "pulumi" / "shop.scenario.yaml")
REASON_START = "Container Insights is on (containerInsights enabled or enhanced) or the cluster"
USAGE = {"traffic": {"egress": "1 TB/month", "requests": "1e7/month", "cache_hit_ratio": 0.9}}


def cluster(*settings: object, name: str = "app-cluster") -> Resource:
    return res(CLUSTER, name, "app", settings=list(settings))


def insights(value: object) -> dict[str, object]:
    return {"name": "containerInsights", "value": value}


@pytest.mark.parametrize(
    ("settings", "free"),
    [
        ([insights("disabled")], True),
        ([insights("enabled")], False),
        ([insights("enhanced")], False),
        ([], False),  # unsaid: the account's setting applies, which no graph shows
        ([insights("[unknown]")], False),  # computed at preview
        ([insights("Disabled")], False),  # the ECS API's values are lower case
        ([insights("disabled"), insights("enabled")], False),  # contradictory: not known off
        ([{"name": "other", "value": "disabled"}], False),
        (["disabled"], False),
    ],
)
def test_the_cluster_is_free_only_when_its_own_setting_says_disabled(settings, free):
    assert costs_nothing(cluster(*settings)) is free


def test_no_settings_input_at_all_is_not_free():
    assert costs_nothing(res(CLUSTER, "bare", "app")) is False


def test_free_when_is_registered_once_and_free_by_type_still_wins():
    with pytest.raises(ValueError, match="registered twice"):
        free_when("again", CLUSTER, lambda r: True)
    assert costs_nothing(res("aws:ec2/vpc:Vpc", "vpc"))  # FREE by type, no test


def test_an_estimate_leaves_a_disabled_cluster_out_and_an_enabled_one_unpriced():
    off = price([cluster(insights("disabled"))], USAGE)
    assert (lines(off), reasons(off), off.complete) == ([], [], True)
    on = price([cluster(insights("enabled"), name="watched")], USAGE)
    assert lines(on) == [] and not on.complete
    [(resource, component, reason)] = reasons(on)
    assert (resource, component) == ("watched", None) and reason.startswith(REASON_START)
    assert "indexplan:app.container_insights" in reason


def test_a_terraform_plan_reads_the_setting_block(capsys):
    # tests/fixtures/terraform/ecs-cluster/main.tf: setting { name = "containerInsights" ... }
    code, out, err = run(
        capsys, "estimate", "--from-terraform-plan", PLAN, "-s", "pypi-2026", "-f", "json"
    )
    assert code == 0, err
    report = json.loads(out)
    unpriced = {u["resource"]: u["reason"] for u in report["unpriced"]}
    assert sorted(unpriced) == ["aws_ecs_cluster.unsaid", "aws_ecs_cluster.watched"]
    assert all(r.startswith(REASON_START) for r in unpriced.values())
    assert report["totals"]["list_monthly_usd"] == 0.0 and report["complete"] is False


def test_a_foreign_pulumi_preview_reads_the_settings_input(capsys, tmp_path):
    data = json.loads(PREVIEW.read_text())
    step = data["steps"][2]
    for name, value in (("quiet", "disabled"), ("watched", "enhanced")):
        added = copy.deepcopy(step)
        urn = f"urn:pulumi:prod::shop::{CLUSTER}::{name}"
        added["urn"] = urn
        inputs = {"settings": [insights(value)]}
        added["newState"] |= {"urn": urn, "type": CLUSTER, "inputs": inputs}
        data["steps"].append(added)
    path = tmp_path / "preview.json"
    path.write_text(json.dumps(data))
    args = ("estimate", "-s", SHOP_SCENARIO, "-f", "json", "--from-preview")
    code, out, err = run(capsys, *args, str(path))
    assert code == 0, err
    with_clusters = json.loads(out)
    code, out, err = run(capsys, *args, str(PREVIEW))
    assert code == 0, err
    without = json.loads(out)
    added_holes = [u for u in with_clusters["unpriced"] if u not in without["unpriced"]]
    assert [(u["resource"], u["reason"][: len(REASON_START)]) for u in added_holes] == [
        ("watched", REASON_START)
    ]
    assert with_clusters["totals"] == without["totals"]  # the disabled cluster adds nothing


def test_free_when_also_silences_a_priced_type(monkeypatch):
    # the mechanism is general: a priced type (a KMS key, $1.00 a key-month in us-east-1,
    # costmodel/catalog/aws/kms.yaml) is left out whole when its test holds, priced otherwise
    key = "aws:kms/key:Key"
    monkeypatch.setitem(FREE_WHEN, key, ("test", lambda r: r.inputs.get("off") is True))
    off = price([res(key, "k", "queue", off=True)], USAGE)
    assert (lines(off), reasons(off), off.complete) == ([], [], True)
    on = price([res(key, "k", "queue")], USAGE)
    assert ("key", "us-east-1", 1.0, 1.0) in lines(on)
