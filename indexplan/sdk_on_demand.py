"""Import only the parts of the Pulumi provider SDKs that a program touches.

A provider SDK is generated code: every package's `__init__` star-imports all of its modules,
and each service keeps its input and output types in one `_inputs.py` and one `outputs.py`
(Google's compute: 3,300 classes, 9.5 MB). Using `gcp.compute.BackendBucket` therefore runs
thousands of class definitions the program never uses: most of a cold build's time.

While `on_demand()` is active, SDK modules are loaded by the loaders below instead:

- a package runs its own `__init__` code, except that `from .module import *` is deferred:
  a name is looked up in the modules' `__all__` lists when first asked for (PEP 562; the
  lists are kept beside the package's bytecode), and only then is the module that defines it
  imported;
- `_inputs`, `outputs` and `_enums` run their header (imports), and define a class only when
  it is asked for: its statement is compiled on its own (the same bytecode as the whole
  file's, checked by a test) and run as a class statement runs, bases and decorators as
  written. Compiled classes are kept in __pycache__ beside the module's bytecode, so a 5 MB
  file is neither compiled nor unmarshalled whole;
- every other module (a resource, a function) runs as usual, except that its star imports of
  `_inputs`/`_enums` bring nothing in at once;
- annotations of those modules and of the types' classes (not TypedDicts) are kept as text
  (PEP 563), evaluated by `typing.get_type_hints` when Pulumi asks for a property's type;
- a name a module does not hold yet (a class of its own not defined yet, or one its star
  imports would have brought in) is found when first looked up: the module's builtins are a
  mapping that defines it then (`_LateNames`). Python falls back on them for every global
  name, and so does `eval` in a copy of the namespace, which is how Pulumi resolves the quoted
  names of annotations (`Optional['BucketCorsRuleArgs']`). A class is thus created when the
  program, the SDK's code or Pulumi first uses it, not with every class its annotations name
  (the four shipped stacks: 451 classes of types modules instead of 706).

So every class the program instantiates is created by the SDK's own code, with the same bases,
decorators and module, as under `pulumi up`; only the classes nobody uses are never created
(tests/perf/test_sdk_on_demand.py compares both ways). A file whose layout is not the one the
generator writes is imported as usual. `pulumi.automation`, `pulumi.dynamic`, `pulumi.policy`
and, unless tracing is on, the OpenTelemetry set-up are loaded on first use (importlib's
LazyLoader, as Pulumi does for SDK subpackages): running a program under mocks needs none.
So is gRPC, which Pulumi's runtime imports everywhere and uses only to reach a real engine,
and protobuf's pure-Python message classes (with text_format, its decoder and encoder), which
protobuf's descriptor pool and builder import though the C (upb) implementation runs.
"""

from __future__ import annotations
import __future__

import ast
import bisect
import builtins
import functools
import importlib
import importlib.util
import itertools
import marshal
import os
import re
import sys
import tempfile
import threading
import types
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from importlib.machinery import ModuleSpec, PathFinder, SourceFileLoader
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple, cast

if TYPE_CHECKING:
    from importlib.abc import Loader

SDKS = frozenset(
    {
        "pulumi_aws",
        "pulumi_gcp",
        "pulumi_fastly",
        "pulumi_random",
        "pulumi_cloudflare",
        "pulumi_datadog",
        "pulumi_ec",
    }
)
TYPE_MODULES = frozenset({"_inputs", "outputs", "_enums"})
# Parts of the Pulumi SDK a program under mocks never uses; the last only traces when asked to.
DEFERRED = ("pulumi.automation", "pulumi.dynamic", "pulumi.policy")
TRACING = "pulumi.runtime._instrumentation"
# gRPC: Pulumi's runtime imports it everywhere, and uses it only to talk to a real engine (or
# in `except grpc.RpcError`, when an error passes by); the mocks' monitor is in-process.
# protobuf's message classes written in Python: `descriptor_pool` and `internal.builder` import
# the module whichever implementation runs, and use it only when it is the Python one (it is
# the C one, upb, wherever protobuf has a wheel; -21 M instructions of a cold estimate).
ON_FIRST_USE = ("grpc", "grpc.aio", "google.protobuf.internal.python_message")
ANNOTATIONS = __future__.annotations.compiler_flag
STORE_FORMAT = 8  # bump when what is kept beside the bytecode changes
MAGIC = importlib.util.MAGIC_NUMBER  # bytecode's version: compiled classes are bytecode

