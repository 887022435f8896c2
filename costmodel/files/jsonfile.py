"""Reading a JSON file a user hands us (a Pulumi preview or export, a price file): every way the
file itself can be wrong is one InputError line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from costmodel.errors import InputError, from_validation_error
from costmodel.files.userfile import MAX_BYTES, read_user_text

M = TypeVar("M", bound=BaseModel)


def load_json_object(path: Path, what: str, max_bytes: int = MAX_BYTES) -> dict[str, Any]:
    """The top-level object of a JSON file; `what` names the expected file in messages."""
    where = str(path)
    text = read_user_text(path, what, "JSON", max_bytes)
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            where, "", f"line {exc.lineno}: invalid JSON ({exc.msg}); expected {what}"
        ) from None
    except RecursionError:  # the decoder recurses once per level of nesting
        raise InputError(where, "", f"nested too deeply to be {what}") from None
    if not isinstance(doc, dict):
        raise InputError(where, "(top level)", f"must be an object, got {type(doc).__name__}")
    return doc


def validate_as(model: type[M], data: Any, where: str) -> M:
    """`data` as `model`, or the first problem as one InputError naming the field path."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise from_validation_error(where, exc) from None
