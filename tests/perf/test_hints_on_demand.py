"""Pulumi's property types resolved per key (indexplan/hints_on_demand.py) are Pulumi's own:
for SDK classes the shipped stacks use (a resource with over a hundred properties, its Args,
nested input types, output types), every key looks up the type Pulumi's eager dict holds,
iterating gives Pulumi's keys in Pulumi's order, and an unknown key is absent. That the
graphs stay byte-identical is checked in test_sdk_on_demand.py (an eager build as reference).
"""

from __future__ import annotations

import builtins
import importlib
import sys
import typing

import pulumi
import pytest
from pulumi import _types

from indexplan.hints_on_demand import _names_in, _return_hint, hints_on_demand
from indexplan.sdk_on_demand import on_demand

# (module, class, which of Pulumi's functions gives its types)
SDK_CLASSES = [
    ("pulumi_fastly", "ServiceVcl", "resource_types"),
    ("pulumi_fastly", "ServiceVclArgs", "input_type_types"),
    ("pulumi_fastly", "ServiceVclBackendArgs", "input_type_types"),
    ("pulumi_aws.rds", "Instance", "resource_types"),
    ("pulumi_aws.rds", "InstanceArgs", "input_type_types"),
    ("pulumi_aws.s3", "Bucket", "resource_types"),
    ("pulumi_aws.s3.outputs", "BucketCorsRule", "output_type_types"),
    ("pulumi_gcp.storage", "BucketArgs", "input_type_types"),
    ("pulumi_gcp.storage.outputs", "BucketLifecycleRuleCondition", "output_type_types"),
]


def _sdk_class(module: str, name: str) -> type:
    with on_demand():
        return getattr(importlib.import_module(module), name)


@pytest.mark.parametrize(("module", "name", "function"), SDK_CLASSES)
def test_each_key_gives_the_type_pulumi_gives(module, name, function):
    cls = _sdk_class(module, name)
    pulumis = getattr(_types, function)
    eager = pulumis(cls)  # Pulumi's own, outside the context
    assert type(eager) is dict and len(eager) > 3
    with hints_on_demand():
        lazy = getattr(_types, function)(cls)
        assert type(lazy) is not dict
        # Key by key first (as serialising asks), before anything iterates the mapping.
        for key, typ in reversed(eager.items()):
            assert lazy[key] == typ, key
            assert lazy.get(key) == typ
        assert lazy.get("noSuchProperty") is None
        assert "noSuchProperty" not in lazy
        assert list(lazy) == list(eager)  # Pulumi's order
        assert dict(lazy) == eager
    assert getattr(_types, function) is pulumis  # Pulumi's functions are back


@pulumi.input_type
class _DemoArgs:
    """An input type as the generator writes one, with a getter whose annotation names a
    class that does not exist, and two getters for one Pulumi name."""

    def __init__(__self__, *, first: pulumi.Input[str] | None = None) -> None:
        if first is not None:
            pulumi.set(__self__, "first", first)

    @property
    @pulumi.getter(name="firstName")
    def first(self) -> pulumi.Input[str] | None:
        return pulumi.get(self, "first")

    @property
    @pulumi.getter(name="broken")
    def broken(self) -> NoSuchClassArgs | None:  # type: ignore[name-defined]  # noqa: F821
        return pulumi.get(self, "broken")

    @property
    @pulumi.getter(name="size")
    def size(self) -> pulumi.Input[int]:
        return pulumi.get(self, "size")

    @property
    @pulumi.getter(name="size")
    def size_again(self):  # no annotation: Pulumi keeps the earlier getter's type
        return pulumi.get(self, "size_again")

    @property
    @pulumi.getter(name="bare")
    def bare(self) -> pulumi.Output:  # a bare Output: Pulumi leaves it out
        return pulumi.get(self, "bare")


