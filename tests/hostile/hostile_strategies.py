"""Hypothesis strategies for hostile YAML and JSON text. Each document is a real file's (a
shipped scenario, stack, catalog, usage file, preview, export or price file) with one to three
of its values replaced by something hostile, written in the file's own syntax: aliases
(chained into a bomb, or recursive), nesting past the depth bound, a key given twice, tags,
dates, huge and non-finite numbers, booleans, and text with control characters. Most
documents so get past the parser to the checks behind it."""

from __future__ import annotations

import copy
import json
from typing import Any

import yaml
from hypothesis import strategies as st

from costmodel.files.bounds import MAX_DEPTH

CONTROL = st.sampled_from(["\x1b[2J", "\x1b]0;t\x07", "\u202e", "\x00", "\r", "\x85", "=1+1"])
HOSTILE_TEXT = st.builds(
    lambda a, c, b: a + c + b, st.text(max_size=5), CONTROL, st.text(max_size=5)
)
# Quoted the JSON way, which YAML's double quotes also read (\u001b); no lone surrogates,
# which YAML text cannot hold at all.
QUOTED = HOSTILE_TEXT.filter(lambda t: not any(0xD800 <= ord(c) < 0xE000 for c in t)).map(
    json.dumps
)
DEPTHS = st.integers(MAX_DEPTH - 3, MAX_DEPTH + 3) | st.integers(1, 900)


def _deep(depth: int) -> str:
    return "[" * depth + "]" * depth


def _bomb(levels: int, fan: int) -> str:
    """A flow list of anchors, each listing the one before `fan` times."""
    items = ["&b0 lol"] + [f"&b{i} [{', '.join([f'*b{i - 1}'] * fan)}]" for i in range(1, levels)]
    return "[" + ", ".join(items) + "]"


YAML_VALUES = (
    st.sampled_from(
        [
            ".inf",
            "-.inf",
            ".nan",
            "1.0e308",
            "1.0e400",
            str(10**400),
            "1" + "0" * 20,
            "-1",
            "0",
            "0.5",
            "yes",
            "no",
            "~",
            "2021-02-30",
            "2026-01-01",
            "2026-01-01T00:00:00Z",
            "0x7fffffffffffffff",
            "1:30:00",
            "!!binary aGVsbG8=",
            "!!set {a, b}",
            "!!omap [a: 1]",
            "!!timestamp 2021-13-45",
            "!!float nan",
            "!Ref x",
            "!!python/object/apply:os.system [echo]",
            "1e30 PB/month",
            "900 TB/day",
            "inf TB",
            "-5 TB",
            "1000 EB/month",  # the limits themselves: accepted, and priced
            "1e18/month",
            "1 ZB",
            "101",
            "0.01",
            "&self [*self]",
            "&m {k: *m}",
            "[]",
            "{}",
        ]
    )
    | st.integers(-(10**30), 10**30).map(str)
    | QUOTED
    | DEPTHS.map(_deep)
    | st.builds(_bomb, st.integers(2, 9), st.integers(2, 12))
)
JSON_VALUES = (
    st.sampled_from(
        [
            *("NaN", "Infinity", "-Infinity", "1e400", "-1e400", "1" + "0" * 5_000, "1e308"),
            *("-0", "true", "null", "[]", "{}", '"[unknown]"'),
            '"04da6b54-80e4-46f7-96ec-b56ff0331ba9"',  # Pulumi's "unknown before the update"
        ]
    )
    | st.integers(-(10**20), 10**20).map(str)
    | HOSTILE_TEXT.map(json.dumps)
    | (DEPTHS | st.integers(1, 50_000)).map(_deep)
)


def _slots(doc: Any) -> list[tuple[Any, Any]]:
    """Every (container, key or index) in `doc`, the top level first."""
    found: list[tuple[Any, Any]] = []
    stack = [doc]
    while stack:
        node = stack.pop(0)
        keys = list(node) if isinstance(node, dict) else range(len(node))
        for key in keys:
            found.append((node, key))
            if isinstance(node[key], dict | list) and node[key]:
                stack.append(node[key])
    return found


@st.composite
def _placed(
    draw: st.DrawFn, base: dict[str, Any], values: st.SearchStrategy[str]
) -> tuple[Any, dict[str, str]]:
    """A copy of `base` with 1 to 3 values replaced by placeholders, and the raw text of each."""
    doc = copy.deepcopy(base)
    raws: dict[str, str] = {}
    for i in range(draw(st.integers(1, 3))):
        slots = _slots(doc)
        if not slots:
            break
        node, key = draw(st.sampled_from(slots[:200]))
        placeholder = f"PLACEHOLDER{i}X"
        node[key] = placeholder
        raws[placeholder] = draw(values)
    return doc, raws


@st.composite
def yaml_documents(draw: st.DrawFn, base: dict[str, Any]) -> str:
    doc, raws = draw(_placed(base, YAML_VALUES))
    text = yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=10**6)
    for placeholder, raw in raws.items():
        text = text.replace(placeholder, raw)
    if draw(st.integers(0, 4)) == 0:  # a top-level key given twice
        key = draw(st.sampled_from(sorted(doc)))
        text += f"{json.dumps(key)}: {draw(YAML_VALUES)}\n"
    return text


@st.composite
def json_documents(draw: st.DrawFn, base: dict[str, Any]) -> str:
    doc, raws = draw(_placed(base, JSON_VALUES))
    text = json.dumps(doc)
    for placeholder, raw in raws.items():
        text = text.replace(json.dumps(placeholder), raw)
    if draw(st.integers(0, 4)) == 0:  # a top-level key given twice
        key = draw(st.sampled_from(sorted(doc)))
        text = text[:-1] + f", {json.dumps(key)}: {draw(JSON_VALUES)}}}"
    return text
