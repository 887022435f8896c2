"""Reading named fields out of JSON log lines: a dotted key (`httpRequest.responseSize`) is a
field of a nested object. DuckDB reads each line as text and extracts every field in one
pass (`json_extract_string` with a list of paths: a number or a boolean arrives as its text),
a missing key gives NULL, and a line that is not JSON gives NULL for all of them, which the
formats count as malformed. `reader` is the fast way to the same values for a file that
linecheck found clean: DuckDB's JSON reader, strict, its columns VARCHAR (a number or a
boolean as its text, an object as JSON text, as json_extract_string gives them)."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

from costmodel.readers.logs.base import ident, sql_list, sql_string
from costmodel.readers.logs.files import LogFile

KEY = re.compile(r"[A-Za-z0-9_@$-]+(\.[A-Za-z0-9_@$-]+)*")


def extract(keys: Sequence[str], line: str = "line") -> str:
    """A SQL list of the keys' values in `line`, in order (v[1] is keys[0]); NULL if the line
    is not JSON."""
    paths = ", ".join(
        sql_string("$" + "".join(f'."{part}"' for part in key.split("."))) for key in keys
    )
    return f"try(json_extract_string({line}, [{paths}]))"


def reader(files: Sequence[LogFile], keys: Sequence[str]) -> tuple[str, list[str]] | None:
    """`read_json` over `files` (gzip or plain) and an expression for each key's value in
    it, as `extract` gives them; None where its columns cannot say the same (a key that is
    also the parent of another, two keys equal but for case, as DuckDB's names are, or a key
    named `filename`).
    A line that is not one JSON object, or holds a key twice, is an error, not a row."""
    tree: dict[str, Any] = {}  # a leaf is its type
    for key in keys:
        *parents, leaf = key.split(".")
        node = tree
        for part in parents:
            node = node.setdefault(part, {})
            if not isinstance(node, dict):
                return None
        if isinstance(node.setdefault(leaf, "VARCHAR"), dict):
            return None
    if "filename" in {name.lower() for name in tree} or not _distinct(tree):
        return None  # read_json names its own column `filename`

    def column(node: str | dict[str, Any]) -> str:
        if isinstance(node, str):
            return node
        return "STRUCT(" + ", ".join(f"{ident(k)} {column(v)}" for k, v in node.items()) + ")"

    columns = ", ".join(f"{sql_string(k)}: {sql_string(column(v))}" for k, v in tree.items())
    compression = "gzip" if files[0].compression == "gzip" else "none"
    source = (
        f"read_json({sql_list(files)}, format='newline_delimited', columns={{{columns}}}, "
        f"filename=true, compression='{compression}')"
    )
    values = [".".join(ident(part) for part in key.split(".")) for key in keys]
    return source, values


def _distinct(node: dict[str, Any]) -> bool:
    """No two names equal but for case, at any depth."""
    children = [child for child in node.values() if isinstance(child, dict)]
    return len({name.lower() for name in node}) == len(node) and all(map(_distinct, children))


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
