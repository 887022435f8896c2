"""Break-evens on the unrounded costs: exact crossings, tie bands as one, and nothing that
depends on the grid a user asked for."""

from __future__ import annotations

import numpy as np

from costmodel.planning.crossings import Crossing, crossings


def lines(*funcs):
    """Costs of several setups, given as functions of the swept value."""
    return lambda xs: np.array([f(np.asarray(xs, dtype=np.float64)) for f in funcs])


def test_two_lines_cross_where_they_are_equal() -> None:
    # f0 = x, f1 = 10 + x/2: equal at x = 20, where the tie goes to the first setup; from the
    # next whole value, 21 (f0 = 21 > f1 = 20.5), setup 1 is cheaper.
    costs = lines(lambda x: x, lambda x: 10 + x / 2)
    found = crossings(costs, 0, 1000, step=1, integral=True, among=[0, 1])
    assert found == [Crossing(21, 0, 1)]
    # the same lines as shares (a step of 1e-6): the crossing is just past 20
    [real] = crossings(costs, 0, 1000, step=1e-6, integral=False, among=[0, 1])
    assert (real.before, real.after) == (0, 1) and 20 < real.value <= 20 + 1e-6


def test_a_band_within_a_cent_is_one_crossing() -> None:
    # f1 weaves within 0.4 cent of f0 up to x = 100 (sign flips at every multiple of pi), then
    # falls away. Rounded to cents these would swap back and forth; they are one crossing,
    # at the first flip, pi (sin is 0 there and negative just after).
    weave = lambda x: np.where(x < 100, 0.004 * np.sin(x), 0.004 * np.sin(100) - (x - 100))  # noqa: E731
    costs = lines(lambda x: 1 + 0 * x, lambda x: 1 + weave(x))
    [found] = crossings(costs, 0, 200, step=1e-6, integral=False, among=[0, 1])
    assert (found.before, found.after) == (0, 1)
    assert abs(found.value - np.pi) <= 1e-6


def test_a_band_left_by_the_setup_that_entered_it_is_no_crossing() -> None:
    # f1 dips below f0 by less than a cent between 3 and 6, and is dearer elsewhere
    dip = lambda x: np.where((x > 3) & (x < 6), -0.003, 0.5)  # noqa: E731
    costs = lines(lambda x: 0 * x, dip)
    assert crossings(costs, 0, 10, step=1e-6, integral=False, among=[0, 1]) == []


def test_only_the_setups_ranked_take_part() -> None:
    # setup 1 is the cheapest everywhere but is not ranked (it has unpriced parts)
    costs = lines(lambda x: x, lambda x: 0 * x, lambda x: 10 + x / 2)
    assert crossings(costs, 0, 1000, step=1, integral=True, among=[0, 2]) == [Crossing(21, 0, 2)]
    assert crossings(costs, 0, 1000, step=1, integral=True, among=[1]) == []
