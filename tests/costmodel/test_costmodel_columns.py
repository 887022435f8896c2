"""A projection priced without NumPy (costmodel/planning/columns.py) gives the cents NumPy's
pricer gives, month by month: on hand-worked cases, on every shipped stack over ten years, and
under a price book; and `indexplan project` without --chart imports no NumPy."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from costmodel_helpers import CLOUD_CDN, CLOUDFRONT, FASTLY, REGIONS, res

from costmodel.model.money import round_cents
from costmodel.model.scenario import load_scenario, parse_scenario
from costmodel.model.sponsorship import SponsorTerms
from costmodel.planning.columns import (
    Column,
    round_cents_list,
    sponsored_cents_list,
    spread,
    tier_cents,
)
from costmodel.planning.compare import Setup
from costmodel.planning.project import Projection, growth_factors, project
from costmodel.planning.vector import round_cents_array, sponsored_cents_array
from costmodel.planning.vector import tier_cents as tier_cents_array
from indexplan.options import load_setups
from indexplan.paths import ROOT

FLAT = {"traffic": {"egress": "10 TB/month", "requests": 0}, "growth": {"per_year": 1.0}}
SHIPPED = sorted(p.name.removeprefix("Pulumi.").removesuffix(".yaml") for p in
                 (ROOT / "stacks").glob("Pulumi.*.yaml"))  # fmt: skip


def both(setups: list[Setup], scenario, **options) -> tuple[Projection, Projection]:
    """The same projection with NumPy's arrays and with plain lists."""
    return (
        project(setups, scenario, arrays=True, **options),
        project(setups, scenario, arrays=False, **options),
    )


def assert_same(arrays: Projection, lists: Projection) -> None:
    for a, b in zip(arrays.setups, lists.setups, strict=True):
        assert isinstance(a.list_cents, np.ndarray) and isinstance(b.list_cents, list)
        for kind in ("list", "contracted", "sponsored", "out_of_pocket"):
            assert a.month_cents(kind) == b.month_cents(kind), (a.name, kind)
        assert a.month_unpriced == b.month_unpriced and a.unpriced == b.unpriced
    assert arrays.crossovers == lists.crossovers
    assert arrays.caveats == lists.caveats  # NumPy's path looks for them in every setup
    assert arrays.to_dict() == lists.to_dict()


def test_sponsor_until_and_the_crossover_without_numpy() -> None:
    # 10 TB/month, no requests. Fastly: 10,000 GB x 0.12 = 1,200.00, covered in full until
    # 2026-07, so out of pocket 0 in May-July and 1,200.00 in August. CloudFront: 10e12 B
    # = 9,313.226 GiB, the first 1,024 free, 8,289.226 x 0.085 = 704.58 every month.
    scn = parse_scenario(FLAT, "t.yaml", "t")
    fastly = Setup("fastly", [FASTLY], REGIONS, {"fastly": SponsorTerms(covers=1, until="2026-07")})
    cloudfront = Setup("cloudfront", [CLOUDFRONT], REGIONS, {})
    arrays, lists = both([fastly, cloudfront], scn, start=dt.date(2026, 5, 1), months=4)
    assert lists.setups[0].out_of_pocket_cents == [0, 0, 0, 120000]
    assert lists.setups[0].list_cents == [120000] * 4
    assert lists.setups[0].sponsored_cents == [120000, 120000, 120000, 0]
    assert lists.setups[1].out_of_pocket_cents == [70458] * 4
    [crossing] = lists.crossovers
    assert (crossing.month, crossing.setup, crossing.overtakes) == (
        dt.date(2026, 8, 1),
        "fastly",
        "cloudfront",
    )
    assert_same(arrays, lists)


def test_a_dated_price_change_shows_in_its_month_without_numpy() -> None:
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
    arrays, lists = both([setup], scn, start=dt.date(2026, 3, 1), months=4)
    cents = lists.setups[0].list_cents
    assert cents[1] == cents[0]  # March, April: old rate
    assert cents[2] - cents[1] == 372529  # May: the rise
    assert cents[3] == cents[2]
    assert_same(arrays, lists)


