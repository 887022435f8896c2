"""The one-time cost of moving an index's files from one setup's storage to another's.

A move copies every stored file out of the old setup's files bucket into the new one's:
- transfer out: the stored bytes at the old provider's rate for data leaving for the internet
  (another provider is on the internet), on that price's ladder with its monthly free
  allowance. The move is priced as a month of its own: the month's regular transfer out,
  on the same ladder, would put part of it on lower tiers and use up the allowance first.
  B2 lets 3x the bytes stored leave free each month and R2 bills no egress, so leaving either
  costs nothing here.
- ingest: one write request per file (S3 PUT, Class A operation) at the new provider's rate,
  priced by the new bucket's own upload component with its monthly free allowance; ingress
  bytes are free at every provider priced here. The file count is the scenario's
  storage.objects (or --objects); without it the ingest is unpriced and the move's cost a
  lower bound, never $0.
When the two setups keep the files in the same provider and region nothing moves.

AWS and Google waive the transfer out for a customer leaving them (`WAIVERS`), on request and
under conditions, so a waiver applies only where the operator says so (`Move.waived`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from costmodel.errors import InputError
from costmodel.model.components import PRICED, Component, Context, PricedType, Unpriceable
from costmodel.model.estimate import LineItem, Unpriced, _Pricer
from costmodel.model.graph import Resource
from costmodel.model.limits import MAX_COUNT
from costmodel.model.money import usd
from costmodel.model.prices import Catalog, default_catalog
from costmodel.model.quantities import QuantityError, format_bytes, format_count, parse
from costmodel.model.resources.b2_bucket import FREE_EGRESS_PER_STORED, is_b2
from costmodel.model.resources.gcp_storage_bucket import source_location
from costmodel.model.resources.locations import gcs_location
from costmodel.model.scenario import Scenario
from costmodel.model.usage import is_files_bucket
from costmodel.planning.compare import Setup, unpriced_dict


@dataclass(frozen=True)
class Waiver:
    provider: str
    since: dt.date
    source: str


# Programs that waive the transfer out for customers leaving the provider (checked 2026-11-30).
WAIVERS = {
    "aws": Waiver(
        "aws",
        dt.date(2024, 3, 5),
        "AWS, 'Free data transfer out to internet when moving out of AWS' (AWS News Blog, "
        "2024-03-05; read in Forrester's summary, 'AWS joins Google Cloud in removing egress "
        "costs'): on request to AWS Support, given as credits, for moving all data off AWS "
        "within 60 days",
    ),
    "gcp": Waiver(
        "gcp",
        dt.date(2024, 1, 11),
        "Google Cloud, 'Applying for free data transfer when exiting Google Cloud' "
        "(cloud.google.com/exit-cloud, since 2024-01-11): after an Exit Notice, for migrating "
        "all data of the service off Google Cloud and ending its use; Premium Tier, as a credit",
    ),
}


def parse_waivers(given: Sequence[str], where: str = "--exit-waiver") -> frozenset[str]:
    for provider in given:
        if provider not in WAIVERS:
            raise InputError(where, repr(provider), f"expected one of {', '.join(WAIVERS)}")
    return frozenset(given)


def parse_objects(text: str | None, where: str = "--objects") -> float | None:
    """A file count (`2.6e7`), within the model's limit of counts."""
    if text is None:
        return None
    try:
        count = parse(text, "count", False)
    except QuantityError as exc:
        raise InputError(where, repr(text), str(exc)) from None
    if count > MAX_COUNT:
        raise InputError(where, text, f"must be at most {MAX_COUNT:g}")
    return count


def pick(setups: Sequence[Setup], name: str, given: Sequence[str] = ()) -> Setup:
    """The setup `--from` names: by its stack name or as given on the command line."""
    for setup, shown in zip(setups, [*given, *[""] * len(setups)], strict=False):
        if name in (setup.name, shown):
            return setup
    known = ", ".join(s.name for s in setups)
    raise InputError("--from", repr(name), f"expected one of the setups compared: {known}")


S3_TYPES = ("aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2")
GCS_TYPE = "gcp:storage/bucket:Bucket"
R2_TYPE = "cloudflare:index/r2Bucket:R2Bucket"
# Where a provider bills nothing for leaving (no transfer-out price to look up).
FREE_OUT = {
    "b2": f"B2 lets {FREE_EGRESS_PER_STORED:g}x the bytes stored leave free each month since "
    "2023, as the catalog's b2 egress says",
    "r2": "R2 bills no egress (developers.cloudflare.com/r2/pricing)",
}


def kind(bucket: Resource) -> str | None:
    """Which storage a bucket is: s3, b2 (declared through the S3 API), gcs or r2."""
    if bucket.type in S3_TYPES:
        return "b2" if is_b2(bucket) else "s3"
    return {GCS_TYPE: "gcs", R2_TYPE: "r2"}.get(bucket.type)


