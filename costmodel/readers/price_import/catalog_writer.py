"""Add dated versions to a catalog YAML file by editing its text, so comments, anchors and
layout survive an import.

The file is composed (not loaded) to find each entry's `versions` list and where it ends. An
entry whose versions are shared with others (`versions: *alias`, or inherited through a `<<:`
merge) first gets its own copy written out, so adding to one zone never changes another. The
result is re-validated and compared with the expected versions before it is written.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from costmodel.files.userfile import read_user_text
from costmodel.model.prices import PriceVersion, ProviderCatalog, parse_catalog_file

_ALIAS_VALUE = re.compile(r"\s*:\s*\*[^\s,\]}]+")


def add_versions(path: Path, additions: Mapping[int, Sequence[PriceVersion]]) -> None:
    """Append `additions[i]` to the versions of the file's i-th price, then write the file."""
    import yaml

    before = parse_catalog_file(path)
    text = read_user_text(path, "a price catalog", "YAML")
    entries = _price_entries(yaml.compose(text))
    expected = {i: [*before.prices[i].versions, *additions.get(i, ())] for i in range(len(entries))}
    edits: list[tuple[int, int, str]] = []
    users: dict[int, list[int]] = {}
    nodes: dict[int, Any] = {}
    for i, entry in enumerate(entries):
        node = _versions_node(entry)
        users.setdefault(id(node), []).append(i)
        nodes[id(node)] = node
    for node_id, members in users.items():
        changed = [i for i in members if additions.get(i)]
        if not changed:
            continue
        definer = next((i for i in members if _defines(text, entries[i], nodes[node_id])), None)
        same = all(additions.get(i) == additions.get(members[0]) for i in members)
        for i in members:
            if i != definer and not same and (i in changed or definer in changed):
                edits.append(_own_copy(text, entries[i], expected[i]))
        if definer is not None and definer in changed:
            edits.append(_append(text, nodes[node_id], additions[definer]))
    new_text = _apply(text, edits)
    _check(path, new_text, expected)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(new_text, encoding="utf-8")
    tmp.replace(path)


def _price_entries(root: Any) -> list[Any]:
    import yaml

    assert isinstance(root, yaml.MappingNode)
    for key, value in root.value:
        if key.value == "prices" and isinstance(value, yaml.SequenceNode):
            return list(value.value)
    raise ValueError("catalog without a prices list (the loader would have refused it)")


def _own_key(entry: Any, name: str) -> tuple[Any, Any] | None:
    for key, value in entry.value:
        if key.value == name:
            return key, value
    return None


def _versions_node(entry: Any) -> Any:
    """The sequence node an entry's versions come from, following `<<:` merges."""
    import yaml

    own = _own_key(entry, "versions")
    if own is not None:
        return own[1]
    merged = _own_key(entry, "<<")
    if merged is None:
        raise ValueError("an entry without versions (the loader would have refused it)")
    value = merged[1]
    for source in value.value if isinstance(value, yaml.SequenceNode) else [value]:
        try:
            return _versions_node(source)
        except ValueError:
            continue
    raise ValueError("merged entry without versions")


def _defines(text: str, entry: Any, node: Any) -> bool:
    """Whether `node` is written out under this entry's own `versions:` key (not an alias)."""
    own = _own_key(entry, "versions")
    if own is None or own[1] is not node:
        return False
    return _ALIAS_VALUE.match(text, own[0].end_mark.index) is None


def _append(text: str, node: Any, versions: Sequence[PriceVersion]) -> tuple[int, int, str]:
    last = node.value[-1]
    tail = last.value[-1][1]
    if tail.start_mark.index < last.start_mark.index:
        raise ValueError("the last version ends in an alias; write it out before importing")
    at = _line_end(text, tail.end_mark.index)
    line_start = text.rfind("\n", 0, last.start_mark.index) + 1
    dash = text.rfind("-", line_start, last.start_mark.index) - line_start
    return at, at, "\n" + _block(versions, dash if dash >= 0 else last.start_mark.column - 2)


def _own_copy(text: str, entry: Any, versions: Sequence[PriceVersion]) -> tuple[int, int, str]:
    """Give an entry that shares its versions a written-out list of its own."""
    own = _own_key(entry, "versions")
    if own is not None:
        key = own[0]
        alias = _ALIAS_VALUE.match(text, key.end_mark.index)
        assert alias is not None
        block = _block(versions, key.start_mark.column + 2)
        return alias.start(), alias.end(), ":\n" + block
    start = entry.start_mark
    block = _block(versions, start.column + 2)
    return start.index, start.index, "versions:\n" + block + "\n" + " " * start.column


def _line_end(text: str, index: int) -> int:
    end = text.find("\n", index)
    return len(text) if end < 0 else end


def _block(versions: Sequence[PriceVersion], dash: int) -> str:
    pad = " " * (dash + 2)
    lines: list[str] = []
    for v in versions:
        lines.append(f"{' ' * dash}- effective: {v.effective.isoformat()}")
        lines.append(f"{pad}source: {_scalar(v.source)}")
        lines.append(f"{pad}confidence: {v.confidence}")
        if v.note:
            lines.append(f"{pad}note: {_scalar(v.note)}")
        tiers = ", ".join(f"[{_number(upto)}, {_number(price)}]" for upto, price in v.tiers)
        lines.append(f"{pad}tiers: [{tiers}]")
    return "\n".join(lines)


def _scalar(value: str) -> str:
    import yaml

    return yaml.safe_dump(value, width=10**6).removesuffix("\n...\n").strip()


def _number(x: float | None) -> str:
    if x is None:
        return "null"
    return str(int(x)) if float(x).is_integer() else repr(float(x))


def _apply(text: str, edits: list[tuple[int, int, str]]) -> str:
    for start, end, new in sorted(edits, reverse=True):
        text = text[:start] + new + text[end:]
    return text


def _check(path: Path, new_text: str, expected: Mapping[int, list[PriceVersion]]) -> None:
    import yaml

    after = ProviderCatalog.model_validate(yaml.safe_load(new_text))
    got = {i: list(p.versions) for i, p in enumerate(after.prices)}
    if got != expected:
        raise RuntimeError(f"{path}: editing the catalog text did not give the expected versions")
