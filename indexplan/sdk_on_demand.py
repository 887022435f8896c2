"""Import only the parts of the Pulumi provider SDKs that a program touches.

A provider SDK is generated code: every package's `__init__` star-imports all of its modules,
and each service keeps its input and output types in one `_inputs.py` and one `outputs.py`
(Google's compute: 3,300 classes, 9.5 MB). Using `gcp.compute.BackendBucket` therefore runs
thousands of class definitions the program never uses: most of a cold build's time.

While `on_demand()` is active, SDK modules are loaded by the loaders below instead:

- a package runs its own `__init__` code, except that `from .module import *` is deferred:
  a name is looked up in the modules' `__all__` lists when first asked for (PEP 562), and only
  then is the module that defines it imported;
- `_inputs`, `outputs` and `_enums` run their header (imports), and define a class only when
  it is asked for, from the class body's own compiled code (the module's cached bytecode),
  with the bases and decorators written in the file. Defining a class also defines every
  class its annotations name, since Pulumi resolves those names in the module's namespace;
- every other module (a resource, a function) runs as usual; the names its star imports of
  `_inputs`/`_enums` would have brought in are set afterwards, for each name its code uses.

So every class the program instantiates is created by the SDK's own code, with the same bases,
decorators and module, as under `pulumi up`; only the classes nobody uses are never created
(tests/perf/test_sdk_on_demand.py compares both ways). A file whose layout is not the one the
generator writes is imported as usual. `pulumi.automation`, `pulumi.dynamic`, `pulumi.policy`
and, unless tracing is on, the OpenTelemetry set-up are loaded on first use (importlib's
LazyLoader, as Pulumi does for SDK subpackages): running a program under mocks needs none.
"""

from __future__ import annotations

import builtins
import functools
import importlib
import importlib.util
import os
import re
import sys
import threading
import types
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.machinery import ModuleSpec, PathFinder, SourceFileLoader
from typing import Any, NamedTuple

SDKS = frozenset({"pulumi_aws", "pulumi_gcp", "pulumi_fastly", "pulumi_random"})
TYPE_MODULES = frozenset({"_inputs", "outputs", "_enums"})
# Parts of the Pulumi SDK a program under mocks never uses; the last only traces when asked to.
DEFERRED = ("pulumi.automation", "pulumi.dynamic", "pulumi.policy")
TRACING = "pulumi.runtime._instrumentation"

_EXPORTS = re.compile(r"^__all__ = \[(.*?)\]$", re.M | re.S)
_NAME = re.compile(r"'(\w+)'")
# Searched for from a newline (a literal start), much faster than ^ in multiline mode.
_CLASS = re.compile(r"\nclass (\w+)(?:\(([^)=\n]*)\))?:[ \t]*\n")
_DECORATOR = re.compile(r"@[\w.]+(?:\(\"[^\"\n]*\"\))?")
_TOP_LEVEL = re.compile(r"\n[^\s#]")
_DEFINITION = re.compile(r"^(?:class |def |@)", re.M)

_state = threading.local()  # .running: the modules these loaders are running, innermost last
_lock = threading.RLock()


@contextmanager
def on_demand() -> Iterator[None]:
    """SDK modules imported inside load on demand; they stay loaded (and lazy) afterwards."""
    finder = _Finder()
    sys.meta_path.insert(0, finder)
    try:
        yield
    finally:
        sys.meta_path.remove(finder)


class _Finder:
    """Finds SDK modules as the path finder does, and gives them a loader from this module."""

    def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> ModuleSpec | None:
        top = fullname.partition(".")[0]
        deferred = fullname in DEFERRED or (fullname == TRACING and "TRACEPARENT" not in os.environ)
        if top not in SDKS and not deferred:
            return None
        spec = PathFinder.find_spec(fullname, path)
        if spec is None or type(spec.loader) is not SourceFileLoader or spec.origin is None:
            return spec
        if deferred:
            spec.loader = importlib.util.LazyLoader(spec.loader)
        elif spec.submodule_search_locations is not None:
            spec.loader = _PackageLoader(fullname, spec.origin)
        elif fullname.rpartition(".")[2] in TYPE_MODULES:
            spec.loader = _TypesLoader(fullname, spec.origin)
        else:
            spec.loader = _ModuleLoader(fullname, spec.origin)
        return spec


