"""Pulumi's property types resolved per key (indexplan/hints_on_demand.py) are Pulumi's own:
for SDK classes the shipped stacks use (a resource with over a hundred properties, its Args,
nested input types, output types), every key looks up the type Pulumi's eager dict holds,
iterating gives Pulumi's keys in Pulumi's order, and an unknown key is absent. That the
graphs stay byte-identical is checked in test_sdk_on_demand.py (an eager build as reference).
"""

from __future__ import annotations

import importlib
import sys

import pulumi
import pytest
from pulumi import _types

from indexplan.hints_on_demand import hints_on_demand
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
