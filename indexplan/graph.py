"""Build the resource graph offline: run infra/__main__.py under Pulumi's mocks.

Each stack runs in a copy of the current context (Pulumi keeps its runtime state in
ContextVars) with its own event loop, so several stacks can be built in one process without
one leaking into the next. Nothing here talks to a cloud or needs the Pulumi CLI.
"""

from __future__ import annotations

import asyncio
import contextvars
import gc
import json
import re
from collections.abc import Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from costmodel.errors import InputError
from costmodel.model.graph import SECRET, UNKNOWN, Resource
from indexplan.paths import ROOT
from indexplan.stackfile import StackFile

PROGRAM = ROOT / "infra" / "__main__.py"
PROJECT_FILE = "Pulumi.yaml"  # in the folder above the program's (its `main: infra/`)
# Pulumi's rule for a project name (tokens.ValidateProjectName); a URN holds it between `::`.
_PROJECT_NAME = re.compile(r"[A-Za-z_.][A-Za-z0-9_.-]{0,99}")
_STACK_TYPE = "pulumi:pulumi:Stack"


def build_graph(stack: StackFile, program: Path = PROGRAM) -> list[Resource]:
    """Every resource the program declares for this stack, in registration order."""
    from indexplan.hints_on_demand import hints_on_demand
    from indexplan.sdk_on_demand import on_demand

    project = project_name(program)
    with _collector_paused(), on_demand(), _no_declaration_traces(), hints_on_demand():
        return contextvars.copy_context().run(_build_in_context, stack, program, project)


def project_name(program: Path = PROGRAM) -> str:
    """The `name:` of the program's Pulumi project file: part of every URN, as under `pulumi
    up` (renaming the project renames them all). The graph cache's key hashes that file."""
    from costmodel.files.parsed import load_yaml_mapping

    path = program.parent.parent / PROJECT_FILE
    name = load_yaml_mapping(path, "a Pulumi project file (Pulumi.yaml)").get("name")
    if not isinstance(name, str) or not _PROJECT_NAME.fullmatch(name):
        raise InputError(
            str(path),
            "name",
            "expected the project's name: 1 to 100 letters, digits, `_`, `.` or `-`, not "
            f"starting with a digit or `-`{_got(name)}",
        )
    return name


def _got(value: object) -> str:
    if value is None:
        return ""  # missing, or `name:` with nothing after it
    return f", got {value!r}" if isinstance(value, str) else ", got something other than text"


def __getattr__(name: str) -> str:
    """`PROJECT`: this checkout's project name (tests/fixtures/pulumi/generate.py reads it)."""
    if name == "PROJECT":
        return project_name()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while the program runs, and what exists after it frozen.

    Importing the provider SDKs creates about a million objects, and every full collection
    (during the imports, later ones, the last at exit) walks them all again: this halves a
    cold `estimate` and `compare` (benchmarks/README.md). The price: cyclic garbage of a
    build (about 1.5 MB) is never freed, nothing to a CLI run, bounded in a test process.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


@contextmanager
def _no_declaration_traces() -> Iterator[None]:
    """Pulumi sends the engine where each resource was declared (a stack trace, each frame's
    source line read from its file) for its diagnostics. The mocks discard it, and it was a
    fifth of the time of running the program once the SDKs were loaded: an empty trace instead.
    """
    from pulumi.runtime import resource
    from pulumi.runtime.proto import source_pb2

    declared = getattr(resource, "_get_stack_trace", None)
    if declared is None:  # another SDK version: nothing to skip
        yield
        return
    resource._get_stack_trace = source_pb2.StackTrace
    try:
        yield
    finally:
        resource._get_stack_trace = declared


def build_graphs(stacks: list[StackFile]) -> list[list[Resource]]:
    return [build_graph(stack) for stack in stacks]


def pulumi_config(config: Mapping[str, Any]) -> dict[str, str]:
    """Stack-file values as the Pulumi engine hands them to a program: objects as JSON text."""
    return {
        key: value if isinstance(value, str) else json.dumps(value) for key, value in config.items()
    }


