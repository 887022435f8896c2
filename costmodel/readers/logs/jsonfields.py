"""Reading named fields out of JSON log lines: a dotted key (`httpRequest.responseSize`) is a
field of a nested object. DuckDB reads each line as text and extracts every field in one
pass (`json_extract_string` with a list of paths: a number or a boolean arrives as its text),
which is faster than its JSON reader's typed columns; a missing key gives NULL, and a line
that is not JSON gives NULL for all of them, which the formats count as malformed."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

from costmodel.readers.logs.base import sql_string

KEY = re.compile(r"[A-Za-z0-9_@$-]+(\.[A-Za-z0-9_@$-]+)*")


def extract(keys: Sequence[str], line: str = "line") -> str:
    """A SQL list of the keys' values in `line`, in order (v[1] is keys[0]); NULL if the line
    is not JSON."""
    paths = ", ".join(
        sql_string("$" + "".join(f'."{part}"' for part in key.split("."))) for key in keys
    )
    return f"try(json_extract_string({line}, [{paths}]))"


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