def files_buckets(setup: Setup, ctx: Context) -> list[Resource]:
    """The buckets holding the files the index serves (not archives, not request logs)."""
    found = []
    for r in setup.graph:
        if r.role != "storage" or kind(r) is None:
            continue
        try:
            if is_files_bucket(r, ctx):
                found.append(r)
        except Unpriceable:
            continue
    return found


def place(bucket: Resource, ctx: Context) -> tuple[str | None, str]:
    """(kind, region or location): two buckets at one place hold the files where they are."""
    provider = "gcp" if bucket.type == GCS_TYPE else bucket.type.split(":")[0]
    try:
        return kind(bucket), ctx.region(provider, bucket)
    except Unpriceable:
        return kind(bucket), ""


def _at_region(provider: str, figure: str) -> Any:
    def usage(bucket: Resource, ctx: Context) -> dict[str, float]:
        return {ctx.region(provider, bucket): getattr(ctx.scenario, figure)}

    return usage


def _gcs_destination(catalog: Catalog) -> Any:
    """The stored bytes, to the continent of the bucket's own location (a new provider's
    region near it): Premium Tier egress is priced by destination."""
    continents = {"north_america": "north_america", "europe": "europe", "asia": "asia_pacific"}

    def usage(bucket: Resource, ctx: Context) -> dict[str, float]:
        location = gcs_location(bucket, ctx)
        near = catalog.zone("gcp", "cdn_interconnect", location)
        if near not in continents:
            raise Unpriceable(f"no continent known for the location {location}")
        return {continents[near]: ctx.scenario.stored}

    return usage


def _out_component(bucket_kind: str, catalog: Catalog) -> Component:
    name = "transfer out of the stored files (the move)"
    if bucket_kind == "s3":
        return Component(
            name, "s3", "internet_out", "bytes", _at_region("aws", "stored"), "regions"
        )
    return Component(
        name,
        "network",
        "internet_egress_premium",
        "bytes",
        _gcs_destination(catalog),
        "network_egress",
        variant=source_location,
    )


INGEST = "write requests (copies of the stored files)"
UNKNOWN_COUNT = (
    "the number of files is not known (give storage.objects in the scenario, or --objects)"
)


def _in_components(bucket: Resource) -> list[Component]:
    """The bucket's own upload components, one write per copied file."""
    entry = PRICED[bucket.type]
    return [
        dataclasses.replace(c, name=c.name.replace("(uploads)", "(copies of the stored files)"))
        for c in entry.components
        if "(uploads)" in c.name
    ]


@dataclass(frozen=True)
class Move:
    """Moving the files from setup `source` to setup `target`: the priced lines (list and
    contracted under the target's or source's price book), the unpriced parts, and what is
    free or waived and why (`notes`)."""

    source: str
    target: str
    stored: float
    objects: float | None
    lines: tuple[LineItem, ...] = ()
    unpriced: tuple[Unpriced, ...] = ()
    notes: tuple[str, ...] = ()
    waived_cents: int = 0  # what the waivers applied took off (list)
    programs: tuple[str, ...] = ()  # providers whose exit waiver a note names (WAIVERS)

    @property
    def list_cents(self) -> int:
        return sum(line.cents for line in self.lines)

    @property
    def contracted_cents(self) -> int:
        return sum(line.contracted_cents for line in self.lines)

    @property
    def complete(self) -> bool:
        return not self.unpriced

    def to_dict(self) -> dict[str, Any]:
        return {
            "from": self.source,
            "stack": self.target,
            "stored_bytes": self.stored,
            "objects": self.objects,
            "list_usd": usd(self.list_cents),
            "contracted_usd": usd(self.contracted_cents),
            "waived_usd": usd(self.waived_cents),
            # false: an unpriced part costs money, the amounts are lower bounds
            "complete": self.complete,
            "unpriced": [unpriced_dict(u) for u in self.unpriced],
            "lines": [
                {
                    "resource": line.resource,
                    "provider": line.provider,
                    "component": line.component,
                    "region": line.region,
                    "quantity": round(line.quantity, 6),
                    "unit": line.unit,
                    "list_usd": line.monthly_usd,
                    "contracted_usd": usd(line.contracted_cents),
                }
                for line in self.lines
            ],
            "notes": list(self.notes),
        }


@dataclass(frozen=True)
class MoveTerms:
    """The file count (None: the scenario's storage.objects) and the exit waivers applied."""

    objects: float | None = None
    waivers: frozenset[str] = frozenset()


