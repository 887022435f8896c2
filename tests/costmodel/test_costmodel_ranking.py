"""ranking.standing: who may be named cheapest when some bills have unpriced parts (review
s8-ops finding 2). Figures are the review's, in cents: reg-cf $72,539.72 whole; reg-now
≥ $9,251.96 with three unpriced parts; reg-gcs ≥ $9,299.26 with the same three."""

from __future__ import annotations

from costmodel.model.estimate import Unpriced
from costmodel.planning.ranking import Holes, Lower, standing, uncancelled

CERT = Unpriced("cdn-certificate", "fastly:index/tlsSubscription:TlsSubscription", "fastly",
                "cdn", None, "no price")  # fmt: skip
NAT = Unpriced("network-nat", "aws:ec2/natGateway:NatGateway", "aws", "network", "data",
               "depends on usage")  # fmt: skip
PARTS = (CERT, NAT)


def test_a_whole_bill_is_not_starred_over_a_lower_bound_below_it():
    # reg-cf 7,253,972 whole, reg-now 925,196 with parts: reg-now is lower unless its parts
    # cost more than 7,253,972 - 925,196 = 6,328,776 cents ($63,287.76)
    result = standing([7_253_972, 925_196], uncancelled([(), PARTS]))
    assert result.ranked == (0,) and result.lowest == (0,) and result.cheapest == ()
    assert result.lower == (Lower(setup=1, than=0, parts=2, margin_cents=6_328_776),)


def test_a_lower_bound_above_the_whole_bill_leaves_the_star():
    # at list reg-now ≥ $146,881.46 is above reg-cf's $72,539.72: reg-cf is cheapest
    result = standing([7_253_972, 14_688_146], uncancelled([(), PARTS]))
    assert result.cheapest == (0,) and result.lower == ()


def test_parts_that_cancel_rank_two_lower_bounds_on_their_difference():
    # reg-now and reg-gcs share both parts: each cancels the other's, so both are ranked and
    # reg-now (925,196 < 929,926, the +$47.30 of diff) is cheapest; without the cancelling
    # neither is ranked
    same = Holes((PARTS, PARTS), (((), ()), ((), ())))
    assert standing([925_196, 929_926], same).cheapest == (0,)
    assert standing([925_196, 929_926], uncancelled([PARTS, PARTS])).ranked == ()


def test_a_setup_whose_parts_all_cancel_against_a_dearer_ones_is_ranked_over_it():
    # reg-r2 has NAT alone, which cancels against reg-now's; reg-now's certificate does not
    # cancel against anything of reg-r2's: reg-r2 may be ranked, reg-now not, and reg-r2's
    # 456,178 below reg-now's 925,196 makes it cheapest (reg-now only adds its certificate)
    holes = Holes(((NAT,), PARTS), (((), ()), ((CERT,), ())))
    result = standing([456_178, 925_196], holes)
    assert result.ranked == (0,) and result.cheapest == (0,) and result.lower == ()
    assert not holes.comparable(0, 1)
    # the other way round, reg-now's bound below reg-r2's: lower unless its certificate
    # costs more than the gap (one part: the NAT cancels)
    result = standing([956_178, 925_196], holes)
    assert result.cheapest == () and result.lower == (Lower(1, 0, 1, 30_982),)


def test_ties_within_a_cent_are_all_named():
    result = standing([1_000, 1_001, 1_003], uncancelled([(), (), ()]))
    assert result.cheapest == (0, 1)


def test_a_lone_setup_with_parts_is_not_ranked():
    # nothing to cancel against: alone it stays a lower bound, not "cheapest" (as before)
    assert standing([925_196], uncancelled([PARTS])).ranked == ()
    assert standing([925_196], uncancelled([()])).cheapest == (0,)
