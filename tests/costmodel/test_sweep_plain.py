"""The plain sweep (costmodel/planning/sweep_plain.py) against NumPy's (sweep.sweep), and the
premise it rests on: each setup's unrounded cost is piecewise linear in the swept figure, its
kinks where a ladder's bound is passed (costmodel/planning/pieces.py)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from costmodel_helpers import CLOUDFRONT, FASTLY, REGIONS

from costmodel.model.scenario import parse_scenario
from costmodel.model.sponsorship import SponsorTerms, in_force
from costmodel.planning import grids, pieces
from costmodel.planning.compare import Setup
from costmodel.planning.crossings import analysis_grid
from costmodel.planning.sweep import MEASURES, _priced, at, parse_vary, sample_indices, sweep
from costmodel.planning.sweep_plain import plain_sweep
from costmodel.planning.vector import out_of_pocket_dollars
from indexplan.options import load_scenario_option, load_setups, prices_date

SHIPPED = ["all-aws", "all-gcp", "pypi-2016", "pypi-2021"]  # benchmarks/run.py's stacks
ALL = [*SHIPPED, "crates-io", "private-small", "pypi-2024", "static-index"]
DAY = dt.date(2026, 6, 1)
GIB = 2**30


@pytest.fixture(scope="module")
def shipped():
    return {name: load_setups([name])[0] for name in ALL}


def lines_of(setup, scn, vary, as_of):
    return pieces.setup_lines(
        setup.graph,
        lambda figure: at(scn, vary, figure),
        vary.low,
        vary.high,
        as_of=as_of,
        regions=setup.regions,
        price_book=setup.price_book,
        sponsors=in_force(setup.sponsors, as_of),
    )


def test_the_pieces_of_a_cdn_ladder_worked_by_hand():
    # CloudFront alone (tests/costmodel/costmodel_helpers.py), no requests: 1 TiB a month free,
    # then 0.085 $/GiB to 10 TiB, 0.080 to 50 TiB, ... So the kinks are at 1 TiB and 10 TiB
    # (2^40 and 10 x 2^40 bytes), and at 20 TiB the bill is 9,216 GiB x 0.085 = 783.36 for the
    # first paid tier plus 10,240 GiB x 0.080 = 819.20: 1,602.56 USD (as in test_costmodel_sweep).
    scn = parse_scenario({"traffic": {"egress": "1 TB/month", "requests": 0}}, "t.yaml", "t")
    vary = parse_vary("egress=100GB..30TB")
    setup = Setup("cloudfront", [CLOUDFRONT], REGIONS, {})
    found = pieces.pieces(lines_of(setup, scn, vary, DAY), vary.low, vary.high)
    assert {2**40, 10 * 2**40} <= set(found.xs)
    at_20 = pieces.interpolate(found, [20 * 2**40])
    assert at_20.list_usd[0] == pytest.approx(1602.56, abs=1e-9)
    assert found.list_usd[0] == 0.0  # 100 GB: inside the free TiB


@pytest.mark.parametrize(
    ("scenario", "vary", "log"),
    [
        ("pypi-2026", "egress=1TB..20PB", True),
        ("pypi-2021", "egress=1TB..20PB", False),
        ("pypi-2026", "traffic=0.1x..2x", False),
        ("pypi-2023", "cache_hit_ratio=0.8..1", False),
        ("pypi-2016", "stored=1TB..2PB", True),
        ("pypi-2021", "requests=1e6..1e11", True),
        # a CDN's weight: the stack's other CDNs share the rest, so it moves the bill linearly
        ("pypi-2026", "cdn.fastly=0..1", False),
    ],
)
def test_the_pieces_are_vectors_costs_on_the_whole_analysis_grid(shipped, scenario, vary, log):
    """The claim crossings.py rests on, checked: on every shipped stack that is piecewise
    linear in the figure, the pieces' costs are vector.py's at all ~8,194 values of the
    analysis grid to float rounding (measured: at most 6e-16 of the cost, 9.3e-10 USD).
    Run for the figures: /work/notes/s12-sweep.md."""
    scn, where = load_scenario_option(scenario)
    as_of, _ = prices_date(None, scn, where)
    v = parse_vary(vary)
    xs = analysis_grid(v.low, v.high, v.integral)
    for name, setup in shipped.items():
        try:
            lines = lines_of(setup, scn, v, as_of)
        except pieces.NotLinear:
            # Cloud Run's Poisson sum (private-small) is not piecewise linear; pypi-2024's
            # load balancer writes max() as comparisons (aws_app.lcu_hours), which the pieces
            # do not follow: both go NumPy's way
            assert name in ("private-small", "pypi-2024"), name
            continue
        found = pieces.interpolate(pieces.pieces(lines, v.low, v.high), xs.tolist())
        totals = _priced(setup, scn, v, xs, as_of)
        expected = (
            totals.list_unrounded(),
            totals.contracted_unrounded(),
            out_of_pocket_dollars(totals.contracted_dollars, in_force(setup.sponsors, as_of)),
        )
        mine = (found.list_usd, found.contracted_usd, found.out_of_pocket_usd)
        # rounding is relative to the bill's size: out of pocket is contracted less a credit,
        # near 0 its error is the contracted bill's (1.7e-10 USD of 4.9e5 here)
        scale = float(np.max(np.abs(expected[1]), initial=1.0))
        for want, got in zip(expected, mine, strict=True):
            gap = np.abs(np.asarray(got) - want)
            assert np.all(gap <= 1e-12 * scale), (name, gap.max())


def test_what_is_not_piecewise_linear_is_named(shipped):
    scn, _ = load_scenario_option("pypi-2026")
    # Cloud Run's expected instances: a Poisson sum in NumPy
    with pytest.raises(pieces.NotLinear, match="NumPy"):
        lines_of(shipped["private-small"], scn, parse_vary("traffic=0.1x..2x"), DAY)
    # max() written as products with comparisons (aws_app.lcu_hours)
    with pytest.raises(pieces.NotLinear, match="comparison"):
        lines_of(shipped["pypi-2024"], scn, parse_vary("requests=1e6..1e11"), DAY)


def test_an_allowance_shared_as_the_figure_moves_bends_once(shipped):
    # all-aws's CloudFront free TiB is shared by its zones pro rata: the free units grow with
    # egress until the account's 1,024 GiB are used, then stay (a kink, not a bend)
    scn, _ = load_scenario_option("pypi-2026")
    lines = lines_of(shipped["all-aws"], scn, parse_vary("egress=1TB..20PB"), DAY)
    free = [line.free for line in lines.lines if isinstance(line.free, pieces.Linear)]
    assert free and all(len(f.knots) >= 2 for f in free)
    assert any(f.values[-1] == pytest.approx(1024.0) for f in free)


def same(plain, numpy_sweep, shown):
    """Every field the reports print, at the kept points the plain path prices."""
    assert plain.break_evens == numpy_sweep.break_evens
    assert plain.unpriced == numpy_sweep.unpriced
    assert plain.stretches == numpy_sweep.stretches
    assert plain.caveats == numpy_sweep.caveats
    assert plain.held_fixed == numpy_sweep.held_fixed
    assert list(plain.indices) == numpy_sweep.indices.tolist()
    for k in shown:
        for measure in MEASURES:
            for i in range(len(plain.names)):
                mine = getattr(plain, f"{measure}_cents")[i, k]
                assert mine == int(getattr(numpy_sweep, f"{measure}_cents")[i, k])
            assert plain.standing(k, measure) == numpy_sweep.standing(k, measure)
        assert plain.holes_at(k) == numpy_sweep.holes_at(k)


@pytest.mark.parametrize(
    ("stacks", "scenario", "vary", "log", "book"),
    [
        (SHIPPED, "pypi-2026", "egress=1TB..20PB", True, None),  # benchmarks/run.py's sweep
        (SHIPPED, "pypi-2026", "egress=1TB..20PB", True, "examples/contract.yaml"),
        (SHIPPED, "pypi-2021", "traffic=0.1x..2x", False, None),
        (SHIPPED, "pypi-2016", "stored=1TB..2PB", False, None),
        (["all-aws", "all-gcp"], "pypi-2026", "traffic=0.1x..2x", False, "examples/contract.yaml"),
    ],
)
def test_the_plain_sweep_is_numpys(stacks, scenario, vary, log, book):
    from pathlib import Path

    from indexplan.paths import ROOT

    setups = load_setups(stacks, True, ROOT / book if book else None)
    scn, where = load_scenario_option(scenario)
    as_of, _ = prices_date(None, scn, where)
    v = parse_vary(vary)
    plain = plain_sweep(setups, scn, v, points=1_000_000, log=log, as_of=as_of, rows=11)
    expected = sweep(setups, scn, v, points=1_000_000, log=log, as_of=as_of)
    if plain is None:  # not settled by the pieces: the benchmark's own sweep must be
        assert (vary, book) != ("egress=1TB..20PB", None)
        return
    shown = grids.sample_indices(len(expected.indices), 11)
    same(plain, expected, shown)
    assert Path  # (imported for the book's path only)


def test_the_plain_grids_are_numpys():
    assert grids.linspace(1e12, 2e16, 4097) == np.linspace(1e12, 2e16, 4097).tolist()
    assert grids.sample_indices(10**6, 1001) == sample_indices(10**6, 1001).tolist()
    assert grids.sample_indices(5, 1001) == [0, 1, 2, 3, 4]
    # from 0 the analysis grid is linear only: the same values
    assert grids.analysis_grid(0.0, 1.0, False) == analysis_grid(0.0, 1.0, False).tolist()
    # bytes are whole: rounded, the logarithmic half agrees too (NumPy's power and the C
    # library's differ in the last bit only, below a byte's rounding here)
    mine, theirs = grids.analysis_grid(1e12, 2e16, True), analysis_grid(1e12, 2e16, True)
    assert len(mine) == len(theirs)
    assert max(abs(a - b) for a, b in zip(mine, theirs.tolist(), strict=True)) <= 4.0


def test_two_ranked_setups_either_way_round():
    # CloudFront alone against Fastly alone (tests/costmodel/costmodel_helpers.py), both priced
    # in full, no requests, from 100 GB to 100 TB a month: CloudFront's 1 TiB free and then at
    # most 0.085 $/GiB is below Fastly's 0.12 $/GB everywhere (100 GB: 0 against 12 USD), so
    # no break-even, in either order: the plain path settles it and says what NumPy's does.
    scn = parse_scenario({"traffic": {"egress": "1 TB/month", "requests": 0}}, "t.yaml", "t")
    vary = parse_vary("egress=100GB..100TB")
    cloudfront = Setup("cloudfront", [CLOUDFRONT], REGIONS, {})
    fastly = Setup("fastly", [FASTLY], REGIONS, {})
    for setups in ([cloudfront, fastly], [fastly, cloudfront]):
        plain = plain_sweep(setups, scn, vary, points=50, log=True, as_of=DAY, rows=11)
        assert plain is not None
        expected = sweep(setups, scn, vary, points=50, log=True, as_of=DAY)
        assert [s.ranked for s in expected.stretches] == [(0, 1)]
        same(plain, expected, grids.sample_indices(len(expected.indices), 11))
    # With a 2,000 USD monthly credit Fastly is cheaper out of pocket from 1 TiB + 1 byte to
    # 43,173,860,793,576 bytes (test_costmodel_sweep): break-evens, found on NumPy's path
    credited = Setup("fastly", [FASTLY], REGIONS, {"fastly": SponsorTerms(credit_monthly_usd=2000)})
    assert (
        plain_sweep([cloudfront, credited], scn, vary, points=50, log=True, as_of=DAY, rows=2)
        is None
    )
