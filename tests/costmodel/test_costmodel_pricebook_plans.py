"""Price books in compare, sweep and project: contracted prices worked by hand.

Graphs are one CDN each, no requests, priced as of 2026-06-01 (costmodel/catalog): CloudFront
data out in us_europe: 1,024 GiB free, then 0.085 $/GiB to 10,240 GiB, 0.080 to 51,200, 0.060
to 153,600 (AWS "GB" are 2^30 bytes); Fastly bandwidth in north_america_europe: a flat
0.12 $/GB (10^9 bytes) until 2026-09-01.
"""

from __future__ import annotations

import datetime as dt
import math
from fractions import Fraction
from typing import Any

from costmodel_helpers import CLOUDFRONT, FASTLY, REGIONS

from costmodel.model.pricebook import PriceBook, parse_price_book
from costmodel.model.prices import default_catalog
from costmodel.model.scenario import parse_scenario
from costmodel.model.sponsorship import SponsorTerms
from costmodel.planning.compare import Setup, compare, price_setup
from costmodel.planning.project import project
from costmodel.planning.sweep import at, parse_vary, sweep

DAY = dt.date(2026, 6, 1)
TEN_TB = parse_scenario({"traffic": {"egress": "10 TB/month", "requests": 0}}, "t.yaml", "t")
FLAT = parse_scenario(  # the same, not growing
    {"traffic": {"egress": "10 TB/month", "requests": 0}, "growth": {"per_year": 1.0}},
    "t.yaml",
    "t",
)


def book(*entries: dict[str, Any]) -> PriceBook:
    data = {"source": "test", "entries": list(entries)}
    return parse_price_book(data, "book.yaml", "book", default_catalog())


def fastly_rate(usd_per_gb: float) -> dict[str, Any]:
    return {"provider": "fastly", "service": "cdn", "dimension": "bandwidth",
            "effective": "2016-01-01", "rate": usd_per_gb}  # fmt: skip


def test_a_ten_percent_discount_is_ninety_percent_of_each_line_rounded_once() -> None:
    ten = book(
        {"provider": "aws", "discount_percent": 10, "effective": "2026-01-01"},
        {"provider": "fastly", "discount_percent": 10, "effective": "2026-01-01"},
    )
    cloudfront = Setup("cloudfront", [CLOUDFRONT], REGIONS, {}, ten)
    fastly = Setup("fastly", [FASTLY], REGIONS, {"fastly": SponsorTerms(covers=0.5)}, ten)
    result = compare([cloudfront, fastly], TEN_TB, DAY)
    cf, fa = result.estimates
    # CloudFront: 10^13 B = 9,313.2257 GiB; 1,024 free, 8,289.2257 at 0.085 = 704.5842 -> 704.58
    # at list; at 0.085 less 10% = 0.0765: 634.1258 -> 634.13. (90% of the rounded 704.58 would
    # be 634.122 -> 634.12: the line is rounded once, from the contracted rate.)
    assert (cf.list_cents, cf.contracted_cents, cf.out_of_pocket_cents) == (70458, 63413, 63413)
    # Fastly: 10,000 GB x 0.12 = 1,200.00; x 0.108 = 1,080.00, of which the sponsor covers half
    # of the contracted bill: 540.00 sponsored, 540.00 out of pocket.
    assert (fa.list_cents, fa.contracted_cents) == (120000, 108000)
    assert (fa.sponsored_cents, fa.out_of_pocket_cents) == (54000, 54000)
    assert result.cheapest("contracted")[0] is cf and result.cheapest("out_of_pocket")[0] is fa
    totals = result.to_dict()["setups"][0]["totals"]
    assert totals == {
        "list_monthly_usd": 704.58,
        "contracted_monthly_usd": 634.13,
        "sponsored_monthly_usd": 0.0,
        "out_of_pocket_monthly_usd": 634.13,
    }
    assert result.to_dict()["setups"][0]["price_book"] == {
        "name": "book",
        "file": "book.yaml",
        "source": "test",
    }