def _build_in_context(stack: StackFile, program: Path, project: str) -> list[Resource]:
    import pulumi
    from pulumi.runtime import settings as pulumi_settings

    from indexplan.mocks import GraphMocks, RecordingMonitor

    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    # Pulumi's mock RPCs run in the default executor and give each worker thread an event loop
    # it never closes; left to the garbage collector at exit they print "Exception ignored
    # ... Invalid file descriptor". Creating those loops here lets us close them.
    thread_loops: list[asyncio.AbstractEventLoop] = []

    def give_thread_a_loop() -> None:
        thread_loop = asyncio.new_event_loop()
        asyncio.set_event_loop(thread_loop)
        thread_loops.append(thread_loop)

    loop.set_default_executor(ThreadPoolExecutor(initializer=give_thread_a_loop))
    try:
        mocks = GraphMocks()
        monitor = RecordingMonitor(mocks)
        _fresh_runtime_state(pulumi_settings)
        pulumi.runtime.set_all_config(pulumi_config(stack.config), sorted(stack.secret_keys))
        pulumi.runtime.set_mocks(
            mocks,
            project=project,
            stack=stack.name,
            preview=True,
            monitor=monitor,
        )
        _run_program(program)
        loop.run_until_complete(pulumi.runtime.stack.wait_for_rpcs())
    finally:
        loop.run_until_complete(loop.shutdown_default_executor())
        asyncio.set_event_loop(None)
        loop.close()
        for thread_loop in thread_loops:
            thread_loop.close()
    resources = [_to_resource(record) for record in monitor.records]
    return sorted(resources, key=_order)


def _run_program(program: Path) -> None:
    """Run the program as `runpy.run_path(program, run_name="__main__")` does (a `__main__`
    module of its own, sys.argv[0] the file), from the bytecode kept in __pycache__ like an
    imported module's: run_path compiles the file on every build (~5 ms a stack)."""
    import sys
    import types
    from importlib.machinery import SourceFileLoader

    path = str(program)
    code = SourceFileLoader("__main__", path).get_code("__main__")
    assert code is not None  # a missing file is an OSError, as with run_path
    module = types.ModuleType("__main__")
    module.__dict__.update(__file__=path, __cached__=None, __loader__=None, __package__="")
    module.__spec__ = None
    saved_main, saved_argv = sys.modules.get("__main__"), sys.argv[:]
    sys.modules["__main__"], sys.argv[:1] = module, [path]
    try:
        exec(code, module.__dict__)
    finally:
        sys.argv[:] = saved_argv
        if saved_main is None:
            del sys.modules["__main__"]
        else:
            sys.modules["__main__"] = saved_main


def _order(resource: Resource) -> tuple[bool, str, int, str]:
    """Providers first, then each component before its children; RPC threads finish in any order."""
    chain = resource.urn.split("::")[2].split("$")  # [parent type,] own type
    if chain[0] == _STACK_TYPE:
        chain = chain[1:]
    return (not resource.type.startswith("pulumi:providers:"), chain[0], len(chain), resource.urn)


def _fresh_runtime_state(pulumi_settings: Any) -> None:
    """Give this run its own copies of the runtime's mutable state.

    set_mocks replaces the monitor and RPC manager but not these: copied contexts would share
    one `outputs` set, and tasks a failed run left there (bound to its closed event loop)
    would make the next run's wait_for_rpcs wait forever.
    """
    import threading

    pulumi_settings.ROOT.set(None)
    pulumi_settings.SETTINGS.outputs = set()
    pulumi_settings.SETTINGS.lock = threading.Lock()
    pulumi_settings.SETTINGS.package_refs = {}
    pulumi_settings.SETTINGS.base_providers_by_ref = {}


def _to_resource(record: Mapping[str, Any]) -> Resource:
    urn: str = record["urn"]
    qualified = urn.split("::")[2].split("$")
    parent = qualified[-2] if len(qualified) > 1 else None
    return Resource(
        urn=urn,
        type=record["type"],
        name=record["name"],
        parent_type=None if parent in (None, _STACK_TYPE) else parent,
        inputs=_plain(record["inputs"]),
    )


def _plain(value: Any) -> Any:
    """Wire values as JSON-ready data: secrets hidden, resource references as their URN."""
    from pulumi import Resource as PulumiResource
    from pulumi.output import Unknown
    from pulumi.runtime.rpc import is_rpc_secret

    if is_rpc_secret(value):
        return SECRET
    if isinstance(value, Unknown):
        return UNKNOWN
    if isinstance(value, PulumiResource):
        return f"[resource {value._name}]"
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)  # the wire has only doubles; sizes and counts are whole numbers
    return value
