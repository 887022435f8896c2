"""Class 4, checks that cannot be fooled: a plaintext secret is found however the stack file
hides it; public address space is found however the authorised networks split it; a bucket is
credited only with settings that name it; and TLS to viewers and origins, Redis AUTH and
PostgreSQL's forced TLS are checked."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hostile_cli import cli, stack_text, write

from costmodel.model.graph import SECRET, Resource
from policy.plaintext_secrets import stack_file_secrets
from policy.rules import RULES

# Pulumi's form, v1:<base64 nonce>:<base64 ciphertext> (policy/plaintext_secrets.py)
CIPHERTEXT = "v1:AAABAKq9c2VjcmV0:Q2lwaGVydGV4dA=="


def res(type_: str, name: str, **inputs: Any) -> Resource:
    return Resource(f"urn:pulumi:t::p::{type_}::{name}", type_, name, None, inputs)


def messages(rule_id: str, *graph: Resource) -> list[str]:
    (rule,) = [r for r in RULES if r.id == rule_id]
    return [f"{v.resource}: {v.message}" for v in rule.run(list(graph))]


# --- plaintext secrets ---------------------------------------------------------------------------


def test_a_duplicate_key_cannot_hide_a_plaintext_secret(tmp_path):
    text = stack_text(f"  fastly:apiKey: plain-token\n  fastly:apiKey: {{secure: {CIPHERTEXT}}}\n")
    path = write(tmp_path / "Pulumi.x.yaml", text)
    line = cli("check", path).refused("duplicate key 'fastly:apiKey'")
    assert "plain-token" not in line


@pytest.mark.parametrize(
    ("before", "config", "key"),
    [
        # a merge key brings the plaintext in; the key written after it shadows it
        (
            "",
            "  <<: {fastly:apiKey: plain-token}\n  fastly:apiKey: {secure: CIPHER}\n",
            "fastly:apiKey",
        ),
        # the same through an anchor outside `config:`
        (
            "x-defaults: &d {password: plain-token}\n",
            "  app:db:\n    <<: *d\n    password: {secure: CIPHER}\n",
            "app:db.password",
        ),
    ],
    ids=["merge key", "anchor"],
)
def test_a_plaintext_secret_shadowed_in_the_file_is_found(tmp_path, before, config, key):
    text = before + stack_text(config.replace("CIPHER", CIPHERTEXT))
    path = write(tmp_path / "Pulumi.x.yaml", text)
    run = cli("check", path, "-f", "json")
    assert run.code == 1, run.err
    found = json.loads(run.out)["violations"]
    assert [(v["rule"], v["message"].split(" holds")[0]) for v in found] == [
        ("stack-file-secrets", f"config key {key}")
    ]
    assert "plain-token" not in run.out and CIPHERTEXT not in run.out


@pytest.mark.parametrize(
    ("config", "path"),
    [
        ({"app:settings": '{"db": {"password": "hunter2"}}'}, "app:settings.db.password"),
        ({"app:list": '[{"apiKey": "abc"}]'}, "app:list[0].apiKey"),
        ({"app:creds": {"json": '{"client_secret": "x"}'}}, "app:creds.json.client_secret"),
    ],
)
def test_secrets_inside_json_text_are_found(config, path):
    found = stack_file_secrets(config, "stacks/x.yaml")
    assert [v.message.split(" holds")[0] for v in found] == [f"config key {path}"]


def test_secrets_inside_json_text_of_resource_inputs_are_found():
    task = res(
        "aws:ecs/taskDefinition:TaskDefinition",
        "app",
        containerDefinitions=json.dumps(
            [{"name": "web", "environment": [{"name": "X", "value": "1"}], "dbPassword": "pw"}]
        ),
    )
    assert messages("generated-secrets", task) == [
        "app: input containerDefinitions[0].dbPassword is a plaintext secret; generate it with "
        "pulumi-random or read it with config.require_secret so it stays encrypted in state"
    ]


def test_hidden_and_encrypted_values_are_not_findings():
    config = {"app:key": SECRET, "app:x": {"password": {"secure": CIPHERTEXT}}, "app:token": ""}
    assert stack_file_secrets(config) == []


# --- public address space ------------------------------------------------------------------------

SQL = "gcp:sql/databaseInstance:DatabaseInstance"


def cloud_sql(*networks: str) -> Resource:
    ip = {
        "ipv4Enabled": True,
        "sslMode": "ENCRYPTED_ONLY",
        "authorizedNetworks": [{"value": n} for n in networks],
    }
    return res(
        SQL, "sql", settings={"ipConfiguration": ip, "backupConfiguration": {"enabled": True}}
    )


@pytest.mark.parametrize(
    "networks",
    [
        ("0.0.0.0/0",),
        ("0.0.0.0/1", "128.0.0.0/1"),  # the issue's: all of it, without a /0
        ("0.0.0.0/2", "64.0.0.0/2", "128.0.0.0/2", "192.0.0.0/2"),
        ("8.0.0.0/8",),  # one /8 of public addresses
        ("1.0.0.0/16", "1.1.0.0/16"),  # two /16s: 131,072 addresses
        ("::/0",),
        ("2000::/3",),  # all global unicast IPv6
    ],
)
def test_networks_covering_public_address_space_are_flagged(networks):
    (message,) = messages("database-private", cloud_sql(*networks))
    assert "public IPv" in message and "authorize your own networks only" in message


@pytest.mark.parametrize(
    "networks",
    [
        ("198.51.100.7/32", "203.0.113.0/24"),
        ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"),  # private: not public space
        ("1.0.0.0/16",),  # one /16, the largest allowed
        ("1.0.0.0/17", "1.0.0.0/17", "1.0.128.0/17"),  # overlaps counted once: a /16
    ],
)
def test_networks_of_ones_own_pass(networks):
    assert messages("database-private", cloud_sql(*networks)) == []


def test_a_network_that_is_not_one_is_flagged():
    assert messages("database-private", cloud_sql("all the internet")) == [
        "sql: Cloud SQL authorizes 'all the internet', which is not an IP network"
    ]


# --- bucket settings ------------------------------------------------------------------------------

BUCKET = "aws:s3/bucket:Bucket"
BLOCK = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"
SSE = "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration"
VERSIONING = "aws:s3/bucketVersioning:BucketVersioning"
FLAGS = dict.fromkeys(
    ("blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"), True
)
AES = [{"applyServerSideEncryptionByDefault": {"sseAlgorithm": "AES256"}}]


def settings_for(bucket: str) -> list[Resource]:
    return [
        res(BLOCK, "block", bucket=bucket, **FLAGS),
        res(SSE, "sse", bucket=bucket, rules=AES),
        res(VERSIONING, "versioning", bucket=bucket, versioningConfiguration={"status": "Enabled"}),
    ]


def test_settings_naming_another_bucket_are_not_credited():
    files = res(BUCKET, "files")
    graph = [files, *settings_for("someone-elses-bucket")]
    assert messages("storage-private", *graph) == [
        "files: S3 bucket has no public access block; add one with all four settings true"
    ]
    assert messages("encryption-at-rest", *graph)[0].startswith("files: S3 bucket has no default")
    assert messages("storage-versioning", *graph) == [
        "files: S3 bucket is not versioned; add a BucketVersioning with status Enabled"
    ]


def test_settings_naming_the_bucket_are_credited():
    graph = [res(BUCKET, "files"), *settings_for("files-0a1b2c3d")]
    for rule in ("storage-private", "encryption-at-rest", "storage-versioning"):
        assert messages(rule, *graph) == []


def test_settings_are_credited_to_the_bucket_they_name_only():
    graph = [res(BUCKET, "files"), res(BUCKET, "logs"), *settings_for("logs-9f8e7d")]
    assert messages("storage-private", *graph) == [
        "files: S3 bucket has no public access block; add one with all four settings true"
    ]


# --- TLS, AUTH ------------------------------------------------------------------------------------

FASTLY = "fastly:index/serviceVcl:ServiceVcl"
SUBSCRIPTION = "fastly:index/tlsSubscription:TlsSubscription"
GOOD_BACKEND = {"name": "storage", "useSsl": True, "minTlsVersion": "1.2"}


def fastly(backend: dict[str, Any], *domains: str) -> Resource:
    return res(
        FASTLY,
        "cdn",
        domains=[{"name": d} for d in domains],
        backends=[backend],
        requestSettings=[{"forceSsl": True}],
    )


def test_fastly_tls_to_viewers_and_origin():
    certificate = res(SUBSCRIPTION, "cert", domains=["files.example.org"])
    assert messages("cdn-https-only", fastly(GOOD_BACKEND, "files.example.org"), certificate) == []
    old = {**GOOD_BACKEND, "minTlsVersion": "1.0", "maxTlsVersion": "1.1"}
    assert messages(
        "cdn-https-only", fastly(old, "files.example.org", "www.example.org"), certificate
    ) == [
        "cdn: Fastly domain www.example.org has no TLS certificate for viewers: add a "
        "fastly.TlsSubscription (or a TlsActivation) covering it",
        "cdn: Fastly backend storage: minTlsVersion must be '1.2' or later, got '1.0'",
        "cdn: Fastly backend storage: maxTlsVersion must be '1.2' or later, got '1.1'",
    ]


@pytest.mark.parametrize(
    ("protocols", "bad"),
    [(["TLSv1.2"], False), (["TLSv1", "TLSv1.2"], True), (["SSLv3"], True), ([], True)],
)
def test_cloudfront_origin_ssl_protocols(protocols, bad):
    custom = {"originProtocolPolicy": "https-only", "originSslProtocols": protocols}
    distribution = res(
        "aws:cloudfront/distribution:Distribution",
        "cdn",
        defaultCacheBehavior={"viewerProtocolPolicy": "https-only"},
        viewerCertificate={"minimumProtocolVersion": "TLSv1.2_2021", "acmCertificateArn": "arn"},
        origins=[{"originId": "app", "customOriginConfig": custom}],
    )
    found = messages("cdn-https-only", distribution)
    assert found == (
        [f"cdn: CloudFront origin app: originSslProtocols must be ['TLSv1.2'], got {protocols!r}"]
        if bad
        else []
    )


def test_redis_without_auth_is_flagged():
    graph = [
        res("aws:elasticache/replicationGroup:ReplicationGroup", "open"),
        res("aws:elasticache/replicationGroup:ReplicationGroup", "token", authToken=SECRET),
        res("aws:elasticache/replicationGroup:ReplicationGroup", "rbac", userGroupIds=["g"]),
        res("gcp:redis/instance:Instance", "memorystore"),
        res("gcp:redis/instance:Instance", "memorystore-auth", authEnabled=True),
    ]
    assert messages("cache-auth", *graph) == [
        "open: ElastiCache Redis takes clients without authentication: set authToken "
        "(generated with pulumi-random) or userGroupIds",
        "memorystore: Memorystore Redis takes clients without authentication: set authEnabled true",
    ]


def test_postgres_without_forced_tls_is_flagged():
    group = "aws:rds/parameterGroup:ParameterGroup"
    graph = [
        res("aws:rds/instance:Instance", "default-group", engine="postgres"),
        res("aws:rds/instance:Instance", "forced", engine="postgres", parameterGroupName="tls"),
        res(group, "tls", parameters=[{"name": "rds.force_ssl", "value": "1"}]),
        res("aws:rds/instance:Instance", "off", engine="postgres", parameterGroupName="lax"),
        res(group, "lax", parameters=[{"name": "rds.force_ssl", "value": "0"}]),
        res("aws:rds/instance:Instance", "mysql", engine="mysql"),  # not PostgreSQL: not here
        res(
            SQL,
            "private",
            databaseVersion="POSTGRES_16",
            settings={"ipConfiguration": {"ipv4Enabled": False}},
        ),
    ]
    assert messages("database-tls", *graph) == [
        "default-group: RDS PostgreSQL does not force TLS: set rds.force_ssl to 1 in a parameter "
        "group of its own, got not set",
        "off: RDS PostgreSQL does not force TLS: set rds.force_ssl to 1 in its parameter group, "
        "got '0'",
        "private: Cloud SQL PostgreSQL does not force TLS: set settings.ipConfiguration.sslMode "
        "ENCRYPTED_ONLY, got not set",
    ]


@pytest.mark.parametrize(
    "document",
    [
        '{"bindings": ' + "[" * 5_000 + "]" * 5_000 + "}",  # past the depth bound
        '{"bindings": [], "bindings": [{"members": ["allUsers"]}]}',  # the second would win
        '{"bindings": [{"members": ["allUsers"]}]',  # torn
    ],
    ids=["deep", "key twice", "torn"],
)
def test_a_policy_document_that_cannot_be_read_is_not_private(document):
    policy = res("gcp:storage/bucketIAMPolicy:BucketIAMPolicy", "iam", policyData=document)
    bucket_policy = res("aws:s3/bucketPolicy:BucketPolicy", "policy", policy=document)
    assert messages("storage-private", policy, bucket_policy) == [
        "policy: bucket policy is not valid JSON, so it cannot be shown to be private",
        "iam: IAM policy is not valid JSON, so it cannot be shown to be private",
    ]
