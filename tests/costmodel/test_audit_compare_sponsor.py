"""When compare marks a setup's sponsored amount as a lower bound ("≥"): only when a provider
with a hole has a sponsor in force that would give more of a larger bill (s9-audit, #25)."""

from __future__ import annotations

import dataclasses

import pytest
from test_costmodel_compare import DAY, HOLED, SCENARIO, WHOLE

from costmodel.model.sponsorship import SponsorTerms
from costmodel.planning.compare import compare

# HOLED's AWS bill: 20 GB gp3 at 0.115 $/GB-month = $2.30 (230 cents), the CDN $0 (inside the
# free tier), its instance hours unpriced (a hole); WHOLE has no hole
# (test_costmodel_compare.py).


@pytest.mark.parametrize(
    ("terms", "bound"),
    [
        # a $1.00 credit is used up at $2.30 and at any larger bill: 100 cents both, exact
        (SponsorTerms(credit_monthly_usd=1), False),
        # a $5.00 credit gives 230 cents of $2.30 and all 500 of a larger bill: a lower bound
        (SponsorTerms(credit_monthly_usd=5), True),
        # half of whatever is billed grows with the bill
        (SponsorTerms(covers=0.5), True),
        # a sponsor whose terms ended (2025-12) before the pricing date (2026-06-01) gives 0
        (SponsorTerms(covers=0.5, until="2025-12"), False),
        (None, False),  # no sponsor
    ],
)
def test_the_sponsored_amount_is_a_bound_only_when_a_sponsor_would_give_more(terms, bound):
    sponsors = {} if terms is None else {"aws": terms}
    holed = dataclasses.replace(HOLED, sponsors=sponsors)
    whole = dataclasses.replace(WHOLE, sponsors=sponsors)
    result = compare([holed, whole], SCENARIO, DAY)
    # a setup without a hole is exact whatever its sponsor
    assert result.sponsored_bound == (bound, False)