_EXPORTS = re.compile(r"^__all__ = \[(.*?)\]$", re.M | re.S)
_NAME = re.compile(r"'(\w+)'")
# Searched for from a newline (a literal start), much faster than ^ in multiline mode.
_CLASS = re.compile(r"\nclass (\w+)(?:\(([^)=\n]*)\))?:[ \t]*\n")
_DECORATOR = re.compile(r"@[\w.]+(?:\(\"[^\"\n]*\"\))?")
_TOP_LEVEL = re.compile(r"\n[^\s#]")
_DEFINITION = re.compile(r"^(?:class |def |@)", re.M)

_state = threading.local()  # .running: late names of the modules being run, innermost last;
# .subpackages: the SDK package whose `__init__` runs (_subpackages_deferred)
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
        _ClassStore.save_all()


class _Finder:
    """Finds SDK modules as the path finder does, and gives them a loader from this module."""

    def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> ModuleSpec | None:
        top = fullname.partition(".")[0]
        deferred = fullname in DEFERRED or (fullname == TRACING and "TRACEPARENT" not in os.environ)
        if top not in SDKS and not deferred and fullname not in ON_FIRST_USE:
            return None
        spec = PathFinder.find_spec(fullname, path)
        if spec is None or type(spec.loader) is not SourceFileLoader or spec.origin is None:
            return spec
        if fullname in ON_FIRST_USE:
            spec.loader = cast("Loader", _OnFirstUse(spec.loader))
        elif deferred:
            spec.loader = importlib.util.LazyLoader(spec.loader)
        elif spec.submodule_search_locations is not None:
            spec.loader = _PackageLoader(fullname, spec.origin)
        elif fullname.rpartition(".")[2] in TYPE_MODULES:
            spec.loader = _TypesLoader(fullname, spec.origin)
        else:
            spec.loader = _ModuleLoader(fullname, spec.origin)
        return spec


class _OnFirstUse:
    """Runs the module when one of its attributes is first asked for, in the module object
    every importer already holds (as importlib's LazyLoader, which in Python 3.11 also loads
    when the import system reads `__spec__`, i.e. on the second `import` of the module). A
    deferred submodule is given as its package's attribute without running the package, and
    runs after it, as an import would."""

    def __init__(self, loader: SourceFileLoader) -> None:
        self.loader = loader

    def create_module(self, spec: ModuleSpec) -> None:
        return None

    def exec_module(self, module: types.ModuleType) -> None:
        def load(name: str) -> Any:
            submodule = f"{module.__name__}.{name}"
            if submodule in ON_FIRST_USE:
                return importlib.import_module(submodule)
            self.run(module)
            return getattr(module, name)

        module.__getattr__ = load  # type: ignore[method-assign]

    def run(self, module: types.ModuleType) -> None:
        with _lock:
            if module.__loader__ is not self:
                return  # already run
            package = sys.modules.get(module.__name__.rpartition(".")[0])
            if package is not None and isinstance(package.__loader__, _OnFirstUse):
                package.__loader__.run(package)
            del module.__getattr__
            assert module.__spec__ is not None
            module.__spec__.loader = module.__loader__ = self.loader
            self.loader.exec_module(module)


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
            with _subpackages_deferred(module.__name__) as subpackages:
                exec(_code(self, module.__name__), namespace)
        finally:
            namespace["__builtins__"] = builtins.__dict__
        lazy = {name: subpackages.names[value] for name, value in namespace.items()
                if type(value) is _Deferred and value in subpackages.names}  # fmt: skip
        for name in lazy:
            del namespace[name]
        if deferred or lazy:
            exports = _PackageExports(module, deferred, lazy, subpackages.lazy_import)
            namespace["__getattr__"] = exports
            namespace["__dir__"] = lambda: sorted({*namespace, *exports.index, *lazy})


