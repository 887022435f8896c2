"""The documented range of every figure a user can give: loaders refuse what lies outside it
(one line, exit 2) and planners never accept an option that would leave it, so no figure the
model computes can overflow, go non-finite or lose its cents.

Each bound is far beyond any real index (PyPI in 2026 serves about 0.3 EB a month) and small
enough that the largest bill stays exact in integer cents.
"""

from __future__ import annotations

from typing import Any

# A month of traffic, or bytes stored: 1 ZB (10^21 bytes), ~3,000 times PyPI's 2026 egress.
MAX_BYTES = 1e21
# Requests, uploads, messages or queries in a month.
MAX_COUNT = 1e18
# Instances, nodes or tasks of one resource (an ElastiCache group stops at 500 nodes).
MAX_INSTANCES = 10**6
# Yearly growth as a fraction (1.0 = doubling each year); below -1 a quantity would go negative.
MIN_GROWTH_PER_YEAR = -0.99
MAX_GROWTH_PER_YEAR = 100.0
# A sponsor's monthly credit, and any money amount a user writes (budgets, commitments, a
# negotiated rate per billing unit), in USD.
MAX_USD = 1e12
# $10 trillion: the most a month's bill may reach. JSON numbers are read as IEEE doubles, which
# hold any 15 significant digits exactly, so every amount below this prints and reads back to
# the cent. (Far above any bill at list prices: 1 ZB of egress costs about $10^11; only a price
# book's rates can pass it, and a book that does is refused.)
EXACT_CENTS = 10**15
EXACT_USD = EXACT_CENTS / 100
# Months a projection may cover (100 years) and the calendar it may start in.
MAX_MONTHS = 1200
MIN_YEAR = 2000
MAX_YEAR = 2200


def not_bool(value: Any) -> Any:
    """`value`, unless it is a boolean (YAML's `yes` is true, which a float would take as 1)."""
    if isinstance(value, bool):
        raise ValueError("must be a number, not true or false")
    return value


def check_year(year: int) -> None:
    """ValueError unless `year` lies in the calendar every date the model prices on lies in
    (a pricing date, a projection's months, a sponsor's last month)."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(f"must be between {MIN_YEAR}-01 and {MAX_YEAR}-12")


# Points a sweep may price; it works in bounded chunks, so this bounds time, not memory.
MAX_SWEEP_POINTS = 100_000_000
# A percentage a user writes as a limit (a budget's allowed increase): a millionfold rise.
MAX_PERCENT = 1e8
