"""A private index (`indexplan:private: true`, stacks/Pulumi.private-small.yaml): its files host
answers only URLs the app signed. Cloudflare's token authentication, a WAF custom rule with
is_timed_hmac_valid_v0() (developers.cloudflare.com/waf/custom-rules/use-cases/
configure-token-authentication/), on a zone on Pro or above; the key generated, a secret, and
handed to Cloud Run through Secret Manager."""

from __future__ import annotations

import copy
import json

import pytest
from graph_memo import build_graph
from graph_query import one
from stack_fixtures import config_of, shipped, write_stack
from test_infra_bad_stack_files import assert_one_line_error

from costmodel.model.graph import SECRET, Resource
from indexplan.stackfile import load_stack_file
from infra.config import StackConfigError, parse_stack_config

CDN = "indexplan:cdn:Cloudflare"
RULESET = "cloudflare:index/ruleset:Ruleset"


@pytest.fixture(scope="module")
def private() -> list[Resource]:
    return build_graph(load_stack_file(shipped("private-small")))


@pytest.fixture(scope="module")
def public(tmp_path_factory) -> list[Resource]:
    config = config_of("private-small")
    del config["indexplan:private"]
    path = write_stack(tmp_path_factory.mktemp("public"), "public-small", config)
    return build_graph(load_stack_file(path))


def test_the_shipped_private_stack_says_so():
    assert parse_stack_config(config_of("private-small"), "f").private is True
    assert parse_stack_config(config_of("static-index"), "f").private is False


def test_the_files_host_blocks_requests_without_a_valid_token(private):
    assert one(private, CDN).inputs == {"private": True}
    waf = one(private, RULESET, "cdn-file-tokens")
    assert waf.inputs["phase"] == "http_request_firewall_custom"
    assert waf.inputs["kind"] == "zone"
    # the rule holds the key: never shown
    assert waf.inputs["rules"] == SECRET
    plan = one(private, "cloudflare:index/zoneSubscription:ZoneSubscription").inputs
    assert plan["ratePlan"] == {"id": "pro"}  # the cheapest plan with the HMAC function
    key = one(private, "random:index/randomPassword:RandomPassword", "cdn-file-token-key")
    assert key.inputs == {"length": 64, "special": False}  # no quote to escape in the rule


def token_rule(hostname: str, key: str) -> str:
    """infra.cdn.cloudflare's, imported when a test calls it and as the graph builder loads the
    program (provider SDKs on demand, indexplan/sdk_on_demand.py). Imported at collection, it
    loaded pulumi_cloudflare whole in every test process (~3 s of CPU each) and made the
    process's later graph builds use the eager SDK package."""
    from indexplan.sdk_on_demand import on_demand

    with on_demand():
        from infra.cdn.cloudflare import token_rule

    return token_rule(hostname, key)


def test_the_rule_is_cloudflares_documented_expression():
    # Cloudflare's example: (http.host eq "<host>" and not is_timed_hmac_valid_v0("<key>",
    # http.request.uri, <lifetime s>, http.request.timestamp.sec, len("?verify=") = 8))
    assert token_rule("files.packages.example.com", "k3y") == (
        '(http.host eq "files.packages.example.com" and not is_timed_hmac_valid_v0("k3y", '
        "http.request.uri, 3600, http.request.timestamp.sec, 8))"
    )


def test_signed_urls_share_one_cached_copy(private):
    rules = one(private, RULESET, "cdn-cache-rules").inputs["rules"]
    key = rules[0]["actionParameters"]["cacheKey"]
    assert key == {"customKey": {"queryString": {"exclude": {"all": True}}}}


def test_the_app_reads_the_key_from_secret_manager(private):
    service = one(private, "gcp:cloudrunv2/service:Service").inputs
    (env,) = service["template"]["containers"][0]["envs"]
    assert env["name"] == "INDEX_FILE_TOKEN_KEY"
    secret = one(private, "gcp:secretmanager/secret:Secret")
    assert env["valueSource"]["secretKeyRef"]["version"] == "latest"
    assert env["valueSource"]["secretKeyRef"]["secret"].startswith(secret.name)
    assert one(private, "gcp:secretmanager/secretVersion:SecretVersion").inputs["secretData"] == (
        SECRET
    )
    reader = one(private, "gcp:secretmanager/secretIamMember:SecretIamMember").inputs
    assert reader["role"] == "roles/secretmanager.secretAccessor"
    assert (
        reader["member"]
        == "serviceAccount:app-runner@example-private-index.iam.gserviceaccount.com"
    )
    # the key's value appears nowhere in the graph
    text = json.dumps([r.to_dict() for r in private])
    assert "mock-" not in text


def test_without_the_setting_nothing_of_it_is_made(public, private):
    types = {r.type for r in private} - {r.type for r in public}
    assert types == {
        "cloudflare:index/zoneSubscription:ZoneSubscription",
        "gcp:secretmanager/secret:Secret",
        "gcp:secretmanager/secretVersion:SecretVersion",
        "gcp:secretmanager/secretIamMember:SecretIamMember",
    }
    assert [r.name for r in public if r.type == RULESET] == ["cdn-cache-rules"]
    assert one(public, CDN).inputs == {}
    assert (
        "envs"
        not in one(public, "gcp:cloudrunv2/service:Service").inputs["template"]["containers"][0]
    )


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        ({"indexplan:private": "yes"}, "indexplan:private: must be true or false, got 'yes'"),
        ({"indexplan:private": 1}, "indexplan:private: must be true or false, got 1"),
    ],
)
def test_the_setting_is_a_boolean(change, fragment):
    with pytest.raises(StackConfigError) as raised:
        parse_stack_config({**config_of("private-small"), **change}, "Pulumi.t.yaml")
    assert str(raised.value) == f"Pulumi.t.yaml: {fragment}"


def test_a_private_index_needs_the_cdn_and_app_that_do_tokens(capsys, tmp_path):
    static = config_of("static-index") | {"indexplan:private": True}
    path = write_stack(tmp_path, "static-private", static)
    assert_one_line_error(
        capsys, path, "indexplan:private", "token authentication on the files host is wired"
    )
    no_app = copy.deepcopy(config_of("private-small"))
    del no_app["indexplan:roles"]["app"], no_app["indexplan:app"]
    with pytest.raises(StackConfigError, match="needs the app role on gcp"):
        parse_stack_config(no_app, "Pulumi.t.yaml")