class _Deferred:
    """What a package's `lazy_import` of its own subpackage gives while it runs (one each)."""

    __slots__ = ()


class _Subpackages(NamedTuple):
    package: str
    names: dict[_Deferred, str]  # each placeholder given, and the subpackage it stands for
    lazy_import: Any  # Pulumi's own, to run when the subpackage is first asked for


class _NotingLazyImport:
    """Pulumi's `lazy_import`, except in a thread running an SDK package's `__init__`
    (`_state.subpackages`): there a subpackage of that package is only noted."""

    def __init__(self, real: Any) -> None:
        self.real = real

    def __call__(self, fullname: str) -> Any:
        noting: _Subpackages | None = getattr(_state, "subpackages", None)
        if noting is None or fullname.rpartition(".")[0] != noting.package:
            return self.real(fullname)
        if fullname in sys.modules:
            return self.real(fullname)
        placeholder = _Deferred()
        noting.names[placeholder] = fullname
        return placeholder


@contextmanager
def _subpackages_deferred(package: str) -> Iterator[_Subpackages]:
    """A provider's `__init__` ends with a `_utilities.lazy_import` of each of its subpackages
    (pulumi_aws: 240; each a path search, a module object and a LazyLoader: 76 M instructions
    of importing the four shipped stacks' SDKs, whose programs use ~15). While it runs, a
    `lazy_import` of a subpackage of `package` is only noted: the package's `__getattr__`
    makes Pulumi's lazy_import of it when the name is first asked for (an `import
    package.sub` finds it as always). `_utilities.lazy_import` calls `pulumi._utils`'s, looked
    up at each call: that one is wrapped once for the process, and passes every call through
    unless this thread is running a package (a thread-local; no lock is held while a package
    runs, so another thread's import cannot wait on this one)."""
    import pulumi._utils as pulumi_utils

    found = getattr(pulumi_utils, "lazy_import", None)
    if found is None:  # another Pulumi: _utilities uses its own copy, nothing is deferred
        yield _Subpackages(package, {}, None)
        return
    if not isinstance(found, _NotingLazyImport):
        with _lock:
            found = pulumi_utils.lazy_import
            if not isinstance(found, _NotingLazyImport):
                found = pulumi_utils.lazy_import = _NotingLazyImport(found)
    subpackages = _Subpackages(package, {}, found.real)
    outer = getattr(_state, "subpackages", None)
    _state.subpackages = subpackages
    try:
        yield subpackages
    finally:
        _state.subpackages = outer


_NOTHING = types.ModuleType("nothing: a deferred star import")
_NOTHING.__all__ = []  # type: ignore[attr-defined]


class _PackageExports:
    """A package's `__getattr__`: a deferred export, imported from its module when asked for."""

    def __init__(
        self,
        package: types.ModuleType,
        modules: list[str],
        subpackages: Mapping[str, str] | None = None,
        lazy_import: Any = None,
    ) -> None:
        self.package = package
        self.modules = modules
        self.subpackages = subpackages or {}  # name: full name, for `lazy_import`
        self.lazy_import = lazy_import
        self._index: dict[str, str] | None = None

    @property
    def index(self) -> dict[str, str]:
        """Each exported name and the module it comes from; a later module wins, as in the
        star imports. The `__all__` lists are read from the modules' files (and kept beside
        the package's bytecode, checked against each file's mtime and size); a module without
        one is imported to list its names."""
        if self._index is None:
            folder = os.path.dirname(self.package.__file__ or "")
            paths = [os.path.join(folder, f"{name}.py") for name in self.modules]
            stamps = tuple(_stamp(path) for path in paths)
            key = (tuple(self.modules), stamps)
            lists = _read_beside_bytecode(self.package.__file__ or "", ".exports", key)
            if lists is None:
                lists = [_exports_of_file(path) if stamp else None
                         for path, stamp in zip(paths, stamps, strict=True)]  # fmt: skip
                if None not in lists:
                    _write_beside_bytecode(self.package.__file__ or "", ".exports", key, lists)
            index: dict[str, str] = {}
            for name, exports in zip(self.modules, lists, strict=True):
                if exports is None:
                    exports = _public(importlib.import_module(f"{self.package.__name__}.{name}"))
                index.update(dict.fromkeys(exports, name))
            self._index = index
        return self._index

    def __call__(self, name: str) -> Any:
        package = self.package.__name__
        if name in self.subpackages:  # assigned after the star imports: it wins, as there
            value = self.lazy_import(self.subpackages[name])
            setattr(self.package, name, value)
            return value
        if name == "__all__":  # `from package import *`: everything its star imports gave
            return sorted({*_public(self.package), *self.index, *self.subpackages})
        module = self.index.get(name)
        if module is not None:
            value = getattr(importlib.import_module(f"{package}.{module}"), name)
            setattr(self.package, name, value)
            return value
        if name in self.modules:
            return importlib.import_module(f"{package}.{name}")
        raise AttributeError(f"module {package!r} has no attribute {name!r}")


