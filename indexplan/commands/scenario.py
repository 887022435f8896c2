"""`indexplan scenario from-logs|from-table`: a traffic scenario derived from what the CDN and
the download statistics already record, instead of typed in."""

from __future__ import annotations

import dataclasses
import re
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from costmodel.errors import InputError, printable
from indexplan.render.output import OutputFormat

if TYPE_CHECKING:
    from costmodel.readers.logs.derive import Figures
    from indexplan.render import Report

app = typer.Typer(
    no_args_is_help=True,
)

OUTPUT_HELP = (
    "Write the scenario here (replaced atomically, only once it validates) and print a "
    "report instead. Default: the scenario YAML on stdout."
)
LOCATION_HELP = (
    "Map an edge location or country code the shipped tables lack, e.g. QPG=asia_pacific."
)
MONTH_HELP = "Describe this calendar month. Default: the latest complete one."
REPORT_HELP = (
    "The report printed with --output: table (readable), json, csv (one row per month) or markdown."
)


class RegionsBy(StrEnum):
    pop = "pop"
    country = "country"


@app.command("from-logs")
def from_logs(
    files: list[str] = typer.Argument(
        ..., metavar="FILE", help="Log files, plain, gzip or zstd, or globs ('logs/*.gz')."
    ),
    log_format: str = typer.Option(
        "auto",
        "--log-format",
        "-l",
        metavar="FORMAT",
        help="auto, cloudfront, fastly, cloudcdn, gcs-usage or s3-access; a CDN format and an "
        "origin one may be given together: fastly,gcs-usage.",
    ),
    field: list[str] = typer.Option(
        [],
        "--field",
        metavar="NAME=KEY",
        help="Fastly: the JSON key (dots for nesting) holding NAME, one of timestamp, bytes, "
        "cache, pop, country, method, status. Default: indexplan's own log format.",
    ),
    regions_by: RegionsBy | None = typer.Option(
        None,
        "--regions-by",
        help="Fastly: place traffic by the POP that served it (as bills do) or the client's "
        "country. Default: pop.",
    ),
    location: list[str] = typer.Option([], "--location", metavar="CODE=REGION", help=LOCATION_HELP),
    month: str | None = typer.Option(None, "--month", metavar="YYYY-MM", help=MONTH_HELP),
    output: Path | None = typer.Option(None, "--output", "-o", metavar="FILE", help=OUTPUT_HELP),
    name: str | None = typer.Option(None, "--name", help="The scenario's name."),
    strict: bool = typer.Option(
        False, "--strict", help="Refuse logs with any malformed line (default: count, skip)."
    ),
    format: OutputFormat | None = typer.Option(None, "--format", "-f", help=REPORT_HELP),
) -> None:
    """Derive a scenario from CDN logs, optionally with the origin's logs beside them.

    Each file's format is recognised from its first lines: CloudFront standard logs, the JSON
    lines indexplan's Fastly service writes, Cloud CDN request logs exported from Cloud
    Logging, Cloud Storage usage logs and S3 server access logs. DuckDB reads the files where
    they are, all cores at once, and aggregates them by hour, edge location and month.

    The scenario describes the latest complete calendar month: its egress and requests, the
    cache hit ratio weighted by bytes, region shares, uploads, the peak day and hour against
    the mean, and, with three months or more, the yearly growth. Less than a month is scaled
    to a month, and the factor is stated. Origin logs (gcs-usage, s3-access) refine the hit
    ratio to 1 - origin bytes / CDN bytes and give the uploads.

    Malformed lines are counted, reported and skipped (--strict refuses them); unknown edge
    locations and countries are reported, never dropped silently.

    Examples:

        indexplan scenario from-logs 'cloudfront/E2ABC.2026-03-*.gz' -o march.yaml

        indexplan scenario from-logs downloads/*.json.zst usage/*.csv > scenario.yaml

        indexplan scenario from-logs fastly/*.gz --field bytes=resp_bytes --field pop=dc
    """
    from costmodel.readers.logs.read import Options
    from costmodel.readers.logs.read import from_logs as read_logs
    from costmodel.readers.logs.scenario_out import check_output

    check_output(output)
    report = _report_format(format, output)
    fields = _pairs(field, "--field", "NAME=KEY, e.g. bytes=resp_body_bytes")
    options = Options(
        log_format=log_format,
        fields=fields or None,
        regions_by=regions_by.value if regions_by else None,
        month=_month(month),
        locations=tuple(location),
        strict=strict,
    )
    bar = report is not OutputFormat.json  # as every command: no bar beside JSON
    run = _with_progress(bar, lambda start, done: read_logs(files, options, start, done))
    check_output(output, [c.file.path for c in run.counts])
    fig = run.figures
    description = f"Traffic from {run.cdn_format} logs, {fig.period.label}"
    malformed = sum(c.bad + c.unreadable for c in run.counts)
    if malformed:  # their bytes and requests are missing from the figures: say so out loud
        read = sum(c.lines for c in run.counts)
        skipped = f"{malformed:,} of {read:,} log lines malformed, skipped (--strict refuses them)"
        fig = dataclasses.replace(fig, notes=[*fig.notes, skipped])
    _finish(fig, "from-logs", run.source(), description, name, output, report, malformed)