def move_cost(
    source: Setup,
    target: Setup,
    scenario: Scenario,
    as_of: dt.date,
    terms: MoveTerms | None = None,
    catalog: Catalog | None = None,
) -> Move:
    """The one-time cost of moving `scenario`'s stored files from `source` to `target` at the
    prices of `as_of`."""
    import costmodel.model.resources  # noqa: F401  (registers the priced types)

    catalog = catalog or default_catalog()
    terms = terms or MoveTerms()
    waivers = terms.waivers
    count = terms.objects if terms.objects is not None else scenario.objects
    moved = dataclasses.replace(scenario, uploads=count or 0.0)
    old_ctx = Context(scenario=moved, graph=tuple(source.graph), regions=dict(source.regions))
    new_ctx = Context(scenario=moved, graph=tuple(target.graph), regions=dict(target.regions))
    old, new = files_buckets(source, old_ctx), files_buckets(target, new_ctx)
    head = Move(source.name, target.name, scenario.stored, count)
    if source is target:
        return dataclasses.replace(head, notes=("the setup moved from",))
    if not old or not new:  # a plan's buckets outside the storage role: which one is unknown
        missing = source.name if not old else target.name
        why = f"{missing} has no files bucket (a bucket in the storage role) to move from or to"
        hole = Unpriced(missing, "files bucket", "", "storage", None, why)
        return dataclasses.replace(head, unpriced=(hole,))
    here = {place(b, old_ctx) for b in old}
    if all(place(b, new_ctx) in here for b in new):
        where = ", ".join(sorted(f"{k} {r}".strip() for k, r in here))
        return dataclasses.replace(head, notes=(f"the files stay where they are ({where})",))
    notes: list[str] = []
    out = _Pricer(catalog, old_ctx, as_of, "--prices-as-of")
    out.book = source.price_book
    for bucket in old:
        bucket_kind = kind(bucket)
        assert bucket_kind is not None  # files_buckets keeps known kinds only
        if bucket_kind in FREE_OUT:
            notes.append(f"{bucket.name}: transfer out free ({FREE_OUT[bucket_kind]})")
            continue
        comp = _out_component(bucket_kind, catalog)
        _price(out, bucket, comp, "aws" if bucket_kind == "s3" else "gcp")
    lines, waived, programs = _waive(out.lines, waivers, as_of, notes)
    into = _Pricer(catalog, new_ctx, as_of, "--prices-as-of")
    into.book = target.price_book
    unpriced = list(out.unpriced)
    for bucket in new:
        provider, writes = PRICED[bucket.type].provider, _in_components(bucket)
        why = "" if writes else "no upload price known for this type"
        if count is None:
            why = UNKNOWN_COUNT
        if why:
            unpriced.append(Unpriced(bucket.name, bucket.type, provider, bucket.role, INGEST, why))
            continue
        for comp in writes:
            _price(into, bucket, comp, provider)
    unpriced += into.unpriced
    stored = format_bytes(scenario.stored)
    files = f"{format_count(count)} files" if count is not None else "files of unknown number"
    notes.insert(0, f"moves {stored} in {files}, priced as a month of its own")
    return dataclasses.replace(
        head,
        lines=(*lines, *into.lines),
        unpriced=tuple(unpriced),
        notes=tuple(notes),
        waived_cents=waived,
        programs=programs,
    )


def _price(pricer: _Pricer, bucket: Resource, comp: Component, provider: str) -> None:
    entry = PricedType(bucket.type, provider, (comp,))
    try:
        pricer.component(bucket, entry, comp, pricer.ctx)
    except Unpriceable as exc:
        pricer._skip(bucket, comp.name, str(exc))


def _waive(
    lines: Sequence[LineItem], waivers: Collection[str], as_of: dt.date, notes: list[str]
) -> tuple[list[LineItem], int, tuple[str, ...]]:
    """The transfer-out lines less those a waiver the operator applies covers, what it took
    off and the programs named; a waiver not applied is named in `notes`, so the operator can
    ask for it."""
    kept: list[LineItem] = []
    waived = 0
    offered: dict[str, int] = {}
    for line in lines:
        program = WAIVERS.get(line.provider)
        if program is None or as_of < program.since:
            kept.append(line)
        elif line.provider in waivers:
            waived += line.cents
        else:
            kept.append(line)
            offered[line.provider] = offered.get(line.provider, 0) + line.cents
    applied = sorted({line.provider for line in lines} & set(waivers))
    for provider in applied:
        program = WAIVERS[provider]
        if as_of < program.since:
            notes.append(f"no {provider} exit waiver before {program.since.isoformat()}")
        else:
            notes.append(f"{provider}'s transfer out waived (--exit-waiver {provider})")
    for provider, cents in sorted(offered.items()):
        notes.append(
            f"{provider} waives this ${cents / 100:,.2f} transfer out for a customer leaving it, "
            f"on request (not applied: --exit-waiver {provider})"
        )
    return kept, waived, tuple(sorted({*applied, *offered}))
