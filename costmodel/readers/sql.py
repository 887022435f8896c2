"""Where big data (logs, bills, download tables) is queried: DuckDB embedded by default, reading
files in place; the same SQL, written once in DuckDB's dialect, translated by sqlglot for
BigQuery when the data already lives there. Rows are never looped through in Python.

A query names its input as a bare table (`FROM logs`); `duckdb_relation` binds that name to
files, and `for_bigquery` rewrites it to a `project.dataset.table` and translates the dialect.
"""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from costmodel.errors import InputError

if TYPE_CHECKING:
    import duckdb

# Bounds what a query over any input size may hold; DuckDB spills to disk beyond it.
MEMORY_LIMIT = "1GB"


def connect(
    memory_limit: str = MEMORY_LIMIT, threads: int | None = None
) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with bounded memory, in UTC; `threads` defaults to one per core."""
    import duckdb

    con = duckdb.connect(":memory:")
    # Every date the readers file (a bill's month, a log line's hour, a download's month) is
    # UTC, as the data states it. DuckDB's default is the machine's time zone, which decides
    # how a TIMESTAMPTZ is truncated, cast to TIMESTAMP or to text: west of UTC 2024-04-01T00:30Z
    # would be counted in March. GLOBAL, so the cursors a reader scans with (each a connection
    # of its own, which a plain SET would not reach) are in UTC too.
    con.execute("SET GLOBAL TimeZone = 'UTC'")
    con.execute(f"SET memory_limit = '{memory_limit}'")
    con.execute("SET preserve_insertion_order = false")  # lets aggregations stream
    if threads is not None:
        con.execute(f"SET threads = {int(threads)}")
    return con


def for_bigquery(sql: str, tables: Mapping[str, str]) -> str:
    """`sql` (DuckDB dialect) in BigQuery's dialect, each bare table name in `tables` replaced by
    its fully qualified BigQuery table (`project.dataset.table`)."""
    import sqlglot
    from sqlglot import exp

    tree = sqlglot.parse_one(sql, read="duckdb")
    for table in tree.find_all(exp.Table):
        target = tables.get(table.name)
        if target is not None and not table.args.get("db"):
            parts = target.split(".")
            if len(parts) != 3 or not all(parts):
                raise InputError("--bigquery", target, "expected PROJECT.DATASET.TABLE")
            table.replace(
                exp.Table(
                    this=exp.to_identifier(parts[2]),
                    db=exp.to_identifier(parts[1]),
                    catalog=exp.to_identifier(parts[0]),
                    alias=table.args.get("alias"),
                )
            )
    return tree.sql(dialect="bigquery", pretty=True)


def selected_columns(sql: str, dialect: str) -> list[str]:
    """The output column names of a query, parsed in `dialect` (raises on SQL that does not
    parse): lets tests check a translation selects what the original selects."""
    import sqlglot
    from sqlglot import exp

    tree = sqlglot.parse_one(sql, read=dialect)
    if not isinstance(tree, exp.Query):
        raise ValueError(f"not a query: {sql[:60]!r}")
    return [col.alias_or_name for col in tree.selects]


def run_bigquery(
    sql: str, project: str | None, dry_run: bool, params: Sequence[Any] = ()
) -> tuple[list[dict[str, Any]], int]:
    """Runs `sql` (BigQuery dialect) with google-cloud-bigquery and the caller's credentials;
    returns the rows and the bytes BigQuery says it processed. With `dry_run`, no rows and
    BigQuery's estimate of the bytes it would scan. Quiet: see `_quiet_google`."""
    with _quiet_google():
        return _run_bigquery(sql, project, dry_run, params)


@contextlib.contextmanager
def _quiet_google() -> Iterator[None]:
    """Google's client libraries warn at import about the Python version they will stop
    supporting (FutureWarning, 2 lines each, twice) and about their own deprecations: noise
    around a one-line error or a report, and nothing the user of a query can act on here.
    Only warnings attributed to google.* modules are dropped."""
    with warnings.catch_warnings():
        for category in (FutureWarning, DeprecationWarning):
            warnings.filterwarnings("ignore", category=category, module=r"google(\.|$)")
        yield


def _run_bigquery(
    sql: str, project: str | None, dry_run: bool, params: Sequence[Any]
) -> tuple[list[dict[str, Any]], int]:
    try:
        from google.cloud import bigquery  # type: ignore[import-untyped,unused-ignore]
    except ImportError:
        raise InputError(
            "--bigquery", "", "needs google-cloud-bigquery: pip install 'indexplan[bigquery]'"
        ) from None
    import google.auth.exceptions  # type: ignore[import-untyped,unused-ignore]
    from google.api_core import exceptions as api  # type: ignore[import-untyped,unused-ignore]

    try:
        client = bigquery.Client(project=project)
        config = bigquery.QueryJobConfig(dry_run=dry_run, use_query_cache=not dry_run)
        if params:
            config.query_parameters = list(params)
        job = client.query(sql, job_config=config)
        if dry_run:
            return [], int(job.total_bytes_processed or 0)
        rows = [dict(row.items()) for row in job.result()]
        return rows, int(job.total_bytes_processed or 0)
    except google.auth.exceptions.DefaultCredentialsError:
        raise InputError(
            "--bigquery", "", "no Google credentials (gcloud auth application-default login)"
        ) from None
    except api.GoogleAPIError as exc:  # not found, denied, a bad query: BigQuery's own words
        raise InputError("--bigquery", "", str(exc).splitlines()[0]) from None