def test_a_negotiated_rate_moves_the_break_even() -> None:
    scn = parse_scenario({"traffic": {"egress": "1 TB/month", "requests": 0}}, "t.yaml", "t")
    vary = parse_vary("egress=100GB..100TB")
    credit = {"fastly": SponsorTerms(credit_monthly_usd=2000)}
    cloudfront = Setup("cloudfront", [CLOUDFRONT], REGIONS, {})
    at_list = Setup("fastly", [FASTLY], REGIONS, credit)
    negotiated = Setup("fastly", [FASTLY], REGIONS, credit, book(fastly_rate(0.10)))
    before = sweep([cloudfront, at_list], scn, vary, points=50, log=True, as_of=DAY)
    after = sweep([cloudfront, negotiated], scn, vary, points=50, log=True, as_of=DAY)
    # At list, out of pocket (test_costmodel_sweep works it): Fastly from one byte past
    # CloudFront's free 1,024 GiB, CloudFront again from byte 43,173,860,793,576.
    assert [b.value for b in before.break_even_out_of_pocket] == [
        1_099_511_627_777,
        43_173_860_793_576,
    ]
    # At 0.10 $/GB Fastly costs 0.10 x / 10^9 - 2,000 out of pocket past its credit (20 TB).
    # CloudFront past 51,200 GiB: 783.36 + 3,276.80 + 0.060 (x / 2^30 - 51,200)
    # = 988.16 + 0.060 x / 2^30. Equal at x = 2,988.16 / (0.10 / 10^9 - 0.060 / 2^30)
    # = 67,727,023,586,666.48 bytes (63,075.7 GiB, inside that tier), so CloudFront is
    # cheaper from byte 67,727,023,586,667: the break-even moved up by 24.5 TB.
    first, second = after.break_even_out_of_pocket
    assert first.value == 1_099_511_627_777
    exact = Fraction("2988.16") / (Fraction("0.10") / 10**9 - Fraction("0.060") / 2**30)
    assert (second.before, second.after) == ("fastly", "cloudfront")
    assert second.value == math.floor(exact) + 1 == 67_727_023_586_667
    point = at(scn, vary, second.value)
    assert second.cents == {
        s.name: price_setup(s, point, DAY).out_of_pocket_cents for s in (cloudfront, negotiated)
    }
    # At list and at contracted prices CloudFront (at most 0.085 $/GiB = 0.0792 $/GB) stays
    # below Fastly (0.12, then 0.10 $/GB) across the range: no break-even.
    assert after.break_even_list == after.break_even_contracted == ()


def test_a_rate_below_cloudfront_makes_a_contracted_break_even() -> None:
    scn = parse_scenario({"traffic": {"egress": "1 TB/month", "requests": 0}}, "t.yaml", "t")
    vary = parse_vary("egress=100GB..100TB")
    cloudfront = Setup("cloudfront", [CLOUDFRONT], REGIONS, {})
    fastly = Setup("fastly", [FASTLY], REGIONS, {}, book(fastly_rate(0.05)))
    result = sweep([cloudfront, fastly], scn, vary, points=9, log=True, as_of=DAY)
    # Fastly at 0.05 $/GB = 0.05 x / 10^9; CloudFront from 1,024 to 10,240 GiB:
    # 0.085 (x / 2^30 - 1,024) = 0.085 x / 2^30 - 87.04. Equal at
    # x = 87.04 / (0.085 / 2^30 - 0.05 / 10^9) = 2,984,663,256,866.13 bytes (2,779.7 GiB);
    # above it Fastly stays cheaper (CloudFront's later rates, 0.080 and 0.060 $/GiB, are
    # 0.0745 and 0.0559 $/GB).
    exact = Fraction("87.04") / (Fraction("0.085") / 2**30 - Fraction("0.05") / 10**9)
    [change] = result.break_even_contracted
    assert (change.before, change.after) == ("cloudfront", "fastly")
    assert change.value == math.floor(exact) + 1 == 2_984_663_256_867
    # no sponsor: out of pocket is the contracted bill; at list Fastly (0.12) never wins
    assert result.break_even_out_of_pocket == result.break_even_contracted
    assert result.break_even_list == ()


