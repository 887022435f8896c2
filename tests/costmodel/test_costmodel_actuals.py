"""The arithmetic of estimate versus actual, worked by hand."""

from __future__ import annotations

from costmodel.model.money import round_cents
from costmodel.model.tiers import Tier
from costmodel.planning.actuals import PriceFunction, variances
from costmodel.planning.calibrate import pin_rate

# S3 Standard storage's ladder, $/GB-month: first 50 TB (51,200 GB) 0.023, next 450 TB 0.022,
# beyond 0.021 (aws.amazon.com/s3/pricing, us-east-1, as in costmodel/catalog/aws/s3.json)
S3_STANDARD = (Tier(51_200, 0.023), Tier(512_000, 0.022), Tier(None, 0.021))


def test_a_flat_price_splits_as_the_average_rate_would():
    # 0.026 $/GiB-mo: 9,000 GiB-mo estimated = 234.00; 9,600 billed for 228.00 (a negotiated
    # 0.02375). quantity 600 x 0.026 = 15.60; rate 228.00 - 9,600 x 0.026 = 228.00 - 249.60
    # = -21.60; together -6.00 = 228.00 - 234.00
    price = PriceFunction((Tier(None, 0.026),), (9000.0,))
    assert variances(price, (9000.0, 23400), 9600.0, 22800) == (1560, -2160)


def test_a_tiered_price_values_the_usage_difference_on_its_ladder():
    # one bucket, 40,000 GB estimated: 40,000 x 0.023 = 920.00. Billed 60,000 GB for 1,350.00.
    # The estimate's prices at 60,000 GB: 51,200 x 0.023 = 1,177.60 + 8,800 x 0.022 = 193.60
    # = 1,371.20, so quantity 1,371.20 - 920.00 = 451.20 and rate 1,350.00 - 1,371.20 = -21.20
    # (together 430.00 = 1,350.00 - 920.00). The average rate (0.023) would have said quantity
    # 460.00 and rate -30.00, blaming the price for the second tier's lower rate.
    price = PriceFunction(S3_STANDARD, (40_000.0,))
    assert price.cents(40_000) == 92000
    assert variances(price, (40_000.0, 92000), 60_000.0, 135000) == (45120, -2120)


def test_each_resource_climbs_its_own_ladder():
    # Two buckets of 30,000 GB: the estimate prices each on its own ladder, 690.00 each =
    # 1,380.00. Billed 80,000 GB for 1,811.20 (AWS's one ladder for the account: 51,200 x 0.023
    # = 1,177.60 + 28,800 x 0.022 = 633.60). The estimate's function shares the 80,000 GB as
    # it shared its own (40,000 each, all in the first tier): 2 x 920.00 = 1,840.00, quantity
    # 460.00; the rate part, 1,811.20 - 1,840.00 = -28.80, is the account-wide ladder's saving
    # that the estimate does not model.
    price = PriceFunction(S3_STANDARD, (30_000.0, 30_000.0))
    assert price.cents(60_000) == 138000
    assert variances(price, (60_000.0, 138000), 80_000.0, 181120) == (46000, -2880)


def test_units_beyond_a_bounded_last_tier_go_on_at_its_rate():
    # a ladder that stops at 100 units ("contact sales"): 80 estimated at 0.50 = 40.00; 150
    # billed = 100 x 0.50 + 50 more at the last rate 0.50 = 75.00: quantity 35.00
    price = PriceFunction((Tier(100, 0.5),), (80.0,))
    assert variances(price, (80.0, 4000), 150.0, 7500) == (3500, 0)


def test_usage_only_has_no_rate_variance():
    # no money on the bill (Fastly's usage JSON): the quantity part alone, on the ladder
    price = PriceFunction(S3_STANDARD, (40_000.0,))
    assert variances(price, (40_000.0, 92000), 60_000.0, None) == (45120, None)


def test_with_nothing_estimated_the_billed_quantity_is_priced_on_one_ladder():
    # 12 units at 1.00 billed for 12.34: the estimate's price for them is 12.00 (quantity),
    # the 0.34 more is rate
    assert variances(PriceFunction((Tier(None, 1.0),)), (0.0, 0), 12.0, 1234) == (1200, 34)


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
