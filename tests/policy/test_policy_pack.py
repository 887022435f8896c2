"""The Pulumi policy pack: the same rules, reached through pulumi-policy's own interfaces."""

from pathlib import Path

import pytest
from google.protobuf import empty_pb2, struct_pb2
from pulumi.runtime.proto import analyzer_pb2
from pulumi_policy import EnforcementLevel, PolicyResource, PolicyResourceOptions
from pulumi_policy.proxy import UNKNOWN_STRING_VALUE, unknown_checking_proxy
from served_pack import served

from costmodel.model.graph import SECRET
from policy.__main__ import PACK_NAME, policies
from policy.budget import RULE as BUDGET_RULE
from policy.pack import plain, to_graph
from policy.rules import RULE_IDS

POLICY_DIR = Path(__file__).resolve().parents[2] / "policy"
STACK = "urn:pulumi:prod::indexplan::pulumi:pulumi:Stack::indexplan-prod"
BUCKET_URN = "urn:pulumi:prod::indexplan::indexplan:storage:S3Storage$aws:s3/bucket:Bucket::files"


def policy_resource(type_, name, props, parent=None, property_dependencies=None):
    urn = f"urn:pulumi:prod::indexplan::{type_}::{name}"
    return PolicyResource(
        type_,
        unknown_checking_proxy(props),
        urn,
        name,
        PolicyResourceOptions(False, [], False, [], None, [], None),
        None,
        parent,
        [],
        property_dependencies or {},
    )


def test_importing_the_pack_builds_one_policy_per_rule_without_serving():
    made = {p.name: p.enforcement_level for p in policies()}
    assert PACK_NAME == "indexplan-security"
    # accepted-findings: the findings a stack file accepts, shown (advisory) with their reasons
    assert list(made) == [*RULE_IDS, "accepted-findings", BUDGET_RULE]
    assert made["storage-versioning"] is EnforcementLevel.ADVISORY
    assert made["accepted-findings"] is EnforcementLevel.ADVISORY
    assert made["database-private"] is EnforcementLevel.MANDATORY
    assert made[BUDGET_RULE] is EnforcementLevel.MANDATORY


def test_unknown_values_become_a_marker_instead_of_raising():
    props = unknown_checking_proxy(
        {"bucket": UNKNOWN_STRING_VALUE, "tags": [{"k": UNKNOWN_STRING_VALUE}]}
    )
    assert plain(props) == {"bucket": "[unknown]", "tags": [{"k": "[unknown]"}]}


def test_references_follow_property_dependencies_and_generated_passwords_are_hidden():
    stack = policy_resource("pulumi:pulumi:Stack", "indexplan-prod", {})
    component = policy_resource("indexplan:database:Rds", "database", {}, parent=stack)
    bucket = policy_resource("aws:s3/bucket:Bucket", "files", {}, parent=stack)
    password = policy_resource(
        "random:index/randomPassword:RandomPassword", "db-password", {"length": 32}
    )
    block = policy_resource(
        "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
        "files-pab",
        {"bucket": UNKNOWN_STRING_VALUE},
        property_dependencies={"bucket": [bucket]},
    )
    # The pack sees secrets decrypted; a password from pulumi-random is generated, not typed in.
    db = policy_resource(
        "aws:rds/instance:Instance",
        "db",
        {"password": "Zq8...decrypted"},
        parent=component,
        property_dependencies={"password": [password]},
    )
    graph = {r.name: r for r in to_graph([stack, component, bucket, password, block, db])}
    assert graph["files-pab"].inputs["bucket"] == bucket.urn
    assert graph["db"].inputs["password"] == SECRET
    assert graph["db"].parent_type == "indexplan:database:Rds"
    assert graph["files"].parent_type is None  # directly under the stack


def _struct(values: dict) -> struct_pb2.Struct:
    message = struct_pb2.Struct()
    message.update(values)
    return message


@pytest.fixture(scope="module")
def analyzer():
    with served(POLICY_DIR, "no-such-stack") as stub:
        yield stub


def test_served_pack_lists_every_rule(analyzer):
    info = analyzer.GetAnalyzerInfo(empty_pb2.Empty(), timeout=10)
    assert info.name == "indexplan-security"
    assert [p.name for p in info.policies] == [*RULE_IDS, "accepted-findings", BUDGET_RULE]


def test_served_pack_reports_violations_on_a_previewed_stack(analyzer):
    # An S3 bucket (name unknown until created) with a block referring to it by dependency,
    # one flag off; the graph-level rule finds the pair through propertyDependencies.
    flags = {"blockPublicAcls": True, "blockPublicPolicy": True, "ignorePublicAcls": True}
    block = analyzer_pb2.AnalyzerResource(
        type="aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
        name="files-pab",
        urn=BUCKET_URN + "-pab",
        parent=STACK,
        properties=_struct(
            {"bucket": UNKNOWN_STRING_VALUE, **flags, "restrictPublicBuckets": False}
        ),
        propertyDependencies={
            "bucket": analyzer_pb2.AnalyzerPropertyDependencies(urns=[BUCKET_URN])
        },
    )
    bucket = analyzer_pb2.AnalyzerResource(
        type="aws:s3/bucket:Bucket",
        name="files",
        urn=BUCKET_URN,
        parent=STACK,
        properties=_struct({}),
    )
    response = analyzer.AnalyzeStack(
        analyzer_pb2.AnalyzeStackRequest(resources=[bucket, block]), timeout=30
    )
    found = sorted((d.policyName, d.urn, d.message) for d in response.diagnostics)
    assert (
        "storage-private",
        BUCKET_URN + "-pab",
        "files-pab: public access block: restrictPublicBuckets must be true, got False",
    ) in [(name, urn, message.splitlines()[-1]) for name, urn, message in found]
    assert not any("has no public access block" in message for _, _, message in found)


def test_served_pack_checks_each_database_as_it_is_declared(analyzer):
    request = analyzer_pb2.AnalyzeRequest(
        type="aws:rds/instance:Instance",
        name="db",
        urn="urn:pulumi:prod::indexplan::aws:rds/instance:Instance::db",
        properties=_struct(
            {"publiclyAccessible": True, "deletionProtection": True, "backupRetentionPeriod": 7}
        ),
    )
    response = analyzer.Analyze(request, timeout=30)
    assert [(d.policyName, d.message.splitlines()[-1]) for d in response.diagnostics] == [
        ("database-private", "db: database: publiclyAccessible must be false")
    ]


def test_stack_file_policy_reads_the_previewed_stacks_file(monkeypatch):
    # Pulumi names the stack in PULUMI_STACK; the pack reads stacks/Pulumi.<stack>.yaml as
    # written (its config arrives decrypted, so `secure:` could not be told apart otherwise).
    from policy import pack

    monkeypatch.setattr(
        pack, "STACKS_DIR", Path(__file__).resolve().parents[1] / "fixtures" / "stacks"
    )
    monkeypatch.setenv("PULUMI_STACK", "insecure")
    reported = []
    (policy,) = [p for p in policies() if p.name == "stack-file-secrets"]
    policy.validate(None, lambda message, urn=None: reported.append(message))
    assert [m.split(" holds")[0] for m in reported] == [
        f"stacks/Pulumi.insecure.yaml: config key {key}"
        for key in ("aws:accessKey", "aws:secretKey", "fastly:apiKey")
    ]
    monkeypatch.setenv("PULUMI_STACK", "no-such-stack")
    reported.clear()
    policy.validate(None, lambda message, urn=None: reported.append(message))
    assert reported == []
