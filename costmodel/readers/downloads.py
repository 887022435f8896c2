"""Traffic from a download-statistics table: PyPI's `bigquery-public-data.pypi.file_downloads`
(one row per file downloaded: `timestamp`, `country_code`, `file.filename`, ...) joined with
`bigquery-public-data.pypi.distribution_metadata` (one row per file uploaded: `filename`,
`size`, `upload_time`, ...) for the sizes.

One SQL query, written once in DuckDB's dialect, computes what the log readers compute
(hourly downloads and bytes, bytes by country and month) plus the uploads per day and the bytes
stored. DuckDB runs it on an exported Parquet sample by default; with `--bigquery` sqlglot
translates it (costmodel/readers/sql.py) and google-cloud-bigquery runs it where the table
lives. Either way its few hundred rows land in the same `parts` table the log engine fills,
and the same derivation (logs/derive.py) turns them into the scenario's figures.

Egress here is the sum of file sizes: response headers are not counted, and a download of a
file the metadata does not list adds a request but no bytes (reported). The table has no cache
status, so the scenario's cache hit ratio is left to its default.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from costmodel.errors import InputError
from costmodel.model.quantities import format_count
from costmodel.readers.logs.derive import Figures, base_figures
from costmodel.readers.logs.engine import database
from costmodel.readers.logs.files import expand
from costmodel.readers.logs.months import Month, Span
from costmodel.readers.logs.regions import parse_extra
from costmodel.readers.logs.text import printable
from costmodel.readers.sql import for_bigquery, run_bigquery

if TYPE_CHECKING:
    import duckdb

PYPI_TABLES = {
    "file_downloads": "bigquery-public-data.pypi.file_downloads",
    "distribution_metadata": "bigquery-public-data.pypi.distribution_metadata",
}
# The columns the query reads, by table (the export of PyPI's tables has them all).
NEEDED = {
    "file_downloads": ("timestamp", "country_code", "file"),
    "distribution_metadata": ("filename", "size", "upload_time"),
}

# Every part reads a file through `sizes`, one row per filename: the metadata may list a file
# twice, and egress, uploads and stored bytes must all count it once.
QUERY = """
WITH sizes AS (
    SELECT filename, max(size) AS size, min(upload_time) AS upload_time
    FROM distribution_metadata GROUP BY filename
),
downloads AS (
    SELECT d.timestamp AS ts, upper(d.country_code) AS country, s.size AS size,
           date_trunc('hour', d.timestamp) AS hour, date_trunc('month', d.timestamp) AS month
    FROM file_downloads AS d
    LEFT JOIN sizes AS s ON s.filename = d.file.filename
    WHERE {downloads_window}
)
SELECT CASE WHEN GROUPING(country) = 0 THEN 'place' ELSE 'time' END AS kind,
       CASE WHEN GROUPING(country) = 0 THEN month ELSE hour END AS period,
       country AS location,
       count(*) AS requests,
       sum(size) AS bytes,
       sum(CASE WHEN size IS NULL THEN 1 ELSE 0 END) AS unsized,
       min(ts) AS first_ts,
       max(ts) AS last_ts
FROM downloads
GROUP BY GROUPING SETS ((hour), (month, country))
UNION ALL
SELECT 'uploads', date_trunc('day', upload_time), NULL, count(*), sum(size), 0,
       min(upload_time), max(upload_time)
FROM sizes
WHERE {uploads_window}
GROUP BY 2
UNION ALL
SELECT 'stored before', NULL, NULL, count(*), sum(size), 0, NULL, NULL
FROM sizes
WHERE {before_window}
"""


@dataclass(frozen=True)
class TableOptions:
    downloads: Sequence[str] = ()  # Parquet files or globs (DuckDB)
    metadata: Sequence[str] = ()
    bigquery: bool = False
    project: str | None = None  # billing project for BigQuery
    tables: Mapping[str, str] = dataclasses.field(default_factory=lambda: dict(PYPI_TABLES))
    start: dt.date | None = None
    end: dt.date | None = None  # inclusive
    month: str | None = None
    locations: Sequence[str] = ()


@dataclass(frozen=True)
class TableRun:
    figures: Figures
    source: str
    rows: int  # downloads read


def query(options: TableOptions) -> str:
    """The query in DuckDB's dialect, for the window the options give."""

    start = _instant(options.start)
    end = _instant(options.end + dt.timedelta(days=1) if options.end else None)

    def window(column: str) -> str:
        bounds = [f"{column} >= {start}"] if start else []
        bounds += [f"{column} < {end}"] if end else []
        return " AND ".join(bounds) or "true"

    return QUERY.format(
        downloads_window=window("d.timestamp"),
        uploads_window=window("upload_time"),
        before_window=f"upload_time < {start}" if start else "false",
    )