def test_a_hint_is_resolved_only_when_its_key_is_asked_for():
    with pytest.raises(NameError, match="NoSuchClassArgs"):
        _types._raw_return_hints.__wrapped__(_DemoArgs)  # Pulumi resolves every getter
    with hints_on_demand():
        types = _types.input_type_types(_DemoArgs)
        assert types["firstName"] is str  # `broken` is never resolved
        assert types["size"] is int
        assert types.get("bare") is None and "bare" not in types
        assert types.get("nosuch") is None
        with pytest.raises(NameError, match="NoSuchClassArgs"):
            types["broken"]  # the error Pulumi raises, when this key is asked for
        with pytest.raises(NameError, match="NoSuchClassArgs"):
            list(types)


def test_nothing_is_replaced_when_pulumi_lacks_a_function(monkeypatch):
    monkeypatch.delattr(_types, "_raw_return_hints")
    before = _types.input_type_types
    with hints_on_demand():
        assert _types.input_type_types is before
    assert "_raw_return_hints" not in vars(_types)
    assert sys.modules["pulumi._types"] is _types


def test_the_names_an_annotation_looks_up():
    def names(text: str) -> list[str]:
        found = _names_in(text)
        assert found is not None
        assert len(set(found)) == len(found)  # each once
        return sorted(found)

    assert names("pulumi.Input[Optional[_builtins.str]]") == ["Optional", "_builtins", "pulumi"]
    # a quoted name is looked up too
    assert names("Optional[Sequence['BucketArgs']]") == ["BucketArgs", "Optional", "Sequence"]
    assert names("Mapping['Thing', Thing] | None") == ["Mapping", "Thing"]
    assert names("Callable[[int], str]") == ["Callable", "int", "str"]
    # a call, a lambda, text that is no expression: not evaluated through the memo
    assert _names_in("make()") is None
    assert _names_in("Optional['make()']") is None
    assert _names_in("lambda: 1") is None
    assert _names_in("not python(") is None


class _CountingTypes:
    """Pulumi's `_types` as _return_hint sees it, counting the evaluations."""

    def __init__(self) -> None:
        self.evaluated = 0

    def get_type_hints(self, getter, globalns=None, localns=None):
        self.evaluated += 1
        return typing.get_type_hints(getter, globalns=globalns, localns=localns)


def _getter(text: str):
    def getter(self):
        return None

    getter.__annotations__ = {"return": text}
    return getter


def test_an_annotation_is_evaluated_once_for_the_objects_its_names_stand_for():
    types = _CountingTypes()
    local = {"Output": pulumi.Output, "T": type(None)}
    first = {"Optional": typing.Optional, "Thing": int, "__builtins__": builtins}
    second = {"Optional": typing.Optional, "Thing": str, "__builtins__": vars(builtins)}
    text = "Optional['Thing']"  # unusual, so that no other test made its key
    assert _return_hint(types, _getter(text), dict(first), local) == int | None
    assert _return_hint(types, _getter(text), dict(first), local) == int | None
    assert types.evaluated == 1  # same text, `Thing` the same class: evaluated once
    assert _return_hint(types, _getter(text), second, local) == str | None
    assert types.evaluated == 2  # `Thing` another class here: evaluated again
    # `Optional` and `int` found among the builtins (module or dict), as eval finds them
    with_builtins = {"__builtins__": {**vars(builtins), "Optional": typing.Optional}}
    assert _return_hint(types, _getter("Optional[int]"), with_builtins, local) == int | None
    assert types.evaluated == 3


def test_an_annotation_naming_what_the_namespace_lacks_is_evaluated_each_time():
    types = _CountingTypes()
    local = {"Output": pulumi.Output, "T": type(None)}
    # `Later` is found through the builtins' __missing__ (as an SDK class made at its first
    # use), never looked up by the memo: evaluated as Pulumi would, every time.
    late = _Late(vars(builtins), Later=float)
    namespace = {"Optional": typing.Optional, "__builtins__": late}
    for evaluated in (1, 2):
        assert _return_hint(types, _getter("Optional['Later']"), namespace, local) == float | None
        assert types.evaluated == evaluated
    assert late.missed == 2  # only the evaluations looked it up


class _Late(dict):
    def __init__(self, builtins: dict, **late: type) -> None:
        super().__init__(builtins)
        self.late = late
        self.missed = 0

    def __missing__(self, name: str) -> type:
        self.missed += 1
        return self.late[name]
