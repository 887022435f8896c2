"""What every log format gives the engine: one SQL SELECT over a batch of its files, in
DuckDB's dialect, with the same columns whatever the format:

    filename  VARCHAR    the file the line is in
    ts        TIMESTAMP  the request's time in UTC, as the format logs it
    bytes     BIGINT     bytes sent to the client (CDN) or to the CDN (origin)
    hit       BOOLEAN    served from the CDN's cache; NULL when the line does not say
    location  VARCHAR    edge location or client country code, NULL when the line has none
    write     BOOLEAN    a PUT or POST, answered or refused
    upload    BOOLEAN    a PUT or POST answered 2xx: a file (or part of one) stored
    bad       BOOLEAN    the line is malformed: too few fields, or a field that does not parse

A format module defines one `LogFormat`: its name, whether it is a CDN's or the origin's log,
how to recognise its first lines, which files can share a batch, and the SELECT. The engine
aggregates that SELECT; no format loops over lines in Python.

A JSON format also gives `FastLines`: the same columns for a file whose lines DuckDB's JSON
reader reads as the line reader does (see linecheck), with the per-request values left raw
so that the engine groups by them before deriving hit, location, write and upload once per
group rather than once per line.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

from costmodel.readers.logs.files import LogFile

Side = Literal["cdn", "origin"]
LocationKind = Literal["pop", "country"]

# A CSV line DuckDB cannot read at all (bad encoding, an unclosed quote) goes to a rejects
# table so it is counted; this many in one file means the file is not in this format.
MAX_REJECTS = 1000


@dataclass(frozen=True)
class FastLines:
    """`lines`: a SELECT of filename, ts, bytes, bad and the columns `raw`, one row a line;
    `derived`: the select list of hit, location, write and upload over the `raw` columns."""

    lines: str
    raw: Sequence[str]
    derived: str


class LogFormat(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def side(self) -> Side: ...

    @property
    def location(self) -> LocationKind | None:
        """What the `location` column holds, if anything."""
        ...

    def matches(self, head: Sequence[str]) -> bool:
        """Whether a file whose first lines are `head` is in this format."""
        ...

    def batch_key(self, file: LogFile) -> Hashable:
        """Files with equal keys are read by one query (the same header, say). A header that
        does not fit the format raises InputError."""
        ...

    def lines_sql(self, files: Sequence[LogFile], rejects: str) -> str:
        """The canonical SELECT over `files` (see the module docstring), which share a batch
        key. CSV readers record the lines they cannot read in the table `rejects`."""
        ...

    def fast_lines(self, files: Sequence[LogFile]) -> FastLines | None:
        """The same lines by DuckDB's JSON reader, for files linecheck found clean; None
        for a format (or a field map) without that way."""
        ...


def csv_source(
    files: Sequence[LogFile],
    columns: Sequence[str],
    rejects: str,
    *,
    delim: str,
    quote: str = "",
    escape: str = "",
    header: bool = False,
    comment: str = "",
    quoted_nulls: bool = True,
) -> str:
    """`read_csv` over `files` with every column VARCHAR, lenient about short lines (padded
    with NULL, so the format's `bad` sees them) and counting unreadable ones in `rejects`."""
    spec = ", ".join(f"{sql_string(c)}: 'VARCHAR'" for c in columns)
    return (
        f"read_csv({sql_list(files)}, columns={{{spec}}}, delim={sql_string(delim)}, "
        f"quote={sql_string(quote)}, escape={sql_string(escape)}, header={str(header).lower()}, "
        f"comment={sql_string(comment)}, allow_quoted_nulls={str(quoted_nulls).lower()}, "
        "auto_detect=false, strict_mode=false, null_padding=true, ignore_errors=true, "
        f"store_rejects=true, rejects_table='{rejects}', rejects_scan='{rejects}_scan', "
        f"rejects_limit={MAX_REJECTS + 1}, filename=true, "
        f"compression='{_compression(files)}')"
    )


def lines_source(files: Sequence[LogFile], rejects: str) -> str:
    """`read_csv` over `files` giving each line whole, as `line` (JSON lines never hold a raw
    control character such as the delimiter used)."""
    return csv_source(files, ["line"], rejects, delim="\x1f")


def iso_timestamp(expr: str) -> str:
    """An ISO 8601 time in UTC: the common `...Z` form by the fast cast, an offset through a
    time zone aware one, and seconds since the epoch as a number."""
    return (
        f"CASE WHEN {expr} LIKE '%Z' THEN TRY_CAST({expr} AS TIMESTAMP) "
        f"ELSE coalesce(TRY_CAST({expr} AS TIMESTAMPTZ)::TIMESTAMP, "
        f"CASE WHEN TRY_CAST({expr} AS DOUBLE) BETWEEN 0 AND 1e10 "
        f"THEN to_timestamp(TRY_CAST({expr} AS DOUBLE))::TIMESTAMP END) END"
    )


def _compression(files: Sequence[LogFile]) -> str:
    kinds = {f.compression for f in files}
    assert len(kinds) == 1, "a batch shares one compression"
    return kinds.pop()


def sql_list(files: Sequence[LogFile]) -> str:
    return "[" + ", ".join(sql_string(str(f.path)) for f in files) + "]"


def sql_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def pop_code(expr: str) -> str:
    """The three-letter edge location code at the start of `expr` (IAD89-C1 -> IAD)."""
    return f"CASE WHEN length({expr}) >= 3 THEN upper(left({expr}, 3)) END"


def country_code(expr: str) -> str:
    """A client country code; anything longer than a code is kept short, as '?'."""
    return (
        f"CASE WHEN {expr} IS NULL OR trim({expr}) IN ('', '-') THEN NULL "
        f"WHEN length(trim({expr})) <= 3 THEN upper(trim({expr})) ELSE '?' END"
    )


def writes(method: str, status: str) -> str:
    """The `write` and `upload` columns from a method and a status."""
    write = f"upper({method}) IN ('PUT', 'POST')"
    ok = f"coalesce(TRY_CAST({status} AS INTEGER) BETWEEN 200 AND 299, false)"
    return f"coalesce({write}, false) AS write, coalesce({write}, false) AND {ok} AS upload"


def data_lines(head: Sequence[str]) -> list[str]:
    """The lines that are not blank and not `#` headers. A format is recognised by any of
    them, so a broken first line does not hide what the rest of the file is."""
    return [line for line in head if line.strip() and not line.startswith("#")]
