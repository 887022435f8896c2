"""A projection priced without NumPy looks for compare's caveats (a Cloudflare self-serve plan's
flat fee; a last published rate carried on where the provider publishes none) only in the
setups whose pricing met a note or a price version that could give one: `may_have_caveats`.
Each setup it leaves out saves two scalar estimates; one it wrongly left out would lose a
caveat, which these tests would show (and `test_costmodel_columns.assert_same` compares the
caveats of both paths, the NumPy path looking in every setup, on every shipped stack)."""

from __future__ import annotations

import datetime as dt

import pytest
from test_cloudflare_private_index import AS_OF, CACHE_LIMIT_NOTE, R2, USAGE, ZONE, subscription

import costmodel.planning.project as projecting
from costmodel.model.prices import PriceVersion
from costmodel.model.resources.cloudflare import SELF_SERVE
from costmodel.model.scenario import parse_scenario
from costmodel.planning.columns import MonthTotals
from costmodel.planning.compare import Setup
from costmodel.planning.project import may_have_caveats, project

SCENARIO = parse_scenario(USAGE, "test.yaml", "test")
DAY = dt.date.fromisoformat(AS_OF)
FLARE = Setup("flare", [ZONE, subscription("pro"), R2], {}, {})
BUCKET = Setup("bucket", [R2], {}, {})
CAVEAT = f"flare: its CDN is priced at a flat plan fee whatever the traffic. {CACHE_LIMIT_NOTE}"


def version(note: str, tiers: list[tuple[float | None, float]]) -> PriceVersion:
    return PriceVersion(
        effective=dt.date(2022, 1, 1), source="test", confidence="confirmed", note=note,
        tiers=tiers,
    )  # fmt: skip


def totals(notes: tuple[str, ...] | None, *versions: PriceVersion) -> MonthTotals:
    kept = None if notes is None else versions
    return MonthTotals(1, {}, {}, (), {}, notes, kept)


def test_a_last_rate_carried_past_contact_sales_may_have_a_caveat() -> None:
    # an open last tier (upto None) after "contact sales": the bill carries 0.08 on past
    # 10,000 GB, unpublished_rate_caveats' assumption
    carried = version("Over 10 TB: contact sales", [(10000.0, 0.12), (None, 0.08)])
    assert may_have_caveats(totals((), carried))


def test_a_ladder_that_ends_at_contact_sales_has_none() -> None:
    # Fastly's and Cloud CDN's shipped ladders since session 11: the last tier is bounded
    # (beyond it unpriced, a hole), so no rate is carried on and there is nothing to caveat
    bounded = version('Over 500 TiB is "contact us"', [(10240.0, 0.08), (512000.0, 0.03)])
    published = version("list price", [(10000.0, 0.12), (None, 0.08)])
    assert not may_have_caveats(totals((), bounded, published))
    assert not may_have_caveats(totals(("Cloudflare Pro plan: a flat fee per zone",)))


def test_a_self_serve_plan_may_have_a_caveat_and_unkept_notes_are_looked_in() -> None:
    assert may_have_caveats(totals((f"{SELF_SERVE} (Pro): cache limits",)))
    assert may_have_caveats(totals(None))  # NumPy's path keeps neither: always looked in


def test_only_the_setup_on_a_self_serve_plan_is_estimated_for_caveats(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    looked: list[list[str]] = []
    real = projecting.setup_caveats

    def spy(setups, *args):  # type: ignore[no-untyped-def]
        looked.append([s.name for s in setups])
        return real(setups, *args)

    monkeypatch.setattr(projecting, "setup_caveats", spy)
    start = DAY.replace(day=1)
    result = project([BUCKET, FLARE], SCENARIO, start=start, months=3, arrays=False)
    # at both ends (month 0 and month 2), flare alone: R2 alone meets no such note or price
    assert looked == [["flare"], ["flare"]]
    assert result.caveats == (CAVEAT,)
    arrays = project([BUCKET, FLARE], SCENARIO, start=start, months=3, arrays=True)
    assert looked[2:] == [["bucket", "flare"], ["bucket", "flare"]]  # NumPy's: in every setup
    assert arrays.caveats == result.caveats
