"""Plain checks of values read back from the disk cache, before they are believed.

A cache entry holds what a file model validated, as JSON. A warm command reads it without
importing the file model's library (pydantic costs about half of `indexplan --help`), so each
value is checked here against the same ranges and types the file model enforces: an entry
that does not pass (damaged, forged, or from a bug) is never used, and the file is validated
again. Each check returns the value or raises `Damaged`.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Collection, Mapping
from typing import Any


class Damaged(ValueError):
    """A cached value is not what the file model would have made."""


def number(
    value: Any, low: float, high: float = math.inf, *, above: bool = False, optional: bool = False
) -> Any:
    """A float (not a bool, not an int: the file models make floats) in [low, high], or above
    `low` when `above`; None too when `optional`."""
    if value is None and optional:
        return None
    if type(value) is not float or not math.isfinite(value) or value > high:
        raise Damaged(f"not a finite number at most {high}: {value!r}")
    if value < low or (above and value == low):
        raise Damaged(f"not a number {'above' if above else 'from'} {low}: {value!r}")
    return value


def text(value: Any, *, nonempty: bool = False, optional: bool = False) -> Any:
    if value is None and optional:
        return None
    if type(value) is not str or (nonempty and not value):
        raise Damaged(f"not a text: {value!r}")
    return value


def choice(value: Any, options: Collection[Any]) -> Any:
    if value not in options or type(value) not in (str, type(None)):
        raise Damaged(f"not one of {sorted(map(str, options))}: {value!r}")
    return value


def date(value: Any, *, optional: bool = False) -> Any:
    """An ISO date (a dt.date) as JSON holds it (`date_text` wrote it)."""
    if value is None and optional:
        return None
    if type(value) is not str or len(value) != 10:
        raise Damaged(f"not a date: {value!r}")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise Damaged(f"not a date: {value!r}") from None


def date_text(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def mapping(value: Any, keys: Collection[str]) -> Mapping[str, Any]:
    """A JSON object with exactly `keys`."""
    if type(value) is not dict or set(value) != set(keys):
        raise Damaged(f"not an object of {sorted(keys)}")
    return value


def passes(read: Callable[[Any], Any], entry: Any) -> bool:
    """Whether `read(entry)` checks out (parsed.memo's `valid`: an entry that does not is
    replaced by what validating the file gives)."""
    try:
        read(entry)
    except Damaged:
        return False
    return True


def listed(value: Any, *, nonempty: bool = False) -> list[Any]:
    if type(value) is not list or (nonempty and not value):
        raise Damaged("not a list")
    return value


def whole(value: Any, high: float, *, optional: bool = False) -> Any:
    """A count of things (`number` from 0 to `high`) that is a whole number, as a count
    amount's parser makes it (costmodel/model/quantities.py)."""
    value = number(value, 0, high, optional=optional)
    if value is not None and not value.is_integer():
        raise Damaged(f"not a whole number: {value!r}")
    return value
