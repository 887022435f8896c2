"""Several hosting setups priced under one scenario: each one an ordinary `estimate`.

A setup is complete when nothing in it that costs money went unpriced. A bill with a hole is
a lower bound, so setups are ranked on their difference (ranking.py): the unpriced parts two
setups have alike (diff's cancellation rule) drop out of it, and a setup whose parts all
cancel against every other's (a complete one, when there is one) may be named cheapest, but
never over a lower bound that is already below it: that one is then lower unless its own
parts cost more than the gap (`lower`). Two bills with different holes cannot be ranked (a
region whose database has no price is not cheaper for it), so when no setup may be ranked
none is named cheapest, and the lowest lower bound is given apart (`lowest_lower_bound`), as
what it is.

A setup priced with a price book (its stack's own, or one given for all) shows its contracted
bill beside the list one; sponsors give out of the contracted bill. Without a book contracted
equals list. Each level is ranked on the parts unpriced in its own column (out of pocket
follows contracted): a book that prices a catalog's "contact sales" tail leaves the list bill a
lower bound and the contracted one exact, so the contracted and out-of-pocket verdicts stand.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from costmodel.model.change_bound import Side
from costmodel.model.components import holes
from costmodel.model.estimate import LEVELS, Estimate, Unpriced, estimate
from costmodel.model.graph import Resource
from costmodel.model.money import usd
from costmodel.model.resources.cloudflare import SELF_SERVE
from costmodel.model.scenario import Scenario
from costmodel.model.sponsorship import SponsorTerms, in_force
from costmodel.planning.ranking import (
    TIE_CENTS,
    Holes,
    Lower,
    Standing,
    cancel,
    standing,
    uncancelled,
)

if TYPE_CHECKING:
    from costmodel.model.pricebook import PriceBook

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


UNUSED_ENTRY = "price book entries."  # pricebook.unused's notes begin so


def not_in_force(book: PriceBook, on: dt.date) -> str:
    """`price book X: no entry in force on DAY (the first starts ...)`; "" when one is."""
    if any(entry.in_force(on) for entry in book.entries):
        return ""
    return f"price book {book.name}: no entry in force on {on.isoformat()}{idle_since(book, on)}"


def idle_since(book: PriceBook, on: dt.date) -> str:
    """When a book with no entry in force on `on` starts (or ended): `` (the first starts
    2028-01-01)``, so a year mistyped in `effective` does not read as "no discount"."""
    later = [e.effective for e in book.entries if e.effective > on]
    ended = [e.until for e in book.entries if e.until is not None and e.until < on]
    if later:
        return f" (the first starts {min(later).isoformat()})"
    return f" (the last ended {max(ended).isoformat()})" if ended else ""


def parts_line(name: str, span: str, parts: Sequence[Unpriced]) -> str:
    """`reg-gcdn: from A to B, 1 unpriced part(s) that cost money, in cdn (...)`: where a
    sweep or a projection has a setup's unpriced parts (none: priced in full)."""
    if not parts:
        return f"{name}: priced in full {span}"
    what = "; ".join(
        f"{u.resource} {u.component}: {u.reason}" if u.component else f"{u.resource}: {u.reason}"
        for u in parts
    )
    return (
        f"{name}: {span}, {len(parts)} unpriced part(s) that cost money, in "
        f"{', '.join(missing_roles(parts))} ({what}): its costs are lower bounds (≥) there"
    )


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


# What a catalog version's note says where the provider publishes no rate past a tier.
UNPUBLISHED = ("contact sales", "contact us")


def unpublished_rate_caveats(est: Estimate) -> list[str]:
    """Each price whose open last tier `est` reaches where the provider publishes no rate
    ("contact sales", as the catalog version's note says): the bill carries the last published
    rate on, an assumption rather than a quote."""
    versions = {s.key: s.version for s in est.prices_used}
    used: dict[Any, list[Any]] = {}
    for item in est.line_items:
        if item.key is not None:
            used.setdefault((item.resource, item.key), []).append(item)
    found: dict[Any, str] = {}
    for (_, key), items in used.items():
        version = versions.get(key)
        note = (version.note or "").lower() if version else ""
        said = next((phrase for phrase in UNPUBLISHED if phrase in note), None)
        tiers = version.tier_list() if version else []
        if said is None or len(tiers) < 2 or tiers[-1].upto is not None or key in found:
            continue
        edge = tiers[-2].upto or 0.0
        if sum(i.quantity for i in items) <= edge:
            continue
        booked = any(i.contracted_unit_price_usd not in (None, i.unit_price_usd) for i in items)
        unit = items[0].unit
        found[key] = (
            f"{est.stack}: {key} over {edge:,.0f} {unit} is priced at {tiers[-1].price:g} $ per "
            f'{unit}, where the provider publishes no rate ("{said}"): an assumption, not a '
            + (
                "quote (list only: the price book's rate gives contracted)"
                if booked
                else "quote; price one with --price-book"
            )
        )
    return list(found.values())


