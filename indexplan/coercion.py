"""Option values coerced without pydantic, for the plain annotations indexplan's commands use.

typer 0.29 coerces every option through a pydantic TypeAdapter built when the option is first
processed: a command with options imports pydantic (~380 M instructions, more than half of
`indexplan --help`) before it does any work (benchmarks/README.md, issue 15). Here a value of
a plain annotation (str, int, float, Path, an Enum, a list of those) is converted directly, and
anything else, or any value the direct way is not sure of, goes to typer's own coercion: a
value that fails is coerced again by typer, so every error message is typer's, byte for byte.

The patch point is typer's private `typer.core.build_runtime_param`, so it is installed only
under the typer release it was written against (PINNED, the version in uv.lock; a test fails
when either changes). Under any other release typer coerces as it always does.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias, get_args, get_origin

import typer
import typer.core
from typer._coercion import RuntimeParam, TypeDescriptor
from typer._param_types import coerce_cli_choice, coerce_cli_path

if TYPE_CHECKING:
    from collections.abc import Callable

    from typer._click import Context
    from typer.core import _TyperParameter

    Convert: TypeAlias = Callable[[Any, Context, _TyperParameter], Any]

PINNED = "0.29.2"

# The plain forms of what pydantic's lax int and float accept from a string (no spaces,
# underscores or exponents: those go to typer, which gives the same result for them).
_DIGITS = 15


def _plain_digits(text: str) -> bool:
    return 0 < len(text) <= _DIGITS and text.isascii() and text.isdigit()


class _Unsure(Exception):
    """The direct way does not know this value: typer's own coercion decides."""


def _str(value: Any, ctx: Context, param: _TyperParameter) -> str:
    if type(value) is not str:
        raise _Unsure
    return value


def _bool(value: Any, ctx: Context, param: _TyperParameter) -> bool:
    if type(value) is not bool:
        raise _Unsure  # "yes", "off", ...: typer's
    return value


def _int(value: Any, ctx: Context, param: _TyperParameter) -> int:
    if type(value) is int:
        return value
    if type(value) is str and _plain_digits(value[1:] if value[:1] in "+-" else value):
        return int(value)
    raise _Unsure


def _float(value: Any, ctx: Context, param: _TyperParameter) -> float:
    if type(value) is float:
        return value
    if type(value) is int:
        return float(value)
    if type(value) is str:
        whole, dot, fraction = value.removeprefix("-").partition(".")
        if _plain_digits(whole) and (not dot or _plain_digits(fraction)):
            return float(value)
    raise _Unsure


def _converter(descriptor: TypeDescriptor) -> Convert | None:
    """The direct conversion for `descriptor`'s annotation, or None: typer's own."""
    info = descriptor.parameter_info
    annotation = descriptor.annotation
    if descriptor.file_annotation is not None or info.parser is not None:
        return None
    if get_origin(annotation) is list:
        (item,) = get_args(annotation)
        leaf = _leaf(item, info)
        if leaf is None:
            return None

        def items(value: Any, ctx: Context, param: _TyperParameter) -> list[Any]:
            if not isinstance(value, (list, tuple)):
                raise _Unsure  # typer wraps a single value in a list
            return [leaf(one, ctx, param) for one in value]

        return items
    return _leaf(annotation, info)


def _leaf(annotation: Any, info: Any) -> Convert | None:
    if annotation is str:
        return _str
    if annotation is bool:
        return _bool
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        choices = list(annotation)
        sensitive = info.case_sensitive

        def choice(value: Any, ctx: Context, param: _TyperParameter) -> Any:
            return coerce_cli_choice(value, choices=choices, case_sensitive=sensitive, ctx=ctx)

        return choice
    if info.min is not None or info.max is not None or info.clamp:
        return None  # ranges: typer's own
    if annotation is int:
        return _int
    if annotation is float:
        return _float
    if annotation is Path and info.path_type is None:

        def path(value: Any, ctx: Context, param: _TyperParameter) -> Any:
            if type(value) is not str or not value or "\0" in value:
                raise _Unsure  # pydantic's Path makes "" the current directory
            # typer's own checks (exists, readable, ...), given a Path so it needs no adapter
            return coerce_cli_path(Path(value), info, path_type=Path, param=param, ctx=ctx)

        return path
    return None


class Direct(RuntimeParam):
    """Coercion of a plain annotation; typer's own for a value it is not sure of. (A plain
    subclass of typer's frozen dataclass: a dataclass of its own costs ~4 M instructions to
    create, for every command and `--help` alike.)"""

    def __init__(self, descriptor: TypeDescriptor, convert: Convert) -> None:
        super().__init__(parameter_info=descriptor.parameter_info, annotation=descriptor.annotation)
        object.__setattr__(self, "descriptor", descriptor)
        object.__setattr__(self, "convert", convert)

    descriptor: TypeDescriptor
    convert: Convert

    def _coerce_value(self, value: Any, param: _TyperParameter, ctx: Context) -> Any:
        try:
            return self.convert(value, ctx, param)
        except Exception:  # whatever it is, typer's coercion below raises its own error
            pass
        return _TYPERS(self.descriptor)._coerce_value(value, param=param, ctx=ctx)


_TYPERS = typer.core.build_runtime_param


def build_runtime_param(descriptor: TypeDescriptor) -> RuntimeParam:
    """typer's hook: a Direct coercion where the annotation is plain, else typer's own."""
    convert = _converter(descriptor)
    if convert is None:
        return _TYPERS(descriptor)
    return Direct(descriptor, convert)


def install() -> bool:
    """Coerce plain options directly, under the typer release this was written for only."""
    if typer.__version__ != PINNED:
        return False
    typer.core.build_runtime_param = build_runtime_param
    return True
