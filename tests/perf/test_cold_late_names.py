"""A class of a provider SDK's types module is created when its name is first used
(indexplan/sdk_on_demand.py, `_LateNames`): by a function of a module that star-imported it,
as a base class, as an attribute, or by `eval` of a quoted annotation in a copy of the
module's namespace (what Pulumi's `_raw_return_hints` does). Nothing else changes: an unknown
name is the same error, builtins are the builtins. Checked on a small package in the SDK
generator's layout; expected values read off the package below.
"""

from __future__ import annotations

import builtins
import importlib
import sys
import textwrap
import typing

import pytest

import indexplan.sdk_on_demand as sdk

PACKAGE = {
    "__init__.py": """
        from .thing import *
        from ._inputs import *
        """,
    "thing.py": """
        import typing
        from ._inputs import *

        __all__ = ['Thing', 'make_child']

        class Thing:
            def __init__(self, args: typing.Optional['ThingArgs'] = None):
                self.args = args

        def make_child(size):
            return ChildArgs(size=size)

        def unknown():
            return NoSuchName

        def late_builtin():
            return added_to_builtins_later

        def sized(items):
            return len(items)

        def warning():
            return Warning
        """,
    "_inputs.py": """
        import dataclasses
        import typing

        __all__ = [
            'ChildArgs',
            'ThingArgs',
            'Derived',
            'Unused',
            'Warning',
        ]

        @dataclasses.dataclass
        class ChildArgs:
            size: int = 0


        @dataclasses.dataclass
        class ThingArgs:
            child: typing.Optional['ChildArgs'] = None


        class Derived(ThingArgs):
            pass


        class Unused(dict):
            pass


        class Warning:
            pass
        """,
}


@pytest.fixture
def package(tmp_path, monkeypatch):
    root = tmp_path / "sdklate"
    root.mkdir()
    for name, text in PACKAGE.items():
        (root / name).write_text(textwrap.dedent(text).lstrip())
    monkeypatch.setattr(sdk, "SDKS", sdk.SDKS | {"sdklate"})
    monkeypatch.syspath_prepend(str(tmp_path))
    with sdk.on_demand():
        thing = importlib.import_module("sdklate.thing")
    yield thing, sys.modules["sdklate._inputs"]
    for name in [m for m in sys.modules if m.split(".")[0] == "sdklate"]:
        del sys.modules[name]


def created(module) -> set[str]:
    return {name for name, value in vars(module).items() if isinstance(value, type)}


def test_nothing_is_created_until_a_name_is_used(package):
    thing, inputs = package
    assert created(thing) == {"Thing"}  # ThingArgs is only quoted in an annotation
    assert created(inputs) == set()


def test_a_function_finds_a_star_imported_class_when_it_runs(package):
    thing, inputs = package
    child = thing.make_child(3)
    assert type(child) is inputs.ChildArgs and child.size == 3
    assert vars(thing)["ChildArgs"] is inputs.ChildArgs  # set as the star import would have
    assert created(inputs) == {"ChildArgs"}


def test_a_base_class_is_created_with_its_subclass(package):
    _, inputs = package
    assert inputs.Derived.__mro__[1] is vars(inputs)["ThingArgs"]
    assert created(inputs) == {"ThingArgs", "Derived"}


def test_a_quoted_annotation_resolves_in_a_copy_of_the_namespace(package):
    """As pulumi._types._raw_return_hints does: eval in dict(module.__dict__)."""
    thing, inputs = package
    hints = typing.get_type_hints(thing.Thing.__init__, dict(vars(thing)), {})
    assert hints["args"] == inputs.ThingArgs | None
    hints = typing.get_type_hints(inputs.ThingArgs, dict(vars(inputs)), {})
    assert hints == {"child": inputs.ChildArgs | None}
    assert created(inputs) == {"ThingArgs", "ChildArgs"}  # never Derived or Unused


def test_an_unknown_name_is_the_same_error(package):
    thing, inputs = package
    with pytest.raises(NameError, match="name 'NoSuchName' is not defined"):
        thing.unknown()
    with pytest.raises(AttributeError, match=r"'sdklate\.thing' has no attribute 'NoSuchName'"):
        thing.NoSuchName  # noqa: B018
    with pytest.raises(AttributeError, match="has no attribute 'len'"):
        thing.len  # noqa: B018 - a builtin is no attribute of a module
    with pytest.raises(AttributeError, match=r"'sdklate\._inputs' has no attribute 'Missing'"):
        inputs.Missing  # noqa: B018


def test_builtins_are_the_builtins(package, monkeypatch):
    thing, _ = package
    assert thing.sized([1, 2, 3]) == 3
    monkeypatch.setattr(builtins, "added_to_builtins_later", 42, raising=False)
    assert thing.late_builtin() == 42


def test_a_class_named_like_a_builtin_is_the_modules_name(package):
    thing, inputs = package
    assert thing.warning() is inputs.Warning is not builtins.Warning
    assert inputs.Warning.__module__ == "sdklate._inputs"


def test_a_star_import_from_elsewhere_gives_every_name(package):
    namespace: dict = {}
    exec("from sdklate._inputs import *", namespace)
    assert {"ChildArgs", "ThingArgs", "Derived", "Unused", "Warning"} <= namespace.keys()
