"""The resource graph: the contract between provisioning (infra) and pricing (costmodel).

A graph is a list of resources as `indexplan resources --format json` prints them:
`{urn, type, name, parent_type, inputs}`. `type` is the Pulumi type token
(`aws:rds/instance:Instance`), `inputs` use Pulumi's wire names (camelCase), secret values
are the string `[secret]`, outputs not known before the update `[unknown]`, and `parent_type`
is the type token of the parent component (`indexplan:<role>:<Impl>`), or None at the top level.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

SECRET = "[secret]"
UNKNOWN = "[unknown]"  # an output Pulumi cannot know before the update


@dataclass(frozen=True)
class Resource:
    urn: str
    type: str
    name: str
    parent_type: str | None
    inputs: Mapping[str, Any] = field(default_factory=dict)

    @property
    def role(self) -> str | None:
        """The role of the indexplan component this resource belongs to (`cdn`, `storage`, ...)."""
        for token in (self.type, self.parent_type):
            if token and token.startswith("indexplan:"):
                return token.split(":")[1]
        return None

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