@app.command("from-table")
def from_table(
    downloads: list[str] = typer.Option(
        [],
        "--downloads",
        metavar="PARQUET",
        help="Parquet export of bigquery-public-data.pypi.file_downloads (files or globs).",
    ),
    metadata: list[str] = typer.Option(
        [],
        "--metadata",
        metavar="PARQUET",
        help="Parquet export of bigquery-public-data.pypi.distribution_metadata (sizes).",
    ),
    bigquery: bool = typer.Option(
        False, "--bigquery", help="Run the query in BigQuery, where the tables live."
    ),
    dry_run: bool = typer.Option(
        False,
        "--dry-run",
        help="Print the SQL instead of running it; with --bigquery, also BigQuery's estimate "
        "of the bytes it would scan (nothing is queried or billed).",
    ),
    project: str | None = typer.Option(
        None, "--project", help="Google Cloud project BigQuery bills the query to."
    ),
    downloads_table: str = typer.Option(
        "bigquery-public-data.pypi.file_downloads",
        "--downloads-table",
        metavar="PROJECT.DATASET.TABLE",
        help="With --bigquery: the downloads table.",
    ),
    metadata_table: str = typer.Option(
        "bigquery-public-data.pypi.distribution_metadata",
        "--metadata-table",
        metavar="PROJECT.DATASET.TABLE",
        help="With --bigquery: the file metadata table.",
    ),
    start: str | None = typer.Option(
        None, "--start", metavar="DATE", help="First day (YYYY-MM-DD); needed with --bigquery."
    ),
    end: str | None = typer.Option(
        None, "--end", metavar="DATE", help="Last day, included; needed with --bigquery."
    ),
    location: list[str] = typer.Option([], "--location", metavar="CODE=REGION", help=LOCATION_HELP),
    month: str | None = typer.Option(None, "--month", metavar="YYYY-MM", help=MONTH_HELP),
    output: Path | None = typer.Option(None, "--output", "-o", metavar="FILE", help=OUTPUT_HELP),
    name: str | None = typer.Option(None, "--name", help="The scenario's name."),
    format: OutputFormat | None = typer.Option(None, "--format", "-f", help=REPORT_HELP),
) -> None:
    """Derive a scenario from PyPI's download statistics, with one SQL query.

    Each row of file_downloads is one download; joined with distribution_metadata on the file
    name it gives egress (the sum of file sizes), requests, region shares by client country,
    the peak day and hour, and growth over three months or more; the metadata also gives the
    files uploaded and the bytes stored. The table has no cache status, so the cache hit
    ratio is left to its default.

    The query is written once, in DuckDB's dialect, and runs on a Parquet export by default.
    With --bigquery it is translated by sqlglot and run by google-cloud-bigquery (pip install
    'indexplan[bigquery]') with your Google credentials; --dry-run prints the SQL and
    BigQuery's estimate of the bytes it would scan.

    Examples:

        indexplan scenario from-table --downloads 'sample/downloads-*.parquet' \\
            --metadata sample/metadata.parquet -o pypi.yaml

        indexplan scenario from-table --bigquery --start 2026-03-01 --end 2026-03-31 --dry-run

        indexplan scenario from-table --bigquery --project my-project \\
            --start 2026-01-01 --end 2026-03-31 -o pypi-q1.yaml
    """
    from glob import glob

    from costmodel.readers import downloads as table
    from costmodel.readers.logs.scenario_out import check_output

    check_output(
        output, [Path(p) for g in (*downloads, *metadata) for p in glob(g, recursive=True)]
    )
    report = _report_format(format, output)
    options = table.TableOptions(
        downloads=tuple(downloads),
        metadata=tuple(metadata),
        bigquery=bigquery,
        project=project,
        tables={"file_downloads": downloads_table, "distribution_metadata": metadata_table},
        start=_date(start, "--start"),
        end=_date(end, "--end"),
        month=_month(month),
        locations=tuple(location),
    )
    if dry_run:
        if bigquery:
            _bigquery_dry_run(options)
        else:
            typer.echo(table.query(options).strip())
        return
    run = table.from_table(options)
    description = f"Traffic from PyPI's download table, {run.figures.period.label}"
    _finish(run.figures, "from-table", run.source, description, name, output, report)


