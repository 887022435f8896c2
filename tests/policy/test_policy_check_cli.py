"""`indexplan check`: the rules run offline on shipped stacks, the insecure fixtures and every
output format, through the CLI's entry point (exit status 0 / 1 / 2)."""

import csv
import io
import json
import re
from pathlib import Path

import graph_memo
import pytest

import indexplan.graph
from costmodel.model.graph import from_dicts
from indexplan.cli import main
from indexplan.paths import stack_names
from policy.rules import RULE_IDS

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
INSECURE_STACK = str(FIXTURES / "stacks" / "Pulumi.insecure.yaml")
INSECURE_GRAPH = from_dicts(json.loads((FIXTURES / "graphs" / "insecure.json").read_text()))
FORMATS = ("table", "json", "csv", "markdown")
# Plaintext values written into the insecure fixtures; none may ever be printed.
PLAINTEXT_SECRETS = (
    "AKIAIOSFODNN7EXAMPLE",
    "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "fastly-plaintext-api-token-0123456789",
    "hunter2-plaintext-db-password",
    "plaintext-redis-auth-token-42",
)


@pytest.fixture(autouse=True)
def built_once(monkeypatch):
    """Each stack's graph is built once per test process (tests/graph_memo.py); checks only
    read it."""
    monkeypatch.setattr(indexplan.graph, "build_graph", graph_memo.build_graph)


def run(capsys, *argv):
    status = main(["check", *argv])
    out, err = capsys.readouterr()
    return status, out, err


# The private index's WAF rules hold the token key: secret offline, so that rule is not
# verifiable by `check` (the policy pack sees them decrypted), and says so (s8-review-sec 3).
UNREAD_OFFLINE = {"private-small": "private-files-token"}


def test_every_shipped_stack_passes_every_rule(capsys):
    assert {"pypi-2016", "pypi-2021", "all-aws", "all-gcp"} <= set(stack_names())
    for name in stack_names():
        status, out, err = run(capsys, name)
        assert (status, err) == (0, ""), out
        # the summary, then every rule run, by name (issue 11)
        unread = UNREAD_OFFLINE.get(name)
        n = len(RULE_IDS)
        summary = (
            f"{n - 1} of {n} rules passed and 1 not verifiable offline,"
            if unread
            else (f"all {n} rules passed")
        )
        assert re.match(rf"{name}: {summary} on \d+ resources\n", out)
        passing = [rule for rule in RULE_IDS if rule != unread]
        assert all(re.search(rf"{rule}\s+\w+\s+passed", out) for rule in passing)
        if unread:
            assert re.search(rf"{unread}\s+\w+\s+not verifiable offline", out)


def test_shipped_stack_as_json(capsys):
    status, out, _ = run(capsys, "pypi-2021", "--format", "json")
    assert status == 0
    assert json.loads(out) == {
        "stack": "pypi-2021",
        "passed": True,
        "violations": [],
        "pricing_warnings": [],
    }


def test_insecure_stack_file_is_rejected_for_its_plaintext_secrets(capsys):
    status, out, err = run(capsys, INSECURE_STACK, "--format", "json")
    assert (status, err) == (1, "")
    document = json.loads(out)
    assert document["stack"] == "insecure" and document["passed"] is False
    # The program itself declares nothing insecure; the three plaintext keys are the findings.
    assert [
        (v["rule"], v["enforcement"], v["resource"], v["message"].split(" holds")[0])
        for v in document["violations"]
    ] == [
        ("stack-file-secrets", "mandatory", INSECURE_STACK, f"config key {key}")
        for key in ("aws:accessKey", "aws:secretKey", "fastly:apiKey")
    ]