class _ModuleLoader(SourceFileLoader):
    """Runs the module as usual; a name its deferred star imports would have set is looked up
    in them when the module's code (or anyone) first asks for it (_LateNames)."""

    def exec_module(self, module: types.ModuleType) -> None:
        namespace = module.__dict__
        late = _LateNames(namespace, None)
        namespace["__builtins__"] = late
        _recording_star_imports(_code_annotations_as_text(self), late)
        namespace["__getattr__"] = late.attribute
        if module.__name__.partition(".")[2] == "_utilities":
            from indexplan.registry_on_demand import defer_registrations

            defer_registrations(namespace)


class _TypesLoader(SourceFileLoader):
    """`_inputs`, `outputs` and `_enums`: the header runs, a class is defined when first used."""

    def exec_module(self, module: types.ModuleType) -> None:
        store = _ClassStore.open(self.path)
        if store is None:  # not the generator's layout: run it whole
            exec(_code(self, module.__name__), module.__dict__)
            return
        namespace = module.__dict__
        late = _LateNames(namespace, _TypeExports(namespace, store))
        namespace["__builtins__"] = late
        header = compile(store.header, self.path, "exec", dont_inherit=True)
        _recording_star_imports(header, late)
        namespace["__getattr__"] = late.attribute
        namespace["__dir__"] = lambda: sorted({*namespace, *store.classes})


def _code_annotations_as_text(loader: SourceFileLoader) -> types.CodeType:
    """The module compiled with annotations kept as text (PEP 563), kept beside its bytecode.

    A generated module annotates every parameter and getter (`pulumi.Input[Optional[str]]`),
    and evaluating those when each `def` runs was a third of a cold build. Pulumi reads them
    through `typing.get_type_hints`, which evaluates text in the module's namespace to the same
    types, only for the properties it serialises (as Python 3.14 evaluates them lazily anyway).
    The SDKs hold no class-level annotations outside TypedDicts, which stay as written."""
    path = loader.path
    stamp = _stamp(path)
    code = _read_beside_bytecode(path, ".pep563", stamp)
    if isinstance(code, types.CodeType):
        return code
    code = compile(loader.get_data(path), path, "exec", flags=ANNOTATIONS, dont_inherit=True)
    _write_beside_bytecode(path, ".pep563", stamp, code)
    return code


def _code(loader: SourceFileLoader, name: str) -> types.CodeType:
    code = loader.get_code(name)
    if code is None:
        raise ImportError(f"no code for {name}", name=name)
    return code


class _TypeExports:
    """A types module's classes, each defined when first asked for."""

    def __init__(self, namespace: dict[str, Any], store: _ClassStore) -> None:
        self.namespace = namespace
        self.store = store
        self.classes = store.classes

    def all(self) -> list[str]:
        """`__all__`, asked for by a star import. A star import by a module one of the loaders
        above is running gives nothing: that module looks its names up here when it uses them."""
        importer = sys._getframe(2).f_globals
        for late in reversed(getattr(_state, "running", [])):
            if late.namespace is importer:
                late.add_source(self)
                return []
        return list(self.store.exports)

    def define(self, name: str) -> Any:
        with _lock:
            if name not in self.namespace:
                body = self.store.body(name)
                cls = _build_class(name, body, self.namespace, _Layout(*self.classes[name]))
                self.namespace[name] = cls
            return self.namespace[name]


