"""Loading the provider SDKs on demand (indexplan/sdk_on_demand.py), resolving Pulumi's
property types per key (indexplan/hints_on_demand.py) and not tracing where each resource
was declared change how much is done, never what the program creates: the
same resource graph, byte for byte, for every shipped stack, from classes with the same bases,
decorators, names and Pulumi type metadata, from the same bytecode. The mechanics are checked
on a small package in the SDKs' layout.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import json
import os
import subprocess
import sys
import textwrap
import types

import pytest

import indexplan.sdk_on_demand as sdk
from indexplan.paths import ROOT, stack_names

SHIPPED = stack_names()  # every stack in stacks/: 8, of the seven SDKs but pulumi_ec
# Types modules of which the stacks use a few classes: each defines fewer than a quarter of
# its classes on demand. Cloudflare's outputs has lines at column 0 inside a class (a
# deprecation message over several lines) and was once imported whole.
SPARSE = ("pulumi_gcp.compute._inputs", "pulumi_aws.s3.outputs", "pulumi_cloudflare.outputs")

# Builds every shipped stack, then describes the SDK classes that exist: the on-demand run
# describes every class it created; the eager run (modules loaded and declarations traced as
# under `pulumi up`) describes the classes the on-demand run names on stdin.
BUILD_AND_DESCRIBE = """
import contextlib, io, json, sys
import pulumi
from pulumi import _types
import indexplan.graph
import indexplan.hints_on_demand
import indexplan.sdk_on_demand
from indexplan.cli import main

mode, stacks = sys.argv[1], sys.argv[3:]
if mode == "eager":  # as Pulumi runs a program: every module whole, declarations traced
    indexplan.sdk_on_demand.on_demand = contextlib.nullcontext
    indexplan.graph._no_declaration_traces = contextlib.nullcontext
    indexplan.hints_on_demand.hints_on_demand = contextlib.nullcontext  # every hint resolved
graphs = {}
for stack in stacks:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["resources", stack, "--format", "json", "--no-cache"]) == 0
    graphs[stack] = out.getvalue()

def name(t):
    return f"{t.__module__}.{t.__qualname__}" if isinstance(t, type) else repr(t)

def describe(cls):
    about = {"mro": [name(c) for c in cls.__mro__], "attributes": sorted(vars(cls))}
    if _types.is_input_type(cls):
        about["types"] = {k: name(v) for k, v in _types.input_type_types(cls).items()}
        about["names"] = _types.input_type_py_to_pulumi_names(cls)
    elif _types.is_output_type(cls):
        about["types"] = {k: name(v) for k, v in _types.output_type_types(cls).items()}
    elif issubclass(cls, pulumi.Resource):
        about["types"] = {k: name(v) for k, v in _types.resource_types(cls).items()}
    return about

if mode == "eager":
    keys = json.load(sys.stdin)
else:
    keys = sorted(
        [module, attr]
        for module, loaded in list(sys.modules.items())
        if module.startswith("pulumi_") and loaded is not None
        for attr, value in list(vars(loaded).items())
        if isinstance(value, type) and value.__module__ == module
    )
classes = {f"{m}:{a}": describe(getattr(sys.modules[m] if m in sys.modules else
           __import__(m, fromlist=["_"]), a)) for m, a in keys}
defined = {m: len([v for v in vars(sys.modules[m]).values() if isinstance(v, type)])
           for m in json.loads(sys.argv[2])}
