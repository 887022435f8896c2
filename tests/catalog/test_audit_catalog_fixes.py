"""Session 10 bill audit (/work/notes/s10-audit.md), findings F1, F4 and F5: the catalog's data
after the fix, each figure worked by hand from the catalog's rows and the source they name.

- F1: Cloud CDN cache egress over 500 TiB is "Contact Us" on Google's page for every destination
  (cloud.google.com/cdn/pricing, stored copy), so North America and Europe are unpriced beyond
  512,000 GiB as Asia Pacific and South America are, not priced at an assumed 0.02.
- F4: multi-region Archive storage is 0.0024 $/GiB-month in US and EU and 0.003 in ASIA (Cloud
  Billing Catalog as rendered by Cyclenerd, 2026-07-30); the storage page's hourly multi-region
  row, $0.00000411 per GiB-hour, is ASIA's.
- F5: Fastly's 2026 list (first 1M requests free, 0.01, then 0.0095 per 10,000 beyond 100M) has
  no published start: it is in force by 2026-09, its first reliable dated sighting, and both
  versions' notes (printed among an estimate's price assumptions) say the change may be earlier.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

import costmodel.model.resources  # noqa: F401  (registers the types)
from costmodel.model.estimate import Estimate, estimate
from costmodel.model.graph import Resource
from costmodel.model.prices import PriceKey, default_catalog
from costmodel.model.scenario import parse_scenario
from tests.catalog.helpers import lines, res
from tests.prices.helpers import run_json

CLOUD_CDN = res("gcp:compute/backendBucket:BackendBucket", "cdn", "cdn", enableCdn=True)
FASTLY = res("fastly:index/serviceVcl:ServiceVcl", "cdn", "cdn")


def price(graph: list[Resource], traffic: dict[str, Any], as_of: str) -> Estimate:
    scn = parse_scenario({"traffic": traffic}, "test.yaml", "test")
    day = dt.date.fromisoformat(as_of)
    return estimate(graph, scn, stack="test", as_of=day, regions={"gcp": "us-central1"})


def reasons(est: Estimate) -> list[str]:
    return [u.reason for u in est.unpriced]


# ---- F1 ------------------------------------------------------------------------------------

# 600 TiB = 614,400 GiB to one destination: 10,240 + 143,360 + 358,400 = 512,000 GiB on the
# published ladder, 102,400 GiB beyond it.
SIX_HUNDRED_TIB = "600 TiB/month"


@pytest.mark.parametrize(
    ("zone", "rates", "cents"),
    [
        # 10,240 x 0.08 = 819.20; 143,360 x 0.055 = 7,884.80; 358,400 x 0.03 = 10,752.00
        ("north_america", (0.08, 0.055, 0.03), (819.20, 7884.80, 10752.00)),
        ("europe", (0.08, 0.055, 0.03), (819.20, 7884.80, 10752.00)),
        # 10,240 x 0.09 = 921.60; 143,360 x 0.06 = 8,601.60; 358,400 x 0.05 = 17,920.00
        ("asia_pacific", (0.09, 0.06, 0.05), (921.60, 8601.60, 17920.00)),
        ("south_america", (0.09, 0.06, 0.05), (921.60, 8601.60, 17920.00)),
    ],
)
def test_cloud_cdn_over_500_tib_is_unpriced_for_every_destination(zone, rates, cents):
    traffic = {"egress": SIX_HUNDRED_TIB, "requests": 0, "regions": {zone: 1}}
    est = price([CLOUD_CDN], traffic, "2026-08-14")
    assert lines(est) == [
        ("cache egress, first 10,240 GiB", zone, rates[0], cents[0]),
        ("cache egress, 10,240-153,600 GiB", zone, rates[1], cents[1]),
        ("cache egress, 153,600-512,000 GiB", zone, rates[2], cents[2]),
    ]
    assert reasons(est) == [
        f"102,400 GiB in {zone} beyond the last published tier (512,000 GiB; contact sales)"
    ]
    assert not est.complete


def test_cloud_cdn_before_the_ladder_change_keeps_the_published_rate_over_1000_tb():
    # The stored copies of 2019-05-28 and 2021-01-19 list "> 1000 TB" at 0.02 for Europe.
    # 1,200 TiB = 1,228,800 GiB: 10,240 x 0.08 = 819.20; 143,360 x 0.055 = 7,884.80;
    # 870,400 x 0.03 = 26,112.00; 204,800 x 0.02 = 4,096.00
    traffic = {"egress": "1200 TiB/month", "requests": 0, "regions": {"europe": 1}}
    est = price([CLOUD_CDN], traffic, "2021-06-01")
    assert [(c, p, m) for c, _, p, m in lines(est)] == [
        ("cache egress, first 10,240 GiB", 0.08, 819.20),
        ("cache egress, 10,240-153,600 GiB", 0.055, 7884.80),
        ("cache egress, 153,600-1,024,000 GiB", 0.03, 26112.00),
        ("cache egress, over 1,024,000 GiB", 0.02, 4096.00),
    ]
    assert est.complete


def test_all_gcp_at_pypi_2026_leaves_the_north_american_tail_unpriced(capsys):
    # The audit's command. 10 PB/day x 30.4375 days = 3.04375e17 B = 283,471,308.65 GiB to North
    # America: 512,000 GiB on the ladder (819.20 + 7,884.80 + 10,752.00), 282,959,308.65 beyond.
    # Before the fix that tail was 282,959,308.65 x 0.02 = 5,659,186.17 of a 6,002,878.52 total,
    # so the list is now at least 6,002,878.52 - 5,659,186.17 = 343,692.35.
    est = run_json(capsys, "estimate", "all-gcp", "--scenario", "pypi-2026")
    egress = [i for i in est["line_items"] if i["component"].startswith("cache egress")]
    assert [(i["unit_price_usd"], i["monthly_usd"]) for i in egress] == [
        (0.08, 819.20),
        (0.055, 7884.80),
        (0.03, 10752.00),
    ]
    # Merged with session 10's other fixes: less all-gcp's request-log ingestion, now excluded
    # from _Default (127,537.09, tests/cli/test_outputs_lower_bounds.py) and less half its bucket
    # reads (app_routes: outside, 547.87): 343,692.35 - 127,537.09 - 547.87 = 215,607.39
    assert est["totals"]["list_monthly_usd"] == 215607.39
    assert not est["complete"]
    tail = [u for u in est["unpriced"] if u["component"] == "cache egress"]
    assert [(u["resource"], u["reason"]) for u in tail] == [
        (
            "cdn-backend",
            "2.82959e+08 GiB in north_america beyond the last published tier "
            "(512,000 GiB; contact sales)",
        )
    ]


# ---- F4 ------------------------------------------------------------------------------------


def archive(zone: str) -> Any:
    key = PriceKey("gcp", "cloud_storage", "storage_archive", zone)
    return default_catalog().select(key, dt.date(2026, 8, 14)).version


def test_multi_region_archive_is_0_0024_in_us_and_the_hourly_0_0030_is_asias():
    # The storage page's multi-region row: $0.00000411 per GiB-hour x 730 h = 0.0030003, which is
    # ASIA's 0.003, not US's or EU's 0.0024 (Billing Catalog, Cyclenerd 2026-07-30).
    hourly = 0.00000411 * 730
    assert round(hourly, 4) == 0.003
    rates = {zone: archive(zone).tier_list()[0].price for zone in ("US", "EU", "ASIA")}
    assert rates == {"US": 0.0024, "EU": 0.0024, "ASIA": 0.003}
    # the entry says which of the two figures the reference's correction is
    note = archive("US").note or ""
    assert "shared/reference/prices.md's 'about 0.0030' for multi-region Archive is ASIA's" in note
    assert "0.004 before October 2022" in note


# ---- F5 ------------------------------------------------------------------------------------

# PyPI 2026: 6e9 requests a day x 30.4375 = 182.625e9 a month = 18,262,500 units of 10,000.
PYPI_REQUESTS = {"egress": "0 TB/month", "requests": "6e9/day", "regions": {"north_america": 1}}
REQUESTS = PriceKey("fastly", "cdn", "requests", "north_america_europe")


def fastly_requests(as_of: str) -> tuple[list[tuple[str, float, float]], Any]:
    """The request lines, and the catalog version the estimate used (it lists it, with its
    note, among its price assumptions)."""
    est = price([FASTLY], PYPI_REQUESTS, as_of)
    got = [(c, p, m) for c, _, p, m in lines(est) if c.startswith("requests")]
    [used] = [p.version for p in est.prices_used if p.key == REQUESTS]
    return got, used


def test_at_pypi_2026s_as_of_the_older_rate_applies_and_says_it_may_have_ended():
    # 2026-08-14 (scenarios/pypi-2026.yaml): 18,262,500 x 0.0075 = 136,968.75 (the audit's
    # figure); the 2026 list is in force by 2026-09 only, its start not published, and the
    # note the estimate prints says so
    got, version = fastly_requests("2026-08-14")
    assert got == [("requests", 0.0075, 136968.75)]
    assert version.effective == dt.date(2016, 1, 1)
    note = version.note or ""
    assert "replaced it by 2026-09-01 at the latest, on a date not published" in note
    assert "it is used though it may have ended" in note


def test_from_its_first_transcription_the_2026_list_applies_and_says_it_may_be_older():
    # 2026-09-01: 100 free + 9,900 x 0.01 = 99.00 + 18,252,500 x 0.0095 = 173,398.75;
    # 173,497.75 in all (the audit's figure at --prices-as-of 2026-11-30)
    got, version = fastly_requests("2026-09-01")
    assert got == [
        ("requests, first 1 million requests (free)", 0.0, 0.0),
        ("requests, 1 million to 100 million requests", 0.01, 99.0),
        ("requests, over 100 million requests", 0.0095, 173398.75),
    ]
    assert sum(m for *_, m in got) == pytest.approx(173497.75)
    assert version.effective == dt.date(2026, 9, 1)
    note = version.note or ""
    assert note.startswith("start date not published; in force by 2026-09")
    assert "perhaps earlier" in note and "does not date the change" in note