class _LateNames(dict[str, Any]):
    """A module's `__builtins__`: every builtin, and (`__missing__`) each name the module's
    class statements or star imports of types modules would have set, defined or looked up
    when first asked for.

    Python looks a global name up in the module's namespace, then in its builtins, which may
    be any mapping; so does `eval` with a copy of the namespace, as Pulumi and `typing`
    resolve the quoted names of annotations (`Optional['BucketCorsRuleArgs']`). A class is
    therefore created at the first use of its name (a class statement, a function, an
    annotation resolved) and never otherwise, the same object at every later use. The one
    lookup that misses it: `typing.get_type_hints(cls)` with neither namespace given, which
    evaluates in a copy of the class's own dict; Pulumi (and anyone) passes the module's.

    The builtins are a copy taken when the module loads (the import machinery reads
    `__import__` from the dict itself), without the names the module's classes shadow; a
    builtin added later is found too, one replaced later is not seen by this module.
    """

    def __init__(self, namespace: dict[str, Any], own: _TypeExports | None) -> None:
        super().__init__(builtins.__dict__)
        self.namespace = namespace
        self.own = own
        self.sources: list[_TypeExports] = []  # the star-imported types modules, in order
        if own is not None:
            self._unshadow(own)

    def add_source(self, source: _TypeExports) -> None:
        self.sources.append(source)
        self._unshadow(source)

    def _unshadow(self, source: _TypeExports) -> None:
        """A class named like a builtin is the module's name, as after a normal import."""
        for name in self.keys() & source.classes.keys():
            del self[name]

    def __missing__(self, name: str) -> Any:
        found = self._class(name)
        if found is _ABSENT:
            return builtins.__dict__[name]  # a builtin added since; else KeyError: NameError
        return found

    def attribute(self, name: str) -> Any:
        """The module's `__getattr__` (PEP 562)."""
        if name == "__all__" and self.own is not None:
            return self.own.all()
        found = self._class(name)
        if found is not _ABSENT:
            return found
        module = self.namespace["__name__"]
        raise AttributeError(f"module {module!r} has no attribute {name!r}")

    def _class(self, name: str) -> Any:
        """A class of the module's own, or one its star imports would have set; else _ABSENT."""
        if self.own is not None and name in self.own.classes:
            return self.own.define(name)
        for source in reversed(self.sources):  # the later star import wins
            if name in source.classes:
                value = source.define(name)
                self.namespace[name] = value
                return value
        return _ABSENT


_ABSENT = object()


def _build_class(
    name: str, body: types.CodeType, namespace: dict[str, Any], layout: _Layout
) -> Any:
    """What a class statement does: its body run by __build_class__, then its decorators."""
    function = types.FunctionType(body, namespace, name)
    bases = eval(_expression(f"({layout.bases},)"), namespace) if layout.bases else ()
    cls = builtins.__build_class__(function, name, *bases)
    for decorator in reversed(layout.decorators):
        cls = eval(_expression(decorator[1:]), namespace)(cls)
    return cls


@functools.cache
def _expression(text: str) -> types.CodeType:
    return compile(text, "<decorator or bases>", "eval", dont_inherit=True)


def _recording_star_imports(code: types.CodeType, late: _LateNames) -> None:
    """Run module code; the types modules it star-imports become sources of its late names
    instead of being read."""
    running = _state.__dict__.setdefault("running", [])
    running.append(late)
    try:
        exec(code, late.namespace)
    finally:
        running.pop()


class _Layout(NamedTuple):
    """Where a class of a types module is written: decorators, bases, characters [start, end)."""

    decorators: tuple[str, ...]
    bases: str
    start: int
    end: int


