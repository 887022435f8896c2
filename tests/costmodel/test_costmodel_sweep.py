"""Sweeps: parsing --vary, the grid, and break-evens found exactly on the scalar model."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from fractions import Fraction

import pytest
from costmodel_helpers import CLOUDFRONT, FASTLY, REGIONS

from costmodel.errors import InputError
from costmodel.model.scenario import parse_scenario
from costmodel.model.sponsorship import SponsorTerms
from costmodel.planning.compare import Setup, price_setup
from costmodel.planning.sweep import at, parse_vary, sweep

GIB = 2**30
DAY = dt.date(2026, 6, 1)  # CloudFront: 1 TiB free then tiers; Fastly: a flat 0.12 $/GB
SCENARIO = {"traffic": {"egress": "1 TB/month", "requests": 0}}
# Fastly with a $2,000/month credit against CloudFront at list price, out of pocket.
FASTLY_CREDIT = Setup(
    "fastly", [FASTLY], REGIONS, {"fastly": SponsorTerms(credit_monthly_usd=2000)}
)
CLOUDFRONT_ONLY = Setup("cloudfront", [CLOUDFRONT], REGIONS, {})


def test_break_evens_against_a_case_worked_by_hand() -> None:
    scn = parse_scenario(SCENARIO, "t.yaml", "t")
    vary = parse_vary("egress=100GB..100TB")
    result = sweep([CLOUDFRONT_ONLY, FASTLY_CREDIT], scn, vary, points=50, log=True, as_of=DAY)
    first, second = result.break_even_out_of_pocket
    # Break-evens are where the unrounded costs cross, to the byte.
    # 1. Both cost $0 up to 1,024 GiB (CloudFront's free TB; Fastly inside its credit) and a
    # tie goes to the first setup. One byte past 1,024 x 2^30 = 1,099,511,627,776 bytes,
    # CloudFront's unrounded cost is above $0 and Fastly's is still $0.
    assert (first.before, first.after) == ("cloudfront", "fastly")
    assert first.value == 1_099_511_627_777
    # 2. Fastly costs 0.12 $/GB; past its credit it is 0.12 x / 10^9 - 2000. CloudFront in
    # its 10-50 TiB tier costs 783.36 + 0.080 (x / 2^30 - 10,240) = 0.080 x / 2^30 - 35.84.
    # Equal at x = 1,964.16 / (0.12 / 10^9 - 0.080 / 2^30) = 43,173,860,793,575.06 bytes
    # (worked in exact fractions), so CloudFront is cheaper from byte 43,173,860,793,576.
    assert (second.before, second.after) == ("fastly", "cloudfront")
    assert second.value == 43_173_860_793_576
    exact = Fraction("1964.16") / (Fraction("0.12") / 10**9 - Fraction("0.080") / 2**30)
    assert math.floor(exact) + 1 == second.value
    # each break-even carries every setup's bill there, as estimate prints it
    for b in (first, second):
        point = at(scn, vary, b.value)
        assert b.cents == {
            s.name: price_setup(s, point, DAY).out_of_pocket_cents
            for s in (CLOUDFRONT_ONLY, FASTLY_CREDIT)
        }
    # at list price CloudFront (0.085 $/GiB at most) is always below Fastly: no break-even
    assert result.break_even_list == ()


def test_break_even_does_not_depend_on_the_grid() -> None:
    scn = parse_scenario(SCENARIO, "t.yaml", "t")
    vary = parse_vary("egress=100GB..100TB")
    values = {
        points: [
            b.value
            for b in sweep(
                [CLOUDFRONT_ONLY, FASTLY_CREDIT], scn, vary, points=points, log=log, as_of=DAY
            ).break_even_out_of_pocket
        ]
        for points, log in ((7, True), (1000, False), (33, True))
    }
    assert values[7] == values[1000] == values[33]


def test_region_share_rescales_the_others() -> None:
    scn = parse_scenario(
        {"traffic": {"egress": "1 TB/month", "regions": {"north_america": 0.6, "europe": 0.4}}},
        "t.yaml",
        "t",
    )
    varied = at(scn, parse_vary("regions.asia_pacific=0..0.5"), 0.5)
    # the other 0.5 keeps north_america:europe at 3:2
    assert varied.regions == pytest.approx(
        {"north_america": 0.3, "europe": 0.2, "asia_pacific": 0.5}
    )


def test_egress_carries_a_defaulted_request_count_with_it() -> None:
    scn = parse_scenario({"traffic": {"egress": "1 TB/month"}}, "t.yaml", "t")
    varied = at(scn, parse_vary("egress=1TB..2TB"), 2e12)
    assert varied.requests == 2e12 / 500e3  # the default: one request per 500 kB
    given = dataclasses.replace(scn, defaults_used=())
    assert at(given, parse_vary("egress=1TB..2TB"), 2e12).requests == scn.requests


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("egress", "expected QUANTITY=FROM..TO"),
        ("bandwidth=1..2", "unknown quantity"),
        ("egress=10PB..1TB", "FROM must be below TO"),
        ("egress=1XB..2TB", "unknown unit"),
        ("cache_hit_ratio=0.5..1.5", "between 0 and 1"),
        ("requests=1TB..2TB", "is a count"),
    ],
)
def test_bad_vary_is_one_input_error(text: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        parse_vary(text)


def test_values_take_units() -> None:
    vary = parse_vary("egress=1TB..10PB")
    assert (vary.low, vary.high) == (1e12, 1e16)
    assert parse_vary("stored=500 GB..2 TB").low == 5e11


def test_distinct_values_are_numpys_unique_without_numpy_ma() -> None:
    import subprocess
    import sys

    import numpy as np

    from costmodel.planning.crossings import distinct
    from costmodel.planning.sweep import sample_indices

    values = np.array([3.0, 1.0, 2.0, 1.0, 3.0, 0.0])
    assert distinct(values).tolist() == np.unique(values).tolist() == [0.0, 1.0, 2.0, 3.0]
    # 5 of 11 grid indices spread evenly: 0, 2.5 -> 2 (to even), 5, 7.5 -> 8, 10
    assert sample_indices(11, 5).tolist() == [0, 2, 5, 8, 10]
    assert sample_indices(3, 5).tolist() == [0, 1, 2]  # fewer points than asked: each once
    # a plain np.unique imports numpy.ma (~60 M instructions); what a sweep uses does not
    probe = (
        "import sys, numpy as np\n"
        "from costmodel.planning.crossings import analysis_grid\n"
        "from costmodel.planning.sweep import sample_indices\n"
        "analysis_grid(1.0, 2.0, True), sample_indices(200, 11)\n"
        "print('numpy.ma' in sys.modules, end=' ')\n"
        "np.unique(np.array([1, 1]))\n"
        "print('numpy.ma' in sys.modules)\n"
    )
    found = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert found.stdout == "False True\n", found.stderr
