"""Findings a stack file accepts, each with its reason: `indexplan:accept`.

    indexplan:accept:
      - rule: iam-least-privilege
        resource: deploy-role-admin        # the resource's logical name, as check shows it
        reason: the CI deploy role creates every resource of the stack (SEC-142)

Only rules that say so may be accepted (a least-privilege finding can be a deliberate choice;
a public bucket never is). An accepted finding stays in the report, advisory, with the reason,
so `check` and the policy pack show it without failing; an entry that accepts nothing (the
resource is gone or fixed) is an advisory finding of its own, so stale acceptances do not
linger; `indexplan diff` names a change that adds one (policy/posture.py).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from costmodel.errors import InputError
from policy.model import Graph, Violation

KEY = "indexplan:accept"
FIELDS = ("rule", "resource", "reason")
ACCEPTED = "accepted in the stack file"


@dataclass(frozen=True)
class Acceptance:
    rule: str
    resource: str
    reason: str


def parse_acceptances(
    config: Mapping[str, Any], where: str, acceptable: Collection[str]
) -> list[Acceptance]:
    """The stack's acceptances; InputError naming the entry and field when one is malformed."""
    entries = config.get(KEY)
    if entries is None:
        return []
    if not isinstance(entries, list):
        raise InputError(where, KEY, f"must be a list of {{{', '.join(FIELDS)}}} entries")
    found = []
    for n, entry in enumerate(entries):
        field = f"{KEY}[{n}]"
        if not isinstance(entry, Mapping) or set(entry) != set(FIELDS):
            raise InputError(where, field, f"must have exactly the keys {', '.join(FIELDS)}")
        for key in FIELDS:
            value = entry[key]
            if not isinstance(value, str) or not value.strip() or not value.isprintable():
                raise InputError(where, f"{field}.{key}", "must be a non-empty line of text")
        if entry["rule"] not in acceptable:
            raise InputError(
                where, f"{field}.rule", f"only {', '.join(sorted(acceptable))} may be accepted"
            )
        found.append(Acceptance(entry["rule"], entry["resource"], entry["reason"].strip()))
    return found


def accept(violations: Iterable[Violation], acceptances: list[Acceptance]) -> list[Violation]:
    """`violations` with those the stack accepts made advisory, the reason in the message."""
    by_key = {(a.rule, a.resource): a for a in acceptances}
    out = []
    for v in violations:
        taken = by_key.get((v.rule, v.resource))
        if taken and v.enforcement == "mandatory":
            v = replace(
                v, enforcement="advisory", message=f"{v.message} ({ACCEPTED}: {taken.reason})"
            )
        out.append(v)
    return out


def is_accepted(violation: Violation) -> bool:
    return f"({ACCEPTED}: " in violation.message and violation.enforcement == "advisory"


def unused(
    violations: Iterable[Violation], acceptances: list[Acceptance], graph: Graph
) -> list[Violation]:
    """An advisory finding for each acceptance that matches no violation of the whole graph."""
    found = {(v.rule, v.resource) for v in violations}
    types = {r.name: (r.type, r.urn) for r in graph}
    out = []
    for taken in acceptances:
        if (taken.rule, taken.resource) in found:
            continue
        type_, urn = types.get(taken.resource, ("", ""))
        where = "finds nothing to accept there" if type_ else "has no such resource"
        message = (
            f"{KEY} accepts this {taken.rule} finding, but the stack {where}; remove the entry"
        )
        out.append(Violation(taken.rule, "advisory", taken.resource, type_, message, urn))
    return out
