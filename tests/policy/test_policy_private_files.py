"""private-files-token: a private index's files host answers only URLs with a valid token.

Cloudflare documents token authentication as a WAF custom rule (phase
http_request_firewall_custom) that blocks the host unless is_timed_hmac_valid_v0() accepts the
URL, and the function needs the zone on Pro, Business or Enterprise
(developers.cloudflare.com/waf/custom-rules/use-cases/configure-token-authentication/)."""

from __future__ import annotations

import json
from pathlib import Path

from policy_graphs import messages, res

from costmodel.model.graph import SECRET, from_dicts

INSECURE = from_dicts(
    json.loads((Path(__file__).parents[1] / "fixtures" / "graphs" / "insecure.json").read_text())
)
CDN = "indexplan:cdn:Cloudflare"
HOST = "files.packages.example.com"
RULE = "private-files-token"
TOKEN_RULE = {
    "description": "block the files hostname without a valid token",
    "expression": f'(http.host eq "{HOST}" and not is_timed_hmac_valid_v0("k", '
    "http.request.uri, 3600, http.request.timestamp.sec, 8))",
    "action": "block",
    "enabled": True,
}


def setup(private: bool = True, plan: str | None = "pro", rules: object = SECRET) -> list:
    """A Cloudflare CDN as infra/cdn/cloudflare.py makes it: zone, R2 domain, token rules."""
    graph = [
        res(CDN, "cdn", **({"private": True} if private else {})),
        res("cloudflare:index/zone:Zone", "cdn-zone", CDN, name="packages.example.com"),
        res(
            "cloudflare:index/r2CustomDomain:R2CustomDomain",
            "cdn-r2-domain",
            CDN,
            domain=HOST,
            zoneId="cdn-zone-b6ec18c2",
        ),
    ]
    if plan is not None:
        subscription = res(
            "cloudflare:index/zoneSubscription:ZoneSubscription",
            "cdn-plan",
            CDN,
            zoneId="cdn-zone-b6ec18c2",
            ratePlan={"id": plan},
        )
        graph.append(subscription)
    if rules is not None:
        ruleset = res(
            "cloudflare:index/ruleset:Ruleset",
            "cdn-file-tokens",
            CDN,
            zoneId="cdn-zone-b6ec18c2",
            phase="http_request_firewall_custom",
            rules=rules,
        )
        graph.append(ruleset)
    return graph


def test_a_private_zone_with_the_token_rule_on_pro_passes():
    # offline the rule list is [secret] (it holds the key): not a violation, but not verified
    # either (tests/policy/test_policy_private_files_shape.py); the pack sees it decrypted
    assert messages(RULE, *setup()) == []
    assert messages(RULE, *setup(rules=[TOKEN_RULE], plan="business")) == []


def test_a_private_files_host_without_a_token_rule_fails():
    assert messages(RULE, *setup(rules=None)) == [
        f"cdn-zone: private index: {HOST} answers without a token; add a WAF custom rule that "
        "blocks it unless is_timed_hmac_valid_v0() accepts the URL "
        '(phase "http_request_firewall_custom")'
    ]


def test_a_rule_that_does_not_block_or_checks_another_host_is_no_token_check():
    for wrong in (
        {**TOKEN_RULE, "action": "log"},
        {**TOKEN_RULE, "enabled": False},
        {**TOKEN_RULE, "expression": TOKEN_RULE["expression"].replace(HOST, "other.example")},
        {**TOKEN_RULE, "expression": f'(http.host eq "{HOST}")'},
    ):
        assert len(messages(RULE, *setup(rules=[wrong]))) == 1, wrong


def test_the_free_plan_has_no_hmac_function():
    # no subscription: a zone is on Free; the function needs Pro or above
    expected = (
        "cdn-zone: private index: the zone's plan must be pro, business, enterprise for "
        "is_timed_hmac_valid_v0(), got 'free'"
    )
    assert messages(RULE, *setup(plan=None)) == [expected]
    assert messages(RULE, *setup(plan="free")) == [expected]


def test_a_public_index_is_not_held_to_it():
    assert messages(RULE, *setup(private=False, plan=None, rules=None)) == []


def test_a_private_index_on_another_cdn_fails():
    fastly = res("indexplan:cdn:Fastly", "cdn", private=True)
    assert messages(RULE, fastly) == [
        "cdn: a private index's files host has no token check (wired for Cloudflare only)"
    ]


def test_the_insecure_fixture_fails_both_ways():
    assert messages(RULE, *INSECURE) == [
        "cdn-zone: private index: files.example-index.org answers without a token; add a WAF "
        "custom rule that blocks it unless is_timed_hmac_valid_v0() accepts the URL "
        '(phase "http_request_firewall_custom")',
        "cdn-zone: private index: the zone's plan must be pro, business, enterprise for "
        "is_timed_hmac_valid_v0(), got 'free'",
    ]
