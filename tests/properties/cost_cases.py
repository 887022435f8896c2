"""Shared by the cost-model properties: scenarios built from drawn usages."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from costmodel.model.scenario import REGIONS, Scenario, parse_scenario
from indexplan.stackfile import StackFile


def regions_of(stack: StackFile) -> dict[str, str]:
    s = stack.settings
    return {p: r for p, r in (("aws", s.aws_region), ("gcp", s.gcp_region)) if r}


def scenario(doc: dict[str, Any]) -> Scenario:
    return parse_scenario(doc, "property", "property")


@st.composite
def region_shares(draw: st.DrawFn) -> dict[str, float]:
    chosen = draw(st.lists(st.sampled_from(REGIONS), min_size=1, max_size=5, unique=True))
    weights = [draw(st.integers(1, 100)) for _ in chosen]
    return {r: w / sum(weights) for r, w in zip(chosen, weights, strict=True)}


# Usages in canonical units (bytes, counts) per month, from a hobby index to beyond PyPI.
USAGE = {
    "egress": st.floats(1e9, 1e18),
    "requests": st.floats(1e3, 1e12),
    "stored": st.floats(1e9, 1e15),
    "uploads": st.floats(0, 1e8),
    "messages": st.floats(0, 1e10),
    "queries": st.floats(0, 1e11),
    "stats_stored": st.floats(0, 1e14),
}


def document(usage: dict[str, float], hit: float, regions: dict[str, float]) -> dict[str, Any]:
    """A scenario file's mapping with every usage stated (no defaults)."""
    return {
        "traffic": {
            "egress": f"{usage['egress']!r} B/month",
            "requests": f"{usage['requests']!r}/month",
            "cache_hit_ratio": hit,
            "regions": regions,
        },
        "storage": {"stored": f"{usage['stored']!r} B", "uploads": f"{usage['uploads']!r}/month"},
        "queue": {"messages": f"{usage['messages']!r}/month", "message_size": "1 kB"},
        "dns": {"queries": f"{usage['queries']!r}/month"},
        "statistics": {"stored": f"{usage['stats_stored']!r} B"},
    }


USAGES = st.fixed_dictionaries(USAGE)
HIT_RATIOS = st.floats(0, 1)