class _ClassStore:
    """A types module's layout, and the compiled bodies of the classes used so far, each
    with the names it uses.

    Kept in __pycache__ beside the module's own bytecode and validated like it (source mtime
    and size, Python's magic number), and not written when bytecode is not (-B). A class
    body is compiled from its own lines, at its own line numbers, so it is the code object
    the whole module's compilation gives; the bytecode of a 5 MB module is never needed.
    Bodies are kept marshalled one by one: a run unmarshals only the classes it defines.
    """

    _unsaved: ClassVar[set[_ClassStore]] = set()

    def __init__(
        self,
        path: str,
        stamp: tuple[int, int] | None,
        header: str,
        exports: tuple[str, ...],
        classes: Mapping[str, tuple[Any, ...]],  # each a _Layout's fields
        bodies: dict[str, bytes],
    ) -> None:
        self.path = path
        self.stamp = stamp
        self.header = header
        self.exports = exports
        self.classes = classes
        self.bodies = bodies
        self._source: str | None = None
        self._header: list[ast.stmt] | None = None

    @classmethod
    def open(cls, path: str) -> _ClassStore | None:
        """The store of the module at `path`; None unless it has the generator's layout."""
        stamp = _stamp(path)
        stored = _read_beside_bytecode(path, ".classes", stamp)
        if stored is not None:
            header, exports, classes, bodies = stored
            # Layouts stay plain tuples until their class is defined: Google's compute has
            # 3,300 classes, and making each a _Layout here took longer than reading them.
            return cls(path, stamp, header, exports, classes, bodies)
        with open(path, encoding="utf-8") as file:
            source = file.read()
        layout = _layout(source)
        if layout is None:
            return None
        store = cls(path, stamp, *layout, bodies={})
        store._source = source
        cls._unsaved.add(store)
        return store

    def body(self, name: str) -> types.CodeType:
        """The compiled body of class `name`, stored or worked out now."""
        stored = self.bodies.get(name)
        if isinstance(stored, bytes):
            return cast("types.CodeType", marshal.loads(stored))
        code = self._compile(name)
        self.bodies[name] = marshal.dumps(code)
        self._unsaved.add(self)
        return code

    def _compile(self, name: str) -> types.CodeType:
        """The class statement compiled after the header, at its own lines: the header's
        imports change the bytecode (a call on an imported module is compiled differently)."""
        if self._source is None:
            with open(self.path, encoding="utf-8") as file:
                self._source = file.read()
        where = _Layout(*self.classes[name])
        statement = ast.parse(self._source[where.start : where.end], self.path)
        if not (len(statement.body) == 1 and getattr(statement.body[0], "name", None) == name):
            raise ImportError(
                f"{self.path}: class {name} is not where it was found", path=self.path
            )
        ast.increment_lineno(statement, self._source.count("\n", 0, where.start))
        if self._header is None:
            self._header = ast.parse(self.header, self.path).body
        module = ast.Module(body=self._header + statement.body, type_ignores=[])
        # A TypedDict reads its annotations when created (NotRequired): those stay evaluated.
        flags = 0 if "TypedDict" in where.bases else ANNOTATIONS
        compiled = compile(module, self.path, "exec", flags=flags, dont_inherit=True)
        return next(
            c for c in compiled.co_consts if isinstance(c, types.CodeType) and c.co_name == name
        )

    @classmethod
    def save_all(cls) -> None:
        """Write each store that has new bodies; never fail the caller."""
        unsaved, cls._unsaved = cls._unsaved, set()
        for store in unsaved:
            classes = {name: tuple(where) for name, where in store.classes.items()}
            data = (store.header, store.exports, classes, store.bodies)
            _write_beside_bytecode(store.path, ".classes", store.stamp, data)


def _stamp(path: str) -> tuple[int, int] | None:
    """What bytecode is checked against: the source's mtime and size (None: no such file)."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_mtime_ns, status.st_size


def _beside_bytecode(path: str, suffix: str) -> str:
    """Named with the format, so checkouts of other versions sharing an environment keep
    their own stores rather than rewriting each other's."""
    return importlib.util.cache_from_source(path).removesuffix(".pyc") + f".{STORE_FORMAT}{suffix}"


