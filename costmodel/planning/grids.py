"""The grids a sweep is searched on, in plain Python (sweep_plain.py) and their sizes (also
crossings.py's): NumPy's `linspace` and `round` step for step, so both paths take the same
values; `analysis_grid`'s logarithmic half only nearly (below)."""

from __future__ import annotations

import math

ANALYSIS_POINTS = 4097
SECTIONS = 64  # points priced per narrowing pass
TIE = 0.01  # dollars: setups closer than a cent are tied


def linspace(low: float, high: float, count: int) -> list[float]:
    """`np.linspace(low, high, count)`: k * step + low, the last exactly `high`."""
    if count == 1:
        return [low]
    step = (high - low) / (count - 1)
    values = [k * step + low for k in range(count)]
    values[-1] = high
    return values


def sample_indices(points: int, count: int) -> list[int]:
    """sweep.sample_indices: `count` grid indices spread evenly from the first to the last
    (NumPy's round is half to even, as Python's)."""
    return sorted({round(v) for v in linspace(0.0, points - 1.0, min(count, points))})


def grid_values(low: float, high: float, points: int, log: bool, indices: list[int]) -> list[float]:
    """sweep.grid_values over a list. In logarithms NumPy's `exp` may differ from the C
    library's in the last bit (issue 15's notes: `power` did so for 5% of values here): a kept
    point may then be one ulp apart, which no printed figure shows."""
    values = []
    for index in indices:
        t = index / (points - 1)
        if index == 0:
            values.append(low)
        elif index == points - 1:
            values.append(high)
        elif log:
            values.append(math.exp(math.log(low) + (math.log(high) - math.log(low)) * t))
        else:
            values.append(low + (high - low) * t)
    return values


def analysis_grid(low: float, high: float, integral: bool) -> list[float]:
    """crossings.analysis_grid in plain Python: linear, and logarithmic as well when the range
    starts above 0. The logarithmic values are 10 ** y where NumPy's geomspace takes
    `np.power`, which differs in the last bit for ~5% of them on this machine: callers decide
    nothing on where a grid value lies, only on what holds between two (sweep_plain.py)."""
    values = linspace(low, high, ANALYSIS_POINTS)
    if low > 0:
        logs = linspace(math.log10(low), math.log10(high), ANALYSIS_POINTS)
        values += [low, *(10.0**y for y in logs[1:-1]), high]
    if integral:
        values = [min(max(float(round(v)), low), high) for v in values]
    return sorted({*values, low, high})
