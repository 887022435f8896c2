"""From prices a file offers to versions the catalog gains: what is added, what is skipped, why.

A file states prices in its own unit (AWS "GB" of 2^30 bytes, GCP "GiBy.mo", single requests);
they are converted to the catalog entry's billing unit (`unit_size` measures). A price the
catalog lacks (a new region, class or zone) is added in the unit of the catalog's other prices
of its service and dimension. A free allowance the catalog records but price lists leave out
(CloudFront's 1 TB since 2021-12-01) is carried over into the new version, and its note says
so. A rate more than ten times away from the catalog's is skipped unless forced.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from costmodel.model.price_files import PriceVersion  # validated: what is imported
from costmodel.model.prices import Catalog, Measure, Price, PriceKey
from costmodel.model.tiers import Tier

SIGNIFICANT_DIGITS = 10  # price files print 10 decimals; unit conversion must not add noise
# An imported rate this many times above or below the catalog's needs --force (a unit mistake
# or a corrupt file, like $1e308 per GB-month, must not become a "confirmed" price).
PLAUSIBLE_JUMP = 10.0


@dataclass(frozen=True)
class FileUnit:
    """A unit a price file uses: what it measures and how many measures one unit is."""

    measure: Measure
    size: float


@dataclass(frozen=True)
class Offered:
    """One price as a file states it: tiers in the file's own unit."""

    ref: str  # the SKU, for the report and the version's source
    description: str
    key: PriceKey
    effective: dt.date
    unit: str
    tiers: tuple[Tier, ...]
    source: str


@dataclass(frozen=True)
class Skipped:
    ref: str
    description: str
    reason: str


@dataclass(frozen=True)
class Added:
    ref: str
    key: PriceKey
    shape: Price  # the catalog's entry, or for a new price the sibling it takes its unit from
    version: PriceVersion
    change: str  # "new price", "rates changed" or "same rates as before"


@dataclass
class ImportPlan:
    source: str
    added: list[Added] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    files: list[str] = field(default_factory=list)  # the catalog files the versions go to


def plan_import(
    catalog: Catalog,
    offered: Iterable[Offered],
    skipped: Iterable[Skipped],
    units: Mapping[str, FileUnit],
    source: str,
    force: bool = False,
) -> ImportPlan:
    """What `offered` adds to `catalog`: new versions of its prices and new prices (a region,
    class or zone it lacks, shaped like the prices of the same service and dimension)."""
    entries = {key: price for key, price, _ in catalog.prices()}
    siblings: dict[tuple[str, str, str], list[Price]] = defaultdict(list)
    for key, price in entries.items():
        siblings[(key.provider, key.service, key.dimension)].append(price)
    plan = ImportPlan(source, skipped=list(skipped))
    taken: dict[tuple[PriceKey, dt.date], Added] = {}
    for item in offered:
        known = entries.get(item.key)
        family = siblings.get((item.key.provider, item.key.service, item.key.dimension), [])
        shape = known or (family[0] if family else None)
        if shape is None:
            what = f"{item.key.service} {item.key.dimension}"
            plan.skipped.append(_skip(item, f"no catalog price of {what} to take the unit from"))
            continue
        reason = _unusable(item, shape, known, units)
        if reason is None:
            version = _version(item, shape, known, units[item.unit])
            reason = None if force else _implausible(version, [known] if known else family)
        if reason:
            plan.skipped.append(_skip(item, reason))
            continue
        earlier = taken.get((item.key, item.effective))
        if earlier is not None:
            rates = "the same rates" if earlier.version.tiers == version.tiers else "other rates"
            plan.skipped.append(_skip(item, f"{earlier.ref} already gives {item.key} ({rates})"))
            continue
        change = "new price"
        if known:
            unchanged = version.tiers == known.versions[-1].tiers
            change = "same rates as before" if unchanged else "rates changed"
        taken[(item.key, item.effective)] = added = Added(
            item.ref, item.key, shape, version, change
        )
        plan.added.append(added)
    return plan


def _skip(item: Offered, reason: str) -> Skipped:
    return Skipped(item.ref, item.description, reason)


def _unusable(
    item: Offered, shape: Price, known: Price | None, units: Mapping[str, FileUnit]
) -> str | None:
    unit = units.get(item.unit)
    if unit is None:
        return f"unit {item.unit!r} is not one indexplan converts"
    if unit.measure != shape.measure:
        return f"unit {item.unit!r} measures {unit.measure}, the catalog entry {shape.measure}"
    if known is None:
        return None
    newest = known.versions[-1].effective
    if item.effective == newest:
        return f"the catalog already has a version of {item.key} dated {newest}"
    if item.effective < newest:
        return f"effective {item.effective}, older than the catalog's newest version ({newest})"
    return None


def _implausible(version: PriceVersion, before: list[Price]) -> str | None:
    """A rate more than PLAUSIBLE_JUMP times above or below what the catalog holds for this
    price (or, for a new price, for any price of its service and dimension)."""
    new = _top_rate(version.tiers)
    old = [r for p in before if (r := _top_rate(p.versions[-1].tiers)) > 0]
    if new == 0 or not old:
        return None
    low, high = min(old), max(old)
    if low / PLAUSIBLE_JUMP <= new <= high * PLAUSIBLE_JUMP:
        return None
    than = "the previous version" if len(before) == 1 else "the catalog's prices of its kind"
    return (
        f"top rate {new:.10g} is more than {PLAUSIBLE_JUMP:g}x away from {than} "
        f"({low:.10g}..{high:.10g}); check the file, or pass --force to import it"
    )


def _top_rate(tiers: list[tuple[float | None, float]]) -> float:
    return max(rate for _, rate in tiers)


def _version(item: Offered, shape: Price, known: Price | None, unit: FileUnit) -> PriceVersion:
    ratio = shape.unit_size / unit.size  # file units per catalog billing unit
    tiers = to_billing_unit(item.tiers, ratio)
    note = None
    last = known.versions[-1] if known else None
    shared = last.allowance if last else None  # account-wide, so not a tier
    if last and shared is not None:
        note = (
            f"the account-wide free allowance of {shared:g} {shape.unit} is not in the price "
            f"file; carried over from the version of {last.effective}"
        )
    allowance = _free_allowance(known) if known else None
    if allowance is not None and tiers[0][1] > 0:
        tiers = [(allowance, 0.0), *[t for t in tiers if t[0] is None or t[0] > allowance]]
        note = (
            f"the free allowance of {allowance:g} {shape.unit} is not in the price file; "
            f"carried over from the version of {shape.versions[-1].effective}"
        )
    return PriceVersion(
        effective=item.effective,
        checked=dt.date.today(),  # compared with the file just now
        source=f"{item.source}, SKU {item.ref}",
        confidence="confirmed",
        note=note,
        allowance=shared,
        allowance_pool=last.allowance_pool if last else None,
        tiers=tiers,
    )


def to_billing_unit(tiers: Iterable[Tier], ratio: float) -> list[tuple[float | None, float]]:
    """Tiers in a file's unit as tiers in the catalog's, `ratio` file units per catalog unit."""
    return [
        (None if t.upto is None else _round(t.upto / ratio), _round(t.price * ratio)) for t in tiers
    ]


def _free_allowance(price: Price) -> float | None:
    upto, rate = price.versions[-1].tiers[0]
    return upto if upto is not None and rate == 0 else None


def _round(x: float) -> float:
    return float(f"{x:.{SIGNIFICANT_DIGITS}g}")
