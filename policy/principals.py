"""Who a policy grants to: the Principal of an AWS policy statement, the members of a Google
Cloud IAM resource. Read alike by the bucket rule (storage.py) and by public-principals."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from costmodel.files.bounds import Refused
from costmodel.files.jsonfile import decode_json
from costmodel.model.graph import UNKNOWN, Resource
from policy.model import Finding, dig, items

# Google Cloud's two members that stand for anyone (cloud.google.com/iam/docs/principals-overview).
PUBLIC_MEMBERS = frozenset({"allUsers", "allAuthenticatedUsers"})
CLOUDFRONT_PRINCIPAL = "cloudfront.amazonaws.com"
_DISTRIBUTION_ARN = re.compile(r"arn:aws[a-z-]*:cloudfront::\d{12}:distribution/[A-Z0-9]+")


class Unreadable(Exception):
    """A policy document that is not valid JSON (or past the reader's bounds)."""


def read_document(value: Any) -> Any:
    """A policy input as data; None when absent or not known before the update."""
    if value is None or value == "" or value == UNKNOWN:
        return None
    try:
        return decode_json(value) if isinstance(value, str) else value
    except (json.JSONDecodeError, Refused) as error:  # Refused: too deep, NaN, a key twice
        raise Unreadable from error


def allow_statements(document: Any) -> Iterator[Any]:
    """The statements that grant (a Deny only narrows access)."""
    for statement in items(dig(document, "Statement")):
        if dig(statement, "Effect") == "Allow":
            yield statement


def statement_findings(
    resource: Resource,
    policy: Any,
    what: str,
    problem: Callable[[Any], str | None],
    shown: str = "private",
) -> Iterator[Finding]:
    """`<what> statement <Sid>: <problem>` for each Allow statement of the document `policy`
    that has one; a single finding when the document cannot be read (it cannot be shown to be
    `shown`)."""
    try:
        document = read_document(policy)
    except Unreadable:
        yield resource, f"{what} is not valid JSON, so it cannot be shown to be {shown}"
        return
    for statement in allow_statements(document):
        found = problem(statement)
        if found:
            sid = dig(statement, "Sid")
            yield resource, f"{what} statement {sid or '(no Sid)'}: {found}"


@dataclass(frozen=True)
class Principal:
    """An Allow statement's Principal, as its parts."""

    raw: Any
    everyone: bool  # "*" (AWS's anonymous and every account alike)
    services: list[Any]
    accounts: list[Any]  # the `AWS` key: account ids, ARNs or "*"
    others: set[str]  # any other key (Federated, CanonicalUser)
    not_principal: bool  # NotPrincipal: everyone but those named

    @property
    def anyone(self) -> bool:
        """`*`, or `{"AWS": "*"}`: any account and anonymous callers."""
        return self.everyone or "*" in self.accounts


def principal_of(statement: dict[str, Any]) -> Principal:
    principal = statement.get("Principal")
    others = set(principal) - {"Service", "AWS"} if isinstance(principal, dict) else set()
    return Principal(
        principal,
        principal == "*",
        items(dig(principal, "Service")),
        items(dig(principal, "AWS")),
        others,
        "NotPrincipal" in statement,
    )


def iam_grants(resource: Resource) -> list[tuple[Any, Any]] | None:
    """(role, member) for each grant of a Google Cloud IAM member, binding or policy resource
    (inputs `member`, `members` or `policyData`); None when its policy cannot be read."""
    inputs = resource.inputs
    role = inputs.get("role")
    if "member" in inputs:
        return [(role, inputs.get("member"))]
    if "members" in inputs:
        return [(role, m) for m in items(inputs.get("members"))]
    try:
        document = read_document(inputs.get("policyData"))
    except Unreadable:
        return None
    bindings = items(dig(document, "bindings"))
    return [(dig(b, "role"), m) for b in bindings for m in items(dig(b, "members"))]


def names_one_distribution(statement: Any) -> bool:
    """The statement's AWS:SourceArn condition names CloudFront distributions, and only them."""
    for conditions in (dig(statement, "Condition") or {}).values():
        if not isinstance(conditions, dict):
            continue
        for key, value in conditions.items():
            if key.lower() == "aws:sourcearn":
                arns = items(value)
                return bool(arns) and all(
                    a == UNKNOWN or (isinstance(a, str) and _DISTRIBUTION_ARN.fullmatch(a))
                    for a in arns
                )
    return False
