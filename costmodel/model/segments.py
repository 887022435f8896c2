"""What a price book does to one price, as arithmetic on the catalog's tiers: the terms in force
and the segments they cut the list tiers into (pricebook.py says how a book chooses them).

Apart from pricebook.py, so that an estimate without a book (every price goes through
`segments`) does not import the book's file models: about 20 M instructions, 2% of a warm
estimate (benchmarks/README.md, issue 15).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from costmodel.model.tiers import Tier

if TYPE_CHECKING:
    from costmodel.model.pricebook import Entry


# Ends every note of PriceBook.changes_within_month; actuals repeats those notes beside a
# month's variances, and finds them by it without importing the book's file models
NOT_PRORATED = "(a book's terms are not prorated by day)"


@dataclass(frozen=True)
class Terms:
    """What a book does to one price on one date: at most one rate entry and one commitment,
    each with its index in the book (the commitment's index identifies its shortfall)."""

    rate: tuple[int, Entry] | None
    commitment: tuple[int, Entry] | None


@dataclass(frozen=True)
class Segment:
    """A stretch of a price's quantity over which both the list and the contracted rate are
    constant: a list tier, cut where the negotiated tiers change. A rate is None where its
    ladder has ended (a bounded last tier: "contact sales" in the catalog, no rate in the
    book): that column is unpriced there, the other may still be priced."""

    upto: float | None
    list_price: float | None
    contracted_price: float | None


def discounted(price: float, percent: float) -> float:
    """`price` less `percent`, in decimal (0.12 less 15% is 0.102, not 0.10199999999999999)."""
    return float(Decimal(repr(price)) * (100 - Decimal(repr(percent))) / 100)


def segments(list_tiers: Sequence[Tier], terms: Terms | None) -> list[Segment]:
    """The list tiers cut where the negotiated tiers change, each with both rates. Without terms
    (no book, or none in force) they are the list tiers themselves."""
    if terms is None:
        return [Segment(t.upto, t.price, t.price) for t in list_tiers]
    rate = terms.rate[1] if terms.rate else None
    negotiated = rate.tiers() if rate else None
    out: list[Segment] = []
    if negotiated is None:
        percent = rate.discount_percent if rate and rate.discount_percent else 0.0
        out = [Segment(t.upto, t.price, discounted(t.price, percent)) for t in list_tiers]
    else:
        out = _merge(list_tiers, negotiated)
    if terms.commitment is not None:
        commitment = terms.commitment[1].commitment
        assert commitment is not None
        percent = commitment.discount_percent
        out = [Segment(s.upto, s.list_price, _discounted(s.contracted_price, percent)) for s in out]
    return out


def _discounted(price: float | None, percent: float) -> float | None:
    return None if price is None else discounted(price, percent)


def _merge(list_tiers: Sequence[Tier], negotiated: Sequence[Tier]) -> list[Segment]:
    """Both tier lists on the union of their bounds, up to the last bound of the two (no limit
    when either ladder has none). Beyond a bounded list ("contact sales") the list column is
    unpriced while the book's rate still prices the contracted one (a negotiated rate is what
    a "contact sales" tail is billed at), and beyond a book's bounded last tier the contracted
    column is unpriced while the list one keeps the list rate: a ladder that ends leaves a hole
    in its own column only. Beyond both, the rest is unpriced in both (`split`'s remainder).
    A stretch the list gives free stays free: an account's always-free allowance still applies
    under private rates (AWS Billing Conductor's pricing rules keep Always Free Tier rates
    unless told otherwise). A price free at every volume is no allowance but a free plan or
    service: a rate negotiated for it (a Cloudflare Enterprise quote over the Free plan's zone)
    is what the contract bills, never $0."""
    lasts = [t[-1].upto for t in (list_tiers, negotiated)]
    last = None if None in lasts else max(b for b in lasts if b is not None)
    uptos = {t.upto for t in (*list_tiers, *negotiated)}
    # a list ladder ending at 0 (a zone with no list price, PriceBook.quote) has no stretch
    bounds = sorted(b for b in uptos if b)
    out: list[Segment] = []
    allowance = any(t.price for t in list_tiers)
    for upto in [*bounds, None] if last is None else bounds:
        list_price = _price_at(list_tiers, upto)
        contracted = 0.0 if list_price == 0 and allowance else _price_at(negotiated, upto)
        if out and (out[-1].list_price, out[-1].contracted_price) == (list_price, contracted):
            out.pop()  # the same rates on both sides (a book's bound in a free stretch): one line
        out.append(Segment(upto, list_price, contracted))
    return out


def _price_at(tiers: Sequence[Tier], upto: float | None) -> float | None:
    """The rate of the tier the stretch ending at `upto` lies in; None beyond a bounded last
    tier (the stretch is past the ladder's end)."""
    return next(
        (t.price for t in tiers if t.upto is None or (upto is not None and upto <= t.upto)),
        None,
    )


def column_ends(segs: Sequence[Segment]) -> list[tuple[str, str, float]]:
    """Each column a ladder's end leaves unpriced before the last segment : the
    column ("list", "contracted"), the ladder that ended, and where on the ladder it did."""
    ends: dict[str, tuple[str, str, float]] = {}
    lower = 0.0
    for seg in segs:
        for column, rate, ladder in (
            ("list", seg.list_price, "catalog"),
            ("contracted", seg.contracted_price, "price book"),
        ):
            if rate is None and column not in ends:
                ends[column] = (column, ladder, lower)
        lower = lower if seg.upto is None else seg.upto
    return list(ends.values())