class _PackageLoader(SourceFileLoader):
    """Runs the package's `__init__` with `from .module import *` deferred to first use."""

    def exec_module(self, module: types.ModuleType) -> None:
        namespace = module.__dict__
        deferred: list[str] = []

        def deferring_import(
            name: str, globals: Any = None, locals: Any = None, fromlist: Any = (), level: int = 0
        ) -> Any:
            if globals is namespace and level == 1 and fromlist == ("*",):
                deferred.append(name)
                return _NOTHING
            return builtins.__import__(name, globals, locals, fromlist, level)

        # The generated __init__ defines no function that could keep these builtins.
        namespace["__builtins__"] = {**builtins.__dict__, "__import__": deferring_import}
        try:
            exec(self.get_code(module.__name__), namespace)
        finally:
            namespace["__builtins__"] = builtins.__dict__
        if deferred:
            exports = _PackageExports(module, deferred)
            namespace["__getattr__"] = exports
            namespace["__dir__"] = lambda: sorted({*namespace, *exports.index})


_NOTHING = types.ModuleType("nothing: a deferred star import")
_NOTHING.__all__ = []  # type: ignore[attr-defined]


class _PackageExports:
    """A package's `__getattr__`: a deferred export, imported from its module when asked for."""

    def __init__(self, package: types.ModuleType, modules: list[str]) -> None:
        self.package = package
        self.modules = modules
        self._index: dict[str, str] | None = None

    @property
    def index(self) -> dict[str, str]:
        """Each exported name and the module it comes from; a later module wins, as in the
        star imports. A module without a readable `__all__` is imported to list its names."""
        if self._index is None:
            index: dict[str, str] = {}
            for name in self.modules:
                fullname = f"{self.package.__name__}.{name}"
                spec = importlib.util.find_spec(fullname)
                exports = _exports_of_file(spec.origin) if spec and spec.origin else None
                if exports is None:
                    exports = _public(importlib.import_module(fullname))
                index.update(dict.fromkeys(exports, name))
            self._index = index
        return self._index

    def __call__(self, name: str) -> Any:
        package = self.package.__name__
        if name == "__all__":  # `from package import *`: everything its star imports gave
            return sorted({*_public(self.package), *self.index})
        module = self.index.get(name)
        if module is not None:
            value = getattr(importlib.import_module(f"{package}.{module}"), name)
            setattr(self.package, name, value)
            return value
        if name in self.modules:
            return importlib.import_module(f"{package}.{name}")
        raise AttributeError(f"module {package!r} has no attribute {name!r}")


class _ModuleLoader(SourceFileLoader):
    """Runs the module as usual, then sets the names it uses from its deferred star imports."""

    def exec_module(self, module: types.ModuleType) -> None:
        code = self.get_code(module.__name__)
        sources = _recording_star_imports(code, module.__dict__)
        _complete(module.__dict__, _names_used(code), sources)


class _TypesLoader(SourceFileLoader):
    """`_inputs`, `outputs` and `_enums`: the header runs, a class is defined when first used."""

    def exec_module(self, module: types.ModuleType) -> None:
        code = self.get_code(module.__name__)
        source = self.get_data(self.path).decode("utf-8")
        layout = _layout(source, code)
        if layout is None:  # not the generator's layout: run it whole
            exec(code, module.__dict__)
            return
        header, classes, exports = layout
        namespace = module.__dict__
        sources = _recording_star_imports(compile(header, self.path, "exec"), namespace)
        types_ = _TypeExports(namespace, exports, classes, sources)
        namespace["__getattr__"] = types_
        namespace["__dir__"] = lambda: sorted({*namespace, *classes})


class _Class(NamedTuple):
    """A top-level class of a types module: its decorators, bases and compiled body."""

    decorators: tuple[str, ...]
    bases: str
    body: types.CodeType


class _TypeExports:
    """A types module's `__getattr__`: defines the class asked for, and each class it names."""

    def __init__(
        self,
        namespace: dict[str, Any],
        exports: list[str],
        classes: dict[str, _Class],
        sources: list[_TypeExports],
    ) -> None:
        self.namespace = namespace
        self.exports = exports
        self.classes = classes
        self.sources = sources

    def __call__(self, name: str) -> Any:
        if name == "__all__":
            # A star import by a module one of the loaders above is running gives nothing:
            # that module is given what it uses once it has run (_complete).
            importer = sys._getframe(1).f_globals
            for namespace, sources in reversed(getattr(_state, "running", [])):
                if namespace is importer:
                    sources.append(self)
                    return []
            return self.exports
        if name not in self.classes:
            module = self.namespace["__name__"]
            raise AttributeError(f"module {module!r} has no attribute {name!r}")
        return self.define(name)

    def define(self, name: str) -> Any:
        with _lock:
            todo = [name]
            while todo:
                wanted = todo.pop()
                if wanted in self.namespace:
                    continue
                entry = self.classes[wanted]
                self.namespace[wanted] = _build_class(wanted, entry, self.namespace)
                used = _names_used(entry.body)
                todo += [n for n in used if n in self.classes and n not in self.namespace]
                _complete(self.namespace, used - self.classes.keys(), self.sources)
            return self.namespace[name]


