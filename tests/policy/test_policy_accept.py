"""`indexplan:accept`: a stack file accepts a least-privilege finding, with a reason (policy/
accept.py). The accepted finding stays in the report, advisory, with its reason; `check`
passes; an entry that accepts nothing is reported; only acceptable rules may be accepted;
a malformed list is one line and exit 2. The policy pack, served as Pulumi serves it, leaves
the accepted finding out of the mandatory policy and reports it under `accepted-findings`."""

from __future__ import annotations

import json
import shutil

import pytest
import yaml
from google.protobuf import struct_pb2
from pulumi.runtime.proto import analyzer_pb2
from served_pack import served

import indexplan.graph
from indexplan.cli import main
from indexplan.paths import ROOT, STACKS_DIR

ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess"
ADMIN_FINDING = (
    "attaches the AWS managed policy AdministratorAccess, which allows every action on every "
    "resource; attach a policy naming the actions and resources needed, or accept it in "
    "indexplan:accept with a reason"
)
REASON = "the CI deploy role creates every resource of the stack (SEC-142)"
ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"


def stack_file(tmp_path, accept) -> str:
    """static-index's stack file with `accept` as its indexplan:accept."""
    document = yaml.safe_load((STACKS_DIR / "Pulumi.static-index.yaml").read_text())
    document["config"]["indexplan:accept"] = accept
    path = tmp_path / "Pulumi.accepting.yaml"
    path.write_text(yaml.safe_dump(document))
    return str(path)


@pytest.fixture
def with_deploy_role(monkeypatch):
    """static-index's graph plus a role attachment of AdministratorAccess."""
    from costmodel.model.graph import Resource

    real = indexplan.graph.build_graph

    def build(stack):
        urn = f"urn:pulumi:{stack.name}::indexplan::{ATTACHMENT}::deploy-admin"
        inputs = {"role": "deploy", "policyArn": ADMIN}
        return [*real(stack), Resource(urn, ATTACHMENT, "deploy-admin", None, inputs)]

    monkeypatch.setattr(indexplan.graph, "build_graph", build)


def check(capsys, path):
    status = main(["check", path, "--format", "json", "--no-cache"])
    out, err = capsys.readouterr()
    return status, (json.loads(out) if out else None), err


def test_without_an_acceptance_the_broad_grant_fails(capsys, tmp_path, with_deploy_role):
    status, report, _ = check(capsys, stack_file(tmp_path, []))
    assert status == 1
    assert report["violations"] == [
        {
            "rule": "iam-least-privilege",
            "enforcement": "mandatory",
            "resource": "deploy-admin",
            "type": ATTACHMENT,
            "message": ADMIN_FINDING,
        }
    ]


def test_an_accepted_finding_is_advisory_with_its_reason(capsys, tmp_path, with_deploy_role):
    accept = [{"rule": "iam-least-privilege", "resource": "deploy-admin", "reason": REASON}]
    path = stack_file(tmp_path, accept)
    status, report, _ = check(capsys, path)
    assert (status, report["passed"]) == (0, True)
    assert report["violations"] == [
        {
            "rule": "iam-least-privilege",
            "enforcement": "advisory",
            "resource": "deploy-admin",
            "type": ATTACHMENT,
            "message": f"{ADMIN_FINDING} (accepted in the stack file: {REASON})",
        }
    ]
    # the table says the rule passed because of an acceptance, not that it found nothing
    assert main(["check", path, "--no-cache"]) == 0
    out = capsys.readouterr()[0]
    assert "iam-least-privilege" in out and "passed, 1 accepted" in out


def test_an_acceptance_that_matches_nothing_is_reported(capsys, tmp_path):
    accept = [
        {"rule": "iam-least-privilege", "resource": "storage-files", "reason": "old"},
        {"rule": "iam-least-privilege", "resource": "gone", "reason": "older"},
    ]
    status, report, _ = check(capsys, stack_file(tmp_path, accept))
    assert (status, report["passed"]) == (0, True)
    assert [(v["enforcement"], v["resource"], v["message"]) for v in report["violations"]] == [
        (
            "advisory",
            "storage-files",
            "indexplan:accept accepts this iam-least-privilege finding, but the stack finds "
            "nothing to accept there; remove the entry",
        ),
        (
            "advisory",
            "gone",
            "indexplan:accept accepts this iam-least-privilege finding, but the stack has no "
            "such resource; remove the entry",
        ),
    ]


