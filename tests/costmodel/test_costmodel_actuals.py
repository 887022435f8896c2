"""The arithmetic of estimate versus actual, worked by hand."""

from __future__ import annotations

from costmodel.model.money import round_cents
from costmodel.planning.actuals import variances
from costmodel.planning.calibrate import pin_rate


def test_quantity_and_rate_variances_add_up():
    # Cloud Storage: 9,313.225746 GiB-mo estimated for 242.14; 9,600 billed for 228.00 (a
    # negotiated 0.02375). Estimate's average: 242.14 / 9,313.225746 = 0.0259996 $/GiB-mo;
    # quantity: 286.774254 x 0.0259996 = 7.456 -> 7.46; rate: -14.14 - 7.46 = -21.60
    # (= (228.00/9,600 - 0.0259996) x 9,600 = -21.596)
    assert variances(9313.225746, 24214, 9600.0, 22800) == (746, -2160)


def test_with_nothing_estimated_all_is_quantity():
    assert variances(0.0, 0, 12.0, 1234) == (1234, 0)


def test_a_rate_is_pinned_so_that_the_rounded_lines_add_up():
    # 1 + 2 units at 0.01 round to 1 + 2 cents: 0.01 is the shortest rate that gives 3
    assert pin_rate([1.0, 2.0], 3) == 0.01
    # Stretches of 0.3, 0.4 and 0.5 units for 2 cents: the naive 0.02 / 1.2 = 0.016667 gives
    # 0.5 + 0.667 + 0.833 cents, each rounding to 1 (3 in all). 2 needs the first below half a
    # cent and the others at or above it: 0.0125 <= rate < 0.016667.
    rate = pin_rate([0.3, 0.4, 0.5], 2)
    assert rate is not None and 0.0125 <= rate < 0.5 / 30
    assert sum(round_cents(q * rate) for q in (0.3, 0.4, 0.5)) == 2


def test_nothing_to_price_gives_no_rate():
    assert pin_rate([0.0], 0) is None
