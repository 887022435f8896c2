"""A private index's files host answers only requests that carry a valid token.

The program marks a private index on its CDN component (`private: true`). Cloudflare's token
authentication is a WAF custom rule that blocks the files host unless
`is_timed_hmac_valid_v0()` accepts the URL's HMAC
(developers.cloudflare.com/waf/custom-rules/use-cases/configure-token-authentication/), and
the function needs the zone on Pro, Business or Enterprise. The rule holds the key, so its
rules are secret: offline (`indexplan check`) a secret rule list in that phase on the zone is
taken as the check; the policy pack sees it decrypted and checks the expression itself.
"""

from __future__ import annotations

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


def private_files_token(graph: Graph) -> Iterator[Finding]:
    for cdn in graph:
        if not cdn.type.startswith("indexplan:cdn:") or cdn.inputs.get("private") is not True:
            continue
        if cdn.type != CLOUDFLARE_CDN:
            yield cdn, "a private index's files host has no token check (wired for Cloudflare only)"
            continue
        zones = [r for r in of_type(graph, ZONE) if r.parent_type == cdn.type]
        for domain in of_type(graph, R2_DOMAIN):
            zone = resolve(domain.inputs.get("zoneId"), zones)
            if zone is not None:
                host = domain.inputs.get("domain")
                yield from _zone_checks(graph, zone, zones, str(host or "the files host"))


def _zone_checks(
    graph: Graph, zone: Resource, zones: list[Resource], host: str
) -> Iterator[Finding]:
    mine = [r for r in graph if r.type in (RULESET, SUBSCRIPTION)]
    mine = [r for r in mine if resolve(r.inputs.get("zoneId"), zones) is zone]
    waf = [r for r in mine if r.type == RULESET and r.inputs.get("phase") == WAF_PHASE]
    if not any(_checks_token(rule, host) for r in waf for rule in _rules(r)):
        yield (
            zone,
            (
                f"private index: {host} answers without a token; add a WAF custom rule that blocks "
                f'it unless is_timed_hmac_valid_v0() accepts the URL (phase "{WAF_PHASE}")'
            ),
        )
    plans = [_plan(r) for r in mine if r.type == SUBSCRIPTION] or ["free"]
    if not any(p in HMAC_PLANS for p in plans):
        yield (
            zone,
            (
                f"private index: the zone's plan must be {', '.join(HMAC_PLANS)} for "
                f"is_timed_hmac_valid_v0(), got {', '.join(map(repr, plans))}"
            ),
        )


def _rules(ruleset: Resource) -> list[Any]:
    rules = ruleset.inputs.get("rules")
    return [SECRET] if rules == SECRET else items(rules)


def _checks_token(rule: Any, host: str) -> bool:
    if rule == SECRET:
        return True  # the rule list holds the key; see the module's docstring
    if not isinstance(rule, Mapping) or rule.get("enabled") is False:
        return False
    expression = rule.get("expression")
    if rule.get("action") != "block" or not isinstance(expression, str):
        return False
    if expression == SECRET:
        return True
    return f'http.host eq "{host}"' in expression and "not is_timed_hmac_valid_v0(" in expression


def _plan(subscription: Resource) -> str:
    rate = subscription.inputs.get("ratePlan")
    value = rate.get("id") if isinstance(rate, Mapping) else None
    return str(value).lower()
