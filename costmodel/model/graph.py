"""The resource graph: the contract between provisioning (infra) and pricing (costmodel).

A graph is a list of resources as `indexplan resources --format json` prints them:
`{urn, type, name, parent_type, inputs}`. `type` is the Pulumi type token
(`aws:rds/instance:Instance`), `inputs` use Pulumi's wire names (camelCase), secret values
are the string `[secret]`, outputs not known before the update `[unknown]`, and `parent_type`
is the type token of the parent component (`indexplan:<role>:<Impl>`), or None at the top level.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

SECRET = "[secret]"
UNKNOWN = "[unknown]"  # an output Pulumi cannot know before the update
T = TypeVar("T")
_COMPONENT = "indexplan:"  # the type tokens of indexplan's components: indexplan:<role>:<Impl>


@dataclass(frozen=True)
class Resource:
    urn: str
    type: str
    name: str
    parent_type: str | None
    inputs: Mapping[str, Any] = field(default_factory=dict)
    # The role of the indexplan component this resource belongs to (`cdn`, `storage`, ...),
    # from its type or its parent's; set once, as it is read for every resource many times.
    role: str | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        token = self.type if self.type.startswith(_COMPONENT) else self.parent_type
        role = token.split(":")[1] if token and token.startswith(_COMPONENT) else None
        object.__setattr__(self, "role", role)

    def to_dict(self) -> dict[str, Any]:
        return {
            "urn": self.urn,
            "type": self.type,
            "name": self.name,
            "parent_type": self.parent_type,
            "inputs": dict(self.inputs),
        }


def from_dicts(items: Iterable[Mapping[str, Any]]) -> list[Resource]:
    return [
        Resource(
            urn=item["urn"],
            type=item["type"],
            name=item["name"],
            parent_type=item.get("parent_type"),
            inputs=item.get("inputs") or {},
        )
        for item in items
    ]


# ---- references: which resource an input names -------------------------------------------------

# Inputs that hold a resource's own identifiers (its physical name, ARN, self link, id).
IDENTIFYING_INPUTS = ("bucket", "name", "zoneId", "arn", "selfLink", "id")
# Pulumi names a cloud resource `<logical name>-<suffix>`, and the offline mocks do the same with
# ids; the suffix never holds a separator, so the name is everything before the last one.
_AUTO_NAME = re.compile(r"(.+)[-_][0-9A-Za-z]+")


def identifiers(resource: Resource) -> set[str]:
    found = {resource.name, resource.urn}
    for key in IDENTIFYING_INPUTS:
        value = resource.inputs.get(key)
        if isinstance(value, str) and value and value not in (SECRET, UNKNOWN):
            found.add(value)
    return found


class Lookup:
    """Resources by each of their identifiers and by logical name, so that which of them an
    input value refers to is found exactly (never by a substring) and in constant time."""

    def __init__(self, resources: Iterable[Resource]) -> None:
        self.identified: dict[str, list[Resource]] = defaultdict(list)
        self.named: dict[str, list[Resource]] = defaultdict(list)
        for r in resources:
            for key in identifiers(r):
                self.identified[key].append(r)
            self.named[r.name].append(r)

    def resolve(self, value: Any) -> Resource | None:
        """The one resource `value` names: one of its identifiers, given whole or as
        the last segment of an ARN, self link or URL; else the auto-name of a logical name."""
        if not isinstance(value, str) or not value or value in (SECRET, UNKNOWN):
            return None
        forms = dict.fromkeys((value, re.split(r"[/:]", value)[-1]))
        for form in forms:
            exact = self.identified.get(form, [])
            if len(exact) == 1:
                return exact[0]
        named = [
            r
            for form in forms
            if (match := _AUTO_NAME.fullmatch(form))
            for r in self.named.get(match[1], ())
        ]
        return max(named, key=lambda r: len(r.name)) if named else None


class GraphIndex:
    """Lookups over one graph, each built once, on first use: pricing a resource that looks
    at the whole graph (its dead-letter queue, its bucket's lifecycle, the CDN in front) costs
    a dictionary lookup, so a graph of N resources is priced in O(N)."""

    def __init__(self, graph: Sequence[Resource]) -> None:
        self.graph = graph
        self._memo: dict[Hashable, Any] = {}

    def memo(self, key: Hashable, build: Callable[[Sequence[Resource]], T]) -> T:
        """`build(graph)`, computed the first time `key` is asked for."""
        if key not in self._memo:
            self._memo[key] = build(self.graph)
        return cast(T, self._memo[key])

    def of_type(self, *types: str) -> Sequence[Resource]:
        """The resources of `types`, in graph order within each type (do not change it)."""
        by_type = self.memo("by type", _by_type)
        if len(types) == 1:
            return by_type.get(types[0], ())
        return self.memo(("of type", types), lambda g: [r for t in types for r in by_type[t]])

    def lookup(self, *types: str) -> Lookup:
        """The resources of `types` (all when none given), by identifier."""
        return self.memo(("lookup", types), lambda g: Lookup(self.of_type(*types) if types else g))


def _by_type(graph: Sequence[Resource]) -> dict[str, tuple[Resource, ...]]:
    out: dict[str, list[Resource]] = defaultdict(list)
    for r in graph:
        out[r.type].append(r)
    return defaultdict(tuple, {t: tuple(rs) for t, rs in out.items()})
