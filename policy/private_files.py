"""A private index's files host answers only requests that carry a valid token.

The program marks a private index on its CDN component (`private: true`). Cloudflare's token
authentication is a WAF custom rule that blocks the files host unless
`is_timed_hmac_valid_v0()` accepts the URL's HMAC
(developers.cloudflare.com/waf/custom-rules/use-cases/configure-token-authentication/), and
the function needs the zone on Pro, Business or Enterprise. The rule must have that shape and
nothing more: its expression exactly the host test and the negated HMAC call (an added `or` or
`and` could make it block nothing), `block`, enabled, and no `skip` rule before it. The rule
holds the key, so its rules are secret: offline (`indexplan check`) a secret rule list cannot
be read, and `unverified_offline` says so instead of letting it pass; the policy pack sees it
decrypted and checks the shape itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from costmodel.model.graph import SECRET, Resource
from policy.model import Finding, Graph, items, of_type
from policy.refs import resolve

CLOUDFLARE_CDN = "indexplan:cdn:Cloudflare"
ZONE = "cloudflare:index/zone:Zone"
R2_DOMAIN = "cloudflare:index/r2CustomDomain:R2CustomDomain"
RULESET = "cloudflare:index/ruleset:Ruleset"
SUBSCRIPTION = "cloudflare:index/zoneSubscription:ZoneSubscription"
WAF_PHASE = "http_request_firewall_custom"
HMAC_PLANS = ("pro", "business", "enterprise")  # the plans with is_timed_hmac_valid_v0()
# Cloudflare's documented token rule, whole: `http.host eq "<host>" and not
# is_timed_hmac_valid_v0("<key>", http.request.uri, <seconds>, http.request.timestamp.sec,
# <length of "?verify=">)`, in parentheses or not; `==`, `&&` and `!` are the Rules language's
# other spellings of eq, and, not (developers.cloudflare.com/ruleset-engine/rules-language/).
_TOKEN_EXPRESSION = re.compile(
    r'\s*(?P<open>\(\s*)?http\.host\s*(?:eq|==)\s*"(?P<host>[^"\\]*)"\s*(?:and|&&)\s*'
    r'(?:not\s+|!\s*)is_timed_hmac_valid_v0\(\s*"[^"\\]+"\s*,\s*http\.request\.uri\s*,\s*'
    r"[1-9]\d*\s*,\s*http\.request\.timestamp\.sec\s*,\s*[1-9]\d*\s*\)"
    r"(?(open)\s*\))\s*"
)
BYPASSES = ("skip", "allow")  # actions that let a request past the rules after them


def private_files_token(graph: Graph) -> Iterator[Finding]:
    for cdn in graph:
        private = cdn.type.startswith("indexplan:cdn:") and cdn.inputs.get("private") is True
        if private and cdn.type != CLOUDFLARE_CDN:
            yield cdn, "a private index's files host has no token check (wired for Cloudflare only)"
    for zone, host, rules, plans in _private_zones(graph):
        yield from _token_checks(zone, host, rules)
        if not any(p in HMAC_PLANS for p in plans):
            yield (
                zone,
                (
                    f"private index: the zone's plan must be {', '.join(HMAC_PLANS)} for "
                    f"is_timed_hmac_valid_v0(), got {', '.join(map(repr, plans))}"
                ),
            )


def unverified_offline(graph: Graph) -> Iterator[Finding]:
    """The private zones whose WAF rules are secret here: their shape cannot be read."""
    for zone, _host, rules, _plans in _private_zones(graph):
        if SECRET in rules or any(_expression(rule) == SECRET for rule in rules):
            yield (
                zone,
                "private index: the WAF rules hold the token key, so they are secret here and "
                "their shape is not verifiable offline; the policy pack checks it at preview",
            )


def _private_zones(graph: Graph) -> Iterator[tuple[Resource, str, list[Any], list[str]]]:
    """(zone, files host, its WAF custom rules in order, its plans) of each private
    Cloudflare CDN."""
    for cdn in graph:
        if cdn.type != CLOUDFLARE_CDN or cdn.inputs.get("private") is not True:
            continue
        zones = [r for r in of_type(graph, ZONE) if r.parent_type == cdn.type]
        for domain in of_type(graph, R2_DOMAIN):
            zone = resolve(domain.inputs.get("zoneId"), zones)
            if zone is None:
                continue
            mine = [
                r
                for r in of_type(graph, RULESET, SUBSCRIPTION)
                if resolve(r.inputs.get("zoneId"), zones) is zone
            ]
            waf = [r for r in mine if r.type == RULESET and r.inputs.get("phase") == WAF_PHASE]
            plans = [_plan(r) for r in mine if r.type == SUBSCRIPTION] or ["free"]
            host = str(domain.inputs.get("domain") or "the files host")
            yield zone, host, [rule for r in waf for rule in _rules(r)], plans


def _token_checks(zone: Resource, host: str, rules: list[Any]) -> Iterator[Finding]:
    """The token rule is there, whole, and no rule before it lets a request past it."""
    token = next((n for n, rule in enumerate(rules) if _checks_token(rule, host)), None)
    if token is None:
        yield (
            zone,
            (
                f"private index: {host} answers without a token; add a WAF custom rule that blocks "
                f'it unless is_timed_hmac_valid_v0() accepts the URL (phase "{WAF_PHASE}")'
            ),
        )
    for n, rule in enumerate(rules[:token]):
        if isinstance(rule, Mapping) and _enabled(rule) and rule.get("action") in BYPASSES:
            yield (
                zone,
                f"private index: WAF rule {n + 1} ({rule.get('action')}) comes before the token "
                f"rule and can let requests to {host} past it; put the token rule first",
            )


def _rules(ruleset: Resource) -> list[Any]:
    rules = ruleset.inputs.get("rules")
    return [SECRET] if rules == SECRET else items(rules)


def _expression(rule: Any) -> Any:
    return rule.get("expression") if isinstance(rule, Mapping) else None


def _enabled(rule: Mapping[str, Any]) -> bool:
    return rule.get("enabled", True) is True  # Cloudflare's default: enabled


def _checks_token(rule: Any, host: str) -> bool:
    if rule == SECRET:
        return True  # unreadable offline: unverified_offline says so; the pack checks it
    if not isinstance(rule, Mapping) or not _enabled(rule) or rule.get("action") != "block":
        return False
    expression = rule.get("expression")
    if expression == SECRET:
        return True  # as above
    match = _TOKEN_EXPRESSION.fullmatch(expression) if isinstance(expression, str) else None
    return match is not None and match["host"] == host


def _plan(subscription: Resource) -> str:
    rate = subscription.inputs.get("ratePlan")
    value = rate.get("id") if isinstance(rate, Mapping) else None
    return str(value).lower()
