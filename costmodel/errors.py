"""The one error a user can cause: bad input, reported as a single line."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pydantic is imported by the models that raise it, not by every command
    from pydantic import ValidationError


class InputError(Exception):
    """Bad user input. Rendered as `<where>: <field>: <expected>`; the CLI exits with status 2."""

    def __init__(self, where: str, field: str, expected: str) -> None:
        self.where = where
        self.field = field
        self.expected = expected
        super().__init__(str(self))

    def __str__(self) -> str:
        parts = [p for p in (self.where, self.field, self.expected) if p]
        return ": ".join(parts).replace("\n", " ")


def from_validation_error(where: str, exc: ValidationError) -> InputError:
    """The first pydantic error as one InputError, naming its field path and the value given."""
    # An unknown key is usually a typo that also explains a "missing" one: report it first.
    err = min(exc.errors(), key=lambda e: e["type"] != "extra_forbidden")
    field = ".".join(str(p) for p in err["loc"]) or "(top level)"
    message = err["msg"].removeprefix("Value error, ")
    if err["type"] == "extra_forbidden":
        message = "unknown key (not one this file takes)"
    elif err["type"] == "missing":
        message = "required key is missing"
    elif "input" in err and not isinstance(err["input"], dict | list):
        message = f"{message}, got {err['input']!r}"
    return InputError(where, field, message)
