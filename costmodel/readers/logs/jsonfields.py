"""Reading named fields out of JSON log lines: a dotted key (`httpRequest.responseSize`) is a
field of a nested object. DuckDB reads just those fields, typed VARCHAR (a number or a boolean
arrives as its text), so a missing key or a line that is not JSON is a NULL, not an error."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from costmodel.readers.logs.base import ident, sql_string

KEY = re.compile(r"[A-Za-z0-9_@$-]+(\.[A-Za-z0-9_@$-]+)*")


def columns(keys: Iterable[str]) -> dict[str, str]:
    """The `read_json` column spec (top-level key -> DuckDB type) that reads every key."""
    tree: dict[str, Any] = {}
    for key in keys:
        node = tree
        parts = key.split(".")
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node.setdefault(parts[-1], None)
    return {name: _type(sub) for name, sub in tree.items()}


def _type(node: dict[str, Any] | None) -> str:
    if node is None:
        return "VARCHAR"
    return "STRUCT(" + ", ".join(f"{ident(k)} {_type(v)}" for k, v in node.items()) + ")"


def access(key: str) -> str:
    """The SQL expression for a (dotted) key within the columns above."""
    first, *rest = key.split(".")
    return ident(first) + "".join(f"[{sql_string(part)}]" for part in rest)


def as_object(line: str) -> dict[str, Any] | None:
    """The JSON object on `line`, or None if it is not one."""
    try:
        value = json.loads(line)
    except (ValueError, RecursionError):  # not JSON, or nested deeper than Python recurses
        return None
    return value if isinstance(value, dict) else None


def has(obj: dict[str, Any], key: str) -> bool:
    """Whether the object holds the (dotted) key."""
    node: Any = obj
    for part in key.split("."):
        if not isinstance(node, dict) or part not in node:
            return False
        node = node[part]
    return True
