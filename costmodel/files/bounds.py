"""The bounds every user file is parsed within, so that bounded input is bounded work.

A 1 KB YAML file of nested aliases stands for billions of nodes, and a 20,000-deep JSON array
overflows any recursive walk; the loaders refuse both before any code above them sees the data.
"""

from __future__ import annotations

from typing import Any

# Nesting levels of mappings and lists: Pulumi previews, the deepest files read, stay under 30.
MAX_DEPTH = 100
# Nodes that YAML aliases may add when the document is expanded (the shipped catalog's merge
# keys add a few hundred); past it the file is refused, never expanded.
MAX_ALIAS_NODES = 10_000
# Digits of an integer written in a file: 10^300 is past every limit of the model (and close to
# the largest float); a 10,000-digit number is refused before it is converted at all.
MAX_INT_DIGITS = 300


_CONTAINERS = (dict, list)  # what json and yaml build; exact types, for speed


class Refused(ValueError):
    """A document outside the bounds, or holding something no user file may hold; the message
    says what, for the loader to put in one line with the file's name."""


def too_deep() -> Refused:
    return Refused(f"nested deeper than {MAX_DEPTH} levels")


def check_depth(doc: Any) -> None:
    """Refused when lists and mappings in `doc` nest deeper than MAX_DEPTH (walked level by
    level without recursion, so the check itself cannot overflow)."""
    level = [doc] if type(doc) in _CONTAINERS else []
    depth = 0
    while level:
        depth += 1
        if depth > MAX_DEPTH:
            raise too_deep()
        below: list[Any] = []
        for node in level:
            below += [
                c for c in (node.values() if type(node) is dict else node) if type(c) in _CONTAINERS
            ]
        level = below


def check_int_digits(text: str) -> None:
    digits = len(text.lstrip("+-"))
    if digits > MAX_INT_DIGITS:
        raise Refused(f"a {digits}-digit integer is out of range")
