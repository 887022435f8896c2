"""Session 10 audit F7: where a ladder ends (a bounded last tier), only its own column is
unpriced. Beyond a price book's bounded ladder the usage stays at list (the list bill keeps it)
and the contracted column is unpriced; beyond the catalog's "contact sales" bound (Cloud CDN's
512,000 GiB) the list column is unpriced and a book's rate still prices the contracted one;
beyond both, both. A commitment's discount comes on top of the book's rate, never on a hole.

Every figure by hand from the catalog's rows:
- Fastly bandwidth, North America/Europe, before its 2026-09 list (as of 2026-06-01): a flat
  0.12 $/GB, no bound (fastly/cdn.yaml, 2016 version); requests 0.0075 per 10,000.
- Cloud CDN cache egress to North America since 2022 (gcp/cdn.yaml): 10,240 GiB x 0.08, to
  153,600 x 0.055, to 512,000 x 0.03, "contact us" beyond. 600 TiB = 614,400 GiB a month:
  10,240 x 0.08 = 819.20; 143,360 x 0.055 = 7,884.80; 358,400 x 0.03 = 10,752.00 (19,456.00 on
  the published ladder) and 102,400 GiB beyond it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import yaml

import costmodel.model.resources  # noqa: F401  (registers the types)
from costmodel.model.estimate import Estimate, LineItem, estimate
from costmodel.model.graph import Resource
from costmodel.model.pricebook import Entry, PriceBook, parse_price_book
from costmodel.model.prices import default_catalog
from costmodel.model.scenario import parse_scenario
from costmodel.model.segments import Terms, segments
from costmodel.model.tiers import Tier
from costmodel.planning.vector import price_points
from tests.catalog.helpers import res

CLOUD_CDN = res("gcp:compute/backendBucket:BackendBucket", "cdn", "cdn", enableCdn=True)
FASTLY = res("fastly:index/serviceVcl:ServiceVcl", "cdn", "cdn")
CDN_TAIL = {"egress": "600 TiB/month", "regions": {"north_america": 1.0}}
# the list's three published tiers, then a negotiated 0.015 past 500 TiB
PUBLISHED = "[10240, 0.08], [153600, 0.055], [512000, 0.03]"


def book(*entries: str) -> PriceBook:
    text = "\n".join(entries)
    data = {"source": "a test contract", "entries": yaml.safe_load(text)}
    return parse_price_book(data, "book.yaml", "book", default_catalog())


def price(graph: list[Resource], traffic: dict[str, Any], as_of: str, the_book: PriceBook):
    scn = parse_scenario({"traffic": traffic}, "test.yaml", "test")
    day = dt.date.fromisoformat(as_of)
    regions = {"gcp": "us-central1"}
    return estimate(graph, scn, stack="t", as_of=day, regions=regions, price_book=the_book)


def cut(est: Estimate, dimension: str) -> list[tuple[str, float, float | None, float | None]]:
    """(component, quantity, list USD, contracted USD) of one dimension's lines; None: the
    column is unpriced there (its JSON amount is null)."""
    return [
        (d["component"], d["quantity"], d["monthly_usd"], d["contracted_monthly_usd"])
        for item in est.line_items
        if item.key is not None and item.key.dimension == dimension
        for d in [item.to_dict()]
    ]


def holes(est: Estimate) -> list[tuple[str | None, str]]:
    return [(u.column, u.reason) for u in est.unpriced]


def cdn_cents(est: Estimate, provider: str) -> tuple[int, int]:
    (total,) = [p for p in est.providers if p.provider == provider]
    return total.list_cents, total.contracted_cents


def test_a_bounded_book_ladder_leaves_the_list_bill_whole():
    # 8 TB (SI) = 8,000 GB; requests 1e6 = 100 units x 0.0075 = 0.75 (no entry: at list).
    # The book's only tier ends at 5,000 GB: 5,000 x 0.05 = 250.00 contracted; list 5,000 x
    # 0.12 = 600.00 and 3,000 x 0.12 = 360.00: list keeps all 8,000 GB (960.00), the 3,000
    # past the book are unpriced at contracted (before F7 they left the list bill too).
    the_book = book(
        "- {provider: fastly, service: cdn, dimension: bandwidth, effective: 2024-01-01,",
        "   rate: {unit: GB, tiers: [[5000, 0.05]]}}",
    )
    traffic = {"egress": "8 TB/month", "requests": "1e6/month"}
    est = price([FASTLY], traffic, "2026-06-01", the_book)
    assert cut(est, "bandwidth") == [
        ("bandwidth, first 5,000 GB", 5000, 600.0, 250.0),
        ("bandwidth, over 5,000 GB", 3000, 360.0, None),
    ]
    assert holes(est) == [
        (
            "contracted",
            "3,000 GB in north_america_europe beyond the last tier of the price book "
            "(5,000 GB; no rate): unpriced at contracted prices, priced at list",
        )
    ]
    # list 600.00 + 360.00 + 0.75; contracted 250.00 + 0.75, a lower bound
    assert cdn_cents(est, "fastly") == (96075, 25075)
    assert est.complete_at("list") and not est.complete_at("contracted")
    assert not est.complete_at("out_of_pocket")  # sponsors give out of the contracted bill


def test_a_book_prices_cloud_cdn_past_its_contact_sales_bound():
    the_book = book(
        "- {provider: gcp, service: cloud_cdn, dimension: cache_egress, zone: north_america,",
        f"   effective: 2024-01-01, rate: {{unit: GiB, tiers: [{PUBLISHED}, [null, 0.015]]}}}}",
    )
    est = price([CLOUD_CDN], CDN_TAIL, "2026-11-30", the_book)
    # at list: 19,456.00 and 102,400 GiB unpriced; contracted: the same three tiers, then
    # 102,400 x 0.015 = 1,536.00
    assert cut(est, "cache_egress") == [
        ("cache egress, first 10,240 GiB", 10240, 819.2, 819.2),
        ("cache egress, 10,240-153,600 GiB", 143360, 7884.8, 7884.8),
        ("cache egress, 153,600-512,000 GiB", 358400, 10752.0, 10752.0),
        ("cache egress, over 512,000 GiB", 102400, None, 1536.0),
    ]
    assert holes(est) == [
        (
            "list",
            "102,400 GiB in north_america beyond the last published tier (512,000 GiB; contact "
            "sales): unpriced at list, priced at the price book's rate",
        )
    ]
    listed, contracted = cdn_cents(est, "gcp")
    assert contracted - listed == 153600  # the tail's 1,536.00, in the contracted bill only
    assert est.complete_at("contracted") and not est.complete_at("list")


def test_both_ladders_bounded_leave_both_columns_unpriced_past_the_longer():
    # the book ends at 550 TiB = 563,200 GiB: 512,000-563,200 is 51,200 x 0.015 = 768.00
    # contracted and unpriced at list; past 563,200 the other 51,200 GiB are in neither
    the_book = book(
        "- {provider: gcp, service: cloud_cdn, dimension: cache_egress, zone: north_america,",
        f"   effective: 2024-01-01, rate: {{tiers: [{PUBLISHED}, [563200, 0.015]]}}}}",
    )
    est = price([CLOUD_CDN], CDN_TAIL, "2026-11-30", the_book)
    assert cut(est, "cache_egress")[3:] == [
        ("cache egress, 512,000-563,200 GiB", 51200, None, 768.0)
    ]
    assert holes(est) == [
        (
            "list",
            "51,200 GiB in north_america beyond the last published tier (512,000 GiB; contact "
            "sales): unpriced at list, priced at the price book's rate",
        ),
        (
            None,
            "51,200 GiB in north_america beyond the last published tier (512,000 GiB; contact "
            "sales) and the last tier of the price book (563,200 GiB; no rate)",
        ),
    ]
    listed, contracted = cdn_cents(est, "gcp")
    assert contracted - listed == 76800
    assert not est.complete_at("list") and not est.complete_at("contracted")


def test_a_commitment_discount_comes_on_top_and_never_on_a_hole():
    # 10% off the book's rates: 0.072 x 10,240 = 737.28; 0.0495 x 143,360 = 7,096.32; 0.027 x
    # 358,400 = 9,676.80; 0.0135 x 102,400 = 1,382.40 (a commitment of $100 a month, met)
    the_book = book(
        "- {provider: gcp, service: cloud_cdn, dimension: cache_egress, zone: north_america,",
        f"   effective: 2024-01-01, rate: {{tiers: [{PUBLISHED}, [null, 0.015]]}}}}",
        "- {provider: gcp, commitment: {monthly_usd: 100, discount_percent: 10},",
        "   effective: 2024-01-01}",
    )
    est = price([CLOUD_CDN], CDN_TAIL, "2026-11-30", the_book)
    assert cut(est, "cache_egress") == [
        ("cache egress, first 10,240 GiB", 10240, 819.2, 737.28),
        ("cache egress, 10,240-153,600 GiB", 143360, 7884.8, 7096.32),
        ("cache egress, 153,600-512,000 GiB", 358400, 10752.0, 9676.8),
        ("cache egress, over 512,000 GiB", 102400, None, 1382.4),
    ]
    assert not any(i.type == "indexplan:pricebook:Commitment" for i in est.line_items)
    assert [column for column, _ in holes(est)] == ["list"]


def test_a_commitment_keeps_a_book_hole_a_hole():
    entry = Entry.model_validate(
        {"provider": "aws", "service": "cloudfront", "dimension": "data_out",
         "effective": "2024-01-01", "rate": {"tiers": [[2000, 0.02]]}}
    )  # fmt: skip
    commitment = Entry.model_validate(
        {"provider": "aws", "effective": "2024-01-01",
         "commitment": {"monthly_usd": 1, "discount_percent": 50}}
    )  # fmt: skip
    listed = [Tier(10240, 0.085), Tier(None, 0.08)]
    got = [
        (s.upto, s.list_price, s.contracted_price)
        for s in segments(listed, Terms((0, entry), (1, commitment)))
    ]
    # 0.02 less 50% = 0.01 to 2,000; past it the contracted column stays unpriced, never
    # "None less 50%" and never 0
    assert got == [(2000, 0.085, 0.01), (10240, 0.085, None), (None, 0.08, None)]


@pytest.mark.parametrize(
    "tiers",
    [f"[{PUBLISHED}, [null, 0.015]]", f"[{PUBLISHED}, [563200, 0.015]]", "[[5000, 0.05]]"],
)
def test_the_vector_pricer_agrees_with_the_estimate_to_the_cent(tiers):
    # sweep and project price on arrays (costmodel/planning/vector.py): a column's hole is 0
    # there as on the estimate's lines, and the point is marked incomplete
    the_book = book(
        "- {provider: gcp, service: cloud_cdn, dimension: cache_egress, zone: north_america,",
        f"   effective: 2024-01-01, rate: {{tiers: {tiers}}}}}",
    )
    est = price([CLOUD_CDN], CDN_TAIL, "2026-11-30", the_book)
    scn = parse_scenario({"traffic": CDN_TAIL}, "test.yaml", "test")
    day = dt.date.fromisoformat("2026-11-30")
    totals = price_points(
        [CLOUD_CDN], scn, size=1, as_of=day, regions={"gcp": "us-central1"}, price_book=the_book
    )
    assert int(totals.total()[0]) == est.list_cents
    assert int(totals.contracted_total()[0]) == est.contracted_cents
    assert bool(totals.incomplete[0])
    assert sorted(str(u.column) for u in totals.unpriced) == sorted(
        str(u.column) for u in est.unpriced
    )


def test_a_line_unpriced_in_one_column_reads_unpriced_never_zero():
    the_book = book(
        "- {provider: gcp, service: cloud_cdn, dimension: cache_egress, zone: north_america,",
        f"   effective: 2024-01-01, rate: {{tiers: [{PUBLISHED}, [null, 0.015]]}}}}",
    )
    est = price([CLOUD_CDN], CDN_TAIL, "2026-11-30", the_book)
    (tail,) = [i for i in est.line_items if i.unpriced_column]
    assert isinstance(tail, LineItem)
    shown = tail.to_dict()
    assert shown["unit_price_usd"] is None and shown["monthly_usd"] is None
    assert (shown["contracted_unit_price_usd"], shown["contracted_monthly_usd"]) == (0.015, 1536.0)
    assert shown["unpriced_column"] == "list" and "contact sales" in shown["reason"]
