"""Projections: growth by month, prices as of each month, sponsor end dates, crossovers."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from decimal import Decimal

import pytest
from costmodel_helpers import CLOUDFRONT, FASTLY, REGIONS, res

from costmodel.errors import InputError
from costmodel.model.scenario import parse_scenario
from costmodel.model.sponsorship import SponsorTerms
from costmodel.planning.compare import Setup, price_setup
from costmodel.planning.project import months_from, parse_month, project

FLAT = {"traffic": {"egress": "10 TB/month", "requests": 0}, "growth": {"per_year": 1.0}}


def test_first_month_equals_estimate_and_growth_compounds_monthly() -> None:
    scn = parse_scenario(
        {"traffic": {"egress": "300 TB/month"}, "growth": {"per_year": 1.7}}, "t.yaml", "t"
    )
    setup = Setup("cf", [CLOUDFRONT], REGIONS, {})
    result = project(
        [setup], scn, start=dt.date(2026, 8, 1), months=13, first_price_date=dt.date(2026, 8, 14)
    )
    first = price_setup(setup, scn, dt.date(2026, 8, 14))
    assert int(result.setups[0].list_cents[0]) == first.list_cents
    # month 12 is one year on: egress x1.7 (1.7^(1/12) twelve times), priced on 2027-08-01
    factor = (1.7 ** (1 / 12)) ** 12
    grown = dataclasses.replace(scn, egress=scn.egress * factor, requests=scn.requests * factor)
    a_year_on = price_setup(setup, grown, dt.date(2027, 8, 1))
    assert int(result.setups[0].list_cents[12]) == a_year_on.list_cents
    # 300 TB = 279,396.77 GiB a month (tiers up to 512,000 GiB): it grows by less than x1.7
    # in cost because the extra traffic falls in the cheaper tiers
    assert 1.5 < result.setups[0].list_cents[12] / result.setups[0].list_cents[0] < 1.7


def test_a_dated_price_change_shows_in_its_month() -> None:
    # GCS (US) behind Fastly: cache misses leave by CDN Interconnect, 0.04 $/GiB until
    # 2026-04-30, 0.08 from 2026-05-01. 1000 TB egress at a 0.9 hit ratio misses 100 TB
    # = 1e14 / 2^30 = 93,132.257 GiB: 3,725.29 before, 7,450.58 after, +3,725.29 in May.
    scn = parse_scenario(
        {
            "traffic": {"egress": "1000 TB/month", "requests": 0, "cache_hit_ratio": 0.9},
            "storage": {"uploads": 0},
        },
        "t.yaml",
        "t",
    )
    bucket = res("gcp:storage/bucket:Bucket", "files", "storage", location="US")
    setup = Setup("gcs-fastly", [FASTLY, bucket], REGIONS, {})
    result = project([setup], scn, start=dt.date(2026, 3, 1), months=4)
    cents = result.setups[0].list_cents.tolist()
    assert cents[1] == cents[0]  # March, April: old rate
    assert cents[2] - cents[1] == 372529  # May: the rise
    assert cents[3] == cents[2]


def test_sponsor_until_ends_the_terms_and_the_crossover_is_found() -> None:
    # 10 TB/month, no requests. Fastly: 10,000 GB x 0.12 = 1,200.00, covered in full until
    # 2026-07, so out of pocket 0 in May-July and 1,200.00 in August. CloudFront: 10e12 B
    # = 9,313.226 GiB, the first 1,024 free, 8,289.226 x 0.085 = 704.58 every month.
    scn = parse_scenario(FLAT, "t.yaml", "t")
    fastly = Setup("fastly", [FASTLY], REGIONS, {"fastly": SponsorTerms(covers=1, until="2026-07")})
    cloudfront = Setup("cloudfront", [CLOUDFRONT], REGIONS, {})
    result = project([fastly, cloudfront], scn, start=dt.date(2026, 5, 1), months=4)
    assert result.setups[0].out_of_pocket_cents.tolist() == [0, 0, 0, 120000]
    assert result.setups[0].list_cents.tolist() == [120000] * 4
    assert result.setups[1].out_of_pocket_cents.tolist() == [70458] * 4
    [crossing] = result.crossovers
    assert (crossing.month, crossing.setup, crossing.overtakes) == (
        dt.date(2026, 8, 1),
        "fastly",
        "cloudfront",
    )
    assert result.to_dict()["setups"][0]["cumulative"] == {
        "list_usd": 4800.0,
        "contracted_usd": 4800.0,  # no price book: contracted is list
        "sponsored_usd": 3600.0,  # three months covered in full
        "out_of_pocket_usd": 1200.0,
    }


def test_months_roll_over_years_and_bad_months_are_refused() -> None:
    assert months_from(dt.date(2026, 11, 1), 3) == [
        dt.date(2026, 11, 1),
        dt.date(2026, 12, 1),
        dt.date(2027, 1, 1),
    ]
    with pytest.raises(InputError, match="expected a month, YYYY-MM"):
        parse_month("2026-13", "--start")
    with pytest.raises(InputError, match="at least 1"):
        months_from(dt.date(2026, 1, 1), 0)


def test_1200_months_are_exact_against_integer_arithmetic() -> None:
    # 10 PB a month growing x1.05 a year: 1.05^100 = 131.5 times after 100 years, inside the
    # model's limits. Each month must be the scalar estimate of its grown figures to the cent,
    # and the cumulative totals the sum of the months as integers.
    scn = parse_scenario(
        {
            "traffic": {"egress": "10 PB/month", "requests": "2e10/month"},
            "growth": {"per_year": 1.05},
        },
        "t.yaml",
        "t",
    )
    setup = Setup("cf", [CLOUDFRONT], REGIONS, {})
    result = project([setup], scn, start=dt.date(2026, 1, 1), months=1200)
    months = result.setups[0]
    assert len(months.list_cents) == 1200 and months.list_cents.min() > 0
    step = 1.05 ** (1 / 12)
    for k in (0, 1, 600, 1199):
        factor = step**k
        grown = dataclasses.replace(
            scn, egress=scn.egress * factor, requests=scn.requests * factor,
            stored=scn.stored * factor,
        )  # fmt: skip
        day = result.months[k]
        assert int(months.list_cents[k]) == price_setup(setup, grown, day).list_cents, k
    total = sum(int(c) for c in months.list_cents)
    assert months.cumulative_list_cents == total
    # the JSON number, as printed, is the exact amount in cents
    printed = json.dumps(result.to_dict()["setups"][0]["cumulative"]["list_usd"])
    assert Decimal(printed) == Decimal(total) / 100
    assert result.months[-1] == dt.date(2125, 12, 1)


def test_a_horizon_past_the_models_limits_is_refused_with_the_longest_that_is_not() -> None:
    # 10 PB/day = 3.04375e17 bytes a month, x1.7 a year; the model's limit is 1e21 a month:
    # 1.7^(k/12) > 1e21 / 3.04375e17 = 3,285.4 from k > 12 x ln(3,285.4) / ln(1.7) = 183.1,
    # so month k = 184 (2041-12 from 2026-08) is the first beyond it.
    scn = parse_scenario(
        {"traffic": {"egress": "10 PB/day"}, "growth": {"per_year": 1.7}}, "t.yaml", "t"
    )
    setup = Setup("cf", [CLOUDFRONT], REGIONS, {})
    with pytest.raises(InputError) as refused:
        project([setup], scn, start=dt.date(2026, 8, 1), months=1200)
    assert str(refused.value) == (
        "--months: 1200: at x1.7 a year the scenario's egress passes the model's limit of "
        "1e21 bytes a month in 2041-12 (month 185); project at most 184 months"
    )
    assert len(project([setup], scn, start=dt.date(2026, 8, 1), months=184).months) == 184


@pytest.mark.parametrize(
    ("start", "months", "message"),
    [
        (dt.date(2026, 1, 1), 1201, "--months: 1201: must be at most 1,200 (100 years)"),
        (dt.date(1999, 12, 1), 12, "--start: 1999-12: must be between 2000-01 and 2200-12"),
        (dt.date(2201, 1, 1), 12, "--start: 2201-01: must be between 2000-01 and 2200-12"),
    ],
)
def test_months_and_start_are_bounded(start, months, message) -> None:
    scn = parse_scenario(FLAT, "t.yaml", "t")
    with pytest.raises(InputError) as refused:
        project([Setup("cf", [CLOUDFRONT], REGIONS, {})], scn, start=start, months=months)
    assert str(refused.value) == message