def _read_beside_bytecode(path: str, suffix: str, key: object) -> Any:
    """What was kept for `path` under `key`, or None (none yet, stale, torn or foreign)."""
    try:
        with open(_beside_bytecode(path, suffix), "rb") as file:
            stored = marshal.loads(file.read())  # marshal.load reads a file piece by piece
        if isinstance(stored, tuple) and stored[:3] == (STORE_FORMAT, MAGIC, key):
            return stored[3]
    except (OSError, EOFError, ValueError, TypeError):
        pass
    return None


def _write_beside_bytecode(path: str, suffix: str, key: Any, data: Any) -> None:
    """Kept atomically in __pycache__, like bytecode and when bytecode is (not under -B); a
    read-only site-packages only means it is worked out again next time."""
    if sys.dont_write_bytecode:
        return
    target = _beside_bytecode(path, suffix)
    try:
        os.makedirs(os.path.dirname(target), exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=os.path.dirname(target), suffix=".tmp")
        with os.fdopen(fd, "wb") as out:
            marshal.dump((STORE_FORMAT, MAGIC, key, data), out)
        os.replace(temp, target)
    except OSError:
        pass


def _layout(source: str) -> tuple[str, tuple[str, ...], dict[str, _Layout]] | None:
    """The header's source (`__all__` blanked out), `__all__` and where each class is; None
    unless the file is a header, then only classes (each named once in `__all__`)."""
    exports = _exports_of(source)
    matches = list(_CLASS.finditer(source))
    if not matches or exports is None:
        return None
    starts: list[int] = []
    decorators: list[tuple[str, ...]] = []
    own_lines: set[int] = set()  # the newline before each class line and decorator line
    for match in matches:
        found = _decorators_before(source, match.start())
        if found is None:
            return None
        decorators.append(found)
        starts.append(match.start() + 1 - sum(len(d) + 1 for d in found))
        own_lines.update(itertools.accumulate((len(d) + 1 for d in found), initial=starts[-1] - 1))
    names = [m.group(1) for m in matches]
    if len(set(names)) != len(names) or set(names) != set(exports):
        return None
    ends = [*starts[1:], len(source)]
    # A line at column 0 that is no class's own is in the text of some class: a statement
    # after it, or a line of a string or bracketed expression running over several lines
    # (Cloudflare's outputs: a getter's deprecation message). Python tells which, class by
    # class: few have such lines, and most files none.
    others = _column_0_lines(source, starts[0]) - own_lines
    for at in {bisect.bisect(starts, newline + 1) - 1 for newline in others}:
        if not _is_one_class(source[starts[at] : ends[at]], names[at], len(decorators[at])):
            return None  # something other than a class between the classes
    classes = {
        name: _Layout(found, match.group(2) or "", start, end)
        for name, found, match, start, end in zip(
            names, decorators, matches, starts, ends, strict=True
        )
    }
    header = _EXPORTS.sub(lambda m: "\n" * m.group(0).count("\n"), source[: starts[0]])
    return header, tuple(exports), classes


def _column_0_lines(source: str, start: int) -> set[int]:
    """The newline before each line from `start` on that begins with code at column 0."""
    return {m.start() for m in _TOP_LEVEL.finditer(source, start - 1)}


def _is_one_class(text: str, name: str, decorators: int) -> bool:
    """Whether `text` is a single class statement named `name`, its class line after its
    `decorators` lines (so the lines found for it are its own)."""
    try:
        statements = ast.parse(text).body
    except (SyntaxError, ValueError):  # ValueError: a null byte
        return False
    return (
        len(statements) == 1
        and isinstance(statements[0], ast.ClassDef)
        and statements[0].name == name
        and statements[0].lineno == decorators + 1
        and [d.lineno for d in statements[0].decorator_list] == list(range(1, decorators + 1))
    )


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
        head, size = "", 4096
        while chunk := file.read(size):
            head, size = head + chunk, size * 2
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