def setup_caveats(
    setups: Iterable[Setup],
    scenario: Scenario,
    as_of: dt.date,
    named: Collection[str] | None = None,
) -> list[str]:
    """`unpublished_rate_caveats` and `flat_fee_caveats` (of the setups `named`, default
    all) of setups priced in the vector path, which keeps no notes: each is estimated once
    for them at `scenario`."""
    caveats: list[str] = []
    for s in setups:
        est = price_setup(s, scenario, as_of)
        flat = flat_fee_caveats([est]) if named is None or s.name in named else []
        caveats += [*flat, *unpublished_rate_caveats(est)]
    return caveats


def unpriced_dict(item: Unpriced) -> dict[str, str]:
    """(resource, type, reason); a component's name leads its reason."""
    reason = f"{item.component}: {item.reason}" if item.component else item.reason
    return {"resource": item.resource, "type": item.type, "reason": reason}


def missing_roles(items: Iterable[Unpriced]) -> list[str]:
    """The roles (else the types) of unpriced parts, each once, in the order first met."""
    return list(dict.fromkeys(u.role or u.type for u in items))


def sponsor_grows(est: Estimate, sponsors: Mapping[str, SponsorTerms]) -> bool:
    """Whether an unpriced part would add to what a sponsor gives: a provider with a hole
    whose sponsor, in force, gives more of a larger bill (a share, or a credit not used up).
    Then the sponsored amount is a lower bound too; with no such sponsor it is exact."""
    running = in_force(sponsors, est.prices_as_of)
    billed = {p.provider: p for p in est.providers}
    contracted = [u for u in est.unpriced if u.in_column("contracted")]  # what sponsors give from
    for provider in {u.provider for u in holes(contracted)}:
        terms, bill = running.get(provider), billed.get(provider)
        if terms is None:
            continue
        cents = bill.contracted_cents if bill else 0
        if terms.sponsored_cents(cents + 100_000_00) > terms.sponsored_cents(cents):
            return True
    return False