def test_a_commitment_falls_short_at_low_traffic_and_not_at_high() -> None:
    scn = parse_scenario({"traffic": {"egress": "1 TB/month", "requests": 0}}, "t.yaml", "t")
    commitment = {"provider": "fastly", "effective": "2026-01-01",
                  "commitment": {"monthly_usd": 1000, "discount_percent": 10}}  # fmt: skip
    fastly = Setup("fastly", [FASTLY], REGIONS, {}, book(commitment))
    result = sweep([fastly], scn, parse_vary("egress=1TB..20TB"), points=5, log=False, as_of=DAY)
    # 1 TB: 1,000 GB x 0.12 = 120.00 at list; at 0.108 (less 10%) 108.00 spent against
    # 1,000.00 committed: a shortfall of 892.00, so the contracted bill is the commitment.
    # 20 TB: 20,000 GB x 0.12 = 2,400.00; x 0.108 = 2,160.00, above the commitment: no shortfall.
    assert result.list_cents[0, [0, -1]].tolist() == [12000, 240000]
    assert result.contracted_cents[0, [0, -1]].tolist() == [100000, 216000]
    # 1,000 / 0.108 = 9,259.26 GB is where the spend meets the commitment: 5.75 TB (the second
    # grid point) still falls short, 10.5 TB (the third) does not (10,500 x 0.108 = 1,134.00).
    assert result.values.tolist() == [1e12, 5.75e12, 10.5e12, 15.25e12, 20e12]
    assert result.contracted_cents[0].tolist() == [100000, 100000, 113400, 164700, 216000]
    # the scalar estimate agrees and shows the shortfall line only at low traffic
    for value, short in ((1e12, 89200), (20e12, None)):
        est = price_setup(fastly, at(scn, result.vary, value), DAY)
        lines = [i.contracted_cents for i in est.line_items if i.type.endswith(":Commitment")]
        assert lines == ([short] if short else [])


def test_a_book_entry_that_ends_mid_projection_leaves_the_next_month_at_list() -> None:
    # 10 TB/month, no growth. Fastly 10,000 GB x 0.12 = 1,200.00 at list; the contract takes
    # 50% off until 2026-06-30: 600.00 in May and June, list again (1,200.00) from July 1.
    # CloudFront: 704.58 a month (as in the compare test above).
    half = book({"provider": "fastly", "discount_percent": 50, "effective": "2026-01-01",
                 "until": "2026-06-30"})  # fmt: skip
    fastly = Setup("fastly", [FASTLY], REGIONS, {}, half)
    cloudfront = Setup("cloudfront", [CLOUDFRONT], REGIONS, {})
    result = project([fastly, cloudfront], FLAT, start=dt.date(2026, 5, 1), months=4)
    f, c = result.setups
    assert f.list_cents.tolist() == [120000] * 4
    assert f.contracted_cents.tolist() == [60000, 60000, 120000, 120000]
    assert f.out_of_pocket_cents.tolist() == [60000, 60000, 120000, 120000]
    assert c.contracted_cents.tolist() == [70458] * 4
    # At list Fastly is dearer every month; on contracted prices it is cheaper until the
    # contract ends, so it overtakes CloudFront in July.
    [crossing] = result.crossovers
    assert (crossing.month, crossing.setup, crossing.overtakes) == (
        dt.date(2026, 7, 1),
        "fastly",
        "cloudfront",
    )
    cumulative = result.to_dict()["setups"][0]["cumulative"]
    # 4 x 1,200.00 at list; 600 + 600 + 1,200 + 1,200 contracted
    assert cumulative == {
        "list_usd": 4800.0,
        "contracted_usd": 3600.0,
        "sponsored_usd": 0.0,
        "out_of_pocket_usd": 3600.0,
    }
    # each month equals the estimate priced on its first day under the same book
    for k, month in enumerate(result.months):
        assert int(f.contracted_cents[k]) == price_setup(fastly, FLAT, month).contracted_cents


def test_a_book_entry_that_starts_mid_projection_starts_with_its_month() -> None:
    # The same 50% from 2026-06-15: June is priced on June 1, before it; July is the first
    # month under it.
    later = book({"provider": "fastly", "discount_percent": 50, "effective": "2026-06-15"})
    fastly = Setup("fastly", [FASTLY], REGIONS, {}, later)
    result = project([fastly], FLAT, start=dt.date(2026, 5, 1), months=3)
    assert result.setups[0].contracted_cents.tolist() == [120000, 120000, 60000]