print(json.dumps({"graphs": graphs, "keys": keys, "classes": classes, "defined": defined}))
"""


def build_and_describe(mode: str, stdin: str = "") -> dict:
    # Never a graph from the cache; bytecode written as usual, so the eager run compiles the
    # SDK modules once, not on every run of the suite.
    env = {**os.environ, "INDEXPLAN_CACHE_DIR": os.devnull}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    done = subprocess.run(
        [sys.executable, "-c", BUILD_AND_DESCRIBE, mode, json.dumps(SPARSE), *SHIPPED],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)


def test_every_shipped_stack_gives_the_same_graph_from_the_same_classes():
    lazy = build_and_describe("on-demand")
    eager = build_and_describe("eager", json.dumps(lazy["keys"]))
    for stack in SHIPPED:
        assert json.loads(lazy["graphs"][stack])  # a real graph, not an empty document
        assert lazy["graphs"][stack] == eager["graphs"][stack], stack  # byte for byte
    # Every class the on-demand run created (resources, their Args, the input and output
    # types of the properties set: 524 for the eight stacks) is the class a normal import
    # creates.
    assert len(lazy["classes"]) > 500
    assert lazy["classes"] == eager["classes"]
    # ... and most classes were never created: Google's compute defines 1,946 input types
    # (on demand: 20 types in the module), Cloudflare's outputs 3,379 (on demand: 59 types,
    # typing's Any among them).
    assert lazy["defined"].keys() == set(SPARSE)
    for module, count in lazy["defined"].items():
        assert count < eager["defined"][module] / 4, module


@pytest.mark.parametrize(
    "module", ["pulumi_aws.cloudfront._inputs", "pulumi_aws.s3.outputs", "pulumi_aws.iam._enums"]
)
def test_a_class_compiled_alone_is_the_bytecode_of_the_whole_module(module):
    """Code objects compare equal only if bytecode, constants, names and line table agree."""
    import pulumi  # noqa: F401 - the SDK's own imports, as when the module loads

    path = importlib.util.find_spec(module).origin
    store = sdk._ClassStore.open(path)
    assert store is not None  # the generator's layout was recognised
    with open(path, encoding="utf-8") as file:
        source = file.read()
    # Annotations kept as text (PEP 563), except in TypedDicts: the whole module compiled so.
    bodies = {}
    for flags in (0, sdk.ANNOTATIONS):
        whole = compile(source, path, "exec", flags=flags, dont_inherit=True)
        bodies[flags] = {c.co_name: c for c in whole.co_consts if isinstance(c, types.CodeType)}
    assert set(store.classes) == set(bodies[0])

    def expected(name: str) -> types.CodeType:
        return bodies[0 if "TypedDict" in store.classes[name][1] else sdk.ANNOTATIONS][name]

    assert [n for n in store.classes if store._compile(n) != expected(n)] == []
    if module.endswith("outputs"):  # a getter's annotation is text, as the module wrote it
        assert any(bodies[0][n] != bodies[sdk.ANNOTATIONS][n] for n in store.classes)


# A small package in the generator's layout. Expected by reading it: `shared` comes from
# beta (the later star import wins); Alpha's module names AlphaArgs only in a quoted
# annotation, and AlphaArgs names AlphaNestedArgs likewise, so each is created when its name
# is first used (an attribute, an annotation resolved); Unused is never created; outputs.py
# has a statement between its classes, so it is imported whole.
DEMO = {
    "__init__.py": """
        import typing
        from .alpha import *
        from .beta import *
        from ._inputs import *
        from . import outputs
        """,
    "alpha.py": """
        import typing
        from ._inputs import *

        __all__ = ['Alpha', 'shared']

        class Alpha:
            def __init__(self, args: typing.Optional['AlphaArgs'] = None):
                self.args = args

        shared = 'alpha'
        """,
    "beta.py": """
        __all__ = ['Beta', 'shared']

        class Beta:
            pass

        shared = 'beta'
        """,
    "_inputs.py": """
        import dataclasses
        import typing

        __all__ = [
            'AlphaArgs',
            'AlphaNestedArgs',
            'Unused',
        ]

        @dataclasses.dataclass
        class AlphaArgs:
            nested: typing.Optional['AlphaNestedArgs'] = None


        @dataclasses.dataclass
        class AlphaNestedArgs:
            size: int = 0


        class Unused(dict):
            pass
        """,
    "outputs.py": """
        __all__ = ['First', 'Second']

        class First:
            pass

        LIMIT = 3

        class Second:
            pass
        """,
}


@pytest.fixture
def demo(tmp_path, monkeypatch):
    package = tmp_path / "sdkdemo"
    package.mkdir()
    for name, text in DEMO.items():
        (package / name).write_text(textwrap.dedent(text).lstrip())
    monkeypatch.setattr(sdk, "SDKS", sdk.SDKS | {"sdkdemo"})
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    monkeypatch.syspath_prepend(str(tmp_path))
    yield package
    for name in [m for m in sys.modules if m.split(".")[0] == "sdkdemo"]:
        del sys.modules[name]


def loaded() -> set[str]:
    return {m for m in sys.modules if m.startswith("sdkdemo")}


def test_a_package_imports_a_module_only_when_one_of_its_names_is_used(demo):
    with sdk.on_demand():
        demo_package = importlib.import_module("sdkdemo")
        assert loaded() == {"sdkdemo", "sdkdemo.outputs"}
        assert demo_package.Alpha.__module__ == "sdkdemo.alpha"
        assert "sdkdemo.beta" not in loaded()
        assert demo_package.shared == "beta"  # the later star import wins, as before
        assert "Beta" in dir(demo_package) and "AlphaNestedArgs" in dir(demo_package)
        with pytest.raises(AttributeError, match="has no attribute 'missing'"):
            demo_package.missing  # noqa: B018


def test_a_class_is_created_when_its_name_is_first_used(demo):
    with sdk.on_demand():
        alpha = importlib.import_module("sdkdemo.alpha")
    inputs = sys.modules["sdkdemo._inputs"]
    assert not {"AlphaArgs", "AlphaNestedArgs"} & vars(inputs).keys()  # only quoted so far
    assert alpha.AlphaArgs is inputs.AlphaArgs  # what the star import would have given
    assert "AlphaNestedArgs" not in vars(inputs)
    assert typing_hints(alpha.AlphaArgs) == {  # resolving the annotation creates the class
        "nested": "typing.Optional[sdkdemo._inputs.AlphaNestedArgs]"
    }
    assert "AlphaNestedArgs" in vars(inputs)
    assert "Unused" not in vars(inputs)
    args = alpha.AlphaArgs(inputs.AlphaNestedArgs(size=3))  # the decorator ran: a dataclass
    assert args.nested.size == 3
    assert inputs.Unused.__bases__ == (dict,) and inputs.Unused.__module__ == "sdkdemo._inputs"
    namespace: dict = {}
    exec("from sdkdemo._inputs import *", namespace)  # anyone else's star import: everything
    assert {"AlphaArgs", "AlphaNestedArgs", "Unused"} <= namespace.keys()


def typing_hints(cls: type) -> dict[str, str]:
    import typing

    hints = typing.get_type_hints(cls, vars(sys.modules[cls.__module__]))
    return {k: repr(v).replace("<class '", "").replace("'>", "") for k, v in hints.items()}


def test_a_module_not_in_the_generators_layout_is_imported_whole(demo):
    with sdk.on_demand():
        outputs = importlib.import_module("sdkdemo.outputs")
    assert {"First", "Second", "LIMIT"} <= vars(outputs).keys()


# Lines at column 0 inside a class, as the generator writes them when a message runs over
# several lines (Cloudflare's outputs: `@_utilities.deprecated("""Please use the ...` on a
# getter), or as a bracketed expression may be written.
SPANNING = textwrap.dedent('''
    import functools

    __all__ = ['Zone', 'Plan']

    class Zone:
        @property
        @functools.lru_cache
        def plan(self) -> 'Plan':
            """Replaced by plans.
    See [Zone Plans](https://example.com/plans).
    """
            return Plan()

        SIZES = [
    1,
    2]


    class Plan:
        pass
    ''').lstrip()


def test_a_class_with_lines_at_column_0_is_still_found():
    header, exports, classes = sdk._layout(SPANNING)
    assert exports == ("Zone", "Plan")
    zone_start = SPANNING.index("class Zone")
    plan_start = SPANNING.index("class Plan")
    assert classes["Zone"] == sdk._Layout((), "", zone_start, plan_start)
    assert classes["Plan"] == sdk._Layout((), "", plan_start, len(SPANNING))
    assert header == SPANNING[:zone_start].replace("__all__ = ['Zone', 'Plan']", "")


def test_a_class_with_lines_at_column_0_compiles_to_the_whole_modules_bytecode(tmp_path):
    path = tmp_path / "outputs.py"
    path.write_text(SPANNING)
    store = sdk._ClassStore.open(str(path))
    assert store is not None
    whole = compile(SPANNING, str(path), "exec", flags=sdk.ANNOTATIONS, dont_inherit=True)
    expected = next(c for c in whole.co_consts if getattr(c, "co_name", "") == "Zone")
    assert store._compile("Zone") == expected
    namespace: dict = {}
    exec(store.header, namespace)
    zone = sdk._build_class("Zone", expected, namespace, sdk._Layout(*store.classes["Zone"]))
    assert zone.SIZES == [1, 2]
    assert zone.plan.__doc__ == (
        "Replaced by plans.\nSee [Zone Plans](https://example.com/plans).\n"
    )


@pytest.mark.parametrize(
    "between",
    [
        'NOTE = """a statement\nat column 0\n"""\n',  # a string over several lines
        "LIMITS = (\n1,\n2)\n",  # a bracketed expression over several lines
        "def helper():\n    pass\n",  # a function
    ],
)
def test_a_statement_between_classes_is_not_the_generators_layout(between):
    """Its lines at column 0 are in no class statement: the module is imported whole."""
    source = SPANNING.replace("\n\nclass Plan", f"\n{between}\nclass Plan")
    compile(source, "outputs.py", "exec")  # valid Python, only not the generator's layout
    assert sdk._layout(source) is None


def test_a_class_decorator_over_several_lines_is_not_the_generators_layout():
    """The generator writes a class's decorators on one line each; one that is not found for
    its class is taken as a statement after the class above, and the module imported whole."""
    source = SPANNING.replace("class Plan", "@functools.wraps(\nlen)\nclass Plan")
    compile(source, "outputs.py", "exec")
    assert sdk._layout(source) is None


def test_every_types_module_of_the_installed_sdks_has_the_generators_layout():
    """Else it would be imported whole on every cold build that uses it (Cloudflare's
    outputs, 3,379 classes, was until its multi-line messages were understood)."""
    missed, count = [], 0
    for top in sorted(sdk.SDKS):
        spec = importlib.util.find_spec(top)
        assert spec is not None and spec.submodule_search_locations, top
        for folder, folders, files in os.walk(spec.submodule_search_locations[0]):
            folders[:] = [f for f in folders if f != "__pycache__"]
            for name in files:
                if name.endswith(".py") and name[:-3] in sdk.TYPE_MODULES:
                    count += 1
                    with open(os.path.join(folder, name), encoding="utf-8") as file:
                        if sdk._layout(file.read()) is None:
                            missed.append(os.path.join(folder, name))
    assert count > 700  # 747 in the locked versions of the seven SDKs
    assert missed == []


def test_compiled_classes_are_kept_beside_the_bytecode_and_checked_like_it(demo):
    with sdk.on_demand():
        importlib.import_module("sdkdemo.alpha").AlphaArgs  # noqa: B018
    store_path = sdk._beside_bytecode(str(demo / "_inputs.py"), ".classes")
    stored = sdk._ClassStore.open(str(demo / "_inputs.py"))
    assert stored is not None and set(stored.bodies) == {"AlphaArgs"}
    # an edited module (its size changes) is read afresh, never served from the store
    with open(demo / "_inputs.py", "a") as file:
        file.write("# edited\n")
    assert sdk._ClassStore.open(str(demo / "_inputs.py")).bodies == {}
    # a torn or foreign store is ignored, not a crash
    with open(store_path, "wb") as file:
        file.write(b"\x00not marshal")
    assert sdk._ClassStore.open(str(demo / "_inputs.py")).bodies == {}


def test_a_package_index_kept_beside_the_bytecode_follows_an_edited_module(demo):
    with sdk.on_demand():
        assert importlib.import_module("sdkdemo").Beta.__name__ == "Beta"
    assert os.path.exists(sdk._beside_bytecode(str(demo / "__init__.py"), ".exports"))
    for name in [m for m in sys.modules if m.split(".")[0] == "sdkdemo"]:
        del sys.modules[name]
    beta = (
        (demo / "beta.py").read_text().replace("['Beta', 'shared']", "['Beta', 'Gamma', 'shared']")
    )
    (demo / "beta.py").write_text(beta + "\nclass Gamma:\n    pass\n")
    with sdk.on_demand():
        assert importlib.import_module("sdkdemo").Gamma.__module__ == "sdkdemo.beta"


def test_no_store_is_written_when_bytecode_is_not(demo, monkeypatch):
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    with sdk.on_demand():
        importlib.import_module("sdkdemo.alpha")
    assert not os.path.exists(sdk._beside_bytecode(str(demo / "_inputs.py"), ".classes"))
    assert not os.path.exists(sdk._beside_bytecode(str(demo / "__init__.py"), ".exports"))


# A provider's `__init__` ends with a lazy_import of each subpackage through its _utilities,
# which calls pulumi._utils' at each call (pulumi_aws: 240 of them).
LAZY_SUBPACKAGE = {
    "__init__.py": "from . import _utilities\n"
    "sub = _utilities.lazy_import('sdklazy.sub')\n"
    "other = _utilities.lazy_import('json')\n",
    "_utilities.py": "def lazy_import(fullname):\n"
    "    import pulumi._utils as u\n"
    "    return u.lazy_import(fullname)\n",
    "sub/__init__.py": "VALUE = 42\n",
    "later/__init__.py": "",
}


def test_a_lazy_imported_subpackage_is_made_when_first_asked_for(tmp_path, monkeypatch):
    """Nothing of `sub` exists after the package ran; asking for it gives Pulumi's lazy
    module, the one an import gives, which runs on its first attribute. Pulumi's
    lazy_import of anything else (`json`), or outside a package's run, runs at once."""
    import pulumi._utils

    for name, text in LAZY_SUBPACKAGE.items():
        (tmp_path / "sdklazy" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "sdklazy" / name).write_text(text)
    monkeypatch.setattr(sdk, "SDKS", sdk.SDKS | {"sdklazy"})
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        with sdk.on_demand():
            package = importlib.import_module("sdklazy")
            assert "sdklazy.sub" not in sys.modules and "sub" not in vars(package)
            assert "sub" in dir(package) and package.other is json
            sub = package.sub
            assert type(sub).__name__ == "_LazyModule"  # Pulumi's: not run yet
            assert sys.modules["sdklazy.sub"] is sub is vars(package)["sub"]
            assert importlib.import_module("sdklazy.sub") is sub
            assert sub.VALUE == 42 and type(sub) is types.ModuleType
            later = pulumi._utils.lazy_import("sdklazy.later")
            assert type(later).__name__ == "_LazyModule" and sys.modules["sdklazy.later"] is later
    finally:
        for name in [m for m in sys.modules if m.split(".")[0] == "sdklazy"]:
            del sys.modules[name]


def test_the_finder_is_gone_after_the_build():
    with contextlib.ExitStack() as stack:
        stack.enter_context(sdk.on_demand())
        assert any(isinstance(f, sdk._Finder) for f in sys.meta_path)
    assert not any(isinstance(f, sdk._Finder) for f in sys.meta_path)


# Run in a fresh interpreter (grpc may be loaded already in this one): after a build grpc has
# not run, and it runs, whole, on first use, the package before its submodule either way round.
GRPC_ON_FIRST_USE = """
import sys
from indexplan.graph import build_graph
from indexplan.paths import resolve_stack
from indexplan.stackfile import load_stack_file
build_graph(load_stack_file(resolve_stack("pypi-2021")))
ran_before = "grpc._cython.cygrpc" in sys.modules
from grpc import aio
import grpc
used = [aio.Channel, grpc.RpcError] if sys.argv[1] == "aio" else [grpc.RpcError, aio.Channel]
loader = type(grpc.__loader__).__name__
print(ran_before, *[c.__module__ for c in used], grpc.aio is aio, loader)
"""


@pytest.mark.parametrize("first", ["aio", "grpc"])
def test_grpc_runs_on_first_use_only(first):
    env = {**os.environ, "INDEXPLAN_CACHE_DIR": os.devnull}
    done = subprocess.run([sys.executable, "-c", GRPC_ON_FIRST_USE, first], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    channel, error = "grpc.aio._base_channel", "grpc"
    expected = [channel, error] if first == "aio" else [error, channel]
    assert done.stdout.split() == ["False", *expected, "True", "SourceFileLoader"]


# In a fresh interpreter: after a build protobuf's Python message classes have not run (the C
# implementation did the work), nor the text_format they import; they run on first use.
PYTHON_MESSAGE_ON_FIRST_USE = """
import sys
from indexplan.graph import build_graph
from indexplan.paths import resolve_stack
from indexplan.stackfile import load_stack_file
from google.protobuf.internal import api_implementation
build_graph(load_stack_file(resolve_stack("pypi-2021")))
from google.protobuf.internal import python_message
ran_before = "google.protobuf.text_format" in sys.modules
helper = python_message._AttachFieldHelpers
print(api_implementation.Type(), ran_before, helper.__module__,
      "google.protobuf.text_format" in sys.modules, type(python_message.__loader__).__name__)
"""


def test_protobufs_python_messages_run_on_first_use_only():
    env = {**os.environ, "INDEXPLAN_CACHE_DIR": os.devnull}
    command = [sys.executable, "-c", PYTHON_MESSAGE_ON_FIRST_USE]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=300, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    module = "google.protobuf.internal.python_message"
    assert done.stdout.split() == ["upb", "False", module, "True", "SourceFileLoader"]
