"""private-files-token checks the token rule's shape, not substrings (s8-review-sec finding 3).

A rule that keeps both `http.host eq "<host>"` and `not is_timed_hmac_valid_v0(` but adds an
`or` or an `and` can block nothing; a `skip` rule before it lets requests past it. Offline the
rules are secret (they hold the key): `check` says "not verifiable offline", never "passed"."""

from __future__ import annotations

import pytest
from policy_graphs import messages, res
from test_policy_private_files import HOST, RULE, TOKEN_RULE, setup

from costmodel.model.graph import SECRET
from policy.rules import RULES, not_verified

EXPRESSION = TOKEN_RULE["expression"]
MISSING = (
    f"cdn-zone: private index: {HOST} answers without a token; add a WAF custom rule that "
    "blocks it unless is_timed_hmac_valid_v0() accepts the URL "
    '(phase "http_request_firewall_custom")'
)
HMAC = 'is_timed_hmac_valid_v0("k", http.request.uri, 3600, http.request.timestamp.sec, 8)'


@pytest.mark.parametrize(
    "expression",
    [
        # the reviewer's three: narrowed to a path that never occurs, an always-true `or`,
        # an extra condition that is false for every real client
        EXPRESSION[:-1] + ' and http.request.uri.path eq "/never")',
        f'(http.host eq "{HOST}" and not {HMAC} and ip.src eq 192.0.2.1)',
        f'(http.host eq "{HOST}" and not {HMAC}) and false',
        f'(http.host eq "{HOST}" and not {HMAC} or true)',
        f'(http.host eq "{HOST}" or not {HMAC})',
        f'(http.host eq "{HOST}" and {HMAC})',  # blocks the valid tokens instead
        f'(http.host eq "{HOST}" and not {HMAC}',  # unbalanced: Cloudflare refuses it
        f'(http.host eq "{HOST}" and not is_timed_hmac_valid_v0("", http.request.uri, 3600, '
        "http.request.timestamp.sec, 8))",  # no key
        f'(http.host eq "x{HOST}" and not {HMAC})',
    ],
)
def test_a_token_rule_with_anything_more_or_less_is_no_token_check(expression):
    assert messages(RULE, *setup(rules=[{**TOKEN_RULE, "expression": expression}])) == [MISSING]


def test_the_documented_rule_in_its_other_spellings_passes():
    for expression in (
        EXPRESSION,
        EXPRESSION[1:-1],  # without the outer parentheses
        f'( http.host == "{HOST}" && !{HMAC} )',
    ):
        assert messages(RULE, *setup(rules=[{**TOKEN_RULE, "expression": expression}])) == []
    # `enabled` left out is Cloudflare's default, enabled
    rule = {k: v for k, v in TOKEN_RULE.items() if k != "enabled"}
    assert messages(RULE, *setup(rules=[rule])) == []


def test_a_skip_rule_before_the_token_rule_lets_requests_past_it():
    skip = {"expression": f'(http.host eq "{HOST}")', "action": "skip", "enabled": True}
    assert messages(RULE, *setup(rules=[skip, TOKEN_RULE])) == [
        f"cdn-zone: private index: WAF rule 1 (skip) comes before the token rule and can let "
        f"requests to {HOST} past it; put the token rule first"
    ]
    # after it, or disabled, a skip rule changes nothing for the files host
    assert messages(RULE, *setup(rules=[TOKEN_RULE, skip])) == []
    assert messages(RULE, *setup(rules=[{**skip, "enabled": False}, TOKEN_RULE])) == []


def test_offline_the_secret_rules_are_not_verifiable_never_passed():
    expected = [
        (
            "private-files-token",
            "cdn-zone",
            "private index: the WAF rules hold the token key, so they are secret here and "
            "their shape is not verifiable offline; the policy pack checks it at preview",
        )
    ]
    for rules in (SECRET, [{**TOKEN_RULE, "expression": SECRET}]):
        graph = setup(rules=rules)
        assert messages(RULE, *graph) == []  # not a violation: the pack checks it
        assert [(v.rule, v.resource, v.message) for v in not_verified(graph)] == expected
    # decrypted (as the pack sees it), or a public index: nothing left unread
    assert not_verified(setup(rules=[TOKEN_RULE])) == []
    assert not_verified(setup(private=False, plan=None)) == []
    # only this rule has inputs it cannot read offline
    assert [r.id for r in RULES if r.unverified] == ["private-files-token"]


def test_a_ruleset_in_another_phase_is_not_the_waf():
    graph = setup(rules=None)
    graph.append(
        res(
            "cloudflare:index/ruleset:Ruleset",
            "cdn-cache-rules",
            graph[0].type,
            zoneId="cdn-zone-b6ec18c2",
            phase="http_request_cache_settings",
            rules=[TOKEN_RULE],
        )
    )
    assert messages(RULE, *graph) == [MISSING]