def _instant(day: dt.date | None) -> str | None:
    """Midnight UTC of `day` as a literal BigQuery reads as a TIMESTAMP too."""
    return f"TIMESTAMPTZ '{day.isoformat()} 00:00:00+00'" if day else None


def bigquery_sql(options: TableOptions) -> str:
    """The query translated to BigQuery's dialect, on the tables the options name."""
    if options.start is None or options.end is None:
        raise InputError(
            "--bigquery",
            "",
            "give --start and --end: the table holds years of downloads, and a query without "
            "bounds scans (and bills) all of them",
        )
    return for_bigquery(query(options), options.tables)


def bigquery_estimate(sql: str, options: TableOptions) -> int:
    """The bytes BigQuery estimates `sql` would scan (a dry run: nothing is queried or
    billed); an InputError says why there is no estimate (no client library, no credentials,
    BigQuery's refusal)."""
    _, scanned = run_bigquery(sql, options.project, dry_run=True)
    return scanned


def from_table(options: TableOptions) -> TableRun:
    if options.start and options.end and options.start > options.end:
        raise InputError("--start", options.start.isoformat(), "is after --end")
    extra = parse_extra(list(options.locations))
    con = database()
    if options.bigquery:
        rows, scanned = run_bigquery(bigquery_sql(options), options.project, dry_run=False)
        _load_rows(con, rows)
        where = (
            f"BigQuery tables {options.tables['file_downloads']} and "
            f"{options.tables['distribution_metadata']}, {scanned:,} bytes processed"
        )
    else:
        where = _bind_parquet(con, options)
        _run_on_parquet(con, options)
    stats = _into_parts(con)
    fig = base_figures(con, "country", options.month, extra)
    notes = list(fig.notes)
    if stats["unsized"]:
        notes.append(
            f"{format_count(stats['unsized'])} downloads ({stats['unsized'] / stats['rows']:.2%}) "
            "are of files the metadata does not list: counted as requests, their bytes unknown"
        )
    notes.append("the table has no cache status; cache_hit_ratio is left to its default")
    uploads, stored = _uploads(con, fig)
    fig = dataclasses.replace(
        fig,
        months=[_month_uploads(con, mo) for mo in fig.months],
        uploads=uploads,
        uploads_basis="files uploaded in the period (distribution_metadata.upload_time)",
        stored=stored,
        hit_basis="none: the table has no cache status",
        notes=notes,
    )
    source = (
        f"{where}: {stats['rows']:,} downloads from {fig.coverage()}"
        "; egress is the sum of file sizes (headers not counted); regions by client "
        "country; uploads are the files uploaded in the period; storage.stored is the size "
        "of every file uploaded before its end"
    )
    return TableRun(fig, source, stats["rows"])


def _bind_parquet(con: duckdb.DuckDBPyConnection, options: TableOptions) -> str:
    """Views named as the query's tables over the Parquet files, each file checked for the
    columns the query reads (a glob's later files too: a shard cut short by its download, or
    the metadata export caught by the downloads' glob); returns where the data came from."""
    described = []
    for table, patterns, option in (
        ("file_downloads", options.downloads, "--downloads"),
        ("distribution_metadata", options.metadata, "--metadata"),
    ):
        if not patterns:
            raise InputError(option, "", f"give the Parquet export of {PYPI_TABLES[table]}")
        paths = expand(patterns)
        for path in paths:
            _check_columns(con, path, table, option)
        listing = "[" + ", ".join(_literal(p) for p in paths) + "]"
        con.execute(
            f"CREATE VIEW {table} AS SELECT * FROM read_parquet({listing}, union_by_name=true)"
        )
        described.append(
            f"{option} {printable(str(paths[0]))}"
            + (f" (+{len(paths) - 1} files)" if len(paths) > 1 else "")
        )
    return "Parquet export of PyPI's download tables (" + "; ".join(described) + ")"


