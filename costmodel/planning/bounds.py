"""What a plan may reach: the model's figure limits, and the money every output carries exactly.

Plans move figures (a sweep's range, a projection's growth) and add up bills (a projection's
months), so they check both before anything is printed: a figure past the model's limits
(costmodel/model/limits.py) or a sum past EXACT_CENTS is refused with one line naming the
option, never wrapped in 64 bits or rounded away in a JSON number.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from costmodel.model.limits import EXACT_CENTS, EXACT_USD, MAX_BYTES, MAX_COUNT

if TYPE_CHECKING:
    from numpy.typing import NDArray

# Per-month figures plans move, and their limits.
LIMITS = {
    "egress": MAX_BYTES,
    "stored": MAX_BYTES,
    "requests": MAX_COUNT,
    "uploads": MAX_COUNT,
}


def limit_text(figure: str) -> str:
    """`the model's limit of 1e21 bytes a month`."""
    number = f"{LIMITS[figure]:.0e}".replace("e+", "e")
    what = " bytes" if LIMITS[figure] == MAX_BYTES else ""
    per = "" if figure == "stored" else " a month"
    return f"the model's limit of {number}{what}{per}"


class BeyondExact(Exception):
    """A bill reached EXACT_CENTS at the point `index` of a vector pass."""

    def __init__(self, index: int) -> None:
        super().__init__(f"a bill passes ${EXACT_USD:,.0f} at point {index}")
        self.index = index


def first_beyond(values: NDArray[Any], limit: float) -> int | None:
    """The index of the first value above `limit` (inf and nan count as above), else None."""
    over = np.flatnonzero(~(np.asarray(values) <= limit))
    return int(over[0]) if over.size else None


def check_exact(dollars: NDArray[np.float64], cents: NDArray[np.int64]) -> None:
    """Raise BeyondExact where a bill reaches EXACT_CENTS (the unrounded dollars catch what a
    64-bit sum of cents would have wrapped)."""
    for index in (first_beyond(dollars, EXACT_USD), first_beyond(cents, EXACT_CENTS - 1)):
        if index is not None:
            raise BeyondExact(index)
