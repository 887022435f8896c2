"""Fastly in front of a private R2 bucket (s8-review-ops finding 4): the program reads R2
through its S3 API with signed requests, from a key that can read that bucket only.

Sources: developers.cloudflare.com/r2/api/tokens/ (S3 endpoint `<ACCOUNT_ID>.r2.cloudflarestorage
.com`, `<ACCOUNT_ID>.eu.r2...` for the EU jurisdiction; a bucket as a token policy names it,
`com.cloudflare.edge.r2.bucket.<ACCOUNT_ID>_<JURISDICTION>_<BUCKET_NAME>`; "Workers R2 Storage
Bucket Item Read" = 6a018a9f2fc74eb6b293b0c548f38b39; "Access Key ID: the id of the API
token. Secret Access Key: the SHA-256 hash of the API token value"), Fastly's "Using
S3-compatible buckets as private origins" (SigV4 in VCL, `digest.awsv4_hmac(key, date, region,
service, string)`).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from graph_memo import REAL_BUILD_GRAPH, build_graph
from stack_fixtures import write_stack
from test_infra_bad_stack_files import assert_one_line_error

import indexplan.graph
from costmodel.model.graph import SECRET, Resource
from indexplan.cli import main
from indexplan.stackfile import StackFile, load_stack_file
from infra.config import StackConfigError, parse_stack_config

EXAMPLE = Path("examples/Pulumi.fastly-r2.yaml")
ACCOUNT = "0123456789abcdef0123456789abcdef"
ENDPOINT = f"{ACCOUNT}.r2.cloudflarestorage.com"
BUCKET = "fastly-r2-storage-files"  # bucket_name("<stack>-storage-files")
TOKEN = "cloudflare:index/accountToken:AccountToken"
SERVICE = "fastly:index/serviceVcl:ServiceVcl"
# A token made in the dashboard: its ID (32 hex) and Secret Access Key (64 hex).
KEY_ID = "a" * 32
KEY = "b" * 64


def example() -> StackFile:
    return load_stack_file(EXAMPLE)


def one(graph: list[Resource], type_: str) -> Resource:
    (found,) = [r for r in graph if r.type == type_]
    return found


def revealed(stack: StackFile, monkeypatch: pytest.MonkeyPatch) -> list[Resource]:
    """The stack's graph with Pulumi secrets shown as their values (to read the VCL)."""
    from pulumi.runtime import rpc

    plain = indexplan.graph._plain

    def reveal(value: Any) -> Any:
        return plain(rpc.unwrap_rpc_secret(value) if rpc.is_rpc_secret(value) else value)

    monkeypatch.setattr(indexplan.graph, "_plain", reveal)
    return REAL_BUILD_GRAPH(stack)


def signing_vcl(graph: list[Resource]) -> str:
    (snippet,) = one(graph, SERVICE).inputs["snippets"]
    assert (snippet["name"], snippet["type"]) == ("sign-origin-requests", "miss")
    return snippet["content"]


def test_fastly_with_r2_storage_is_taken():
    roles = example().stack_config().roles
    assert (roles["cdn"], roles["storage"]) == ("fastly", "cloudflare")


def test_the_backend_is_r2s_s3_endpoint_over_verified_tls_and_the_vcl_is_secret():
    graph = build_graph(example())
    service = one(graph, SERVICE)
    (backend,) = service.inputs["backends"]
    assert backend["address"] == ENDPOINT
    for key in ("overrideHost", "sslCertHostname", "sslSniHostname"):
        assert backend[key] == ENDPOINT
    assert (backend["port"], backend["useSsl"], backend["sslCheckCert"]) == (443, True, True)
    assert backend["minTlsVersion"] == "1.2"
    assert service.inputs["snippets"] == SECRET  # it holds the signing key


def test_the_bucket_stays_private_and_a_read_only_token_for_it_alone_is_created():
    graph = build_graph(example())
    bucket = one(graph, "cloudflare:index/r2Bucket:R2Bucket")
    assert bucket.inputs["name"] == BUCKET
    assert one(graph, "cloudflare:index/r2ManagedDomain:R2ManagedDomain").inputs["enabled"] is False
    assert not [r for r in graph if r.type == "cloudflare:index/r2CustomDomain:R2CustomDomain"]
    token = one(graph, TOKEN)
    assert token.inputs["accountId"] == ACCOUNT
    (policy,) = token.inputs["policies"]
    assert policy["effect"] == "allow"
    assert policy["permissionGroups"] == [{"id": "6a018a9f2fc74eb6b293b0c548f38b39"}]
    resources = json.loads(policy["resources"])
    assert resources == {f"com.cloudflare.edge.r2.bucket.{ACCOUNT}_default_{BUCKET}": "*"}


