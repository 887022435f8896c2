"""JSON for machines: stable key order as built, two-space indent, a trailing newline.

Text keeps its Unicode, except the characters that could act on a terminal showing the JSON
(escape sequences, bidi overrides, line separators): those are written as JSON escapes.

orjson writes the indented text at C speed: the standard library's C encoder takes no indent
before Python 3.13, and its Python one spends 2 s on the 43 MB report of a 10^5-resource
preview (benchmarks/README.md, issue 16). Its text is the standard library's but for floats
under 10^-4, written as `4e-7` and `0.00001` rather than `4e-07` and `1e-05` (the same
numbers). orjson writes NaN and infinity as null, so they are refused before it runs, as
`allow_nan=False` refuses them: a bug is exit 70, never a wrong figure. What orjson does not
take (integers past 64 bits, keys that are not strings, nesting past 254 levels, lone
surrogates of undecodable file names) is written by the standard library, as before.
"""

from __future__ import annotations

import json
import math
from typing import Any

import orjson

from costmodel.errors import json_printable

# dataclasses and dates are not JSON to the standard library: a bug, not a format to invent
_OPTIONS = orjson.OPT_INDENT_2 | orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_PASSTHROUGH_DATETIME
_CONTAINERS = {dict, list, tuple}
_SCALARS = {str, int, bool, type(None)}  # the other leaves, passed over at once
_ORJSON_DEPTH = 254  # orjson's own recursion limit; deeper (or circular) goes to json.dumps


def render_json(data: Any) -> str:
    try:
        _check_finite(data)
        text = orjson.dumps(data, option=_OPTIONS).decode()
    except orjson.JSONEncodeError:
        text = json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False)
    if not text.isascii() or "\x7f" in text:  # the escapes are all outside ASCII, or DEL
        text = json_printable(text)
    return text + "\n"


def _check_finite(data: Any) -> None:
    """ValueError, as json.dumps(allow_nan=False) raises it, for a NaN or infinite float."""
    if type(data) is float:
        _finite(data)
    stack = [(data, 0)] if _container(data) else []
    while stack:
        value, depth = stack.pop()
        if depth > _ORJSON_DEPTH:
            return  # orjson refuses it (it may be circular): json.dumps checks it all
        for child in value.values() if isinstance(value, dict) else value:
            kind = type(child)
            if kind is float:
                _finite(child)
            elif kind not in _SCALARS and _container(child):
                stack.append((child, depth + 1))


def _container(value: Any) -> bool:
    # subclasses too: orjson writes a defaultdict's floats as it writes a dict's
    return type(value) in _CONTAINERS or isinstance(value, (dict, list, tuple))


def _finite(value: float) -> None:
    if not math.isfinite(value):
        raise ValueError("Out of range float values are not JSON compliant")
