"""The one tier splitter: at, just below and just above every boundary."""

from __future__ import annotations

import datetime as dt

import pytest

from costmodel.model.prices import PriceKey, default_catalog
from costmodel.model.tiers import Tier, TierUse, split

# CloudFront US/Europe since 2021-12-01, in AWS GB (2^30 bytes).
CLOUDFRONT = [
    Tier(1024, 0),
    Tier(10240, 0.085),
    Tier(51200, 0.080),
    Tier(153600, 0.060),
    Tier(512000, 0.040),
    Tier(1048576, 0.030),
    Tier(5242880, 0.025),
    Tier(None, 0.020),
]


def cost(quantity: float, tiers: list[Tier]) -> float:
    uses, beyond = split(quantity, tiers)
    assert beyond == 0
    return sum(u.quantity * u.price for u in uses)


def test_zero_uses_no_tier():
    assert split(0, CLOUDFRONT) == ([], 0.0)


def test_within_the_free_allowance():
    # 500 GB of the 1,024 free
    assert split(500, CLOUDFRONT) == ([TierUse(0, 1024, 500, 0)], 0.0)


@pytest.mark.parametrize(
    ("quantity", "expected"),
    [
        # at the free boundary: all free
        (1024, 0.0),
        # 0.5 GB above: 0.5 x 0.085
        (1024.5, 0.0425),
        # just below 10 TB: (10,239 - 1,024) x 0.085 = 9,215 x 0.085
        (10239, 783.275),
        # at 10 TB: 9,216 x 0.085
        (10240, 783.36),
        # 1 GB above: 783.36 + 1 x 0.080
        (10241, 783.44),
        # at 50 TB: 783.36 + 40,960 x 0.080 = 783.36 + 3,276.80
        (51200, 4060.16),
        # 1 GB above 50 TB: + 0.060
        (51201, 4060.22),
        # at 150 TB: 4,060.16 + 102,400 x 0.060 = 4,060.16 + 6,144
        (153600, 10204.16),
        # just below 500 TB: 10,204.16 + 358,399 x 0.040 = 10,204.16 + 14,335.96
        (511999, 24540.12),
        # at 500 TB: 10,204.16 + 358,400 x 0.040
        (512000, 24540.16),
        # at 1 PB: 24,540.16 + 536,576 x 0.030 = 24,540.16 + 16,097.28
        (1048576, 40637.44),
        # at 5 PB: 40,637.44 + 4,194,304 x 0.025 = 40,637.44 + 104,857.60
        (5242880, 145495.04),
        # 1 GB above 5 PB: + 0.020
        (5242881, 145495.06),
    ],
)
def test_cloudfront_boundaries(quantity, expected):
    assert cost(quantity, CLOUDFRONT) == pytest.approx(expected, abs=1e-6)


def test_each_tier_used_is_reported_with_its_bounds():
    uses, _ = split(10241, CLOUDFRONT)
    assert uses == [
        TierUse(0, 1024, 1024, 0),
        TierUse(1024, 10240, 9216, 0.085),
        TierUse(10240, 51200, 1, 0.080),
    ]


def test_a_bounded_last_tier_leaves_the_rest_unpriced():
    # Cloud CDN Asia Pacific: nothing is published beyond 500 TiB (512,000 GiB)
    tiers = [Tier(10240, 0.09), Tier(153600, 0.06), Tier(512000, 0.05)]
    uses, beyond = split(512100, tiers)
    assert [u.quantity for u in uses] == [10240, 143360, 358400]
    assert beyond == 100
    # at the bound exactly, nothing is left over
    assert split(512000, tiers)[1] == 0


def test_the_shipped_catalog_tiers_split_like_the_reference():
    # Route 53 queries: first 1,000 million at 0.40, then 0.20
    selected = default_catalog().select(
        PriceKey("aws", "route53", "standard_queries", "global"),
        dt.date(2026, 1, 1),
    )
    uses, _ = split(1500, selected.version.tier_list())
    # 1,000 x 0.40 + 500 x 0.20 = 400 + 100
    assert [(u.quantity, u.price) for u in uses] == [(1000, 0.40), (500, 0.20)]
