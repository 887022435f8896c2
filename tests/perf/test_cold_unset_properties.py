"""Properties left unset never have their type looked up (indexplan/hints_on_demand.py,
`_unset_left_out`), and serialising gives Pulumi's request all the same: the same Struct and
the same dependencies as Pulumi's own `serialize_properties` with its eager types, for
properties as generated resources pass them (every property, most of them None). That every
shipped stack's graph stays byte-identical is checked in test_sdk_on_demand.py.
"""

from __future__ import annotations

import asyncio
import importlib
from typing import Any

import pulumi
import pytest
from pulumi import _types
from pulumi.runtime import rpc

from indexplan.hints_on_demand import hints_on_demand
from indexplan.sdk_on_demand import on_demand


def _classes(module: str, *names: str) -> list[Any]:
    with on_demand():
        loaded = importlib.import_module(module)
        return [getattr(loaded, name) for name in names]


def _fastly() -> tuple[type, dict[str, Any]]:
    args, backend, domain = _classes(
        "pulumi_fastly", "ServiceVclArgs", "ServiceVclBackendArgs", "ServiceVclDomainArgs"
    )
    return args, {
        "name": "pypi",
        "backends": [backend(address="origin.example", name="origin", port=443)],
        "domains": [domain(name="pypi.example")],
        "force_destroy": False,  # falsy, not None: serialised
    }


def _rds() -> tuple[type, dict[str, Any]]:
    (args,) = _classes("pulumi_aws.rds", "InstanceArgs")
    return args, {
        "instance_class": "db.t4g.micro",
        "engine": "postgres",
        "allocated_storage": 20,
        "storage_encrypted": True,
        "deletion_protection": False,
        "tags": {"role": "database", "unset": None},
    }


def _gcs() -> tuple[type, dict[str, Any]]:
    args, rule_args, action_args, condition_args = _classes(
        "pulumi_gcp.storage", "BucketArgs", "BucketLifecycleRuleArgs",
        "BucketLifecycleRuleActionArgs", "BucketLifecycleRuleConditionArgs",
    )  # fmt: skip
    lifecycle = rule_args(action=action_args(type="Delete"), condition=condition_args(age=30))
    return args, {
        "location": "US",
        "uniform_bucket_level_access": True,
        "lifecycle_rules": [lifecycle],
        "labels": lambda: pulumi.Output.from_input({"role": "storage"}),  # made in the loop
    }


def _as_a_resource_passes_them(cls: type, values: dict[str, Any]) -> dict[str, Any]:
    """Every property of the Args class, in Pulumi's order, None unless set (as the generated
    `_internal_init` fills `__props__.__dict__`)."""
    props: dict[str, Any] = {name: None for name, _, _ in _types._py_properties(cls)}
    assert values.keys() <= props.keys()
    props.update(values)
    return props


def _serialize(cls: type, props: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
    """Pulumi's request for `props` (a callable value: an Output, made in the event loop)."""

    async def run() -> tuple[Any, dict[str, Any]]:
        deps: dict[str, Any] = {}
        inputs = {key: value() if callable(value) else value for key, value in props.items()}
        struct = await rpc.serialize_properties(inputs, deps, None, None, cls)
        return struct, deps

    return asyncio.run(run())


@pytest.mark.parametrize("example", [_fastly, _rds, _gcs])
def test_a_request_is_the_one_pulumi_serialises(example):
    cls, values = example()
    props = _as_a_resource_passes_them(cls, values)
    assert sum(value is None for value in props.values()) > 10
    eager = _serialize(cls, props)  # Pulumi's own, every hint resolved
    with hints_on_demand():
        lazy = _serialize(cls, props)
    assert len(eager[0].fields) == len(values)  # the set ones: a None is left out
    assert lazy == eager


@pulumi.input_type
class _HalfBrokenArgs:
    """An input type whose unset property's annotation names a class that does not exist:
    Pulumi's eager types raise NameError for it, so resolving it at all would show."""

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


def test_an_unset_property_never_has_its_type_looked_up():
    props = {"first": "a", "broken": None}
    with pytest.raises(NameError, match="NoSuchClassArgs"):
        _serialize(_HalfBrokenArgs, props)  # Pulumi resolves every getter's type
    with hints_on_demand():
        struct, deps = _serialize(_HalfBrokenArgs, props)
    assert dict(struct) == {"firstName": "a"}
    assert deps == {"firstName": []}


def test_a_dict_subclass_and_untyped_calls_are_passed_on_as_given(monkeypatch):
    seen: list[Any] = []

    class Props(dict):  # may define its own item access: not copied
        pass

    async def spy(inputs, property_deps, resource_obj=None, input_transformer=None, typ=None):
        seen.append(inputs)

    props = Props(first="a", broken=None)
    untyped = {"first": "a", "broken": None}
    monkeypatch.setattr(rpc, "serialize_properties", spy)
    with hints_on_demand():
        assert rpc.serialize_properties is not spy
        asyncio.run(rpc.serialize_properties(props, {}, None, None, _HalfBrokenArgs))
        asyncio.run(rpc.serialize_properties(untyped, {}))
        asyncio.run(rpc.serialize_properties(dict(untyped), {}, None, None, _HalfBrokenArgs))
    assert rpc.serialize_properties is spy  # put back
    assert seen[0] is props and seen[1] is untyped
    assert seen[2] == {"first": "a"}


def test_a_serialiser_taking_other_arguments_is_left_alone(monkeypatch):
    async def other(props, deps, typ=None):  # not the parameters the wrapper passes on
        return None

    monkeypatch.setattr(rpc, "serialize_properties", other)
    with hints_on_demand():
        assert rpc.serialize_properties is other
    assert rpc.serialize_properties is other
