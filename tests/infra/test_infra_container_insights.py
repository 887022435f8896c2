"""indexplan:app.container_insights: the ECS cluster's containerInsights setting, disabled by
default (as AWS leaves a new account; the autoscaler reads the service's CPU metric, which ECS
sends free), and a bad value refused in one line (tests/costmodel/test_container_insights.py
prices each setting)."""

from __future__ import annotations

import pytest
from graph_memo import build_graph
from stack_fixtures import config_of, write_stack

from costmodel.model.resources.aws_ecs_cluster import CLUSTER
from indexplan.stackfile import load_stack_file
from tests.cli.cli_run import assert_refused


def insights(value: object) -> dict[str, object]:
    return {"name": "containerInsights", "value": value}


def _app_cluster(tmp_path, **app) -> dict[str, object]:
    config = config_of("pypi-2024")
    config["indexplan:app"] |= app
    graph = build_graph(load_stack_file(write_stack(tmp_path, "ci", config)))
    [found] = [r for r in graph if r.type == CLUSTER]
    return dict(found.inputs)


def test_the_stack_key_sets_the_clusters_setting_default_disabled(tmp_path):
    assert _app_cluster(tmp_path)["settings"] == [insights("disabled")]
    assert _app_cluster(tmp_path, container_insights="enhanced")["settings"] == [
        insights("enhanced")
    ]


@pytest.mark.parametrize(
    ("value", "shown"), [("on", "'on'"), (True, "True"), ("Enabled", "'Enabled'")]
)
def test_a_bad_container_insights_value_is_one_line(capsys, tmp_path, value, shown):
    config = config_of("pypi-2024")
    config["indexplan:app"]["container_insights"] = value
    path = write_stack(tmp_path, "bad", config)
    assert_refused(
        capsys,
        ("estimate", str(path), "-s", "pypi-2026"),
        f"{path}: indexplan:app.container_insights: Input should be 'disabled', 'enabled' or "
        f"'enhanced', got {shown}",
    )