def test_insecure_graph_is_rejected_with_each_rules_message(capsys, monkeypatch):
    monkeypatch.setattr(indexplan.graph, "build_graph", lambda stack: INSECURE_GRAPH)
    status, out, _ = run(capsys, INSECURE_STACK, "--format", "json")
    assert status == 1
    found = json.loads(out)["violations"]
    assert {v["rule"] for v in found} == set(RULE_IDS)
    reported = {(v["rule"], v["resource"], v["message"]) for v in found}
    # One message per rule, as each rule words it.
    for rule, resource, message in [
        (
            "storage-private",
            "gcs-files-public-read",
            "grants allUsers access to the bucket; grant the CDN's identity only",
        ),
        (
            "encryption-at-rest",
            "database-postgres",
            "database: storageEncrypted must be true, got False",
        ),
        ("database-private", "database-postgres", "database: publiclyAccessible must be false"),
        (
            "cdn-https-only",
            "cdn-distribution",
            "CloudFront defaultCacheBehavior.viewerProtocolPolicy must be redirect-to-https "
            "or https-only, got 'allow-all'",
        ),
        (
            "dns-dnssec",
            "clouddns-zone",
            "Cloud DNS zone: dnssecConfig.state must be 'on', got 'off'",
        ),
        (
            "generated-secrets",
            "cache-redis",
            "input authToken is a plaintext secret; generate it with pulumi-random "
            "or read it with config.require_secret so it stays encrypted in state",
        ),
        (
            "public-principals",
            "app-token-key-public",
            "grants allUsers the role 'roles/secretmanager.secretAccessor'; grant named "
            "principals only",
        ),
        (
            "storage-versioning",
            "storage-files",
            "S3 bucket is not versioned; add a BucketVersioning with status Enabled",
        ),
        (
            "iam-least-privilege",
            "app-task-admin",
            "attaches the AWS managed policy AdministratorAccess, which allows every action on "
            "every resource; attach a policy naming the actions and resources needed, or accept "
            "it in indexplan:accept with a reason",
        ),
        (
            "ingress-web-only",
            "database-sg",
            "ingress admits 0.0.0.0/0 (anyone) on tcp port 5432 (PostgreSQL); open only 80/443 "
            "to the internet and admit the app's security group (or VPC range) instead",
        ),
        (
            "stores-in-network",
            "memorystore-redis",
            "Memorystore's authorizedNetwork is the project's default network, not a network of "
            "this stack; put it on the stack's private network",
        ),
    ]:
        assert (rule, resource, message) in reported
    # 3 stack-file keys + 10 storage + 7 encryption + 7 database + 12 CDN + 3 DNS + 2 secrets
    # + 1 versioning, counted in tests/fixtures/graphs/insecure.json; issue 16 added 3 CDN
    # findings (Fastly's viewer certificate and origin minTlsVersion, CloudFront's origin
    # protocols), 2 database-tls (RDS and Cloud SQL Postgres) and 1 cache-auth (Memorystore);
    # issue 12's rules add 1 object storage + 6 search + 1 app + 3 Cloudflare + 1 mail
    # (test_policy_whole_index.py); storage-https-only adds 2 (neither S3 bucket's policy
    # denies plain HTTP: storage-files-policy has no Deny, storage-archive has no policy);
    # private-files-token adds 2 (the private Cloudflare zone has no token rule and is on Free);
    # public-principals 1 (app-token-key-public: allUsers may read the secret);
    # iam-least-privilege 1 (app-task-admin), ingress-web-only 1 (database-sg: 5432 to all);
    # stores-in-network 7 (s10-vpc): database-postgres and cache-redis have no subnet group and
    # no security group (4), sql-postgres a public IP and no private network (2),
    # memorystore-redis no authorizedNetwork (1).
    assert len(found) == (
        3 + 10 + 7 + 7 + 12 + 3 + 2 + 1 + 2 + 1 + (1 + 6 + 1 + 3 + 1) + 2 + 2 + 1 + 1 + 1 + 7
    )


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_format_prints_a_plaintext_secret(capsys, monkeypatch, fmt):
    monkeypatch.setattr(indexplan.graph, "build_graph", lambda stack: INSECURE_GRAPH)
    status, out, _ = run(capsys, INSECURE_STACK, "--format", fmt)
    assert status == 1
    assert "generated-secrets" in out and "stack-file-secrets" in out
    for value in PLAINTEXT_SECRETS:
        assert value not in out


