"""Which resource an input refers to (a public access block's `bucket`, a proxy's `sslPolicy`).

The graph holds resolved values, not references: an id, a physical name, an ARN or self link,
or (from the policy pack) the URN of the resource the input depends on. The matching is the
cost model's (`costmodel.model.graph.Lookup`): a value refers to a resource when it is one of
its identifiers or `<logical name>-<suffix>`, as Pulumi and the offline mocks name resources.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from costmodel.model.graph import Lookup, Resource

# Inputs the rules follow from one resource to another.
REFERENCE_INPUTS = frozenset(
    {
        "bucket",
        "hostedZoneId",
        "sslPolicy",
        "urlMap",
        # where a database or cache is placed (policy/network.py)
        "dbSubnetGroupName",
        "subnetGroupName",
        "vpcId",
        "network",
        "authorizedNetwork",
    }
)
# List inputs of references (ids known only after apply in a first preview): each element is
# one of the resources the input depends on; which is which does not matter for these.
REFERENCE_LISTS = frozenset({"vpcSecurityGroupIds", "securityGroupIds", "subnetIds"})
# Inputs that always name their target: a bucket's name is known before it exists. A setting
# whose `bucket` names no bucket of the graph (or another one) is never credited to one.
NAMING_INPUTS = frozenset({"bucket"})


def resolve(value: Any, candidates: Sequence[Resource], sole: bool = True) -> Resource | None:
    """The candidate `value` refers to; an exact identifier beats an auto-name match.

    When the value matches nothing (computed outputs such as a zone id the offline mocks make
    up), only one candidate exists and `sole` allows it, it is that one: there is nothing else
    it could be.
    """
    found = Lookup(candidates).resolve(value)
    if found is None and sole and len(candidates) == 1:
        return candidates[0]
    return found


def referrers(
    target: Resource, graph: Sequence[Resource], types: tuple[str, ...], key: str
) -> list[Resource]:
    """Resources of `types` whose input `key` refers to `target` (among resources like it)."""
    peers = [r for r in graph if r.type == target.type]
    lookup = Lookup(peers)
    sole = key not in NAMING_INPUTS and len(peers) == 1
    return [
        r
        for r in graph
        if r.type in types
        and ((found := lookup.resolve(r.inputs.get(key))) is target or (found is None and sole))
    ]
