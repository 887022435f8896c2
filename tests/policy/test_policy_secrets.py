"""stack-file-secrets and generated-secrets: no plaintext secret anywhere."""

import pytest
from policy_graphs import messages, res

from costmodel.model.graph import SECRET
from policy.plaintext_secrets import looks_secret, stack_file_secrets


@pytest.mark.parametrize(
    "name",
    [
        "indexplan:db_password",
        "fastly:apiKey",
        "aws:secretKey",
        "gcp:credentials",
        "authToken",
        "secretString",
        "passwordWo",
        "sslClientKey",
    ],
)
def test_secret_looking_names(name):
    assert looks_secret(name)


@pytest.mark.parametrize(
    "name",
    # Names *of* a key, switches and public material are not secrets.
    [
        "aws:region",
        "kmsKeyId",
        "kmsMasterKeyId",
        "passwordWoVersion",
        "publicKey",
        "authTokenUpdateStrategy",
        "indexplan:sponsors",
    ],
)
def test_names_that_are_not_secrets(name):
    assert not looks_secret(name)


def test_plaintext_stack_file_secret_is_flagged_without_its_value():
    found = stack_file_secrets(
        {"indexplan:db_password": "hunter2", "aws:region": "us-east-1"}, "stacks/Pulumi.x.yaml"
    )
    assert [(v.rule, v.enforcement, v.resource) for v in found] == [
        ("stack-file-secrets", "mandatory", "stacks/Pulumi.x.yaml")
    ]
    assert found[0].message == (
        "config key indexplan:db_password holds a plaintext secret; store it with "
        "`pulumi config set --secret` (a secure: value) or let the program generate it"
    )
    assert "hunter2" not in found[0].message


def test_secure_stack_file_secret_is_accepted():
    secure = {"secure": "v1:Vd9Yt1bCjGzqLwTn:6pZf0U3gqk4J0mFh2Yc1xw=="}
    assert stack_file_secrets({"indexplan:db_password": secure, "fastly:apiKey": secure}) == []


def test_nested_and_numeric_plaintext_secrets_are_found():
    config = {"indexplan:database": {"instance": "db.r6g.large", "admin": {"password": 123456}}}
    assert [v.message.split(" holds")[0] for v in stack_file_secrets(config)] == [
        "config key indexplan:database.admin.password"
    ]


def test_generated_secret_inputs_pass_and_plaintext_ones_fail():
    generated = res(
        "aws:rds/instance:Instance", "db", password=SECRET, manageMasterUserPassword=False
    )
    assert messages("generated-secrets", generated) == []
    plain = res(
        "aws:elasticache/replicationGroup:ReplicationGroup", "cache", authToken="s3cr3t-token-value"
    )
    found = messages("generated-secrets", plain)
    assert found == [
        "cache: input authToken is a plaintext secret; generate it with pulumi-random "
        "or read it with config.require_secret so it stays encrypted in state"
    ]
    assert "s3cr3t-token-value" not in found[0]
