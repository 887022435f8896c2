"""Reading JSON a user hands us (a Pulumi preview or export, a price file, JSON text inside
one): every way it can be wrong is one InputError line.

Python's json module accepts what JSON does not (NaN, Infinity), turns 1e400 into infinity,
keeps the last of two equal keys and overflows on deep nesting; `parse_json` refuses each.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from costmodel.errors import InputError, from_validation_error
from costmodel.files.bounds import Refused, check_depth, check_int_digits, too_deep
from costmodel.files.collector import collector_paused
from costmodel.files.userfile import MAX_BYTES, read_user_text

if TYPE_CHECKING:  # pydantic is loaded by validate_as's callers, not by every JSON reader
    from pydantic import BaseModel

M = TypeVar("M", bound="BaseModel")


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        twice = next(k for k, _ in pairs if k in seen or seen.add(k))  # type: ignore[func-returns-value]
        raise Refused(f"duplicate key {twice!r} in one object")
    return obj


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise Refused(f"number {text[:40]} is out of range")
    return value


def _int(text: str) -> int:
    check_int_digits(text)
    return int(text)


def _constant(name: str) -> Any:
    raise Refused(f"{name} is not a number; every figure must be finite")


def decode_json(text: str) -> Any:
    """The document in `text`; Refused (outside the bounds) or json.JSONDecodeError."""
    try:
        with collector_paused():  # a large document: see collector.py
            doc = json.loads(
                text,
                object_pairs_hook=_object,
                parse_float=_float,
                parse_int=_int,
                parse_constant=_constant,
            )
    except RecursionError:
        raise too_deep() from None
    check_depth(doc)
    return doc


def parse_json(text: str, where: str, field: str, what: str) -> Any:
    """The JSON document in `text` (a file's content, or JSON text inside a file's field);
    `what` names what was expected, for the message."""
    try:
        return decode_json(text)
    except Refused as exc:
        raise InputError(where, field, f"{exc}; expected {what}") from None
    except json.JSONDecodeError as exc:
        raise InputError(
            where, field, f"line {exc.lineno}: invalid JSON ({exc.msg}); expected {what}"
        ) from None


def load_json_object(path: Path, what: str, limit: int = MAX_BYTES) -> dict[str, Any]:
    """The top-level object of a JSON file of at most `limit` bytes; `what` names the expected
    file in messages."""
    where = str(path)
    doc = parse_json(read_user_text(path, what, "JSON", limit), where, "", what)
    if not isinstance(doc, dict):
        raise InputError(where, "(top level)", f"must be an object, got {type(doc).__name__}")
    return doc


def validate_as(model: type[M], data: Any, where: str) -> M:
    """`data` as `model`, or the first problem as one InputError naming the field path."""
    from pydantic import ValidationError

    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise from_validation_error(where, exc) from None
