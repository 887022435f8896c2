"""A resource's planned values as the graph holds inputs: Pulumi names, `[unknown]`, `[secret]`.

A plan gives each resource's `after` values with two trees of the same shape beside them:
`after_unknown` (true where the value is known only after apply) and `after_sensitive` (true
where it is sensitive). The graph keeps a Pulumi preview's conventions: a sensitive value is
`[secret]` (never the value, which a plan holds in plain text), an unknown one `[unknown]`,
and unset values (null, or an empty block list) are left out, as a preview leaves out inputs
a program does not set.

Attribute names follow the bridge's rules (names.py). An object inside a list is a nested
block, whose keys are attribute names; an object that is an attribute's value is a map (tags),
whose keys are data and kept as they are. The bridge makes a block that holds at most one
item (MaxItems = 1) an object; that fact is in the provider's schema, not in the plan, so it
is applied to the blocks in MAX_ITEMS_ONE, the ones the cost model reads. Other single-item
blocks stay one-item lists.

The walk recurses freely: how deep a plan may nest is bounded once, where its file is parsed
(costmodel/files/bounds.py), as for every file a user hands in.
"""

from __future__ import annotations

from typing import Any

from costmodel.errors import InputError
from costmodel.model.graph import SECRET, UNKNOWN
from costmodel.readers.terraform.names import input_name

# Terraform type -> its MaxItems = 1 blocks (top-level attributes) that the cost model reads:
# Cloud SQL's tier, disk size and availability are in `settings`.
MAX_ITEMS_ONE: dict[str, frozenset[str]] = {
    "google_sql_database_instance": frozenset({"settings"}),
}
# No attribute of a real resource comes near this (the largest are byte sizes, S3's 5e12),
# and the model's arithmetic stays exact below it; Terraform never writes NaN or infinity.
MAX_NUMBER = 1e15


class _Refused(Exception):
    """A value no real plan holds; the message gains the attribute path on the way out."""

    def __init__(self, message: str, path: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.path = path


def planned_inputs(
    tf_type: str, after: Any, unknown: Any, sensitive: Any, where: str, address: str
) -> dict[str, Any]:
    """The graph inputs of one planned resource."""
    if after is None:
        after = {}
    if type(after) is not dict:
        raise InputError(where, f"{address}: change.after", "must be an object")
    try:
        return _block(after, unknown, sensitive, MAX_ITEMS_ONE.get(tf_type, frozenset()))
    except _Refused as exc:
        raise InputError(where, f"{address}: {exc.path}", exc.message) from None


_NONE: frozenset[str] = frozenset()


def _block(
    values: dict[str, Any], unknown: Any, sensitive: Any, single: frozenset[str]
) -> dict[str, Any]:
    """A resource's or nested block's attributes, by their Pulumi names."""
    unknown = unknown if type(unknown) is dict else {}
    sensitive = sensitive if type(sensitive) is dict else {}
    keys = list(values)
    keys += [k for k, v in unknown.items() if v is True and k not in values]
    out: dict[str, Any] = {}
    for key in keys:
        value, unk, sens = values.get(key), unknown.get(key), sensitive.get(key)
        is_list = type(value) is list or type(unk) is list or type(sens) is list
        try:
            if is_list and key in single:  # one item at most: the object itself
                converted = _item(_first(value), _first(unk), _first(sens))
                name = input_name(key, False)
            else:
                converted = _value(value, unk, sens)
                name = input_name(key, is_list)
        except _Refused as exc:
            raise _Refused(exc.message, f"{key}.{exc.path}" if exc.path else key) from None
        if converted is not None:
            out[name] = converted
    return out


def _value(value: Any, unknown: Any, sensitive: Any) -> Any:
    if sensitive is True:
        return SECRET
    if unknown is True:
        return UNKNOWN
    kind = type(value)
    if kind is list:
        items = [_item(v, _at(unknown, i), _at(sensitive, i)) for i, v in enumerate(value)]
        return [v for v in items if v is not None] or None
    if kind is dict:  # a map: its keys are data
        entries = {
            str(k): _value(v, _get(unknown, k), _get(sensitive, k)) for k, v in value.items()
        }
        return {k: v for k, v in entries.items() if v is not None} or None
    if kind is float or kind is int:
        if not abs(value) <= MAX_NUMBER:  # also NaN
            shown = repr(value) if len(repr(value)) < 24 else f"{repr(value)[:20]}..."
            raise _Refused(f"{shown} is out of range (expected a number up to {MAX_NUMBER:g})")
        if kind is float and value.is_integer():
            return int(value)
    return value


def _item(value: Any, unknown: Any, sensitive: Any) -> Any:
    """A list element: an object there is a nested block."""
    if type(value) is dict and sensitive is not True and unknown is not True:
        return _block(value, unknown, sensitive, _NONE) or None
    return _value(value, unknown, sensitive)


def _first(value: Any) -> Any:
    return value[0] if type(value) is list and value else None


def _at(tree: Any, index: int) -> Any:
    return tree[index] if type(tree) is list and index < len(tree) else tree


def _get(tree: Any, key: str) -> Any:
    return tree.get(key) if type(tree) is dict else tree
