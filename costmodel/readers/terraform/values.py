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
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from costmodel.errors import InputError
from costmodel.model.graph import SECRET, UNKNOWN
from costmodel.readers.terraform.names import input_name

# Terraform type -> paths of its MaxItems = 1 blocks (dotted, Terraform names) that the cost
# model reads: Cloud SQL's tier, disk size and availability are in `settings`.
MAX_ITEMS_ONE: dict[str, frozenset[str]] = {
    "google_sql_database_instance": frozenset({"settings"}),
}
# Provider schemas nest blocks a handful of levels; a plan nested deeper is not a real plan.
MAX_DEPTH = 32


def planned_inputs(
    tf_type: str, after: Any, unknown: Any, sensitive: Any, where: str, address: str
) -> dict[str, Any]:
    """The graph inputs of one planned resource."""
    if after is None:
        after = {}
    if not isinstance(after, Mapping):
        raise InputError(where, f"{address}: change.after", "must be an object")
    walk = _Walk(MAX_ITEMS_ONE.get(tf_type, frozenset()), where, address)
    return walk.block(after, unknown, sensitive, "", 0)


class _Walk:
    def __init__(self, single: frozenset[str], where: str, address: str) -> None:
        self.single = single
        self.where = where
        self.address = address

    def block(
        self, values: Mapping[str, Any], unknown: Any, sensitive: Any, path: str, depth: int
    ) -> dict[str, Any]:
        """A resource's or nested block's attributes, by their Pulumi names."""
        unknown = unknown if isinstance(unknown, Mapping) else {}
        sensitive = sensitive if isinstance(sensitive, Mapping) else {}
        out: dict[str, Any] = {}
        for key in sorted({*values, *(k for k, v in unknown.items() if v is True)}):
            here = f"{path}.{key}" if path else key
            value, unk, sens = values.get(key), unknown.get(key), sensitive.get(key)
            is_list = any(isinstance(v, list) for v in (value, unk, sens))
            if here in self.single and is_list:
                first = _first(value), _first(unk), _first(sens)
                converted = self.item(*first, here, depth) if first != (None, None, None) else None
                name = input_name(key, False)
            else:
                converted = self.value(value, unk, sens, here, depth + 1)
                name = input_name(key, is_list)
            if converted is not None:
                out[name] = converted
        return out

    def value(self, value: Any, unknown: Any, sensitive: Any, path: str, depth: int) -> Any:
        if depth > MAX_DEPTH:
            raise InputError(
                self.where, f"{self.address}: {path}", f"nested deeper than {MAX_DEPTH}"
            )
        if sensitive is True:
            return SECRET
        if unknown is True:
            return UNKNOWN
        if isinstance(value, list):
            items = [
                self.item(v, _at(unknown, i), _at(sensitive, i), f"{path}[{i}]", depth)
                for i, v in enumerate(value)
            ]
            kept = [v for v in items if v is not None]
            return kept or None
        if isinstance(value, Mapping):
            entries = {
                str(k): self.value(
                    v, _get(unknown, k), _get(sensitive, k), f"{path}.{k}", depth + 1
                )
                for k, v in value.items()
            }
            kept_map = {k: v for k, v in entries.items() if v is not None}
            return kept_map or None
        if isinstance(value, float) and value.is_integer():
            return int(value)
        return value

    def item(self, value: Any, unknown: Any, sensitive: Any, path: str, depth: int) -> Any:
        """A list element: an object there is a nested block."""
        if isinstance(value, Mapping) and sensitive is not True and unknown is not True:
            return self.block(value, unknown, sensitive, path, depth + 1) or None
        return self.value(value, unknown, sensitive, path, depth + 1)


def _first(value: Any) -> Any:
    return value[0] if isinstance(value, list) and value else None


def _at(tree: Any, index: int) -> Any:
    return tree[index] if isinstance(tree, list) and index < len(tree) else tree


def _get(tree: Any, key: str) -> Any:
    return tree.get(key) if isinstance(tree, Mapping) else tree
