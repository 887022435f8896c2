"""A projection prices a setup in one pass per run of months between which no price it can use
changes (costmodel/planning/project.py): a setup without Fastly is not split at Fastly's
2026-09-01 price change, a Fastly setup is, and each month is priced at the version in force."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from costmodel_helpers import CLOUD_CDN, CLOUDFRONT, FASTLY, REGIONS, res

import costmodel.planning.project as planning
from costmodel.model.scenario import parse_scenario
from costmodel.planning.compare import Setup
from costmodel.planning.project import project

FLAT = {"traffic": {"egress": "10 TB/month", "requests": 0}, "growth": {"per_year": 1.0}}


@pytest.fixture
def passes(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, dt.date, int]]:
    """Each pricing pass: (setup, the date its prices are those of, months priced)."""
    found: list[tuple[str, dt.date, int]] = []
    price_run = planning._price_run

    def counted(setup: Setup, scenario: Any, grown: Any, as_of: dt.date, *rest: Any) -> Any:
        found.append((setup.name, as_of, len(grown["stored"])))
        return price_run(setup, scenario, grown, as_of, *rest)

    monkeypatch.setattr(planning, "_price_run", counted)
    return found


@pytest.mark.parametrize("arrays", [False, True])
def test_only_a_setup_using_fastly_is_split_at_its_price_change(
    passes: list[tuple[str, dt.date, int]], arrays: bool
) -> None:
    # 10 TB/month = 10,000 GB, all to North America and Europe, no requests.
    # Fastly: 0.12 $/GB until 2026-08: 10,000 x 0.12 = 1,200.00 in July and August; from
    # 2026-09-01 the first 100 GB free, then 0.12 to 10,000 GB: 9,900 x 0.12 = 1,188.00.
    # CloudFront (AWS: no change in 2026): 10e12 B = 9,313.226 GiB, the first 1,024 free,
    # 8,289.226 x 0.085 = 704.58 every month.
    scn = parse_scenario(FLAT, "t.yaml", "t")
    fastly = Setup("fastly", [FASTLY], REGIONS, {})
    cloudfront = Setup("cloudfront", [CLOUDFRONT], REGIONS, {})
    result = project([fastly, cloudfront], scn, start=dt.date(2026, 7, 1), months=4, arrays=arrays)
    assert passes == [
        ("fastly", dt.date(2026, 7, 1), 2),
        ("fastly", dt.date(2026, 9, 1), 2),
        ("cloudfront", dt.date(2026, 7, 1), 4),  # one pass across 2026-09-01
    ]
    assert result.setups[0].month_cents("list") == [120000, 120000, 118800, 118800]
    assert result.setups[1].month_cents("list") == [70458] * 4
    assert all(s.complete for s in result.setups)


def test_a_reason_naming_its_day_is_kept_run_by_run(
    passes: list[tuple[str, dt.date, int]],
) -> None:
    # Cloudflare R2 launched 2022-09-21: from 2021-10 its storage and uploads are unpriced,
    # "not available on <the day of the run's prices>". The catalog changes on 2021-11-30 and
    # 2021-12-01 (AWS) and 2022-01-01 (Cloud CDN), none an R2 price: one pass could price
    # 2021-10 to 2022-02, but its reasons would name 2021-10-01 in every month, where each run
    # priced on its own names its own first day (2021-10, 2021-12, 2022-01): so the one pass is
    # dropped for the three (as before, month by month).
    scn = parse_scenario(FLAT, "t.yaml", "t")
    bucket = res("cloudflare:index/r2Bucket:R2Bucket", "files", "storage", location="enam")
    result = project([Setup("r2", [bucket], REGIONS, {})], scn, start=dt.date(2021, 10, 1),
                     months=5, arrays=False)  # fmt: skip
    first = [dt.date(2021, 10, 1), dt.date(2021, 12, 1), dt.date(2022, 1, 1)]
    assert passes == [("r2", first[0], 5), ("r2", first[0], 2), ("r2", first[1], 1),
                      ("r2", first[2], 2)]  # fmt: skip
    setup = result.setups[0]
    on = [sorted({u.reason[:27] for u in setup.unpriced_in(k)}) for k in range(5)]
    assert (
        on
        == [["not available on 2021-10-01"]] * 2
        + [["not available on 2021-12-01"]]
        + [["not available on 2022-01-01"]] * 2
    )
    # two parts (storage, uploads) per run, the runs in calendar order
    assert [(u.component, u.reason[17:27]) for u in setup.unpriced] == [
        (part, day.isoformat())
        for day in first
        for part in ("storage (Standard)", "Class A operations (uploads)")
    ]


def test_parts_are_listed_in_the_order_run_by_run_passes_meet_them(
    passes: list[tuple[str, dt.date, int]],
) -> None:
    # Cloud CDN to North America: 0.08 $/GiB to 10 TiB, 0.055 to 150 TiB, 0.03 to 500 TiB,
    # unpriced beyond. 400 TiB at x10 a year: 400 x 10^(2/12) = 587.1 TiB in month 2
    # (2026-10), beyond 500 TiB from then on. No GCP price changes in 2026-08..2026-11, so
    # one pass across Fastly's 2026-09-01; an unknown type after the CDN is unpriced from the
    # start. Run by run (2026-08, then 2026-09 on), the unknown type is met first: it is
    # listed first, although the one pass meets the CDN's part first in the graph's order.
    scn = parse_scenario(
        {"traffic": {"egress": "400 TiB/month", "requests": 0}, "growth": {"per_year": 10}},
        "t.yaml",
        "t",
    )
    mystery = res("aws:mystery/thing:Thing", "mystery")
    setup = Setup("cdn", [CLOUD_CDN, mystery], REGIONS, {})
    result = project([setup], scn, start=dt.date(2026, 8, 1), months=4, arrays=False)
    assert passes == [("cdn", dt.date(2026, 8, 1), 4)]
    assert [u.resource for u in result.setups[0].unpriced] == ["mystery", "cdn"]
    assert [[u.resource for u in result.setups[0].unpriced_in(k)] for k in range(4)] == [
        ["mystery"],
        ["mystery"],
        ["cdn", "mystery"],  # each month's parts in the graph's order
        ["cdn", "mystery"],
    ]
    assert result.setups[0].month_cents("list")[2:] == [1945600, 1945600]  # as estimate's
