"""The growth fit: a least-squares line through log(bytes per hour) against the month."""

from __future__ import annotations

import math

import pytest

from costmodel.readers.logs.growth import fit


def test_exactly_geometric_months_give_their_rate_and_no_spread():
    # x2 every 6 months is x4 a year
    months = [2026 * 12 + m for m in (1, 2, 3, 4)]
    rates = [1000 * 2 ** (i / 6) for i in range(4)]
    g = fit(months, rates)
    assert g.per_year == pytest.approx(4.0, rel=1e-9)
    assert g.low == pytest.approx(4.0, rel=1e-9) and g.high == pytest.approx(4.0, rel=1e-9)
    assert g.months == 4


def test_noisy_months_worked_by_hand():
    # log rates 0, 1.1, 1.9 at x = 0, 1/12, 2/12 years (a gap would stretch x, not the fit):
    #   mean x = 1/12, mean y = 1; slope = sum(dx*dy)/sum(dx^2)
    #     = ((-1/12)(-1) + 0 + (1/12)(0.9)) / (2/144) = (1.9/12) / (2/144) = 11.4 a year
    #   intercept 1 - 11.4/12 = 0.05; residuals -0.05, 0.1, -0.05; SSR = 0.015
    #   standard error = sqrt(0.015 / 1 / (2/144)) = sqrt(1.08) = 1.03923
    g = fit([0, 1, 2], [math.exp(0), math.exp(1.1), math.exp(1.9)])
    assert math.log(g.per_year) == pytest.approx(11.4)
    assert math.log(g.high) - math.log(g.per_year) == pytest.approx(math.sqrt(1.08))
    assert math.log(g.per_year) - math.log(g.low) == pytest.approx(math.sqrt(1.08))


def test_fewer_than_three_months_is_no_fit():
    with pytest.raises(ValueError, match="three months"):
        fit([1, 2], [1.0, 2.0])
