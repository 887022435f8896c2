"""Properties of the cost model, on the real catalog and the shipped stacks' graphs."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pytest
from cost_cases import HIT_RATIOS, USAGE, USAGES, document, region_shares, regions_of, scenario
from hypothesis import given, settings
from hypothesis import strategies as st

from costmodel.model.components import Context
from costmodel.model.estimate import Estimate, estimate
from costmodel.model.money import round_cents
from costmodel.model.prices import default_catalog
from costmodel.model.quantities import DAYS_PER_MONTH
from costmodel.model.sponsorship import SponsorTerms
from costmodel.model.tiers import split
from costmodel.model.usage import cdn_shares
from indexplan.paths import stack_names

AS_OF = dt.date(2026, 5, 1)
PROPERTY = settings(max_examples=15, deadline=None)
STACKS = stack_names()


def price(stacks, name, doc, sponsors=None, as_of=AS_OF) -> Estimate:
    stack, graph = stacks[name]
    return estimate(
        graph,
        scenario(doc),
        stack=name,
        as_of=as_of,
        regions=regions_of(stack),
        sponsors=sponsors if sponsors is not None else {},
    )


# --- more usage never costs less --------------------------------------------------------------


@pytest.mark.parametrize("name", STACKS)
@PROPERTY
@given(
    usage=USAGES,
    hit=HIT_RATIOS,
    regions=region_shares(),
    which=st.sampled_from(sorted(USAGE)),
    factor=st.floats(1, 100),
)
def test_more_of_any_usage_never_costs_less(stacks, name, usage, hit, regions, which, factor):
    more = {**usage, which: usage[which] * factor}
    before = price(stacks, name, document(usage, hit, regions))
    after = price(stacks, name, document(more, hit, regions))
    # Each line's quantity grows or stays, and rounding to cents is monotone: no slack needed.
    assert after.list_cents >= before.list_cents


@pytest.mark.parametrize("name", STACKS)
@PROPERTY
@given(usage=USAGES, hit=HIT_RATIOS, lower=st.floats(0, 1), regions=region_shares())
def test_a_lower_cache_hit_ratio_never_costs_less(stacks, name, usage, hit, lower, regions):
    # Misses are fetched from storage: a lower hit ratio means more origin traffic.
    before = price(stacks, name, document(usage, hit, regions))
    after = price(stacks, name, document(usage, hit * lower, regions))
    assert after.list_cents >= before.list_cents


# --- continuity across every tier boundary ---------------------------------------------------


def tiered_cents(quantity: float, tiers) -> int:
    """Cents for `quantity` billing units, one rounded line per tier used, as estimate does."""
    uses, _ = split(quantity, tiers)
    return sum(round_cents(use.quantity * use.price) for use in uses)


BOUNDS = [
    (str(key), version.effective, tiers, i)
    for key, price_, _ in default_catalog().prices()
    for version in price_.versions
    for tiers in [version.tier_list()]
    for i, tier in enumerate(tiers[:-1])
]


@pytest.mark.parametrize(("key", "effective", "tiers", "i"), BOUNDS, ids=lambda v: str(v)[:40])
@settings(max_examples=5, deadline=None)
@given(delta=st.floats(1e-6, 0.5))
def test_cost_is_continuous_across_each_tier_bound(key, effective, tiers, i, delta):
    bound = tiers[i].upto
    below = tiered_cents(bound - delta, tiers)
    above = tiered_cents(bound + delta, tiers)
    # 2·delta units at most at the dearer of the two tiers, i.e. at most one unit's price;
    # three lines change (tier i below and above, tier i+1 appears), each rounded by <= 0.5¢.
    dearer = max(tiers[i].price, tiers[i + 1].price)
    assert 0 <= above - below <= 2 * delta * dearer * 100 + 1.5


# --- the same traffic in different units -----------------------------------------------------


@pytest.mark.parametrize("name", STACKS)
@PROPERTY
@given(usage=USAGES, hit=HIT_RATIOS, regions=region_shares(), pb=st.floats(1e-3, 50))
def test_the_same_traffic_in_different_units_costs_the_same(stacks, name, usage, hit, regions, pb):
    base = document(usage, hit, regions)
    spellings = [
        f"{pb!r} PB/month",
        f"{pb * 1000!r} TB/month",
        f"{pb * 1e15!r} B/month",
        f"{pb * 1e15 / DAYS_PER_MONTH!r} B/day",
        f"{pb * 12!r} PB/year",
    ]
    totals = []
    for spelled in spellings:
        doc = {**base, "traffic": {**base["traffic"], "egress": spelled}}
        result = price(stacks, name, doc)
        totals.append((result.list_cents, len(result.line_items)))
    # Float conversions differ in the last bits: a line may round to the other cent.
    lines = totals[0][1]
    assert all(abs(cents - totals[0][0]) <= lines for cents, _ in totals), totals


# --- region shares: per zone, not per region -------------------------------------------------
#
# Tiers apply per price zone per month. Regions that share a zone (CloudFront prices
# north_america and europe as one us_europe zone) are summed before tiering, so pricing each
# region's share alone and adding would climb each tier ladder twice: NOT additive. What holds:
# the whole scenario's CDN lines in a zone equal the CDN lines of a scenario holding only the
# traffic of the regions priced in that zone.


def cdn_lines(result: Estimate) -> dict[str, list[tuple[str, float, int]]]:
    by_zone = defaultdict(list)
    for line in result.line_items:
        if line.role == "cdn":
            by_zone[line.region].append((line.component, line.quantity, line.cents))
    return by_zone


def share_of(doc, usage, regions, chosen):
    share = sum(regions[r] for r in chosen)
    traffic = {
        **doc["traffic"],
        "egress": f"{usage['egress'] * share!r} B/month",
        "requests": f"{usage['requests'] * share!r}/month",
        "regions": {r: regions[r] / share for r in chosen},
    }
    return {**doc, "traffic": traffic}


@pytest.mark.parametrize("name", STACKS)
@PROPERTY
@given(usage=USAGES, hit=HIT_RATIOS, regions=region_shares())
def test_pricing_the_scenario_equals_summing_its_zones(stacks, name, usage, hit, regions):
    doc = document(usage, hit, regions)
    # before CloudFront's always-free allowance (2021-12-01), which the zones share on purpose
    # (one per account: tests/costmodel/test_pricing_allowance.py)
    day = dt.date(2021, 11, 30)
    whole = cdn_lines(price(stacks, name, doc, as_of=day))
    zones_of = {
        r: set(cdn_lines(price(stacks, name, share_of(doc, usage, regions, [r]), as_of=day)))
        for r in regions
    }
    for zone, lines in whole.items():
        members = [r for r in regions if zone in zones_of[r]]
        alone = cdn_lines(price(stacks, name, share_of(doc, usage, regions, members), as_of=day))
        alone = alone[zone]
        assert [c for c, _, _ in alone] == [c for c, _, _ in lines]
        assert [q for _, q, _ in alone] == pytest.approx([q for _, q, _ in lines], rel=1e-9)
        # one cent per line: the shares are rescaled in floating point
        assert all(abs(a[2] - b[2]) <= 1 for a, b in zip(alone, lines, strict=True))


# --- sponsorship -----------------------------------------------------------------------------

TERMS = st.builds(
    SponsorTerms,
    covers=st.floats(0, 1),
    credit_monthly_usd=st.floats(0, 1e7) | st.just(0.0),
)


@pytest.mark.parametrize("name", STACKS)
@PROPERTY
@given(
    usage=USAGES,
    hit=HIT_RATIOS,
    regions=region_shares(),
    sponsors=st.dictionaries(st.sampled_from(["aws", "gcp", "fastly"]), TERMS),
)
def test_sponsorship_stays_within_each_provider(stacks, name, usage, hit, regions, sponsors):
    doc = document(usage, hit, regions)
    sponsored = price(stacks, name, doc, sponsors)
    unsponsored = {p.provider: p.list_cents for p in price(stacks, name, doc).providers}
    for total in sponsored.providers:
        assert 0 <= total.sponsored_cents <= total.list_cents  # never exceeds list
        assert total.out_of_pocket_cents >= 0
        # a credit never crosses providers: what a provider gets depends on its terms alone
        terms = sponsors.get(total.provider)
        assert total.sponsored_cents == (terms.sponsored_cents(total.list_cents) if terms else 0)
        assert total.list_cents == unsponsored[total.provider]
    assert sponsored.sponsored_cents <= sponsored.list_cents


@pytest.mark.parametrize("name", STACKS)
@settings(max_examples=5, deadline=None)
@given(usage=USAGES, delta=st.floats(1e-3, 0.5))
def test_the_cdn_bill_is_continuous_across_its_egress_tier_bounds(stacks, name, usage, delta):
    # Through the whole estimate: all traffic in one region and every request a cache hit, so
    # egress moves only the CDN's data-out lines. Within each tier bound ± delta units the
    # bill moves by at most 2·delta units at the dearer tier plus 1.5¢ of rounding (three
    # lines change, each rounded by at most half a cent). In a mix (crates-io) each CDN's tiers
    # run on its share, and the other CDNs' shares move too: at most at their dearest rate.
    doc = document(usage, 1.0, {"north_america": 1.0})
    base = price(stacks, name, doc)
    cdn = [line for line in base.line_items if line.role == "cdn"]

    def delivered(s):  # the CDN's units in this price's zone and unit
        return sum(x.quantity for x in cdn if (x.region, x.unit) == (s.key.zone, s.price.unit))

    # the prices of the CDNs' data out: those whose lines add up to the egress (one CDN's, or
    # each CDN's share in a mix); a CDN that bills no bandwidth (Cloudflare) has none
    stack_graph = stacks[name][1]
    shares = cdn_shares(Context(scenario=scenario(doc), graph=tuple(stack_graph)))
    data_out = [
        s
        for s in base.prices_used
        if s.price.measure == "bytes"
        and s.key.provider in shares
        and delivered(s) * s.price.unit_size
        == pytest.approx(usage["egress"] * shares[s.key.provider], rel=1e-9)
    ]
    carried = sum(delivered(s) * s.price.unit_size for s in data_out)
    if not data_out:
        moved = {**doc, "traffic": {**doc["traffic"], "egress": f"{usage['egress'] * 2!r} B/month"}}
        assert price(stacks, name, moved).list_cents == base.list_cents
        return
    assert carried == pytest.approx(usage["egress"], rel=1e-9), [str(s.key) for s in data_out]
    for selected in data_out:
        share = delivered(selected) * selected.price.unit_size / usage["egress"]
        tiers = selected.version.tier_list()
        for i, tier in enumerate(tiers[:-1]):
            bills = []
            for units in (tier.upto - delta, tier.upto + delta):
                egress = units * selected.price.unit_size / share
                moved = {**doc, "traffic": {**doc["traffic"], "egress": f"{egress!r} B/month"}}
                bills.append(price(stacks, name, moved).list_cents)
            dearer = max(tier.price, tiers[i + 1].price)
            moved_bytes = 2 * delta * selected.price.unit_size / share
            others = sum(
                delivered(o) * max(t.price for t in o.version.tier_list()) / usage["egress"]
                for o in data_out
                if o is not selected
            )
            bound = 2 * delta * dearer * 100 + moved_bytes * others * 100 + 1.5 * len(data_out)
            assert 0 <= bills[1] - bills[0] <= bound, (
                str(selected.key),
                tier.upto,
            )