def test_growth_beyond_the_last_published_tier_without_numpy() -> None:
    # Cloud CDN to North America (all of the default mix here): 0.08 $/GiB to 10 TiB, 0.055
    # to 150 TiB, 0.03 to 500 TiB, unpriced beyond. 400 TiB = 409,600 GiB: 10,240 x 0.08
    # + 143,360 x 0.055 + 256,000 x 0.03 = 819.20 + 7,884.80 + 7,680.00 = 16,384.00. At x10 a
    # year month 1 is 400 x 10^(1/12) = 484.6 TiB (inside); month 2 is 400 x 10^(2/12) =
    # 587.1 TiB: the 500 TiB priced in full (819.20 + 7,884.80 + 358,400 x 0.03 = 19,456.00)
    # and the rest unpriced, a lower bound, as in month 3.
    scn = parse_scenario(
        {"traffic": {"egress": "400 TiB/month", "requests": 0}, "growth": {"per_year": 10}},
        "t.yaml",
        "t",
    )
    setup = Setup("cdn", [CLOUD_CDN], REGIONS, {})
    arrays, lists = both([setup], scn, start=dt.date(2026, 8, 1), months=4)
    assert lists.setups[0].list_cents[0] == 1638400
    assert lists.setups[0].list_cents[2:] == [1945600, 1945600]
    assert [bool(lists.setups[0].unpriced_in(k)) for k in range(4)] == [False, False, True, True]
    assert_same(arrays, lists)


def test_a_graph_that_bills_no_provider_costs_nothing_each_month() -> None:
    # a stack whose resources are all free (or none): no provider's bill, 0 every month
    scn = parse_scenario(FLAT, "t.yaml", "t")
    arrays, lists = both(
        [Setup("empty", [], REGIONS, {})], scn, start=dt.date(2026, 5, 1), months=3
    )
    assert (
        lists.setups[0].list_cents == [0, 0, 0] and arrays.setups[0].month_cents("list") == [0] * 3
    )
    assert_same(arrays, lists)


def test_every_shipped_stack_over_ten_years_is_the_same_without_numpy() -> None:
    """private-small's Cloud Run sums its Poisson series with NumPy's own functions: its
    columns go through `Column.__array__` and come back as arrays."""
    setups = load_setups(SHIPPED)
    scn = load_scenario(ROOT / "scenarios" / "pypi-2021.yaml")
    options = {"start": dt.date(2021, 4, 1), "months": 120, "first_price_date": scn.as_of}
    assert_same(*both(setups, scn, **options))


def test_a_price_book_with_a_commitment_is_the_same_without_numpy() -> None:
    setups = load_setups(["all-aws", "pypi-2021"], price_book=ROOT / "examples" / "contract.yaml")
    assert all(s.price_book is not None for s in setups)
    scn = load_scenario(ROOT / "scenarios" / "pypi-2026.yaml")
    assert_same(*both(setups, scn, start=dt.date(2026, 1, 1), months=36))


def test_a_column_computes_as_an_array_of_months() -> None:
    a, b = Column([1.0, 2.0, 4.0]), Column([0.5, 0.5, 8.0])
    assert (a + b).values == [1.5, 2.5, 12.0]
    assert (1 - a).values == [0.0, -1.0, -3.0] and (a - 1).values == [0.0, 1.0, 3.0]
    assert (2 / a).values == [2.0, 1.0, 0.5] and (a / 2).values == [0.5, 1.0, 2.0]
    # a clamp as the usage functions write it: x + (low - x) * (x < low)
    assert (a + (2.0 - a) * (a < 2.0)).values == [2.0, 2.0, 4.0]
    assert (-a).values == [-1.0, -2.0, -4.0]
    with pytest.raises(TypeError):
        bool(a < b)  # as NumPy refuses the truth of an array of months
    assert (np.sin(a) == np.sin(np.array([1.0, 2.0, 4.0]))).all()  # NumPy's own, as an array
    assert spread(np.sin(a), 3) == np.sin(np.array([1.0, 2.0, 4.0])).tolist()
    assert spread(2.0, 3) == [2.0] * 3 and spread(np.array([7.0]), 2) == [7.0, 7.0]


