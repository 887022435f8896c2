"""Fastly in front of a private R2 bucket under the existing rules: the shipped example passes
every rule, and its unsafe variants are caught by the rule that owns each risk (a public r2.dev
address: object-storage-private; the R2 key in the stack file in clear: stack-file-secrets; the
signing VCL not held as a secret: generated-secrets; plain HTTP to R2: cdn-https-only)."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from graph_memo import build_graph
from policy_graphs import messages

from costmodel.model.graph import Resource
from indexplan.stackfile import load_stack_file
from policy.plaintext_secrets import stack_file_secrets
from policy.rules import check, not_verified

EXAMPLE = Path("examples/Pulumi.fastly-r2.yaml")
SERVICE = "fastly:index/serviceVcl:ServiceVcl"
# What infra/cdn/sigv4_miss.vcl renders to, cut to the lines that hold the key.
SIGNING_VCL = (
    'set var.secretKey = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";\n'
    'set var.signature = digest.awsv4_hmac(var.secretKey, var.dateStamp, var.region, "s3", '
    "var.stringToSign);\n"
)


def graph() -> list[Resource]:
    return build_graph(load_stack_file(EXAMPLE))


def changed(resources: list[Resource], type_: str, **inputs: Any) -> list[Resource]:
    """The graph with the one resource of `type_` given these inputs."""
    return [
        dataclasses.replace(r, inputs={**r.inputs, **inputs}) if r.type == type_ else r
        for r in resources
    ]


def test_the_example_passes_every_rule_and_nothing_is_left_unverified():
    stack = load_stack_file(EXAMPLE)
    resources = graph()
    assert check(resources, stack.config, str(EXAMPLE), stack.text) == []
    assert not_verified(resources) == []


def test_a_public_r2_dev_address_is_caught():
    public = changed(graph(), "cloudflare:index/r2ManagedDomain:R2ManagedDomain", enabled=True)
    assert messages("object-storage-private", *public) == [
        "storage-files-r2-dev: R2 bucket's public r2.dev address: enabled must be false, got True"
    ]


def test_the_r2_key_in_clear_in_the_stack_file_is_caught():
    config = {"r2:readerKeyId": "a" * 32, "r2:readerKey": "b" * 64}
    (violation,) = stack_file_secrets(config, "Pulumi.t.yaml")
    assert violation.rule == "stack-file-secrets"
    assert violation.message.startswith("config key r2:readerKey holds a plaintext secret")
    assert "b" * 64 not in violation.message  # names the key, never the value
    secure = {**config, "r2:readerKey": {"secure": "v1:AAAAAAAAAAAAAAAA:BBBBBBBB"}}
    assert stack_file_secrets(secure, "Pulumi.t.yaml") == []


def test_a_signing_snippet_that_is_not_a_secret_is_caught():
    (service,) = [r for r in graph() if r.type == SERVICE]
    snippet = {"name": "sign-origin-requests", "type": "miss", "content": SIGNING_VCL}
    plain = changed([service], SERVICE, snippets=[snippet])
    assert messages("generated-secrets", *plain) == [
        "cdn-service: input snippets[0].content signs origin requests with a storage key written "
        "in plaintext; make the snippet a Pulumi secret (pulumi.Output.secret) so it stays "
        "encrypted"
    ]
    # a snippet that signs nothing (the archive fallback's) holds no key
    fallback = {"name": "archive-on-restart", "type": "recv", "content": "set req.backend = x;"}
    assert messages("generated-secrets", *changed([service], SERVICE, snippets=[fallback])) == []
    # only the content held as a secret: as safe as the whole list
    hidden = {**snippet, "content": "[secret]"}
    assert messages("generated-secrets", *changed([service], SERVICE, snippets=[hidden])) == []


def test_plain_http_to_r2_is_caught():
    resources = graph()
    (service,) = [r for r in resources if r.type == SERVICE]
    (backend,) = service.inputs["backends"]
    plain = changed(resources, SERVICE, backends=[{**backend, "useSsl": False}])
    assert messages("cdn-https-only", *plain) == [
        "cdn-service: Fastly backend storage: useSsl must be true, got False"
    ]
