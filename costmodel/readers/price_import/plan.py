"""From prices a file offers to versions the catalog gains: what is added, what is skipped, why.

A file states prices in its own unit (AWS "GB" of 2^30 bytes, GCP "GiBy.mo", single requests);
they are converted to the catalog entry's billing unit (`unit_size` measures). A free allowance
the catalog records but price lists leave out (CloudFront's 1 TB since 2021-12-01) is carried
over into the new version, and its note says so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from costmodel.model.prices import Catalog, Measure, Price, PriceKey, PriceVersion
from costmodel.model.tiers import Tier

SIGNIFICANT_DIGITS = 10  # price files print 10 decimals; unit conversion must not add noise


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
    catalog_file: str
    version: PriceVersion
    changed: bool  # the rates differ from the newest version already in the catalog


@dataclass
class ImportPlan:
    source: str
    added: list[Added] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def plan_import(
    catalog: Catalog,
    offered: Iterable[Offered],
    skipped: Iterable[Skipped],
    units: Mapping[str, FileUnit],
    source: str,
) -> ImportPlan:
    entries = {key: (price, where) for key, price, where in catalog.prices()}
    plan = ImportPlan(source, skipped=list(skipped))
    taken: dict[tuple[PriceKey, dt.date], Added] = {}
    for item in offered:
        if item.key not in entries:
            plan.skipped.append(_skip(item, f"no catalog entry {item.key}"))
            continue
        price, where = entries[item.key]
        reason = _unusable(item, price, units)
        if reason:
            plan.skipped.append(_skip(item, reason))
            continue
        version = _version(item, price, units[item.unit])
        earlier = taken.get((item.key, item.effective))
        if earlier is not None:
            same = "the same rates" if earlier.version.tiers == version.tiers else "other rates"
            plan.skipped.append(_skip(item, f"{earlier.ref} already gives {item.key} ({same})"))
            continue
        added = Added(item.ref, item.key, where, version, version.tiers != price.versions[-1].tiers)
        taken[(item.key, item.effective)] = added
        plan.added.append(added)
    return plan


def _skip(item: Offered, reason: str) -> Skipped:
    return Skipped(item.ref, item.description, reason)


def _unusable(item: Offered, price: Price, units: Mapping[str, FileUnit]) -> str | None:
    unit = units.get(item.unit)
    if unit is None:
        return f"unit {item.unit!r} is not one indexplan converts"
    if unit.measure != price.measure:
        return f"unit {item.unit!r} measures {unit.measure}, the catalog entry {price.measure}"
    newest = price.versions[-1].effective
    if item.effective == newest:
        return f"the catalog already has a version of {item.key} dated {newest}"
    if item.effective < newest:
        return f"effective {item.effective}, older than the catalog's newest version ({newest})"
    return None


def _version(item: Offered, price: Price, unit: FileUnit) -> PriceVersion:
    ratio = price.unit_size / unit.size  # file units per catalog billing unit
    tiers = [
        (None if t.upto is None else _round(t.upto / ratio), _round(t.price * ratio))
        for t in item.tiers
    ]
    note = None
    allowance = _free_allowance(price)
    if allowance is not None and tiers[0][1] > 0:
        tiers = [(allowance, 0.0), *[t for t in tiers if t[0] is None or t[0] > allowance]]
        note = (
            f"the free allowance of {allowance:g} {price.unit} is not in the price file; "
            f"carried over from the version of {price.versions[-1].effective}"
        )
    return PriceVersion(
        effective=item.effective,
        source=f"{item.source}, SKU {item.ref}",
        confidence="confirmed",
        note=note,
        tiers=tiers,
    )


def _free_allowance(price: Price) -> float | None:
    upto, rate = price.versions[-1].tiers[0]
    return upto if upto is not None and rate == 0 else None


def _round(x: float) -> float:
    return float(f"{x:.{SIGNIFICANT_DIGITS}g}")
