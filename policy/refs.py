"""Which resource an input refers to (a public access block's `bucket`, a proxy's `sslPolicy`).

The graph holds resolved values, not references: an id, a physical name, an ARN or self link,
or (from the policy pack) the URN of the resource the input depends on. Pulumi names cloud
resources `<logical name>-<suffix>`, and the offline mocks do the same with ids, so a value
refers to a resource when it is one of its identifiers or that pattern of its logical name.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from costmodel.model.graph import Resource

# Inputs the rules follow from one resource to another.
REFERENCE_INPUTS = frozenset({"bucket", "hostedZoneId", "sslPolicy", "urlMap"})
_IDENTIFYING_INPUTS = ("bucket", "name", "zoneId", "arn", "selfLink", "id")


def _identifiers(resource: Resource) -> set[str]:
    found = {resource.name, resource.urn}
    for key in _IDENTIFYING_INPUTS:
        value = resource.inputs.get(key)
        if isinstance(value, str) and value:
            found.add(value)
    return found


def _auto_named(value: str, resource: Resource) -> bool:
    tail = re.split(r"[/:]", value)[-1]  # last segment of an ARN, self link or URL
    pattern = re.escape(resource.name) + r"[-_][0-9A-Za-z]+"
    return any(re.fullmatch(pattern, v) for v in (value, tail))


def resolve(value: Any, candidates: Sequence[Resource]) -> Resource | None:
    """The candidate `value` refers to; an exact identifier beats an auto-name match.

    When the value matches nothing (computed outputs such as a zone id the offline mocks make
    up) and only one candidate exists, it is that one: there is nothing else it could be.
    """
    if isinstance(value, str) and value:
        exact = [c for c in candidates if value in _identifiers(c)]
        if len(exact) == 1:
            return exact[0]
        named = [c for c in candidates if _auto_named(value, c)]
        if named:
            return max(named, key=lambda c: len(c.name))
    return candidates[0] if len(candidates) == 1 else None


def referrers(
    target: Resource, graph: Sequence[Resource], types: tuple[str, ...], key: str
) -> list[Resource]:
    """Resources of `types` whose input `key` refers to `target` (among resources like it)."""
    peers = [r for r in graph if r.type == target.type]
    return [r for r in graph if r.type in types and resolve(r.inputs.get(key), peers) is target]