def _report_format(format: OutputFormat | None, output: Path | None) -> OutputFormat:
    """The report's format; refused without --output, where stdout holds the scenario."""
    if format is not None and output is None:
        raise InputError(
            "--format",
            format.value,
            "the report is printed with --output; without it stdout is the scenario's YAML",
        )
    return format or OutputFormat.table


def _bigquery_dry_run(options: Any) -> None:
    """The translated SQL, which needs neither the client library nor credentials, then
    BigQuery's estimate of the bytes it would scan, or one line on stderr saying why there is
    none (the SQL was printed: exit status 0)."""
    from costmodel.model.quantities import format_bytes
    from costmodel.readers import downloads as table
    from indexplan.render.output import say

    sql = table.bigquery_sql(options)
    typer.echo(sql)
    try:
        scanned = table.bigquery_estimate(sql, options)
    except InputError as exc:
        say(f"note: no estimate of the bytes BigQuery would scan ({exc}); nothing was queried")
        return
    typer.echo(
        f"-- BigQuery dry run: this query would process {scanned:,} bytes "
        f"({format_bytes(scanned)})."
    )


def _date(value: str | None, option: str) -> Any:
    from indexplan.options import parse_date

    return parse_date(value, option) if value is not None else None


def _with_progress(enabled: bool, work: Any) -> Any:
    """Runs `work(on_start, on_files)` with a progress bar (files, bytes) on a terminal."""
    import contextlib

    from indexplan.progress import file_progress

    with contextlib.ExitStack() as stack:
        advance: list[Any] = []

        def start(count: int, size: int) -> None:
            advance.append(stack.enter_context(file_progress("reading logs", count, size, enabled)))

        def done(batch: Any) -> None:
            advance[0](len(batch), sum(f.size for f in batch))

        return work(start, done)


def _finish(
    fig: Figures,
    command: str,
    source: str,
    description: str,
    name: str | None,
    output: Path | None,
    format: OutputFormat,
    malformed: int | None = None,
) -> None:
    """Write the scenario (stdout or --output), then the notes to stderr and, with --output,
    the report to stdout (with `malformed_lines`, the lines skipped, for logs)."""
    from costmodel.readers.logs import scenario_out
    from indexplan.render.output import emit, say

    title = name or (output.stem if output is not None else command)
    doc = scenario_out.document(fig, title, description, source)
    comments = [
        f"Derived by `indexplan scenario {command}`; `source` says from what.",
        "Per calendar month (cache hit: the input's own hit/miss marks):",
        *(f"  {line}" for line in scenario_out.month_table(fig)),
        *([f"Growth: {_growth_text(fig)}."] if fig.growth else []),
        *(f"Warning: {warning}" for warning in fig.warnings),
        *(f"Note: {note}" for note in fig.notes),
    ]
    text = scenario_out.render(doc, comments)
    scenario_out.write(text, doc, output)
    for warning in fig.warnings:  # first: the notes may run long
        say(f"warning: {warning}")
    for note in fig.notes:
        say(f"note: {note}")
    if output is None:
        typer.echo(text, nl=False)
        return
    months = _month_rows(fig)
    keys = list(months[0]) if months else []
    data = {
        "output": str(output),
        "scenario": {**doc, "as_of": doc["as_of"].isoformat()},
        "period": fig.period.label,
        "scale": fig.period.scale,
        "months": [_month_json(mo) for mo in fig.months],
        "growth": _growth_dict(fig),
        **({} if malformed is None else {"malformed_lines": malformed}),
        "warnings": fig.warnings,
        "notes": fig.notes,
    }
    emit(format, _report(fig, doc, output, malformed), data, keys, months)


