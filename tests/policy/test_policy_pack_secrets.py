"""A value Pulumi holds as a secret is not plaintext in the policy pack (s8-review-sec finding
10). The engine sends a preview's resources with secrets marked (pulumi_policy/deserialize.py:
`{"4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", "value": ...}`) and
pulumi-policy drops the mark: the providers' credentials, read with `config.get_secret`
(infra/providers.py), looked typed in clear, and `generated-secrets` would have failed every
real preview of a stack with Fastly, Datadog, Cloudflare, Elastic or B2 credentials."""

from __future__ import annotations

import pytest
from google.protobuf import struct_pb2
from pulumi.runtime.proto import analyzer_pb2
from pulumi_policy.proxy import UNKNOWN_STRING_VALUE
from served_pack import served
from test_policy_pack import POLICY_DIR, STACK

from costmodel.model.graph import UNKNOWN
from policy.held_secrets import Held, Sealed
from policy.pack import plain

SIG = "4dabf18193072939515e22adb298388d"  # pulumi_policy.deserialize.SPECIAL_SIG_KEY
SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270"


def secret(value: object) -> dict:
    return {SIG: SECRET_SIG, "value": value}


def provider(package: str, **props: object) -> analyzer_pb2.AnalyzerResource:
    message = struct_pb2.Struct()
    message.update(props)
    return analyzer_pb2.AnalyzerResource(
        type=f"pulumi:providers:{package}",
        name=package,
        urn=f"urn:pulumi:prod::indexplan::pulumi:providers:{package}::{package}",
        parent=STACK,
        properties=message,
    )


@pytest.fixture(scope="module")
def analyzer():
    with served(POLICY_DIR, "no-such-stack") as stub:
        yield stub


def generated_secrets(analyzer, *resources) -> list[str]:
    request = analyzer_pb2.AnalyzeStackRequest(resources=list(resources))
    response = analyzer.AnalyzeStack(request, timeout=30)
    return [
        d.message.splitlines()[-1]
        for d in response.diagnostics
        if d.policyName == "generated-secrets"
    ]


def test_provider_credentials_held_as_secrets_are_not_plaintext(analyzer):
    # as the engine sends them after `pulumi config set --secret fastly:apiKey ...`
    fastly = provider("fastly", apiKey=secret("decrypted-fastly-api-key"))
    datadog = provider("datadog", apiKey=secret("dd-api"), appKey=secret("dd-app"))
    b2 = provider("aws", accessKey=secret("0051234567890ab000000000a"), secretKey=secret("K005x"))
    assert generated_secrets(analyzer, fastly, datadog, b2) == []


def test_a_credential_typed_in_clear_is_still_plaintext(analyzer):
    fastly = provider("fastly", apiKey="typed-in-the-program")
    assert generated_secrets(analyzer, fastly) == [
        "fastly: input apiKey is a plaintext secret; generate it with pulumi-random or read it "
        "with config.require_secret so it stays encrypted in state"
    ]


def test_a_held_secret_is_read_decrypted_by_the_other_rules():
    # the private index's WAF rule list is a secret the token rule must read
    rules = [{"action": "block", "expression": '(http.host eq "h")'}]
    value = plain({"rules": Sealed(rules), "name": "x", "later": Sealed(UNKNOWN_STRING_VALUE)})
    assert value["rules"] == rules and isinstance(value["rules"], Held)
    assert value["rules"][0]["expression"] == '(http.host eq "h")'
    assert value["later"] == UNKNOWN and not isinstance(value["name"], Held)