def test_formats_agree_on_the_violations(capsys, monkeypatch):
    monkeypatch.setattr(indexplan.graph, "build_graph", lambda stack: INSECURE_GRAPH)
    outputs = {fmt: run(capsys, INSECURE_STACK, "--format", fmt)[1] for fmt in FORMATS}
    document = json.loads(outputs["json"])
    count = len(document["violations"])
    rows = list(csv.reader(io.StringIO(outputs["csv"])))
    assert rows[0] == ["rule", "enforcement", "resource", "type", "message", "kind"]
    # the violations first, then (the insecure fixture's sizes being unpriced) the warnings
    kinds = [row[5] for row in rows[1:]]
    assert kinds[:count] == ["violation"] * count
    assert kinds[count:] == ["pricing warning"] * len(document["pricing_warnings"])
    # the rules run (a header, a row per rule), then the violations (a header, a row each)
    assert outputs["markdown"].count("\n| ") == len(RULE_IDS) + 1 + count + 1
    n = len(RULE_IDS)
    summary = f"insecure: {count - 1} mandatory and 1 advisory violations of {n} of {n} rules"
    assert summary in outputs["table"] and summary in outputs["markdown"]


def test_advisory_violations_alone_do_not_fail_the_check(capsys, monkeypatch):
    # all-aws without its BucketVersioning resources: only the advisory rule is broken.
    from indexplan.paths import resolve_stack
    from indexplan.stackfile import load_stack_file

    graph = indexplan.graph.build_graph(load_stack_file(resolve_stack("all-aws")))
    unversioned = [r for r in graph if r.type != "aws:s3/bucketVersioning:BucketVersioning"]
    monkeypatch.setattr(indexplan.graph, "build_graph", lambda stack: unversioned)
    status, out, _ = run(capsys, "all-aws", "--format", "json")
    document = json.loads(out)
    assert (status, document["passed"]) == (0, True)
    assert [(v["rule"], v["enforcement"], v["resource"]) for v in document["violations"]] == [
        ("storage-versioning", "advisory", "storage-archive"),
        ("storage-versioning", "advisory", "storage-files"),
    ]


def test_generated_secret_values_never_appear_in_any_format(capsys, monkeypatch):
    """The mocks generate the database password and cache token as pulumi-random would; record
    each value as it is made and look for it in every output."""
    from pulumi.runtime import rpc

    generated = []
    wrap = rpc.wrap_rpc_secret

    def recording(value):
        generated.append(str(value))
        return wrap(value)

    monkeypatch.setattr(rpc, "wrap_rpc_secret", recording)
    monkeypatch.setattr(indexplan.graph, "build_graph", graph_memo.REAL_BUILD_GRAPH)
    outputs = [run(capsys, "pypi-2021", "--format", fmt)[1] for fmt in FORMATS]
    assert generated, "the stack generates no secret; this test would prove nothing"
    for out in outputs:
        for value in generated:
            assert value not in out


def test_bad_input_is_one_line_and_exit_2(capsys):
    status, out, err = run(capsys, "no-such-stack")
    assert (status, out) == (2, "")
    assert err.count("\n") == 1 and "unknown stack; known: all-aws, all-gcp" in err
    status, out, err = run(capsys, "pypi-2021", "--format", "xml")
    assert (status, out) == (2, "")
    assert err.count("\n") == 1 and "--format" in err


def test_check_warns_about_a_size_the_price_catalog_lacks(capsys, tmp_path):
    import yaml

    config = yaml.safe_load(Path("stacks/Pulumi.all-aws.yaml").read_text())
    # AWS's RDS feed of 2024-09-28 has no db.r7g class in sa-east-1
    config["config"]["aws:region"] = "sa-east-1"
    config["config"]["indexplan:database"]["instance"] = "db.r7g.large"
    stack = tmp_path / "Pulumi.saopaulo.yaml"
    stack.write_text(yaml.safe_dump(config))
    assert main(["check", str(stack), "--format", "json"]) == 0  # a warning, not a violation
    out, _ = capsys.readouterr()
    assert json.loads(out)["pricing_warnings"] == [
        "database-postgres: no aws rds_postgresql instance price for db.r7g.large/multi-az in "
        "sa-east-1: not in AWS's rds-postgresql-ondemand feed of 2024-09-28 for this region "
        "(not offered there then)"
    ]
    assert main(["check", str(stack)]) == 0
    out, _ = capsys.readouterr()
    assert "Sizes the price catalog lacks" in out and "db.r7g.large/multi-az" in out
