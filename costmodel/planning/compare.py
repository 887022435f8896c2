"""Several hosting setups priced under one scenario: each one an ordinary `estimate`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from costmodel.model.estimate import Estimate, estimate
from costmodel.model.graph import Resource
from costmodel.model.scenario import Scenario
from costmodel.model.sponsorship import SponsorTerms


@dataclass(frozen=True)
class Setup:
    """One stack: its resource graph, the providers' regions and the sponsors' terms."""

    name: str
    graph: Sequence[Resource]
    regions: Mapping[str, str]
    sponsors: Mapping[str, SponsorTerms]


@dataclass(frozen=True)
class Comparison:
    scenario: str
    prices_as_of: dt.date
    estimates: tuple[Estimate, ...]

    def cheapest_list(self) -> Estimate:
        return min(self.estimates, key=lambda e: e.list_cents)

    def cheapest_out_of_pocket(self) -> Estimate:
        return min(self.estimates, key=lambda e: e.out_of_pocket_cents)

    def to_dict(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario,
            "prices_as_of": self.prices_as_of.isoformat(),
            "setups": [
                {
                    "stack": e.stack,
                    "totals": e.totals_dict(),
                    "providers": [p.to_dict() for p in e.providers],
                }
                for e in self.estimates
            ],
        }


def price_setup(
    setup: Setup, scenario: Scenario, as_of: dt.date, as_of_where: str = "--prices-as-of"
) -> Estimate:
    return estimate(
        setup.graph,
        scenario,
        stack=setup.name,
        as_of=as_of,
        sponsors=setup.sponsors,
        regions=setup.regions,
        as_of_where=as_of_where,
    )


def compare(
    setups: Sequence[Setup],
    scenario: Scenario,
    as_of: dt.date,
    as_of_where: str = "--prices-as-of",
) -> Comparison:
    estimates = tuple(price_setup(s, scenario, as_of, as_of_where) for s in setups)
    return Comparison(scenario.name, as_of, estimates)
