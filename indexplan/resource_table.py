"""The resource graph as a rich table that fits 100 columns."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from costmodel.errors import printable
from costmodel.model.graph import Resource
from indexplan.render import Column, Report, Table

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
VALUE_WIDTH = 28


def summary(inputs: Mapping[str, Any], clean: Callable[[str], str] = str) -> str:
    """A few key inputs, `key=value` (each through `clean`), one a line, long values cut with
    an ellipsis."""
    parts = []
    for key in KEY_INPUTS:
        if key in inputs:
            parts.append(clean(f"{key}={_short(inputs[key])}"))
    return "\n".join(parts[:4])


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


def print_table(stack: str, graph: list[Resource], width: int = 100) -> None:
    """One section per component (its type in bold), its children indented below it."""
    from rich.console import Console
    from rich.table import Table

    title = rich_text(f"{stack}: {len(graph)} resources")
    table = Table(title=title, title_justify="left", expand=True)
    table.add_column("name", ratio=6, overflow="fold")
    table.add_column("type", ratio=6, overflow="fold")
    table.add_column("key inputs", ratio=5, overflow="fold")
    previous_parent: str | None = "(none yet)"
    for resource in graph:
        if resource.parent_type is None:
            if previous_parent is not None:
                table.add_section()
            style = "bold" if resource.type.startswith("indexplan:") else None
            table.add_row(*_cells(resource.name, resource.type, resource, rich_text), style=style)
        else:
            cells = _cells(f"  {resource.name}", short_type(resource.type), resource, rich_text)
            table.add_row(*cells)
        previous_parent = resource.parent_type
    Console(width=width).print(table)


def rich_text(text: str) -> str:
    """`text` for rich to print as it is: printable, and no `[bold]` or `[link=...]` in a name
    read as markup (a stray `[/x]` would even stop rich)."""
    from rich.markup import escape

    return escape(printable(text))


def _cells(name: str, type_: str, resource: Resource, clean: Callable[[str], str]) -> list[str]:
    return [clean(name), clean(type_), summary(resource.inputs, clean)]


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
            "inputs": summary(r.inputs).replace("\n", ", "),
        }
        for r in graph
    ]
    return Report(f"{stack}: {len(graph)} resources", [Table(None, columns, rows)])
