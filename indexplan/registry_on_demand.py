"""The provider SDKs' resource modules registered with Pulumi when Pulumi first looks one up.

A provider package's `__init__` ends with `_utilities.register(resource_modules=..., ...)`:
every module of the provider as JSON text (pulumi_aws: 1,748, over 400 kB), parsed and
registered at import so that Pulumi can turn a resource reference it deserialises back into
an object of the resource's class (`rpc.deserialize_resource`). A cold estimate of pypi-2021
spent ~40 M instructions on parsing and registering the four SDKs' lists, and no shipped
stack deserialises a reference.

While the SDKs load on demand (indexplan/sdk_on_demand.py), an SDK's `_utilities.register`
only keeps its arguments; the registrations run, in the order the packages were imported,
right before Pulumi's first lookup: `rpc.get_resource_module` and `rpc.get_resource_package`,
the only readers of its registries, wrapped once for the process. Any lookup therefore finds
exactly what an eager import would have registered, with the same `_utilities.Module` and
`Package` objects (tests/perf/test_registry_on_demand.py). Another SDK or Pulumi layout (a
`register` taking other arguments, a Pulumi without those two functions) registers at import.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import Any

REGISTER_PARAMETERS = ("resource_modules", "resource_packages")
LOOKUPS = ("get_resource_module", "get_resource_package")

_lock = threading.RLock()
_pending: list[Callable[[], object]] = []  # each SDK's registration, in import order


def defer_registrations(utilities: dict[str, Any]) -> None:
    """Make the `register` of an SDK's `_utilities` (its module namespace, just run) keep its
    arguments for the first lookup, when it is the generated one and Pulumi's lookups are
    the ones expected."""
    register = utilities.get("register")
    code = getattr(register, "__code__", None)
    if register is None or code is None:
        return
    if code.co_varnames[: code.co_argcount] != REGISTER_PARAMETERS:
        return
    if not _lookups_register_first():
        return
    utilities["register"] = _registering_later(register)


def register_pending() -> None:
    """Run the registrations kept so far (a lookup does this itself)."""
    with _lock:
        while _pending:
            _pending.pop(0)()


def _registering_later(register: Callable[[Any, Any], object]) -> Callable[[Any, Any], None]:
    @functools.wraps(register)
    def register_later(resource_modules: Any, resource_packages: Any) -> None:
        with _lock:
            _pending.append(functools.partial(register, resource_modules, resource_packages))

    return register_later


def _lookups_register_first() -> bool:
    """Wrap Pulumi's registry lookups (once for the process) to run the kept registrations
    first; False if this Pulumi lacks either."""
    from pulumi.runtime import rpc

    with _lock:
        for name in LOOKUPS:
            lookup = getattr(rpc, name, None)
            if lookup is None:
                return False
        for name in LOOKUPS:
            lookup = getattr(rpc, name)
            if not isinstance(lookup, _RegisteringFirst):
                setattr(rpc, name, _RegisteringFirst(lookup))
    return True


class _RegisteringFirst:
    """A Pulumi registry lookup that runs the kept registrations before looking up."""

    def __init__(self, lookup: Callable[..., Any]) -> None:
        self.lookup = lookup
        functools.update_wrapper(self, lookup)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if _pending:
            register_pending()
        return self.lookup(*args, **kwargs)