@pytest.mark.parametrize(
    ("accept", "field", "expected"),
    [
        ("iam-least-privilege", "indexplan:accept", "must be a list of {rule, resource, reason}"),
        (
            [{"rule": "iam-least-privilege", "resource": "deploy-admin"}],
            "indexplan:accept[0]",
            "must have exactly the keys rule, resource, reason",
        ),
        (
            [{"rule": "iam-least-privilege", "resource": "deploy-admin", "reason": "  "}],
            "indexplan:accept[0].reason",
            "must be a non-empty line of text",
        ),
        (
            [{"rule": "iam-least-privilege", "resource": "x", "reason": "a\x1b[31mred"}],
            "indexplan:accept[0].reason",
            "must be a non-empty line of text",
        ),
        (  # a public bucket is never a deliberate choice
            [{"rule": "storage-private", "resource": "storage-files", "reason": "marketing"}],
            "indexplan:accept[0].rule",
            "only iam-least-privilege, stores-in-network may be accepted",
        ),
    ],
)
def test_a_malformed_acceptance_is_one_line_and_exit_2(capsys, tmp_path, accept, field, expected):
    path = stack_file(tmp_path, accept)
    status, report, err = check(capsys, path)
    assert (status, report) == (2, None)
    assert err.count("\n") == 1 and f"{field}: {expected}" in err


@pytest.fixture(scope="module")
def checkout(tmp_path_factory):
    """policy/ beside a stacks/ holding the previewed stack's file, as in a checkout."""
    root = tmp_path_factory.mktemp("checkout")
    shutil.copytree(ROOT / "policy", root / "policy", ignore=shutil.ignore_patterns("__pycache__"))
    (root / "stacks").mkdir()
    accept = [{"rule": "iam-least-privilege", "resource": "deploy-admin", "reason": REASON}]
    stack_file(root / "stacks", accept)  # Pulumi.accepting.yaml
    malformed = stack_file(root, [{"rule": "iam-least-privilege", "resource": "deploy-admin"}])
    shutil.move(malformed, root / "stacks" / "Pulumi.malformed.yaml")
    return root


def attachment(name: str) -> analyzer_pb2.AnalyzerResource:
    props = struct_pb2.Struct()
    props.update({"role": name, "policyArn": ADMIN})
    urn = f"urn:pulumi:accepting::indexplan::{ATTACHMENT}::{name}"
    return analyzer_pb2.AnalyzerResource(type=ATTACHMENT, name=name, urn=urn, properties=props)


def test_the_pack_accepts_what_the_stack_file_accepts(checkout):
    accepted, other = attachment("deploy-admin"), attachment("app-admin")
    with served(checkout / "policy", "accepting") as analyzer:
        found = {}
        for r in (accepted, other):  # resource policies, one resource at a time
            request = analyzer_pb2.AnalyzeRequest(
                type=r.type, name=r.name, urn=r.urn, properties=r.properties
            )
            found[r.name] = [
                (d.policyName, d.enforcementLevel, d.message.splitlines()[-1])
                for d in analyzer.Analyze(request, timeout=30).diagnostics
            ]
        stack = analyzer.AnalyzeStack(
            analyzer_pb2.AnalyzeStackRequest(resources=[accepted, other]), timeout=30
        )
    assert found == {
        "deploy-admin": [],
        "app-admin": [
            ("iam-least-privilege", analyzer_pb2.MANDATORY, f"app-admin: {ADMIN_FINDING}")
        ],
    }
    notes = [
        (d.enforcementLevel, d.message.splitlines()[-1])
        for d in stack.diagnostics
        if d.policyName == "accepted-findings"
    ]
    assert notes == [
        (
            analyzer_pb2.ADVISORY,
            f"deploy-admin: {ADMIN_FINDING} (accepted in the stack file: {REASON})",
        )
    ]


def test_the_pack_fails_an_acceptance_it_cannot_read(checkout):
    """A malformed entry accepts nothing: the finding fails the preview, and the error is said
    by the rule and by accepted-findings (which alone says it when nothing is found)."""
    admin = attachment("deploy-admin")
    error = (
        "stacks/Pulumi.malformed.yaml: indexplan:accept[0]: must have exactly the keys rule, "
        "resource, reason"
    )
    with served(checkout / "policy", "malformed") as analyzer:
        request = analyzer_pb2.AnalyzeRequest(
            type=admin.type, name=admin.name, urn=admin.urn, properties=admin.properties
        )
        found = analyzer.Analyze(request, timeout=30).diagnostics
        stack = analyzer.AnalyzeStack(analyzer_pb2.AnalyzeStackRequest(resources=[]), timeout=30)
    assert [(d.policyName, d.message.splitlines()[-1]) for d in found] == [
        ("iam-least-privilege", error),
        ("iam-least-privilege", f"deploy-admin: {ADMIN_FINDING}"),
    ]
    notes = [(d.policyName, d.message.splitlines()[-1]) for d in stack.diagnostics]
    assert ("accepted-findings", error) in notes
