"""Several hosting setups priced under one scenario: each one an ordinary `estimate`.

A setup is complete when nothing in it that costs money went unpriced. Only complete setups
are ranked against one another: a bill with a hole is a lower bound, and a lower bound is
never named cheapest over a setup whose bill is whole. Nor over another lower bound: two bills
with different holes cannot be ranked (a region whose database has no price is not cheaper
for it). So when no setup is complete none is named cheapest, and the lowest lower bound is
given apart (`lowest_lower_bound`), as what it is.

A setup priced with a price book (its stack's own, or one given for all) shows its contracted
bill beside the list one; sponsors give out of the contracted bill. Without a book contracted
equals list.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from costmodel.model.components import holes
from costmodel.model.estimate import Estimate, Unpriced, estimate
from costmodel.model.graph import Resource
from costmodel.model.resources.cloudflare import SELF_SERVE
from costmodel.model.scenario import Scenario
from costmodel.model.sponsorship import SponsorTerms

if TYPE_CHECKING:
    from costmodel.model.pricebook import PriceBook

# Setups whose bills are a cent or less apart are tied: cents are rounded sums, so a cent
# apart may be less than a cent apart (sweep's crossings tie them the same way).
TIE_CENTS = 1
CHEAPEST_LEVELS = ("list", "contracted", "out_of_pocket")


@dataclass(frozen=True)
class Setup:
    """One stack: its resource graph, the providers' regions, the sponsors' terms and the
    price book it is billed under (None: list prices)."""

    name: str
    graph: Sequence[Resource]
    regions: Mapping[str, str]
    sponsors: Mapping[str, SponsorTerms]
    price_book: PriceBook | None = None


def book_ref(book: PriceBook | None) -> dict[str, str] | None:
    """Which book priced a setup, for JSON (None: list prices)."""
    return None if book is None else {"name": book.name, "file": book.where, "source": book.source}


def book_notes(books: Iterable[tuple[str, PriceBook | None]]) -> list[str]:
    """One line per price book in use, naming the setups billed under it."""
    users: dict[int, tuple[PriceBook, list[str]]] = {}  # by identity: a book is unhashable
    for name, book in books:
        if book is not None:
            users.setdefault(id(book), (book, []))[1].append(name)
    return [
        f"price book for {', '.join(names)}: {book.name} ({book.where}); {book.source}"
        for book, names in users.values()
    ]


def flat_fee_caveats(estimates: Iterable[Estimate]) -> list[str]:
    """Each setup's CDN priced at a Cloudflare self-serve plan's flat fee, whatever the
    traffic, with the plan's cache limit (the estimate's assumption, repeated): compare's
    note for a cheapest setup, sweep's and project's too."""
    return [
        f"{est.stack}: its CDN is priced at a flat plan fee whatever the traffic. {note}"
        for est in estimates
        for note in est.notes
        if note.startswith(SELF_SERVE)
    ]


def setup_caveats(setups: Iterable[Setup], scenario: Scenario, as_of: dt.date) -> list[str]:
    """`flat_fee_caveats` of setups priced in the vector path, which keeps no notes: each
    that may rest on a Cloudflare plan is estimated once for them (the plan, not the traffic,
    sets the note)."""
    return flat_fee_caveats(
        price_setup(s, scenario, as_of)
        for s in setups
        if any(r.type.startswith("cloudflare:") for r in s.graph)
    )


def unpriced_dict(item: Unpriced) -> dict[str, str]:
    """(resource, type, reason); a component's name leads its reason."""
    reason = f"{item.component}: {item.reason}" if item.component else item.reason
    return {"resource": item.resource, "type": item.type, "reason": reason}


def missing_roles(items: Iterable[Unpriced]) -> list[str]:
    """The roles (else the types) of unpriced parts, each once, in the order first met."""
    return list(dict.fromkeys(u.role or u.type for u in items))