def _check_columns(con: duckdb.DuckDBPyConnection, path: Path, table: str, option: str) -> None:
    """`path` is a Parquet file holding the columns the query reads from `table` (its footer
    is read, not its rows)."""
    import duckdb

    where = f"{option} {printable(str(path))}"
    try:
        rows = con.execute(f"DESCRIBE SELECT * FROM read_parquet({_literal(path)})").fetchall()
    except duckdb.Error as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InputError(
            where, "", f"not a readable Parquet file: {printable(first)[:200]}"
        ) from None
    columns = {row[0] for row in rows}
    missing = [c for c in NEEDED[table] if c not in columns]
    if missing:
        raise InputError(
            where, ", ".join(missing), f"missing; expected an export of {PYPI_TABLES[table]}"
        )


def _literal(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def _run_on_parquet(con: duckdb.DuckDBPyConnection, options: TableOptions) -> None:
    """The query on the bound Parquet files; every file's columns were checked, so an error
    here is in the data itself (a column of another type in one shard, a damaged page)."""
    import duckdb

    try:
        con.execute(f"CREATE TABLE result AS {query(options)}")
    except duckdb.Error as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        files = ", ".join((*options.downloads, *options.metadata))
        raise InputError(
            printable(files)[:200],
            "",
            f"the Parquet files could not be read: {printable(first)[:200]}",
        ) from None


def _load_rows(con: duckdb.DuckDBPyConnection, rows: list[dict[str, Any]]) -> None:
    """BigQuery's result rows (a few hundred: aggregates, not downloads) into `result`."""
    con.execute(
        "CREATE TABLE result (kind VARCHAR, period TIMESTAMPTZ, location VARCHAR, "
        "requests BIGINT, bytes HUGEINT, unsized BIGINT, first_ts TIMESTAMPTZ, "
        "last_ts TIMESTAMPTZ)"
    )
    columns = ("kind", "period", "location", "requests", "bytes", "unsized", "first_ts", "last_ts")
    con.executemany(
        "INSERT INTO result VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [tuple(row[c] for c in columns) for row in rows],
    )


def _into_parts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """The downloads' rows into `parts`, as the log engine would have put them."""
    con.execute(
        """INSERT INTO parts
           SELECT 'cdn', kind, period, location, 'table', NULL, false, false, false,
                  requests, coalesce(bytes, 0), first_ts, last_ts
           FROM result WHERE kind IN ('time', 'place')"""
    )
    row = con.execute(
        "SELECT coalesce(sum(requests), 0), coalesce(sum(unsized), 0) FROM result "
        "WHERE kind = 'time'"
    ).fetchone()
    assert row is not None
    if not row[0]:
        raise InputError("file_downloads", "", "no download in the period given")
    return {"rows": int(row[0]), "unsized": int(row[1])}


def _month_uploads(con: duckdb.DuckDBPyConnection, mo: Month) -> Month:
    """`mo` with the files uploaded in the hours of it the downloads cover."""
    if mo.covered is None:
        return mo
    row = con.execute(
        """SELECT coalesce(sum(requests), 0) FROM result
           WHERE kind = 'uploads' AND period >= ? AND period < ?""",
        [mo.covered.start, mo.covered.end],
    ).fetchone()
    assert row is not None
    return dataclasses.replace(mo, uploads=int(row[0]))


def _uploads(con: duckdb.DuckDBPyConnection, fig: Figures) -> tuple[float, float | None]:
    """Files uploaded in the period (scaled like the downloads) and the bytes of every file
    uploaded before its end."""
    span: Span = fig.period.span
    row = con.execute(
        """SELECT coalesce(sum(requests) FILTER (kind = 'uploads' AND period >= ?
                                                 AND period < ?), 0),
                  sum(bytes) FILTER (kind = 'stored before' OR period < ?)
           FROM result WHERE kind IN ('uploads', 'stored before')""",
        [span.start, span.end, span.end],
    ).fetchone()
    assert row is not None
    return int(row[0]) * fig.period.scale, float(row[1]) if row[1] is not None else None
