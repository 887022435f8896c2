"""The types of the figures a user writes (shares, money, growth), each finite and within its
documented range in `limits.py`, and never a boolean read as a number (YAML's `yes` is true,
which a lax float would take as 1.0)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from pydantic import AfterValidator, AllowInfNan, BeforeValidator, WithJsonSchema

from costmodel.model import limits
from costmodel.model.limits import not_bool


def _between(low: float, high: float) -> Callable[[float], float]:
    def check(value: float) -> float:
        if not low <= value <= high:
            raise ValueError(f"must be between {low:,.15g} and {high:,.15g}")
        return value

    return check


def _schema(low: float, high: float) -> WithJsonSchema:
    return WithJsonSchema({"type": "number", "minimum": low, "maximum": high})


_NUMBER = BeforeValidator(not_bool)
_FINITE = AllowInfNan(False)
# A part of a whole: a cache hit ratio, a region's share, what a sponsor covers.
Share = Annotated[float, _FINITE, _NUMBER, AfterValidator(_between(0, 1)), _schema(0, 1)]
# Money a user writes, in USD.
Usd = Annotated[
    float,
    _FINITE,
    _NUMBER,
    AfterValidator(_between(0, limits.MAX_USD)),
    _schema(0, limits.MAX_USD),
]
# Traffic multiplier per year (1.7 = +70 %): the fractions of limits.py, plus one.
MIN_GROWTH_MULTIPLIER = round(1 + limits.MIN_GROWTH_PER_YEAR, 6)
MAX_GROWTH_MULTIPLIER = round(1 + limits.MAX_GROWTH_PER_YEAR, 6)
GrowthMultiplier = Annotated[
    float,
    _FINITE,
    _NUMBER,
    AfterValidator(_between(MIN_GROWTH_MULTIPLIER, MAX_GROWTH_MULTIPLIER)),
    _schema(MIN_GROWTH_MULTIPLIER, MAX_GROWTH_MULTIPLIER),
]
