"""User quantities: `<number> <unit>[/<period>]`, to bytes, bytes per month or counts per month.

Data units are decimal SI (1 TB = 10^12 bytes) or binary (1 TiB = 2^40 bytes); a bare number
is in the field's canonical unit (GB = 10^9 bytes for data, a plain count otherwise). Rates are
per month, where a month is 365.25/12 days.
"""

from __future__ import annotations

import math
import re
from typing import Literal

Kind = Literal["data", "count"]

SI_PREFIXES = "KMGTPE"
DATA_UNITS: dict[str, float] = {"B": 1.0}
for _i, _p in enumerate(SI_PREFIXES, start=1):
    DATA_UNITS[f"{_p}B"] = 1000.0**_i
    DATA_UNITS[f"{_p}iB"] = 1024.0**_i
DATA_UNITS["kB"] = DATA_UNITS["KB"]
GB = DATA_UNITS["GB"]

DAYS_PER_MONTH = 365.25 / 12
PERIODS_PER_MONTH: dict[str, float] = {
    "second": DAYS_PER_MONTH * 86400,
    "hour": DAYS_PER_MONTH * 24,
    "day": DAYS_PER_MONTH,
    "month": 1.0,
    "year": 1 / 12,
}

_QUANTITY = re.compile(
    r"^\s*(?P<number>[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?|[-+]?(nan|inf|infinity))\s*"
    r"(?P<unit>[A-Za-z]+)?\s*(/\s*(?P<period>[A-Za-z]+))?\s*$",
    re.IGNORECASE,
)


class QuantityError(ValueError):
    """A quantity that does not parse; the message says what was expected."""


def parse(value: object, kind: Kind, rate: bool) -> float:
    """`value` in canonical units: bytes (data) or a count; per month when `rate`."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise QuantityError(f"expected a number or a string like {_example(kind, rate)}")
    if isinstance(value, int | float):
        number, unit, period = float(value), None, None
    else:
        match = _QUANTITY.match(value)
        if not match:
            raise QuantityError(f"expected a quantity like {_example(kind, rate)}")
        number = float(match["number"])
        unit, period = match["unit"], match["period"]
    if not math.isfinite(number):
        raise QuantityError("must be a finite number")
    if number < 0:
        raise QuantityError("must not be negative")
    scale = _unit_scale(unit, kind, rate)
    if kind == "count" and not rate and not number.is_integer():
        # a number of files: 1.5 is no count, and the rates' fractions (1.5/day) do not apply
        raise QuantityError(f"must be a whole number, e.g. {_example(kind, rate)}")
    if period is not None:
        if not rate:
            raise QuantityError(f"is an amount, not a rate; drop the /{period}")
        name = period.lower().removesuffix("s")
        if name not in PERIODS_PER_MONTH:
            known = ", ".join(PERIODS_PER_MONTH)
            raise QuantityError(f"unknown period {period!r}; known: {known}")
        scale *= PERIODS_PER_MONTH[name]
    return number * scale


def _unit_scale(unit: str | None, kind: Kind, rate: bool) -> float:
    if unit is None:
        return GB if kind == "data" else 1.0
    if kind == "count":
        period = " with an optional /period" if rate else ""
        raise QuantityError(f"is a count; give a number{period}, e.g. {_example(kind, rate)}")
    if unit not in DATA_UNITS:
        known = ", ".join(u for u in DATA_UNITS if u != "kB")
        raise QuantityError(f"unknown unit {unit!r}; known: {known}")
    return DATA_UNITS[unit]


def _example(kind: Kind, rate: bool) -> str:
    if kind == "data":
        return "'293.1 TB/month'" if rate else "'6 TB'"
    return "'3e9/month'" if rate else "'2.6e7'"


def format_bytes(value: float) -> str:
    """Bytes in the largest SI unit that keeps the number >= 1 (`293.1 TB`)."""
    for unit in ("EB", "PB", "TB", "GB", "MB", "kB"):
        size = DATA_UNITS[unit.upper()] if unit != "kB" else 1000.0
        if value >= size:
            return f"{value / size:,.4g} {unit}"
    return f"{value:,.0f} B"


def format_count(value: float) -> str:
    """A count with a short scale word (`3 billion`)."""
    for word, size in (("trillion", 1e12), ("billion", 1e9), ("million", 1e6)):
        if value >= size:
            return f"{value / size:,.4g} {word}"
    return f"{value:,.0f}"


HOURS_PER_MONTH = 730  # the providers' billing month of instance time
GIB = 2**30  # AWS and Google size disks and memory in "GB" that are GiB
