"""`indexplan prices`: import official price files, show the tiers in force, check the catalog."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from indexplan.render import format_help
from indexplan.render.output import OutputFormat

if TYPE_CHECKING:
    from costmodel.model.prices import Catalog, PriceKey, Selected
    from costmodel.readers.price_import.plan import ImportPlan
    from indexplan.render import Report

app = typer.Typer(
    no_args_is_help=True,
)
CATALOG_HELP = "The catalog directory to read. Default: the shipped costmodel/catalog."
IMPORT_CATALOG_HELP = (
    "The catalog directory to read and update. Default: the shipped costmodel/catalog."
)
IMPORT_FORMAT_HELP = format_help("one row per version added or price skipped")
SHOW_FORMAT_HELP = format_help("one row per tier")
CHECK_FORMAT_HELP = format_help("one row per price to review")
IMPORT_KEYS = ("status", "sku", "description", "price", "effective", "tiers", "detail", "note")
TIER_KEYS = ("price", "effective", "confidence", "unit", "from", "upto", "usd_per_unit")
CHECK_KEYS = ("price", "newest", "checked", "confidence", "why", "file")


def _catalog_dir(catalog: Path | None) -> Path:
    from costmodel.model.prices import CATALOG_DIR

    return CATALOG_DIR if catalog is None else catalog


class Provider(StrEnum):
    aws = "aws"
    gcp = "gcp"


@app.command("import")
def import_file(
    provider: Provider = typer.Argument(
        ..., help="aws: an AWS Price List offer file; gcp: a Cloud Billing Catalog SKU list."
    ),
    file: Path = typer.Argument(..., help="The price file (JSON)."),
    catalog: Path | None = typer.Option(None, "--catalog", metavar="DIR", help=IMPORT_CATALOG_HELP),
    dry_run: bool = typer.Option(
        False, "--dry-run", help="Report what would change; write nothing."
    ),
    force: bool = typer.Option(
        False,
        "--force",
        help="Import rates more than 10x above or below the catalog's (otherwise skipped).",
    ),
    format: OutputFormat = typer.Option(
        OutputFormat.table, "--format", "-f", help=IMPORT_FORMAT_HELP
    ),
) -> None:
    """Add dated versions and new prices to the catalog from an official price file.

    aws reads an AWS Price List bulk offer file (the On-Demand terms of CloudFront data out
    and HTTPS requests, S3 storage and requests, RDS for PostgreSQL, ElastiCache and SQS
    standard, each dated by its term's effectiveDate), downloaded from
    `https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/OFFER_CODE/current/REGION/index.json`,
    or the price feed behind an AWS pricing page (RDS for PostgreSQL, ElastiCache; dated by
    its publication date), such as
    `https://b0.p.awsstatic.com/pricing/2.0/meteredUnitMaps/rds/USD/current/rds-postgresql-ondemand.json`

    gcp reads a Cloud Billing Catalog SKU list ({"skus": [...]}): Cloud CDN cache egress,
    fill and lookups, Cloud Storage Standard and Archive storage, each dated by its
    effectiveTime. Fetch one with
    `curl "https://cloudbilling.googleapis.com/v1/services/SERVICE_ID/skus?key=$API_KEY"`

    A region, class or zone the catalog lacks becomes a new price, in the unit of the
    catalog's prices of the same service and dimension. Each version names the file and SKU
    as its source and goes to the catalog's imported/PROVIDER.yaml; prices are converted to
    the catalog's billing unit, and a free allowance the catalog records but price lists omit
    is carried over. A rate more than 10x away from the catalog's is skipped unless --force.
    Everything not imported is listed as skipped, with the reason.

    Examples:

        indexplan prices import aws examples/AmazonCloudFront.json --dry-run

        indexplan prices import aws rds-postgresql-ondemand.json

        indexplan prices import gcp cloud-cdn-skus.json --catalog ./my-catalog --format json
    """
    from costmodel.readers.price_import.run import import_prices
    from indexplan.paths import require_file
    from indexplan.render.output import emit

    require_file(file)
    plan = import_prices(provider.value, file, _catalog_dir(catalog), dry_run, force)
    rows = import_rows(plan)
    structured = [{**r, "tiers": a.version.tiers} for r, a in zip(rows, plan.added, strict=False)]
    data = {
        "source": plan.source,
        "dry_run": dry_run,
        "changes": structured + rows[len(structured) :],
    }
    emit(format, import_report(plan, rows, dry_run), data, IMPORT_KEYS, rows)


def import_rows(plan: ImportPlan) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for a in plan.added:
        rows.append(
            {
                "status": "added",
                "sku": a.ref,
                "description": None,
                "price": str(a.key),
                "effective": a.version.effective.isoformat(),
                "tiers": _tiers_text(a.version.tiers),
                "detail": a.change,
                "note": a.version.note,
            }
        )
    for s in plan.skipped:
        rows.append(
            {
                "status": "skipped",
                "sku": s.ref,
                "description": s.description,
                "price": None,
                "effective": None,
                "tiers": None,
                "detail": s.reason,
                "note": None,
            }
        )
    return rows


def import_report(plan: ImportPlan, rows: list[dict[str, Any]], dry_run: bool) -> Report:
    from indexplan.render import Column, Notes, Report, Table

    added = [r for r in rows if r["status"] == "added"]
    skipped = [r for r in rows if r["status"] == "skipped"]
    verb = "to add (dry run)" if dry_run else "added"
    files = plan.files
    summary = [
        f"{len(added)} version(s) {verb}, {len(skipped)} price(s) skipped",
        "dry run: the catalog was not changed"
        if dry_run
        else f"catalog files updated: {', '.join(files) or 'none'}",
    ]
    return Report(
        f"Price import: {plan.source}",
        [
            Table(
                f"Versions {verb}",
                [
                    Column("Price", "price"),
                    Column("Effective", "effective"),
                    Column("Tiers (USD per unit)", "tiers"),
                    Column("Change", "detail"),
                ],
                added,
            ),
            Table(
                "Skipped",
                [Column("SKU", "sku"), Column("What", "description"), Column("Why", "detail")],
                skipped,
            ),
            Notes("Notes", [f"{r['price']}: {r['note']}" for r in added if r["note"]] + summary),
        ],
    )


def _tiers_text(tiers: list[tuple[float | None, float]]) -> str:
    """`to 10,240: 0.085; ...; over 5,242,880: 0.02` (no brackets: rich reads them as markup)."""
    if len(tiers) == 1:
        return f"flat: {tiers[0][1]:.10g}"
    parts, lower = [], 0.0
    for upto, price in tiers:
        parts.append(
            f"{f'over {lower:,.10g}' if upto is None else f'to {upto:,.10g}'}: {price:.10g}"
        )
        lower = upto or lower
    return "; ".join(parts)


@app.command("show")
def show(
    service: str = typer.Argument(
        ...,
        help="A catalog service (cloudfront, s3, cloud_cdn, ...) or a provider (aws, gcp, "
        "fastly) for all of its services.",
    ),
    as_of: str | None = typer.Option(
        None, "--as-of", metavar="DATE", help="Show the prices in force on DATE. Default: today."
    ),
    catalog: Path | None = typer.Option(None, "--catalog", metavar="DIR", help=CATALOG_HELP),
    format: OutputFormat = typer.Option(
        OutputFormat.table, "--format", "-f", help=SHOW_FORMAT_HELP
    ),
) -> None:
    """Print the tiers of every price of SERVICE in force on a date, with source and confidence.

    SERVICE may be a provider (aws, gcp, fastly): every price of that provider is shown. What
    the catalog lists as unpriced (a region with no dated source) follows, with the whole
    reason: where we looked, and which regions do have a source.

    Examples:

        indexplan prices show cloudfront

        indexplan prices show fastly

        indexplan prices show cdn_interconnect --as-of 2026-04-30

        indexplan prices show s3 --format json
    """
    from costmodel.errors import InputError
    from costmodel.model.prices import load_catalog
    from indexplan.options import parse_pricing_date
    from indexplan.render.output import emit

    day = dt.date.today() if as_of is None else parse_pricing_date(as_of, "--as-of")
    cat = load_catalog(_catalog_dir(catalog))
    keys = [key for key, _, _ in cat.prices() if service in (key.service, key.provider)]
    unpriced = [(k, why) for k, why in cat.unpriced() if service in (k.service, k.provider)]
    if not keys and not unpriced:
        known = sorted({key.service for key, _, _ in cat.prices()})
        providers = sorted({key.provider for key, _, _ in cat.prices()})
        raise InputError(
            "SERVICE",
            repr(service),
            f"unknown service; known: {', '.join(known)}; or a provider: {', '.join(providers)}",
        )
    in_force = [_in_force(cat, key, day) for key in keys]
    selected = [s for s in in_force if not isinstance(s, str | None)]
    later = [str(k) for k, s in zip(keys, in_force, strict=True) if s is None]
    ended = [s for s in in_force if isinstance(s, str)]
    rows = [row for s in selected for row in tier_rows(s)]
    data = {
        "service": service,
        "as_of": day.isoformat(),
        "prices": [_shown(s) for s in selected],
        "unpriced": [{"price": str(k), "reason": why} for k, why in unpriced],
    }
    report = show_report(service, day, selected, later, ended, unpriced_notes(unpriced))
    emit(format, report, data, TIER_KEYS, rows)


def unpriced_notes(unpriced: list[tuple[PriceKey, str]]) -> list[str]:
    """One line per reason: the prices it covers (zones grouped by price), then the reason."""
    by_reason: dict[str, dict[str, list[str]]] = {}
    for key, why in unpriced:
        price = str(key._replace(zone=""))
        by_reason.setdefault(why, {}).setdefault(price, []).append(key.zone)
    return [
        "; ".join(f"{price} in {', '.join(zones)}" for price, zones in prices.items()) + f": {why}"
        for why, prices in by_reason.items()
    ]


def _in_force(cat: Catalog, key: PriceKey, day: dt.date) -> Selected | str | None:
    """The version of `key` in force on `day`; why it ended, when it did; None when it is not
    priced yet (not launched, or before its first version)."""
    from costmodel.errors import InputError
    from costmodel.model.prices import NotLaunched, PriceEnded

    try:
        return cat.select(key, day)
    except PriceEnded as exc:
        return str(exc)
    except (InputError, NotLaunched):
        return None


def tier_rows(s: Selected) -> list[dict[str, Any]]:
    rows, lower = [], 0.0
    for upto, price in s.version.tiers:
        rows.append(
            {
                "price": str(s.key),
                "effective": s.version.effective.isoformat(),
                "confidence": s.version.confidence,
                "unit": s.price.unit,
                "from": lower,
                "upto": upto,
                "usd_per_unit": price,
            }
        )
        lower = upto or lower
    return rows


def _shown(s: Selected) -> dict[str, Any]:
    v = s.version
    return {
        "price": str(s.key),
        "unit": s.price.unit,
        "effective": v.effective.isoformat(),
        "source": v.source,
        "confidence": v.confidence,
        "note": v.note,
        "tiers": [{"from": r["from"], "upto": r["upto"], "usd_per_unit": r["usd_per_unit"]}
                  for r in tier_rows(s)],
    }  # fmt: skip


def show_report(
    service: str,
    day: dt.date,
    selected: list[Selected],
    later: list[str],
    ended: list[str],
    unpriced: list[str],
) -> Report:
    from indexplan.render import Column, Notes, Report, Section, Table

    def bound(x: float | None) -> str:
        return "no limit" if x is None else f"{x:,.10g}"

    sections: list[Section] = []
    for s in selected:
        v = s.version
        title = f"{s.key}: USD per {s.price.unit}, since {v.effective} ({v.confidence})"
        columns = [
            Column("From", "from", numeric=True, fmt=bound),
            Column("Up to", "upto", numeric=True, fmt=bound),
            Column("USD per unit", "usd_per_unit", numeric=True, fmt=lambda p: f"{p:.10g}"),
        ]
        sections.append(Table(title, columns, tier_rows(s)))
        sections.append(Notes("Source", [v.source, *([v.note] if v.note else [])]))
    if later:
        sections.append(
            Notes(f"Not yet priced on {day} (not launched, or before the first known price)", later)
        )
    if ended:
        sections.append(Notes(f"No longer priced on {day} (the price ended)", ended))
    if unpriced:
        sections.append(Notes("Unpriced (no dated source), with the reason", unpriced))
    return Report(f"Prices of {service} in force on {day}", sections)


@app.command("check")
def check(
    today: str | None = typer.Option(
        None, "--today", metavar="DATE", help="Judge staleness as of DATE. Default: today."
    ),
    catalog: Path | None = typer.Option(None, "--catalog", metavar="DIR", help=CATALOG_HELP),
    format: OutputFormat = typer.Option(
        OutputFormat.table, "--format", "-f", help=CHECK_FORMAT_HELP
    ),
) -> None:
    """Validate the price catalog and list the prices to look at again.

    Lists every price whose newest version was last checked against its source (`checked`)
    more than a year ago or never, or whose confidence is not `confirmed` (third-party or
    unconfirmed). Exit status 0 even when it lists prices; 2 when the catalog itself is
    invalid (one line naming the file and entry).

    Examples:

        indexplan prices check

        indexplan prices check --today 2027-06-01 --format markdown
    """
    from costmodel.model.prices import load_catalog
    from indexplan.options import parse_pricing_date
    from indexplan.render.output import emit

    day = dt.date.today() if today is None else parse_pricing_date(today, "--today")
    cat = load_catalog(_catalog_dir(catalog))
    rows = review_rows(cat, day)
    total = sum(1 for _ in cat.prices())
    unpriced = sum(1 for _ in cat.unpriced())
    data = {"today": day.isoformat(), "prices": total, "unpriced": unpriced, "to_review": rows}
    emit(format, check_report(day, total, unpriced, rows), data, CHECK_KEYS, rows)


def year_before(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def review_rows(cat: Catalog, day: dt.date) -> list[dict[str, Any]]:
    cutoff = year_before(day)
    rows = []
    for key, price, where in cat.prices():
        newest = price.versions[-1]
        why = []
        if newest.checked is None:
            why.append("never checked against its source")
        elif newest.checked < cutoff:
            why.append(f"last checked {newest.checked}, more than a year ago")
        if newest.confidence != "confirmed":
            why.append(f"confidence {newest.confidence}")
        if why:
            rows.append(
                {
                    "price": str(key),
                    "newest": newest.effective.isoformat(),
                    "checked": newest.checked.isoformat() if newest.checked else None,
                    "confidence": newest.confidence,
                    "why": "; ".join(why),
                    "file": where,
                }
            )
    return rows


def check_report(day: dt.date, total: int, unpriced: int, rows: list[dict[str, Any]]) -> Report:
    from indexplan.render import Column, Notes, Report, Table

    columns = [
        Column("Price", "price"),
        Column("Newest", "newest"),
        Column("Checked", "checked"),
        Column("Confidence", "confidence"),
        Column("Why", "why"),
    ]
    summary = (
        f"catalog valid: {total} prices ({unpriced} more listed as unpriced, with the reason), "
        f"{len(rows)} to review as of {day}"
    )
    return Report(
        "Price catalog check", [Table("To review", columns, rows), Notes("Summary", [summary])]
    )