@dataclass(frozen=True)
class Comparison:
    scenario: str
    prices_as_of: dt.date
    estimates: tuple[Estimate, ...]
    # the setups' unpriced parts and which cancel against which (None: none cancels)
    cancelled: Holes | None = None
    # per setup: whether its sponsored amount is a lower bound (sponsor_grows)
    sponsored_bound: tuple[bool, ...] = ()
    # each level's standing, worked out once (the report asks for it many times)
    _standings: dict[str, Standing] = field(default_factory=dict, compare=False, repr=False)

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

    @property
    def holes_of(self) -> Holes:
        if self.cancelled is not None:
            return self.cancelled
        return uncancelled([e.unpriced for e in self.estimates])

    def standing(self, level: str) -> Standing:
        """The ranking at `level`, on the parts unpriced in its column (`Holes.at`)."""
        found = self._standings.get(level)
        if found is None:
            cents = [getattr(e, f"{level}_cents") for e in self.estimates]
            found = self._standings[level] = standing(cents, self.holes_of.at(level))
        return found

    def ranked(self, level: str = "list") -> list[Estimate]:
        """The setups a cheapest may be named from at `level` (see the module's docstring)."""
        return [self.estimates[i] for i in self.standing(level).ranked]

    def ranked_on_difference(self, level: str = "list") -> bool:
        """Whether setups with parts unpriced at `level` are ranked there, their parts
        cancelling."""
        return any(not e.complete_at(level) for e in self.ranked(level))

    def cheapest(self, level: str) -> list[Estimate]:
        """The ranked setups cheapest at `level` (list, contracted, out_of_pocket): more than
        one when they are tied, within TIE_CENTS of the lowest; none when none is ranked or
        a lower bound is below them (`lower`)."""
        return [self.estimates[i] for i in self.standing(level).cheapest]

    def lower(self, level: str) -> tuple[Lower, ...]:
        """The lower bounds below the lowest ranked setup at `level`."""
        return self.standing(level).lower

    def lowest_lower_bound(self, level: str) -> list[Estimate]:
        """When no setup may be ranked at `level`, the lowest lower bound(s) there; else none."""
        return [] if self.ranked(level) else _lowest(list(self.estimates), level)

    @property
    def unranked_levels(self) -> list[str]:
        """The levels of CHEAPEST_LEVELS at which no setup may be ranked."""
        return [level for level in CHEAPEST_LEVELS if not self.ranked(level)]

    def sponsored_is_bound(self, est: Estimate) -> bool:
        index = self.estimates.index(est)
        return index < len(self.sponsored_bound) and self.sponsored_bound[index]

    def book_warnings(self) -> list[str]:
        """What `estimate` says of a price book that changes nothing: none of its entries in
        force on the pricing date, or an entry matching no price a setup uses."""
        books = {id(e.price_book): e.price_book for e in self.estimates if e.price_book}
        idle = [not_in_force(b, self.prices_as_of) for b in books.values()]
        unused = [
            f"{e.stack}: {note}"
            for e in self.estimates
            for note in e.notes
            if note.startswith(UNUSED_ENTRY)
        ]
        return [line for line in idle if line] + unused

    def caveats(self) -> list[str]:
        """What a setup named cheapest (or lowest) rests on that its provider limits: a
        Cloudflare self-serve plan is a flat fee whatever the traffic, and caches files only up
        to a size (the estimate's assumption, repeated here)."""
        named = {
            self.estimates[i].stack: self.estimates[i]
            for level in CHEAPEST_LEVELS
            for i in self.standing(level).lowest
        } | {e.stack: e for level in CHEAPEST_LEVELS for e in self.lowest_lower_bound(level)}
        return flat_fee_caveats(named.values()) + [
            line for e in self.estimates for line in unpublished_rate_caveats(e)
        ]

    def to_dict(self) -> dict[str, Any]:
        names = [e.stack for e in self.estimates]
        return {
            "scenario": self.scenario,
            "prices_as_of": self.prices_as_of.isoformat(),
            "setups": [
                {
                    "stack": e.stack,
                    "totals": e.totals_dict(),
                    "providers": [p.to_dict() for p in e.providers],
                    "complete": self.complete(e),
                    "complete_at": {level: e.complete_at(level) for level in LEVELS},
                    "unpriced": [unpriced_dict(u) for u in self.holes(e)],
                    "price_book": book_ref(e.price_book),
                }
                for e in self.estimates
            ],
            # per level, the cheapest setup's name; several when tied, none when none is
            # complete in that level's column, and then the lowest lower bound apart
            "cheapest": {
                level: [e.stack for e in self.cheapest(level)] for level in CHEAPEST_LEVELS
            },
            # per level, the lower bounds below the lowest ranked setup, which is then not
            # named cheapest: each lower unless its parts cost more than `margin_usd`
            **(
                {
                    "lower_unless": {
                        level: [lower_dict(names, x) for x in self.lower(level)]
                        for level in CHEAPEST_LEVELS
                    }
                }
                if any(self.lower(level) for level in CHEAPEST_LEVELS)
                else {}
            ),
            # at each level where none may be ranked (empty where some may)
            **(
                {
                    "lowest_lower_bound": {
                        level: [e.stack for e in self.lowest_lower_bound(level)]
                        for level in CHEAPEST_LEVELS
                    }
                }
                if self.unranked_levels
                else {}
            ),
        }


def lower_dict(names: Sequence[str], lower: Lower) -> dict[str, Any]:
    return {
        "stack": names[lower.setup],
        "than": names[lower.than],
        "unpriced_parts": lower.parts,
        "margin_usd": usd(lower.margin_cents),
    }


def lower_text(
    names: Sequence[str], lower: Lower, bound_cents: int, what: str = "", than: bool = True
) -> str:
    """`reg-now ≥ $9,251.96 is lower than reg-cf unless its 3 unpriced part(s) cost more
    than $63,287.76` (`what`: "out of pocket", after the bound; `than`: name the other)."""
    bound = f"≥ ${bound_cents / 100:,.2f}" + (f" {what}" if what else "")
    head = f"{names[lower.setup]} {bound} is lower" + (f" than {names[lower.than]}" if than else "")
    if not lower.parts:
        return head + " (its unpriced parts cancel against the other's)"
    return (
        f"{head} unless its {lower.parts} unpriced part(s) cost more than "
        f"${lower.margin_cents / 100:,.2f}"
    )


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
    sides = [
        Side(e, s.graph, scenario, s.regions, {}) for s, e in zip(setups, estimates, strict=True)
    ]
    grows = tuple(sponsor_grows(e, s.sponsors) for s, e in zip(setups, estimates, strict=True))
    return Comparison(scenario.name, as_of, estimates, cancel(sides), grows)
