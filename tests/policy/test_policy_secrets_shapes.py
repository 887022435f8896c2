"""Plaintext secrets the key-name heuristic alone missed (s8-review-sec findings 7, 8, 13):
environment `{name, value}` pairs, URLs with a password, the config keys the program reads as
secrets, `secure:` values that are no ciphertext; and an S3 object's `key`, a path."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest
from policy_graphs import messages, res

from policy.plaintext_secrets import stack_file_secrets
from policy.secret_names import CONFIG_SECRETS

INFRA = Path(__file__).resolve().parents[2] / "infra"
RULE = "generated-secrets"
TASK = "aws:ecs/taskDefinition:TaskDefinition"
RUN = "gcp:cloudrunv2/service:Service"


def flagged(resource) -> list[str]:
    return [m.split(": input ")[1].split(" is a plaintext")[0] for m in messages(RULE, resource)]


def task(*environment: dict) -> object:
    container = {"name": "web", "image": "app:1", "environment": list(environment)}
    return res(TASK, "app", containerDefinitions=json.dumps([container]))


def test_an_environment_pair_is_judged_by_its_name():
    # ECS `environment` and Cloud Run `envs` are lists of {name, value}: the secret-looking
    # word is in `name`, the secret in `value` (the reviewer's two misses)
    assert flagged(task({"name": "DATABASE_PASSWORD", "value": "hunter2"})) == [
        "containerDefinitions[0].environment[0].value"
    ]
    envs = [{"name": "PORT", "value": "8000"}, {"name": "INDEX_FILE_TOKEN_KEY", "value": "k"}]
    run = res(RUN, "app", template={"containers": [{"image": "app:1", "envs": envs}]})
    assert flagged(run) == ["template.containers[0].envs[1].value"]
    # `{key, value}` alike; the pair's `key` is its name, no key itself
    assert flagged(task({"key": "API_TOKEN", "value": "t0k3n"})) == [
        "containerDefinitions[0].environment[0].value"
    ]


def test_environment_pairs_that_hold_no_secret_pass():
    assert flagged(task({"name": "PORT", "value": "8000"}, {"name": "LOG", "value": "info"})) == []
    # a reference to a secret store, the way the program passes the token key
    key = {"secretKeyRef": {"secret": "token-key-0356a2ca", "version": "latest"}}
    ref = {"name": "INDEX_FILE_TOKEN_KEY", "valueSource": key}
    run = res(RUN, "app", template={"containers": [{"envs": [ref]}]})
    store = res("gcp:secretmanager/secret:Secret", "token-key", secretId="token-key")
    assert messages(RULE, store, run) == []
    # a secret's name, kept in a pair whose value is no value of the secret
    assert flagged(task({"name": "DB_PASSWORD_ARN", "value": "arn:aws:secretsmanager:x"})) == []


@pytest.mark.parametrize(
    ("url", "found"),
    [
        ("postgresql://app:hunter2@db.internal:5432/index", True),
        ("redis://:authtoken@cache:6379/0", False),  # no user: detect-secrets' form needs one
        ("amqps://u:p%40ss@mq.example.com/vhost", True),
        ("https://files.example.org:443/simple/@scope/pkg", False),  # a port, then a path
        ("https://user@example.org/", False),  # a user name only
        ("postgresql://app:@db/index", False),  # an empty password
    ],
)
def test_a_url_with_a_password_is_a_plaintext_secret_whatever_its_key(url, found):
    assert flagged(task({"name": "DATABASE_URL", "value": url})) == (
        ["containerDefinitions[0].environment[0].value"] if found else []
    )
    config = stack_file_secrets({"app:databaseUrl": url})
    assert [v.message.split(" holds")[0] for v in config] == (
        ["config key app:databaseUrl"] if found else []
    )


def test_an_s3_objects_key_is_its_path_not_a_secret():
    obj = res("aws:s3/bucketObjectv2:BucketObjectv2", "index", bucket="b", key="index.html")
    assert messages(RULE, obj) == []
    # elsewhere a bare `key` still holds one
    assert flagged(res("aws:ssm/parameter:Parameter", "p", key="sk_live_123")) == ["key"]


def test_the_program_s_config_secrets_are_secrets_by_definition():
    # the reviewer's b2plain stack: `readerKey` is no secret-looking name to the heuristic
    found = stack_file_secrets(
        {"b2:readerKeyId": "0051234567890ab000000000a", "b2:readerKey": "K005x"}
    )
    assert [v.message for v in found] == [
        "config key b2:readerKey holds a plaintext secret; store it with `pulumi config set "
        "--secret` (a secure: value) or let the program generate it"
    ]
    for key in CONFIG_SECRETS:
        assert len(stack_file_secrets({key: "plain"})) == 1, key


def config_secrets_in(folder: Path) -> set[str]:
    """`<ns>:<key>` for every get_secret/require_secret call on a pulumi.Config("<ns>") in the
    program, called on the Config itself or on a name bound to one in the same function."""
    found: set[str] = set()
    for path in folder.rglob("*.py"):
        tree = ast.parse(path.read_text())
        for scope in [tree, *(n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef))]:
            bound = {}
            for node in ast.walk(scope):
                if isinstance(node, ast.Assign) and (ns := _config_namespace(node.value)):
                    bound.update({t.id: ns for t in node.targets if isinstance(t, ast.Name)})
            for node in ast.walk(scope):
                if not (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Attribute)
                    and node.func.attr in ("get_secret", "require_secret")
                ):
                    continue
                target = node.func.value
                ns = _config_namespace(target) or (
                    bound.get(target.id) if isinstance(target, ast.Name) else None
                )
                assert ns is not None, f"{path}:{node.lineno}: a secret read this test cannot place"
                found.add(f"{ns}:{ast.literal_eval(node.args[0])}")
    return found


def _config_namespace(node: ast.AST) -> str | None:
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "Config"
        and node.args
    ):
        return ast.literal_eval(node.args[0])
    return None


def test_the_list_is_every_secret_the_program_reads():
    assert config_secrets_in(INFRA) == CONFIG_SECRETS


@pytest.mark.parametrize(
    ("ciphertext", "ok"),
    [
        ("v1:Vd9Yt1bCjGzqLwTn:6pZf0U3gqk4J0mFh2Yc1xw==", True),  # passphrase or cloud KMS
        ("AAABADQXFlU0mxol3gFTSFxs+oU6cuqYKLjzVMBAhD0PDuY=", True),  # Pulumi Cloud, 35 bytes
        ("plain-fastly-api-key-0123456789abcdef", False),  # the reviewer's fakesecure stack
        ("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", False),  # base64-shaped, not Pulumi's
        ("v1:AAABAKq9c2VjcmV0Q2lwaGVydGV4dA==", False),  # one part: Pulumi cannot decrypt it
        ("v1:not base64!:6pZf0U3gqk4J0mFh2Yc1xw==", False),
        ("AAABAA==", False),  # too short to hold a nonce and a tag
    ],
)
def test_a_secure_value_must_be_pulumi_ciphertext(ciphertext, ok):
    text = f"config:\n  fastly:apiKey:\n    secure: {ciphertext}\n"
    # the loader hands the value on as [secret]; the file as written shows what it was
    found = stack_file_secrets({"fastly:apiKey": "[secret]"}, "Pulumi.x.yaml", text)
    assert [v.message for v in found] == (
        []
        if ok
        else [
            "config key fastly:apiKey is a secure: value that is not Pulumi ciphertext; store "
            "it with `pulumi config set --secret` (a secure: value)"
        ]
    )
    assert all(ciphertext not in v.message for v in found)
