"""Hand-written resources for the rule tests, with the providers' real type tokens and wire
names (camelCase, as in the installed pulumi_aws / pulumi_gcp / pulumi_fastly packages)."""

from __future__ import annotations

from typing import Any

from costmodel.model.graph import Resource
from policy.model import Violation
from policy.rules import RULES


def res(type_: str, logical_name: str, /, parent: str | None = None, **inputs: Any) -> Resource:
    """A resource as the graph holds it; `inputs` may include a `name` input of its own."""
    chain = f"{parent}${type_}" if parent else type_
    urn = f"urn:pulumi:test::indexplan::{chain}::{logical_name}"
    return Resource(urn, type_, logical_name, parent, inputs)


def violations(rule_id: str, *graph: Resource) -> list[Violation]:
    (rule,) = [r for r in RULES if r.id == rule_id]
    return rule.run(list(graph))


def messages(rule_id: str, *graph: Resource) -> list[str]:
    return [f"{v.resource}: {v.message}" for v in violations(rule_id, *graph)]


ALL_PUBLIC_ACCESS_BLOCKED = {
    "blockPublicAcls": True,
    "blockPublicPolicy": True,
    "ignorePublicAcls": True,
    "restrictPublicBuckets": True,
}
DISTRIBUTION_ARN = "arn:aws:cloudfront::123456789012:distribution/E2QWRUHAPOMQZL"
