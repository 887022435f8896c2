"""Pulumi's property types of an SDK class, each resolved when first asked for.

To translate a value's keys (snake_case to the wire's camelCase) and shape what comes back,
Pulumi needs the type of a property: `_types.input_type_types(cls)` for an input type,
`output_type_types` and `resource_types` for the others. It works them out for every property
of the class at once, `typing.get_type_hints` on each getter (`_raw_return_hints`), cached per
class. A resource or input type has tens of properties (Fastly's ServiceVcl over a hundred)
and a program sets a few: resolving the rest cost 4-8 % of a cold build's instructions, and
each annotation resolved creates the classes it names (`Optional['BucketCorsRuleArgs']`).

While `hints_on_demand()` is active, those three give a mapping that resolves a property's
hint the first time its key is looked up, with Pulumi's own code for one getter: the same
namespace (`_globals_for_cls`, taken at the class's first use as Pulumi does), the same
`get_type_hints` call and `unwrap_type`. A lookup gives what Pulumi's dict holds for that
key; iterating (or `len`) resolves every property, in Pulumi's order. So every value Pulumi
serialises or deserialises is translated with the same types; only hints nobody asks for are
never resolved (tests/perf/test_hints_on_demand.py checks each mapping against Pulumi's dict).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

_MISSING = object()
_lock = threading.RLock()


class _ReturnHints(Mapping[str, Any]):
    """`_types._raw_return_hints(cls)`: each getter's resolved return annotation by Pulumi name."""

    def __init__(self, cls: type, types: Any) -> None:
        self._cls = cls
        self._types = types
        self._getters: dict[str, list[Any]] = {}  # Pulumi name: its getters, in Pulumi's order
        for _, pulumi_name, prop in types._py_properties(cls):
            self._getters.setdefault(pulumi_name, []).append(prop)
        self._namespaces: tuple[dict[str, Any] | None, dict[str, Any]] | None = None
        self._resolved: dict[int, Any] = {}  # id of a getter's property: its hint (None: none)
        self._all: dict[str, Any] | None = None

    def _hint(self, prop: Any) -> Any:
        with _lock:
            if id(prop) not in self._resolved:
                if self._namespaces is None:
                    from pulumi import Output

                    globalns = self._types._globals_for_cls(self._cls)
                    self._namespaces = (globalns, {"Output": Output, "T": type(None)})
                globalns, localns = self._namespaces
                hints = self._types.get_type_hints(prop.fget, globalns=globalns, localns=localns)
                self._resolved[id(prop)] = hints.get("return")
            return self._resolved[id(prop)]

    def __getitem__(self, name: str) -> Any:
        # Pulumi's dict keeps the last getter of a name that has a hint.
        for prop in reversed(self._getters.get(name, ())):
            hint = self._hint(prop)
            if hint is not None:
                return hint
        raise KeyError(name)

    def _every(self) -> dict[str, Any]:
        if self._all is None:
            every: dict[str, Any] = {}
            for _, pulumi_name, prop in self._types._py_properties(self._cls):
                hint = self._hint(prop)
                if hint is not None:
                    every[pulumi_name] = hint
            self._all = every
        return self._all

    def __iter__(self) -> Iterator[str]:
        return iter(self._every())

    def __len__(self) -> int:
        return len(self._every())


class _PropertyTypes(Mapping[str, Any]):
    """`_types._types_from_py_properties(cls)`: the hints unwrapped, a bare Output left out."""

    def __init__(self, hints: Mapping[str, Any], types: Any) -> None:
        self._hints = hints
        self._types = types
        self._unwrapped: dict[str, Any] = {}  # Pulumi name: its type (_MISSING: none)

    def __getitem__(self, name: str) -> Any:
        with _lock:
            if name not in self._unwrapped:
                from pulumi import Output

                hint = self._hints.get(name, _MISSING)
                typ = _MISSING if hint is _MISSING else self._types.unwrap_type(hint)
                self._unwrapped[name] = _MISSING if typ is Output else typ
            found = self._unwrapped[name]
        if found is _MISSING:
            raise KeyError(name)
        return found

    def _every(self) -> dict[str, Any]:
        return {name: self[name] for name in self._hints if name in self}

    def __iter__(self) -> Iterator[str]:
        return iter(self._every())

    def __len__(self) -> int:
        return len(self._every())


class _ResourceTypes(Mapping[str, Any]):
    """`_types.resource_types(cls)`: `{**types from annotations, **types from properties}`."""

    def __init__(self, annotated: dict[str, Any], properties: Mapping[str, Any]) -> None:
        self._annotated = annotated
        self._properties = properties

    def __getitem__(self, name: str) -> Any:
        found = self._properties.get(name, _MISSING)
        return self._annotated[name] if found is _MISSING else found

    def __iter__(self) -> Iterator[str]:
        return iter({**self._annotated, **self._properties})

    def __len__(self) -> int:
        return len({**self._annotated, **self._properties})


def _per_class(make: Callable[[type], Mapping[str, Any]]) -> Callable[[type], Mapping[str, Any]]:
    made: dict[type, Mapping[str, Any]] = {}

    def get(cls: type) -> Mapping[str, Any]:
        with _lock:
            if cls not in made:
                made[cls] = make(cls)
            return made[cls]

    return get


def _lazy_functions(types: Any) -> dict[str, Callable[[type], Mapping[str, Any]]]:
    hints = _per_class(lambda cls: _ReturnHints(cls, types))
    properties = _per_class(lambda cls: _PropertyTypes(hints(cls), types))
    resources = _per_class(
        lambda cls: _ResourceTypes(types._types_from_annotations(cls), properties(cls))
    )
    return {
        "_raw_return_hints": hints,
        "_types_from_py_properties": properties,
        "resource_types": resources,
    }


_LAZY: dict[str, Callable[[type], Mapping[str, Any]]] = {}


@contextmanager
def hints_on_demand() -> Iterator[None]:
    """Pulumi's property types resolved per key while active (nothing changed if this Pulumi
    version lacks one of the functions replaced)."""
    from pulumi import _types

    originals: dict[str, Any] = {
        name: getattr(_types, name, None) for name in _lazy_functions(_types)
    }
    if None in originals.values() or not hasattr(_types, "_py_properties"):
        yield
        return
    with _lock:
        if not _LAZY:
            _LAZY.update(_lazy_functions(_types))
    for name, function in _LAZY.items():
        setattr(_types, name, function)
    try:
        yield
    finally:
        for name, function in originals.items():
            setattr(_types, name, function)