def _report(fig: Figures, doc: dict[str, Any], output: Path, malformed: int | None) -> Report:
    from costmodel.model.quantities import format_bytes, format_count
    from indexplan.render import Column, Notes, Report, Table

    def percent(value: float) -> str:
        return f"{value:.2%}"

    def times(value: float) -> str:
        return f"x{value:.2f}"

    month_columns = [
        Column("Month", "month", no_wrap=True),
        Column("Days", "days_covered", numeric=True, fmt=lambda d: f"{d:.2f}"),
        Column("Requests", "requests", numeric=True, fmt=format_count),
        Column("Egress", "egress_bytes", numeric=True, fmt=format_bytes),
        Column("Cache hit", "cache_hit_ratio", numeric=True, fmt=percent),
        Column("Uploads", "uploads", numeric=True, fmt=format_count),
        Column("Peak day", "peak_day_egress", numeric=True, fmt=times),
        Column("Peak hour", "peak_hour_egress", numeric=True, fmt=times),
    ]
    lines = [
        f"period: {fig.period.label}"
        + (f" (scaled x{fig.period.scale:.4g})" if fig.period.scale != 1 else ""),
        f"egress: {format_bytes(fig.egress)}/month, requests: {format_count(fig.requests)}/month",
    ]
    if fig.cache_hit_ratio is not None:
        lines.append(f"cache hit ratio: {fig.cache_hit_ratio:.2%} ({fig.hit_basis})")
    if fig.uploads is not None:
        lines.append(f"uploads: {format_count(fig.uploads)}/month ({fig.uploads_basis})")
    for unit, (egress, requests) in fig.peaks.items():
        lines.append(f"peak {unit}: egress x{egress:.2f}, requests x{requests:.2f} the mean")
    if fig.growth:
        lines.append(f"growth: {_growth_text(fig)}")
    if malformed is not None:
        lines.append(f"malformed lines: {malformed:,} (skipped)")
    rows = _month_rows(fig)
    sections: list[Table | Notes] = [Table("Per calendar month", month_columns, rows)]
    shares = [key for key in (rows[0] if rows else {}) if key.startswith("share_")]
    if shares:
        share_columns = [Column("Month", "month", no_wrap=True)] + [
            Column(key.removeprefix("share_"), key, numeric=True, fmt=percent) for key in shares
        ]
        title = f"Region shares of egress per month, by {fig.located_by}"
        sections.append(Table(title, share_columns, rows))
    sections.append(Notes("Scenario", lines))
    if fig.regions:
        region_columns = [
            Column("Region", "region"),
            Column("Share of egress", "share", numeric=True, fmt=percent),
        ]
        rows = [{"region": r, "share": share} for r, share in fig.regions.items()]
        sections.append(Table(f"Regions, by {fig.located_by}", region_columns, rows))
    if fig.warnings:
        sections.append(Notes("Warnings", fig.warnings))
    if fig.notes:
        sections.append(Notes("Notes", fig.notes))
    title = f"Scenario {printable(str(doc['name']))} written to {printable(str(output))}"
    return Report(title, sections)


def _month_rows(fig: Figures) -> list[dict[str, Any]]:
    """Each month's figures, flat (for CSV and the report's table): the totals as read, the
    uploads, the peaks and one `share_REGION` per region any month has."""
    regions = sorted({r for mo in fig.months for r in (mo.regions or {})})
    rows = []
    for mo in fig.months:
        row = _month_totals(mo)
        for unit in ("day", "hour"):
            egress, requests = mo.peaks.get(unit, (None, None))
            row[f"peak_{unit}_egress"] = egress
            row[f"peak_{unit}_requests"] = requests
        for region in regions:
            row[f"share_{region}"] = (mo.regions or {}).get(region)
        rows.append(row)
    return rows


def _month_totals(mo: Any) -> dict[str, Any]:
    t = mo.totals
    return {
        "month": mo.label,
        "days_covered": mo.covered.hours / 24 if mo.covered else 0.0,
        "requests": t.requests,
        "egress_bytes": t.bytes,
        "cache_hit_ratio": t.hit_bytes / t.judged_bytes if t.judged_bytes else None,
        "uploads": mo.uploads,
    }


def _month_json(mo: Any) -> dict[str, Any]:
    """One month for the JSON report: the totals as read, uploads, peaks and region shares."""
    peaks = {unit: {"egress": e, "requests": r} for unit, (e, r) in mo.peaks.items()}
    return {**_month_totals(mo), "peaks": peaks, "regions": mo.regions}


def _growth_text(fig: Figures) -> str:
    g = fig.growth
    assert g is not None
    return (
        f"x{g.per_year:.4g} a year (x{g.low:.4g} to x{g.high:.4g} within one standard error), "
        f"fitted to {g.months} months"
    )


def _growth_dict(fig: Figures) -> dict[str, Any] | None:
    g = fig.growth
    if g is None:
        return None
    return {"per_year": g.per_year, "low": g.low, "high": g.high, "months": g.months}


def _pairs(values: list[str], option: str, expected: str) -> dict[str, str]:
    pairs = {}
    for value in values:
        key, sep, target = value.partition("=")
        if not sep or not key.strip() or not target.strip():
            raise InputError(option, value, f"expected {expected}")
        pairs[key.strip()] = target.strip()
    return pairs


def _month(value: str | None) -> str | None:
    if value is not None and not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", value):
        raise InputError("--month", value, "expected a month, YYYY-MM")
    return value
