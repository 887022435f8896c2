"""Yearly growth from monthly traffic: a least-squares line through log(bytes per hour) against
the month (in years: month number / 12), so a steady rate of growth is a straight line and its
slope is the growth per year.

Bytes per covered hour, not per month, so a short February or a month the logs cover only in
part weighs the same as a full one; months missing between others simply leave a gap on the
time axis. The spread is the slope's standard error (one sigma), reported as the range of
per-year factors it allows; months growing by exactly the same factor give a spread of 0.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Growth:
    per_year: float  # traffic multiplier per year (1.7 = +70 %)
    low: float  # per_year at the slope minus one standard error
    high: float  # ... plus one
    months: int  # points in the fit


def fit(months: Sequence[int], rates: Sequence[float]) -> Growth:
    """Growth from `rates` (bytes per hour, > 0) in `months` (month numbers: year * 12 +
    month); needs three months or more."""
    n = len(months)
    if n < 3 or len(rates) != n:
        raise ValueError("a growth fit needs three months or more")
    xs = [(month - months[0]) / 12 for month in months]  # from the first: less cancellation
    ys = [math.log(r) for r in rates]
    mean_x, mean_y = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mean_x) ** 2 for x in xs)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / sxx
    intercept = mean_y - slope * mean_x
    residual = sum((y - intercept - slope * x) ** 2 for x, y in zip(xs, ys, strict=True))
    stderr = math.sqrt(residual / (n - 2) / sxx)
    return Growth(
        per_year=math.exp(slope),
        low=math.exp(slope - stderr),
        high=math.exp(slope + stderr),
        months=n,
    )