def test_the_vcl_signs_for_r2_host_region_auto_service_s3_with_the_tokens_key(monkeypatch):
    from indexplan.mocks import _token

    graph = revealed(example(), monkeypatch)
    vcl = signing_vcl(graph)
    # the mocks' ID for the token (indexplan/mocks.py: `<name>-<sha256(type + name)[:8]>`)
    token_id = f"storage-files-reader-{_token(TOKEN + 'storage-files-reader')}"
    # the mock's token value (indexplan/mocks.py) and R2's rule: secret = sha256(value), hex
    value = f"mock-{_token('storage-files-reader', 35)}"
    secret = hashlib.sha256(value.encode()).hexdigest()
    assert f'set var.accessKey = "{token_id}";' in vcl
    assert f'set var.secretKey = "{secret}";' in vcl
    assert 'set var.region = "auto";' in vcl
    assert f'set bereq.http.host = "{ENDPOINT}";' in vcl
    # path-style: the account's endpoint, the bucket first in the path
    assert f'set bereq.url = "/{BUCKET}" querystring.remove(bereq.url);' in vcl
    assert 'var.scope = var.dateStamp "/" var.region "/s3/aws4_request"' in vcl
    assert 'digest.awsv4_hmac(var.secretKey, var.dateStamp, var.region, "s3",' in vcl
    assert "if (!req.backend.is_shield) {" in vcl  # only the fetch to the origin is signed


def test_a_key_made_in_the_dashboard_is_used_and_no_token_is_created(monkeypatch):
    stack = example()
    config = {**stack.config, "r2:readerKeyId": KEY_ID, "r2:readerKey": KEY}
    keyed = dataclasses.replace(stack, config=config, secret_keys=frozenset({"r2:readerKey"}))
    graph = revealed(keyed, monkeypatch)
    assert not [r for r in graph if r.type == TOKEN]
    vcl = signing_vcl(graph)
    assert f'set var.accessKey = "{KEY_ID}";' in vcl
    assert f'set var.secretKey = "{KEY}";' in vcl


def test_an_eu_bucket_is_read_at_the_eu_endpoint_and_named_so_in_the_token():
    stack = example()
    config = {**stack.config, "indexplan:storage": {"jurisdiction": "eu"}}
    graph = build_graph(dataclasses.replace(stack, config=config))
    (backend,) = one(graph, SERVICE).inputs["backends"]
    assert backend["address"] == f"{ACCOUNT}.eu.r2.cloudflarestorage.com"
    (policy,) = one(graph, TOKEN).inputs["policies"]
    assert list(json.loads(policy["resources"])) == [
        f"com.cloudflare.edge.r2.bucket.{ACCOUNT}_eu_{BUCKET}"
    ]


def config_with(**extra: object) -> dict[str, Any]:
    return {**example().config, **extra}


@pytest.mark.parametrize(
    "key_id", ["A" * 32, "a" * 31, "a" * 33, 'aaaa"; error 601 "x', "g" * 32, 1234]
)
def test_an_r2_key_id_not_of_its_form_is_refused(key_id):
    config = config_with(**{"r2:readerKeyId": key_id, "r2:readerKey": KEY})
    with pytest.raises(StackConfigError) as raised:
        parse_stack_config(config, "Pulumi.t.yaml")
    assert str(raised.value).startswith(
        "Pulumi.t.yaml: r2:readerKeyId: must be an R2 access key ID (32 hex digits), got "
    )


@pytest.mark.parametrize(
    ("given", "missing"),
    [("r2:readerKeyId", "r2:readerKey"), ("r2:readerKey", "r2:readerKeyId")],
)
def test_a_referenced_key_needs_both_its_id_and_its_secret(given, missing):
    value = {"r2:readerKeyId": KEY_ID, "r2:readerKey": {"secure": "v1:AAAA:BBBB"}}[given]
    with pytest.raises(StackConfigError) as raised:
        parse_stack_config(config_with(**{given: value}), "Pulumi.t.yaml")
    assert str(raised.value) == (
        f"Pulumi.t.yaml: {missing}: required with {given}: set both, or neither to have one created"
    )


def test_through_the_cli_a_lone_key_id_is_one_line_and_exit_2(capsys, tmp_path):
    path = write_stack(tmp_path, "r2half", config_with(**{"r2:readerKeyId": KEY_ID}))
    assert_one_line_error(capsys, path, "r2:readerKey: required with r2:readerKeyId")


def test_neither_the_token_value_nor_the_signing_key_reaches_any_output(capsys, monkeypatch):
    """Record every secret the mocks make (the token's value) while the CLI runs, and look for
    it, and the key derived from it, in every format of `resources` and `estimate`."""
    from pulumi.runtime import rpc

    made: list[str] = []
    wrap = rpc.wrap_rpc_secret

    def recording(value: Any) -> Any:
        made.append(str(value))
        return wrap(value)

    monkeypatch.setattr(rpc, "wrap_rpc_secret", recording)
    monkeypatch.setattr(indexplan.graph, "build_graph", REAL_BUILD_GRAPH)
    outputs = []
    for command in ("resources", "estimate"):
        for fmt in ("table", "json", "csv", "markdown"):
            args = [command, str(EXAMPLE), "--format", fmt]
            assert main([*args, "-s", "pypi-2026"] if command == "estimate" else args) == 0
            outputs.append(capsys.readouterr().out)
    secrets = [v for v in made if v.startswith("mock-")]
    assert secrets, "the token made no secret; this test would prove nothing"
    derived = [hashlib.sha256(v.encode()).hexdigest() for v in secrets]
    for out in outputs:
        for value in secrets + derived:
            assert value not in out


def test_the_secret_is_the_sha256_of_the_token_value_and_never_of_nothing():
    from infra.storage.r2 import secret_access_key

    # sha256("abc"), FIPS 180-2 appendix B.1
    expected = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    assert secret_access_key("abc") == expected
    for missing in (None, ""):
        with pytest.raises(ValueError, match="the R2 reader token's value is not known"):
            secret_access_key(missing)
