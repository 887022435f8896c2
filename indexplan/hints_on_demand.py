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

The hints of properties left unset are not asked for either. A generated resource passes every
property to Pulumi, most of them None (pypi-2021: 770 of the 899 keys serialised with a type),
and `rpc.serialize_properties` looks each key's type up before serialising its value, though a
None serialises to None whatever the type and is then left out of the request. While active,
`serialize_properties` is given, for a typed plain dict, the same dict without its None
values: the same request and dependencies, without resolving 85 % of the hints nor creating
the classes they name (pypi-2021: 114 classes of types modules down to 28).
tests/perf/test_cold_unset_properties.py checks both against Pulumi's own function.
"""

from __future__ import annotations

import ast
import functools
import inspect
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from types import ModuleType
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
                self._resolved[id(prop)] = _return_hint(self._types, prop.fget, globalns, localns)
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


def _return_hint(
    types: Any, getter: Any, globalns: dict[str, Any] | None, localns: dict[str, Any]
) -> Any:
    """`get_type_hints(getter, globalns, localns).get("return")`, as Pulumi asks for it; worked
    out once for each annotation text and the objects its names stand for.

    The generator annotates hundreds of getters alike (`pulumi.Output[_builtins.str]`: 94 of
    pypi-2021's 412), and typing compiles and evaluates each text anew. Evaluating a text
    gives the same type wherever its names (those in quoted names too) stand for the same
    objects, so a text is evaluated again only where one of them differs (pypi-2021: 57
    evaluations instead of 412). A name the namespaces do not hold yet (an SDK class made at
    its first use) is never looked up here: that text is evaluated as before.
    """
    key = _evaluation_key(getter, globalns, localns)
    if key is None:
        return types.get_type_hints(getter, globalns=globalns, localns=localns).get("return")
    text, meant = key
    with _lock:
        found = _EVALUATED.get((text, *map(id, meant)))
        if found is None:
            hint = types.get_type_hints(getter, globalns=globalns, localns=localns).get("return")
            # the objects are kept with it, so that their ids stay theirs
            found = _EVALUATED[(text, *map(id, meant))] = (hint, meant)
    return found[0]


def _evaluation_key(
    getter: Any, globalns: dict[str, Any] | None, localns: dict[str, Any]
) -> tuple[str, list[Any]] | None:
    """The getter's return annotation (text) and what each of its names stands for where
    `eval` looks (locals, globals, the globals' builtins), each found in a mapping, never
    through a `__missing__`; None when that is not all there is to evaluating it."""
    annotations = getattr(getter, "__annotations__", None)
    if type(annotations) is not dict or len(annotations) != 1 or globalns is None:
        return None
    text = annotations.get("return")
    names = _names_in(text) if type(text) is str else None
    if text is None or names is None:
        return None
    builtins = globalns.get("__builtins__")
    if isinstance(builtins, ModuleType):
        builtins = vars(builtins)
    meant: list[Any] = []
    for name in names:
        for namespace in (localns, globalns, builtins or {}):
            if name in namespace:
                meant.append(namespace[name])
                break
        else:
            return None
    return text, meant


# (annotation text, id of each object its names stand for): (the hint, those objects)
_EVALUATED: dict[tuple[Any, ...], tuple[Any, list[Any]]] = {}


_ANNOTATION_NODES = (ast.Expression, ast.Attribute, ast.Subscript, ast.Tuple, ast.List,
                     ast.BinOp, ast.BitOr, ast.Constant, ast.expr_context)  # fmt: skip


@functools.cache
def _names_in(text: str) -> tuple[str, ...] | None:
    """The names an annotation's text looks up (`pulumi`, `Optional` and `_builtins` in
    `pulumi.Input[Optional[_builtins.str]]`), in quoted names too; None for a text that is
    not an expression of names, attributes, subscripts, `|` and quoted names."""
    try:
        tree = ast.parse(text, mode="eval")
    except (SyntaxError, ValueError):
        return None
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            names.append(node.id)
        elif isinstance(node, ast.Constant) and type(node.value) is str:
            quoted = _names_in(node.value)
            if quoted is None:
                return None
            names += quoted
        elif not isinstance(node, _ANNOTATION_NODES):
            return None
    return tuple(dict.fromkeys(names))


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


_SERIALIZE_PARAMETERS = ("inputs", "property_deps", "resource_obj", "input_transformer", "typ")


def _unset_left_out(serialize: Callable[..., Any]) -> Callable[..., Any]:
    """`rpc.serialize_properties`, given a typed plain dict without its None values.

    Pulumi serialises each key's value with the key's type; a None gives None whatever the
    type (`serialize_property` unwraps the type and returns the None: no branch reads the type
    for it), and a key whose value serialises to None is in neither the Struct nor the
    dependencies. Leaving those keys out beforehand therefore gives the same request, only
    without looking their types up. A dict subclass (which may define its own item access,
    as Pulumi's comment in that function warns) and untyped calls are passed through as given.
    Read in Pulumi 3.272; should a later version use the type of a None (or raise for it, as
    it does when an unset property's annotation names a missing class), the byte-identical
    graph test against an eager build (tests/perf/test_sdk_on_demand.py) shows it.
    """

    @functools.wraps(serialize)
    async def serialize_properties(
        inputs: Any,
        property_deps: Any,
        resource_obj: Any = None,
        input_transformer: Any = None,
        typ: Any = None,
        *args: Any,
        **kwargs: Any,
    ) -> Any:
        if typ is not None and type(inputs) is dict:
            inputs = {key: value for key, value in inputs.items() if value is not None}
        return await serialize(
            inputs, property_deps, resource_obj, input_transformer, typ, *args, **kwargs
        )

    return serialize_properties


def _serializer_as_expected(rpc: Any) -> bool:
    """This Pulumi's `serialize_properties` takes the arguments the wrapper passes on."""
    function = getattr(rpc, "serialize_properties", None)
    if function is None or not inspect.iscoroutinefunction(function):
        return False
    parameters = tuple(inspect.signature(function).parameters)
    return parameters[: len(_SERIALIZE_PARAMETERS)] == _SERIALIZE_PARAMETERS


_LAZY: dict[str, Callable[[type], Mapping[str, Any]]] = {}


@contextmanager
def hints_on_demand() -> Iterator[None]:
    """Pulumi's property types resolved per key, and unset properties' types never looked up,
    while active (nothing changed if this Pulumi version lacks one of the functions replaced;
    serialising as Pulumi does if its `serialize_properties` takes other arguments)."""
    from pulumi import _types
    from pulumi.runtime import rpc

    originals: dict[str, Any] = {
        name: getattr(_types, name, None) for name in _lazy_functions(_types)
    }
    if None in originals.values() or not hasattr(_types, "_py_properties"):
        yield
        return
    with _lock:
        if not _LAZY:
            _LAZY.update(_lazy_functions(_types))
    serialize = rpc.serialize_properties
    for name, function in _LAZY.items():
        setattr(_types, name, function)
    if _serializer_as_expected(rpc):
        rpc.serialize_properties = _unset_left_out(serialize)
    try:
        yield
    finally:
        rpc.serialize_properties = serialize
        for name, function in originals.items():
            setattr(_types, name, function)