def _build_class(name: str, entry: _Class, namespace: dict[str, Any]) -> Any:
    """What a class statement does: its body run by __build_class__, then its decorators."""
    body = types.FunctionType(entry.body, namespace, name)
    bases = eval(_expression(f"({entry.bases},)"), namespace) if entry.bases else ()
    cls = builtins.__build_class__(body, name, *bases)  # type: ignore[attr-defined]
    for decorator in reversed(entry.decorators):
        cls = eval(_expression(decorator[1:]), namespace)(cls)
    return cls


@functools.cache
def _expression(text: str) -> types.CodeType:
    return compile(text, "<decorator or bases>", "eval")


def _recording_star_imports(code: types.CodeType, namespace: dict[str, Any]) -> list[_TypeExports]:
    """Run module code; the types modules it star-imports are returned instead of read."""
    running = _state.__dict__.setdefault("running", [])
    sources: list[_TypeExports] = []
    running.append((namespace, sources))
    try:
        exec(code, namespace)
    finally:
        running.pop()
    return sources


def _complete(namespace: dict[str, Any], used: set[str], sources: list[_TypeExports]) -> None:
    """Set each used name the star imports would have set, from the last source defining it."""
    for source in reversed(sources):
        for name in used:
            if name not in namespace and name in source.classes:
                namespace[name] = source.define(name)


def _names_used(code: types.CodeType) -> set[str]:
    """Every global name and every quoted name (a forward reference) in the code, nested
    functions and classes included: a superset of the names it can look up."""
    names: set[str] = set()
    todo = [code]
    while todo:
        current = todo.pop()
        names.update(current.co_names)
        for const in current.co_consts:
            if isinstance(const, str) and const.isidentifier():
                names.add(const)
            elif isinstance(const, types.CodeType):
                todo.append(const)
    return names


def _layout(
    source: str, code: types.CodeType
) -> tuple[str, dict[str, _Class], list[str]] | None:
    """The header's source (its `__all__` blanked out), the classes and `__all__`; None unless
    the file is a header then only classes, each once, each with its body in the bytecode."""
    exports = _exports_of(source)
    matches = list(_CLASS.finditer(source))
    if not matches or exports is None:
        return None
    classes: dict[str, _Class] = {}
    code_consts = [c for c in code.co_consts if isinstance(c, types.CodeType)]
    bodies = {c.co_name: c for c in code_consts}
    lines_at_top = 0
    for match in matches:
        name, bases = match.group(1), match.group(2) or ""
        decorators = _decorators_before(source, match.start())
        if name in classes or name not in bodies or decorators is None:
            return None
        classes[name] = _Class(decorators, bases, bodies[name])
        lines_at_top += 1 + len(decorators)
    start = matches[0].start() + 1 - sum(len(d) + 1 for d in classes[matches[0].group(1)].decorators)
    if len(code_consts) != len(classes) or classes.keys() != set(exports):
        return None
    if len(_TOP_LEVEL.findall(source, start - 1)) != lines_at_top:
        return None  # something other than a class between the classes
    header = _EXPORTS.sub(lambda m: "\n" * m.group(0).count("\n"), source[:start])
    return header, classes, exports


def _decorators_before(source: str, newline: int) -> tuple[str, ...] | None:
    """The decorator lines just above the class line that starts after `newline`."""
    decorators: list[str] = []
    end = newline
    while True:
        begin = source.rfind("\n", 0, end) + 1
        line = source[begin:end]
        if not line.startswith("@"):
            return tuple(reversed(decorators))
        if not _DECORATOR.fullmatch(line):
            return None
        decorators.append(line)
        end = begin - 1


def _exports_of(source: str) -> list[str] | None:
    found = _EXPORTS.search(source)
    return _NAME.findall(found.group(1)) if found else None


def _exports_of_file(path: str) -> list[str] | None:
    """A module's `__all__`, read from the top of its file (where the generator puts it)."""
    with open(path, encoding="utf-8") as file:
        head = ""
        while chunk := file.read(1 << 16):
            head += chunk
            found = _exports_of(head)
            if found is not None:
                return found
            if _DEFINITION.search(head):
                return None  # definitions began before any __all__
    return None


def _public(module: types.ModuleType) -> list[str]:
    exports = module.__dict__.get("__all__")
    if exports is not None:
        return list(exports)
    return [name for name in module.__dict__ if not name.startswith("_")]
