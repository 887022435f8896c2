"""What a rule is and what it reports, plus helpers for reading wire-format inputs."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from costmodel.model.graph import Resource

Enforcement = Literal["mandatory", "advisory"]


@dataclass(frozen=True)
class Violation:
    rule: str
    enforcement: Enforcement
    resource: str
    type: str
    message: str
    urn: str = ""

    def to_dict(self) -> dict[str, str]:
        return {
            "rule": self.rule,
            "enforcement": self.enforcement,
            "resource": self.resource,
            "type": self.type,
            "message": self.message,
        }


Graph = Sequence[Resource]
# A finding before the rule stamps its id and enforcement on it: (resource, message).
Finding = tuple[Resource, str]


@dataclass(frozen=True)
class Rule:
    """A graph rule: `check` yields (resource, message) findings for the whole graph.

    `per_resource` rules look at one resource at a time, so the policy pack can run them as
    resource policies during preview; the others relate resources (a bucket and its public
    access block) and run as stack policies.
    """

    id: str
    description: str
    enforcement: Enforcement
    check: Callable[[Graph], Iterable[Finding]]
    per_resource: bool = False
    # What it cannot read here (a secret input, offline): `indexplan check` reports the rule
    # as not verifiable offline rather than passed; the policy pack sees such inputs decrypted.
    unverified: Callable[[Graph], Iterable[Finding]] | None = None
    # A finding the stack file may accept with a reason (indexplan:accept, policy/accept.py).
    acceptable: bool = False

    def run(self, graph: Graph) -> list[Violation]:
        return [
            Violation(self.id, self.enforcement, r.name, r.type, message, r.urn)
            for r, message in self.check(graph)
        ]

    def not_verified(self, graph: Graph) -> list[Violation]:
        """Where the rule could not look, as advisory rows (they fail nothing)."""
        found = self.unverified(graph) if self.unverified else ()
        return [Violation(self.id, "advisory", r.name, r.type, m, r.urn) for r, m in found]


def of_type(graph: Graph, *types: str) -> list[Resource]:
    return [r for r in graph if r.type in types]


def dig(value: Any, *path: str) -> Any:
    """The nested input at `path`, or None. A one-element list stands for its element, as
    single nested blocks are lists in some providers' wire format."""
    for key in path:
        if isinstance(value, list) and len(value) == 1:
            value = value[0]
        if not isinstance(value, Mapping):
            return None
        value = value.get(key)
    return value


def items(value: Any) -> list[Any]:
    """A list input as a list (absent → empty; a lone object → one element)."""
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def shown(value: Any) -> str:
    """A non-secret input value as a message shows it; absent inputs say so."""
    return "not set" if value is None else repr(value)


def expected(resource: Resource, field: str, wanted: str, got: Any) -> Finding:
    """The usual finding: `<field> must be <wanted>, got <value>`."""
    if got is None:
        return resource, f"{field} must be {wanted} but is not set"
    return resource, f"{field} must be {wanted}, got {got!r}"


def require_true(resource: Resource, label: str, *flags: str) -> Iterator[Finding]:
    """A finding for each boolean input among `flags` that is not literally true."""
    for flag in flags:
        if resource.inputs.get(flag) is not True:
            yield expected(resource, f"{label}: {flag}", "true", resource.inputs.get(flag))
