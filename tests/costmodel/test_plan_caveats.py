"""What `sweep` and `project` say of a setup on a Cloudflare self-serve plan (compare's caveat,
s7-review finding 3), and what `project` says of crossovers when it ranked nothing (finding 7).
Both failed before the fix: sweep and project carried no caveat, and project said "the order
of the setups ... never changes" of setups it had not ranked.

Figures from costmodel/catalog/cloudflare/{zones,r2}.yaml, as in
test_cloudflare_private_index.py: the Pro plan billed monthly is a flat $25 a zone-month
whatever the traffic; R2 bills storage and operations, no egress. So a setup of R2 alone costs
$25 less than one of R2 behind a Pro zone at every traffic, and is the cheapest at every point
of a sweep.
"""

from __future__ import annotations

import datetime as dt

from test_cloudflare_private_index import AS_OF, CACHE_LIMIT_NOTE, R2, USAGE, ZONE, subscription

from costmodel.model.scenario import parse_scenario
from costmodel.planning.compare import Setup
from costmodel.planning.crossings import UNRANKED
from costmodel.planning.project import project
from costmodel.planning.sweep import parse_vary, sweep
from indexplan.commands.project import project_report

SCENARIO = parse_scenario(USAGE, "test.yaml", "test")
DAY = dt.date.fromisoformat(AS_OF)
FLARE = Setup("flare", [ZONE, subscription("pro"), R2], {}, {})
BUCKET = Setup("bucket", [R2], {}, {})
CAVEAT = f"flare: its CDN is priced at a flat plan fee whatever the traffic. {CACHE_LIMIT_NOTE}"


def swept(*setups: Setup):
    vary = parse_vary("egress=1TB..500TB")
    return sweep(list(setups), SCENARIO, vary, points=5, log=True, as_of=DAY)


def test_sweep_notes_a_setup_it_names_cheapest_on_a_self_serve_plan():
    result = swept(FLARE)
    assert result.caveats == (CAVEAT,)


def test_sweep_leaves_out_a_self_serve_setup_it_never_names():
    # R2 alone is $25 cheaper at every point: flare is never cheapest, and no break-even
    result = swept(FLARE, BUCKET)
    assert result.break_even_list == ()
    assert result.caveats == ()


def test_project_notes_every_setup_on_a_self_serve_plan():
    result = project([FLARE, BUCKET], SCENARIO, start=DAY.replace(day=1), months=3)
    assert result.caveats == (CAVEAT,)
    assert CAVEAT in project_report(result).sections[-1].lines


def test_project_ranks_nothing_when_no_setup_is_priced_in_full():
    # an Enterprise zone is quoted per customer: unpriced, and the two setups' subscriptions
    # are of different zones, so their holes do not cancel and neither setup is ranked
    quoted = [ZONE, subscription("enterprise"), R2]
    other = [ZONE, subscription("enterprise", zone="another-zone")]
    setups = [Setup("a", quoted, {}, {}), Setup("b", other, {}, {})]
    result = project(setups, SCENARIO, start=DAY.replace(day=1), months=3)
    assert result.crossovers == ()
    (crossovers,) = [s for s in project_report(result).sections if "Crossovers" in str(s.title)]
    assert crossovers.lines == [UNRANKED]


def test_project_says_its_order_is_of_the_setups_priced_in_full():
    quoted = Setup("quoted", [ZONE, subscription("enterprise"), R2], {}, {})
    result = project([FLARE, BUCKET, quoted], SCENARIO, start=DAY.replace(day=1), months=3)
    (crossovers,) = [s for s in project_report(result).sections if "Crossovers" in str(s.title)]
    assert crossovers.lines == [
        "none: the order of the setups priced in full by out-of-pocket cost never changes"
    ]
