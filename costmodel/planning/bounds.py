"""What a plan may reach: the model's figure limits, and the money every output carries exactly.

Plans move figures (a sweep's range, a projection's growth) and add up bills (a projection's
months), so they check both before anything is printed: a figure past the model's limits
(costmodel/model/limits.py) or a sum past EXACT_CENTS is refused with one line naming the
option, or the price book when its rates are the cause, never wrapped in 64 bits or rounded
away in a JSON number.
"""

from __future__ import annotations

import operator
from itertools import repeat
from typing import TYPE_CHECKING, Any, NamedTuple

from costmodel.errors import InputError
from costmodel.model.limits import EXACT_CENTS, EXACT_USD, MAX_BYTES, MAX_COUNT

if TYPE_CHECKING:
    from collections.abc import Sequence

    import numpy as np
    from numpy.typing import NDArray

    from costmodel.model.pricebook import PriceBook
    from costmodel.model.segments import Segment, Terms

    Tiers = list[tuple[float | None, float]]

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


class BookBlame(NamedTuple):
    """The price book that took a bill past EXACT_USD where its list prices stay within: its
    file, the field (`entries.3.rate`, or `entries` for rates that only do it together) and
    what bills (`aws cloudfront data_out at this rate bills`). A NamedTuple: ~1 M instructions
    to make at import against a frozen dataclass's ~6 M (a warm `indexplan project` imports
    this module; benchmarks/README.md, issue 15)."""

    where: str
    field: str
    what: str


def ladders(
    segs: Sequence[Segment], terms: Terms | None, book: PriceBook | None
) -> tuple[Tiers, Tiers, BookBlame | None]:
    """A price's list and contracted ladders as a planner prices them, a column unpriced past
    its ladder's end at 0 (as on the estimate's lines; the planner marks the points that reach
    it), and the book's entry to blame when only its rate takes a bill past EXACT_USD."""
    listed = [(s.upto, s.list_price or 0.0) for s in segs]
    contracted = [(s.upto, s.contracted_price or 0.0) for s in segs]
    blame = None
    if contracted != listed and book is not None and terms is not None and terms.rate:
        index, rate = terms.rate
        blame = BookBlame(book.where, f"entries.{index}.rate", f"{rate.label()} at this rate bills")
    return listed, contracted, blame


class BeyondExact(Exception):
    """A bill reached EXACT_CENTS at the point `index` of a vector pass; `book` when a price
    book's rates did it, not the plan's figures (the same point at list prices is in range)."""

    def __init__(self, index: int, book: BookBlame | None = None) -> None:
        super().__init__(f"a bill passes ${EXACT_USD:,.0f} at point {index}")
        self.index = index
        self.book = book

    def refused(self, setup: str, at: str, option: str, value: str, instead: str) -> InputError:
        """One line naming the input to change: the book's entry when its rate is the cause,
        else `option` (`--vary traffic`); `at` says where the bill passes, `instead` what else
        would do (`lower TO`; "": nothing else)."""
        limit, exact = f"${EXACT_USD:,.0f} a month {at}", "more than the outputs carry to the cent"
        if self.book is None:
            return InputError(option, value, f"{setup} costs more than {limit}, {exact}; {instead}")
        return InputError(
            self.book.where,
            self.book.field,
            f"{self.book.what} {setup} over {limit} ({option} {value}), {exact}; expected a rate "
            "the month's bill can carry to the cent" + (f", or {instead}" if instead else ""),
        )


def first_beyond(values: NDArray[Any] | list[Any], limit: float) -> int | None:
    """The index of the first value above `limit` (inf and nan count as above), else None;
    of a list without NumPy (a projection's months: costmodel/planning/columns.py)."""
    if isinstance(values, list):
        if all(map(operator.le, values, repeat(limit))):  # at C speed: most are within
            return None
        return next((k for k, value in enumerate(values) if not value <= limit), None)
    import numpy as np

    over = np.flatnonzero(~(np.asarray(values) <= limit))
    return int(over[0]) if over.size else None


def check_exact(
    dollars: NDArray[np.float64] | list[float],
    cents: NDArray[np.int64] | list[int],
    book: BookBlame | None = None,
) -> None:
    """Raise BeyondExact where a bill reaches EXACT_CENTS (the unrounded dollars catch what a
    64-bit sum of cents would have wrapped), blaming `book` if given."""
    for index in (first_beyond(dollars, EXACT_USD), first_beyond(cents, EXACT_CENTS - 1)):
        if index is not None:
            raise BeyondExact(index, book)
