"""Reading a user's YAML file: every way the file itself can be wrong is one InputError line.

PyYAML's safe loader, held to the bounds of `bounds.py` and to what a plain data file holds:
- aliases may add at most MAX_ALIAS_NODES nodes, and none may refer to a node containing it,
  so no walk over the document (hiding secrets, serialising config) can explode or loop;
- nesting deeper than MAX_DEPTH is refused;
- a key given twice in one mapping is refused, naming it, rather than the last one winning;
- non-finite numbers (`.inf`, `.nan`) and integers of more than MAX_INT_DIGITS digits are refused;
- a date or timestamp is kept as written (`2026-01-01`, a string, as Pulumi reads config), so
  an impossible one (`2021-02-30`) is the field's error, not the parser's;
- `!!binary`, `!!set`, `!!omap` and `!!pairs` are refused: no user file means them.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from costmodel.errors import InputError
from costmodel.files.bounds import MAX_ALIAS_NODES, MAX_DEPTH, Refused, check_int_digits
from costmodel.files.collector import collector_paused
from costmodel.files.userfile import read_user_text

# libyaml's parser is ~10x faster on the price catalog; the same safe subset of YAML
_Base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_TAG = "tag:yaml.org,2002:"


class _Problem(yaml.YAMLError):
    """Something the file may not hold, at the line of `node`; `field` is its key path, once
    known."""

    def __init__(self, message: str, node: Node, locate: bool = True) -> None:
        super().__init__(message)
        self.message = message
        self.node = node
        self.line = node.start_mark.line + 1
        self.field = ""
        self.locate = locate  # a path 100 levels deep would say less than the line


class _Loader(_Base):
    def construct_mapping(self, node: MappingNode, deep: bool = False) -> Any:
        first: dict[Any, Node] = {}
        for key_node, _ in node.value:
            if key_node.tag == _TAG + "merge":
                continue
            key = self.construct_object(key_node, deep=True)
            try:
                earlier = first.setdefault(key, key_node)
            except TypeError:
                continue  # an unhashable key: the base constructor says so
            if earlier is not key_node:
                line = earlier.start_mark.line + 1
                raise _Problem(f"duplicate key {key!r} (first given on line {line})", key_node)
        return super().construct_mapping(node, deep)


def _as_written(loader: _Loader, node: ScalarNode) -> str:
    return str(node.value)


def _integer(loader: _Loader, node: ScalarNode) -> int:
    try:
        check_int_digits(str(node.value).replace("_", ""))
    except Refused as exc:
        raise _Problem(str(exc), node) from None
    return int(loader.construct_yaml_int(node))


def _finite(loader: _Loader, node: ScalarNode) -> float:
    """A float, refused as JSON files refuse theirs (jsonfile.py): .nan and .inf are not
    numbers, a literal past the largest float is out of range."""
    value = float(loader.construct_yaml_float(node))
    if not math.isfinite(value):
        if any(c.isdigit() for c in str(node.value)):
            raise _Problem(f"number {str(node.value)[:40]} is out of range", node)
        raise _Problem(f"{node.value} is not a number; every figure must be finite", node)
    return value


def _refused(loader: _Loader, node: Node) -> Any:
    kind = node.tag.removeprefix(_TAG)
    raise _Problem(f"a YAML !!{kind} value is not allowed here; write a plain value", node)


_Loader.add_constructor(_TAG + "timestamp", _as_written)
_Loader.add_constructor(_TAG + "int", _integer)
_Loader.add_constructor(_TAG + "float", _finite)
for _kind in ("binary", "set", "omap", "pairs"):
    _Loader.add_constructor(_TAG + _kind, _refused)


MERGE_KEY = "<<"


class Pairs(list[tuple[Any, Any]]):
    """A mapping as written: its (key, value) pairs in order, duplicates and merge keys kept."""

    def items(self) -> Iterator[tuple[Any, Any]]:
        return iter(self)


class _RawLoader(_Loader):
    """Mappings as `Pairs`, nothing merged or dropped: for checks that must see every value the
    file holds, not only those that win (a plaintext secret shadowed by a merge)."""

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> Any:
        return Pairs(
            (
                MERGE_KEY if k.tag == _TAG + "merge" else self.construct_object(k, deep=True),
                self.construct_object(v, deep=True),
            )
            for k, v in node.value
        )


def _children(node: Node) -> list[Node]:
    if isinstance(node, SequenceNode):
        return list(node.value)
    return [n for pair in node.value for n in pair]  # a MappingNode's keys and values


def check_nodes(root: Node) -> None:
    """Refused when the composed document nests deeper than MAX_DEPTH, when its aliases would
    add more than MAX_ALIAS_NODES nodes on expansion, or when an alias refers to a node that
    contains it. Walked once per distinct node, without recursion."""
    expanded: dict[int, int] = {}  # id(node) -> nodes once its aliases are expanded
    depth: dict[int, int] = {}  # id(node) -> levels of lists and mappings at and under it
    scalars: set[int] = set()  # id() of each distinct scalar node
    open_nodes: set[int] = set()  # the collections being walked: the current one's ancestors
    stack: list[tuple[Node, list[Node] | None]] = [(root, None)]
    while stack:
        node, children = stack.pop()
        key = id(node)
        if children is not None:  # all of them done
            expanded[key] = 1 + sum(
                1 if c.__class__ is ScalarNode else expanded[id(c)] for c in children
            )
            depth[key] = 1 + max(
                (depth[id(c)] for c in children if c.__class__ is not ScalarNode), default=0
            )
            if depth[key] > MAX_DEPTH:
                raise _Problem(f"nested deeper than {MAX_DEPTH} levels", node, locate=False)
            open_nodes.discard(key)
        elif node.__class__ is ScalarNode:  # the root only: scalar children are never pushed
            scalars.add(key)
        elif key in open_nodes:
            raise _Problem("an alias refers to a node that contains it", node)
        elif key not in expanded:
            open_nodes.add(key)
            children = _children(node)
            stack.append((node, children))
            stack.extend((c, None) for c in children if c.__class__ is not ScalarNode)
            scalars.update(id(c) for c in children if c.__class__ is ScalarNode)
    total = 1 if root.__class__ is ScalarNode else expanded[id(root)]
    added = total - len(expanded) - len(scalars)
    if added > MAX_ALIAS_NODES:
        raise _Problem(
            f"aliases expand to {added:,} more nodes (at most {MAX_ALIAS_NODES:,} allowed)", root
        )


def _path_to(root: Node, target: Node) -> str:
    """The key path of `target` in the document (`traffic.egress`, `prices.0.tiers`)."""
    seen: set[int] = set()
    stack: list[tuple[Node, str]] = [(root, "")]
    while stack:
        node, path = stack.pop()
        if node is target:
            return path
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, SequenceNode):
            stack.extend((child, f"{path}.{i}") for i, child in enumerate(node.value))
        elif isinstance(node, MappingNode):
            for key, value in node.value:
                child = f"{path}.{key.value}" if isinstance(key, ScalarNode) else path
                if key is target:
                    return child.lstrip(".")
                stack.append((value, child))
    return ""


@collector_paused()  # a node per scalar, then the document: see collector.py
def parse_yaml(text: str, raw: bool = False) -> Any:
    """The one document in `text`, within the bounds (None for an empty document);
    yaml.YAMLError for anything else. `raw` keeps each mapping as its `Pairs`."""
    loader = (_RawLoader if raw else _Loader)(text)
    node = None
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        check_nodes(node)
        return loader.construct_document(node)
    except RecursionError:  # only without libyaml, whose parser stops at 1,000 levels itself
        raise yaml.YAMLError(f"nested deeper than {MAX_DEPTH} levels") from None
    except _Problem as exc:
        if node is not None and exc.locate:
            exc.field = _path_to(node, exc.node).lstrip(".")
        raise
    finally:
        loader.dispose()


def yaml_problem(exc: yaml.YAMLError) -> tuple[str, str]:
    """The key path (when known) and what is wrong, with its line when known:
    (`traffic.egress`, `line 4: duplicate key 'egress' (...)`)."""
    if isinstance(exc, _Problem):
        return exc.field, f"line {exc.line}: {exc.message}"
    mark = getattr(exc, "problem_mark", None)
    line = f"line {mark.line + 1}: " if mark is not None else ""
    problem = getattr(exc, "problem", None) or str(exc) or "malformed"
    return "", f"{line}invalid YAML ({problem})"


def load_yaml_mapping(path: Path, what: str) -> dict[str, Any]:
    """The top-level mapping of a YAML file; `what` names the expected file in messages."""
    return yaml_mapping(read_user_text(path, what, "YAML"), str(path), what)


def yaml_mapping(text: str, where: str, what: str) -> dict[str, Any]:
    """The top-level mapping of `text`, read from the file `where`."""
    try:
        doc = parse_yaml(text)
    except yaml.YAMLError as exc:
        raise InputError(where, *yaml_problem(exc)) from None
    if doc is None:
        raise InputError(where, "", f"no YAML document in the file; expected {what}")
    if not isinstance(doc, dict):
        raise InputError(where, "(top level)", f"must be a mapping, got {type(doc).__name__}")
    return {str(k): v for k, v in doc.items()}
