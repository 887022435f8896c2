"""The resource graph as a report: one row per resource, each component's children below it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from costmodel.model.graph import Resource
from indexplan.render import Column, Lines, Report, Table

# Inputs worth a glance per resource, in wire names; the JSON output has them all.
KEY_INPUTS = (
    "region",
    "project",
    "instanceClass",
    "multiAz",
    "allocatedStorage",
    "publiclyAccessible",
    "storageEncrypted",
    "nodeType",
    "numCacheClusters",
    "transitEncryptionEnabled",
    "tier",
    "memorySizeGb",
    "settings",
    "location",
    "aliases",
    "name",
    "dnsName",
    "type",
    "status",
)
VALUE_WIDTH = 60  # a longer value (a policy document, say) is cut; the JSON output has it whole


def summary(inputs: Mapping[str, Any]) -> tuple[str, ...]:
    """A few key inputs, `key=value`, very long values cut with an ellipsis."""
    return tuple(f"{key}={_short(inputs[key])}" for key in KEY_INPUTS if key in inputs)[:4]


def _short(value: Any) -> str:
    if isinstance(value, Mapping):
        inner = {k: value[k] for k in ("tier", "availabilityType", "diskSize") if k in value}
        text = ",".join(f"{k}={v}" for k, v in inner.items()) or "{…}"
    elif isinstance(value, list):
        text = ",".join(str(v) for v in value)
    else:
        text = str(value).lower() if isinstance(value, bool) else str(value)
    return text if len(text) <= VALUE_WIDTH else text[: VALUE_WIDTH - 1] + "…"


def short_type(token: str) -> str:
    """`aws:rds/instance:Instance` → `aws:rds:Instance`; other tokens unchanged."""
    package, _, rest = token.partition(":")
    module, _, kind = rest.rpartition(":")
    if "/" not in module:
        return token
    module = module.split("/")[0]
    return f"{package}:{kind}" if module == "index" else f"{package}:{module}:{kind}"


def resource_tree(stack: str, graph: list[Resource]) -> Report:
    """For a terminal: each top-level resource (components in bold) with its children
    indented below it; names and types whole, key inputs one a line."""
    rows: list[dict[str, object]] = []
    starts, strong = set(), set()
    child = False  # whether the row before was a component's child
    for resource in graph:
        if resource.parent_type is None:
            component = resource.type.startswith("indexplan:")
            if component or child:
                starts.add(len(rows))
            if component:
                strong.add(len(rows))
            name, type_ = resource.name, resource.type
        else:
            name, type_ = f"  {resource.name}", short_type(resource.type)
        child = resource.parent_type is not None
        rows.append({"name": name, "type": type_, "inputs": Lines(summary(resource.inputs))})
    columns = [
        Column("name", "name", no_wrap=True),
        Column("type", "type", no_wrap=True),
        Column("key inputs", "inputs"),
    ]
    table = Table(None, columns, rows, group_starts=frozenset(starts), strong=frozenset(strong))
    return Report(f"{stack}: {len(graph)} resources", [table])


def resource_report(stack: str, graph: list[Resource]) -> Report:
    """The graph as a shared report (for Markdown): one row per resource, key inputs only."""
    columns = [
        Column("name", "name"),
        Column("type", "type"),
        Column("component", "parent_type"),
        Column("key inputs", "inputs"),
    ]
    rows = [
        {
            "name": r.name,
            "type": r.type,
            "parent_type": r.parent_type or "",
            "inputs": ", ".join(summary(r.inputs)),
        }
        for r in graph
    ]
    return Report(f"{stack}: {len(graph)} resources", [Table(None, columns, rows)])