# Dollars within a hair of a half cent, where floor(x * 100 + 0.5) and the binary value may
# disagree with the decimal the amount prints as: every path rounds that decimal, halves away
# from zero (money.round_cents): 0.005 -> 1 cent, 0.015 -> 2, 1.005 -> 101 (stored just below
# 1.005: floor(x * 100 + 0.5) gives 100), 2.675 -> 268, 0.125 -> 13,
# 1,234,567.885 -> 123,456,789, 1e10 + 0.005 -> 1,000,000,000,001.
NEAR_HALVES = [0.005, 0.015, 1.005, 2.675, 0.125, 1234567.885, 0.0, 3.0, 1e10 + 0.005]


def test_rounding_is_numpys_and_the_scalars() -> None:
    expected = [1, 2, 101, 268, 13, 123456789, 0, 300, 1000000000001]
    assert [round_cents(d) for d in NEAR_HALVES] == expected
    assert round_cents_list(NEAR_HALVES) == expected
    assert round_cents_array(np.array(NEAR_HALVES)).tolist() == expected


def test_tiers_and_sponsors_are_numpys() -> None:
    # 0.085 up to 10 units, 0.08 to 50, 0.06 beyond; 3 units free at 5 and 60 units:
    # 5: (5 - 3) x 0.085 = 0.17 -> 17 cents; 60: 7 x 0.085 + 40 x 0.08 + 10 x 0.06
    # = 0.595 + 3.2 + 0.6 -> 60 + 320 + 60 = 440 cents (each tier rounded on its own)
    tiers = [(10.0, 0.085), (50.0, 0.08), (None, 0.06)]
    units, free = [5.0, 60.0], [3.0, 3.0]
    assert tier_cents(units, tiers, free) == [17, 440]
    assert tier_cents_array(np.array(units), tiers, np.array(free)).tolist() == [17, 440]
    # 40% covered plus a $5 credit: of 1,000 cents 400 + 500; of 600, 240 + 360 (what is left)
    terms = SponsorTerms(covers=0.4, credit_monthly_usd=5)
    assert sponsored_cents_list(0.4, 5, [1000, 600]) == [900, 600]
    assert sponsored_cents_array(terms, np.array([1000, 600])).tolist() == [900, 600]


def test_growth_factors_are_pythons_pow() -> None:
    # x2 a year: month 12 is 2^(1/12) to the 12th power, not 2 exactly (1 ulp above)
    factors = growth_factors(2.0, 13)
    assert factors[0] == 1.0 and factors[12] == (2 ** (1 / 12)) ** 12.0 == 2.000000000000001
    assert growth_factors(1e10, 1, 2000) == [float("inf")]  # past what a float holds


def test_project_without_a_chart_imports_no_numpy(tmp_path: Path) -> None:
    probe = (
        "import contextlib, io, sys\n"
        "from indexplan import cli\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    code = cli.main(sys.argv[1:])\n"
        "print(code, 'numpy' in sys.modules)\n"
    )
    env = {**os.environ, "INDEXPLAN_CACHE_DIR": str(tmp_path), "PYTHONPATH": str(ROOT)}
    args = ["project", "all-aws", "pypi-2021", "-s", "pypi-2026", "--months", "120", "-f", "json"]

    def numpy_imported(extra: list[str]) -> str:
        done = subprocess.run([sys.executable, "-c", probe, *args, *extra], env=env,
                              capture_output=True, text=True, check=True)  # fmt: skip
        return done.stdout.strip()

    assert numpy_imported([]) == "0 False"
    # the proof the probe sees it: a chart draws NumPy's arrays
    assert numpy_imported(["--chart", str(tmp_path / "p.svg")]) == "0 True"


def test_a_book_pricing_a_ladders_tail_is_the_same_without_numpy() -> None:
    # examples/cdn-tail.yaml prices Cloud CDN past 500 TiB and Fastly past 10 TB, where the
    # catalog's list ladders end: a hole in the list column only (segments.py). pypi-2026's
    # months reach both tails, so the list total is a lower bound while the contracted one is
    # whole; both paths must mark the same months, in the same column, to the cent.
    setups = load_setups(["all-gcp", "pypi-2024"], price_book=ROOT / "examples" / "cdn-tail.yaml")
    scn = load_scenario(ROOT / "scenarios" / "pypi-2026.yaml")
    arrays, lists = both(setups, scn, start=dt.date(2026, 9, 1), months=12)
    columns = {u.column for s in lists.setups for u in s.unpriced}
    assert "list" in columns  # the list ladders' ends are reached
    assert_same(arrays, lists)