def rankable(complete: Sequence[bool]) -> list[int]:
    """Indices of the setups that may be ranked: the complete ones (none when none is)."""
    return [i for i, c in enumerate(complete) if c]


@dataclass(frozen=True)
class Comparison:
    scenario: str
    prices_as_of: dt.date
    estimates: tuple[Estimate, ...]

    def holes(self, est: Estimate) -> tuple[Unpriced, ...]:
        return holes(est.unpriced)

    def complete(self, est: Estimate) -> bool:
        return not self.holes(est)

    @property
    def any_book(self) -> bool:
        return any(e.price_book is not None for e in self.estimates)

    @property
    def any_complete(self) -> bool:
        return any(self.complete(e) for e in self.estimates)

    @property
    def providers(self) -> list[str]:
        """Every provider some setup is billed by, in the order first met."""
        return list(dict.fromkeys(p.provider for e in self.estimates for p in e.providers))

    def ranked(self) -> list[Estimate]:
        """The setups a cheapest may be named from (see the module's docstring)."""
        indices = rankable([self.complete(e) for e in self.estimates])
        return [self.estimates[i] for i in indices]

    def cheapest(self, level: str) -> list[Estimate]:
        """The ranked setups cheapest at `level` (list, contracted, out_of_pocket): more than
        one when they are tied, within TIE_CENTS of the lowest; none when none is ranked."""
        return _lowest(self.ranked(), level)

    def lowest_lower_bound(self, level: str) -> list[Estimate]:
        """When no setup is complete, the lowest lower bound(s) at `level`; else none."""
        return [] if self.any_complete else _lowest(list(self.estimates), level)

    def cheapest_list(self) -> Estimate:
        return self.cheapest("list")[0]

    def cheapest_contracted(self) -> Estimate:
        return self.cheapest("contracted")[0]

    def cheapest_out_of_pocket(self) -> Estimate:
        return self.cheapest("out_of_pocket")[0]

    def caveats(self) -> list[str]:
        """What a setup named cheapest (or lowest) rests on that its provider limits: a
        Cloudflare self-serve plan is a flat fee whatever the traffic, and caches files only up
        to a size (the estimate's assumption, repeated here)."""
        named = {
            e.stack: e
            for level in CHEAPEST_LEVELS
            for e in self.cheapest(level) or self.lowest_lower_bound(level)
        }
        return flat_fee_caveats(named.values())

    def to_dict(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario,
            "prices_as_of": self.prices_as_of.isoformat(),
            "setups": [
                {
                    "stack": e.stack,
                    "totals": e.totals_dict(),
                    "providers": [p.to_dict() for p in e.providers],
                    "complete": self.complete(e),
                    "unpriced": [unpriced_dict(u) for u in self.holes(e)],
                    "price_book": book_ref(e.price_book),
                }
                for e in self.estimates
            ],
            # per level, the cheapest setup's name; several when tied, none when none is
            # complete, and then the lowest lower bound apart
            "cheapest": {
                level: [e.stack for e in self.cheapest(level)] for level in CHEAPEST_LEVELS
            },
            **(
                {}
                if self.any_complete
                else {
                    "lowest_lower_bound": {
                        level: [e.stack for e in self.lowest_lower_bound(level)]
                        for level in CHEAPEST_LEVELS
                    }
                }
            ),
        }


def _lowest(estimates: list[Estimate], level: str) -> list[Estimate]:
    """Those within TIE_CENTS of the lowest at `level`."""
    cents = [getattr(e, f"{level}_cents") for e in estimates]
    return [e for e, c in zip(estimates, cents, strict=True) if c - min(cents) <= TIE_CENTS]


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
        price_book=setup.price_book,
    )


def compare(
    setups: Sequence[Setup],
    scenario: Scenario,
    as_of: dt.date,
    as_of_where: str = "--prices-as-of",
) -> Comparison:
    estimates = tuple(price_setup(s, scenario, as_of, as_of_where) for s in setups)
    return Comparison(scenario.name, as_of, estimates)
