"""Projections: growth by month, prices as of each month, sponsor end dates, crossovers."""

from __future__ import annotations

import dataclasses
import datetime as dt

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
