"""The policy pack's cost rule, driven as `pulumi preview --policy-pack policy/` drives it: the
pack served by pulumi-policy over gRPC (`python -m pulumi.policy`), sent the resources a
preview of all-aws plans (its graph under the mocks, as Pulumi's engine would send them: types,
URNs, parents, inputs as protobuf Structs), reading the previewed stack's file as Pulumi names it
(PULUMI_STACK). The pack is a copy beside its own stacks/ and scenarios/, as in a checkout.

all-aws under pypi-2023 costs $1,371,313.36 a month at list price (`indexplan estimate`; its
CDN component says `app_routes: outside`, which the pack reads from the preview as the CLI
does from the graph: $200.00 less than a static index's, tests/diff/test_budgets.py), and
has no sponsor. A budget of $1,371,313.35 is $0.01 over (1 / 137,131,335 = 7.29e-07 %):
rejected; $1,371,313.36 is not over: passes.
"""

from __future__ import annotations

import shutil

import pytest
from google.protobuf import struct_pb2
from graph_memo import build_graph
from pulumi.runtime.proto import analyzer_pb2
from served_pack import served

from indexplan.paths import ROOT, STACKS_DIR
from indexplan.stackfile import load_stack_file

STACK_URN = "urn:pulumi:all-aws::indexplan::pulumi:pulumi:Stack::indexplan-all-aws"
BUDGET_POLICY = "cost-budget"


@pytest.fixture(scope="module")
def checkout(tmp_path_factory):
    """policy/, stacks/ and scenarios/ side by side, as the pack finds them in a checkout."""
    root = tmp_path_factory.mktemp("checkout")
    shutil.copytree(ROOT / "policy", root / "policy", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "scenarios", root / "scenarios")
    (root / "stacks").mkdir()
    return root


def with_budget(checkout, monthly_usd: str) -> None:
    text = (STACKS_DIR / "Pulumi.all-aws.yaml").read_text()
    budget = f"  indexplan:budget: {{scenario: pypi-2023, monthly_usd: {monthly_usd}}}\n"
    (checkout / "stacks" / "Pulumi.all-aws.yaml").write_text(
        text.replace("config:\n", "config:\n" + budget, 1)
    )


@pytest.fixture(scope="module")
def analyzer(checkout):
    with served(checkout / "policy", "all-aws") as stub:
        yield stub


@pytest.fixture(scope="module")
def planned():
    """all-aws's resources as the engine hands them to a stack policy during preview."""
    graph = build_graph(load_stack_file(STACKS_DIR / "Pulumi.all-aws.yaml"))
    components = {r.type: r.urn for r in graph if r.type.startswith("indexplan:")}
    resources = [
        analyzer_pb2.AnalyzerResource(
            type="pulumi:pulumi:Stack", name="indexplan-all-aws", urn=STACK_URN
        )
    ]
    for r in graph:
        properties = struct_pb2.Struct()
        properties.update(dict(r.inputs))
        parent = components[r.parent_type] if r.parent_type else STACK_URN
        resources.append(
            analyzer_pb2.AnalyzerResource(
                type=r.type, name=r.name, urn=r.urn, parent=parent, properties=properties
            )
        )
    return resources


def budget_diagnostics(analyzer, planned) -> list:
    response = analyzer.AnalyzeStack(
        analyzer_pb2.AnalyzeStackRequest(resources=planned), timeout=120
    )
    return [d for d in response.diagnostics if d.policyName == BUDGET_POLICY]


def test_an_over_budget_preview_is_rejected(analyzer, planned, checkout):
    with_budget(checkout, "1371313.35")
    (found,) = budget_diagnostics(analyzer, planned)
    assert found.enforcementLevel == analyzer_pb2.MANDATORY  # mandatory: the preview fails
    assert found.urn == ""  # the stack as a whole
    stack_file = checkout / "stacks" / "Pulumi.all-aws.yaml"
    assert found.message.splitlines()[-1] == (
        f"all-aws: budget exceeded: {stack_file}: indexplan:budget.monthly_usd: the monthly bill "
        "(list price) under scenario pypi-2023 is $1,371,313.36, $0.01 (7.29e-07%) over the "
        "$1,371,313.35 allowed"
    )


def test_an_under_budget_preview_passes(analyzer, planned, checkout):
    with_budget(checkout, "1371313.36")
    assert budget_diagnostics(analyzer, planned) == []


def test_a_budget_the_pack_cannot_read_rejects_the_preview(analyzer, planned, checkout):
    with_budget(checkout, "-1")
    (found,) = budget_diagnostics(analyzer, planned)
    assert found.enforcementLevel == analyzer_pb2.MANDATORY
    assert (
        "indexplan:budget.monthly_usd: Input should be greater than or equal to 0" in found.message
    )
