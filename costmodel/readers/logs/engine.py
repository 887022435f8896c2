"""Scanning log files with DuckDB: files are read in place, streaming, by one query per batch
(files of one format, compression and header), which DuckDB spreads over every core, file by
file. Each query aggregates its lines into a few rows of the `parts` table; nothing but those
aggregates ever reaches Python.

`parts` holds two kinds of rows, from one GROUPING SETS pass over the lines:
  time   per file and hour: hit or not, write or not, upload or not, malformed or not
  place  per calendar month and location code
each with the requests (lines) and bytes they sum, and the first and last timestamp seen.
The download-statistics reader fills the same table from its one query, so the derivation
(months.py) does not know where its rows came from.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from costmodel.errors import InputError
from costmodel.model.limits import MAX_YEAR, MIN_YEAR
from costmodel.readers.logs import linecheck
from costmodel.readers.logs.base import MAX_REJECTS, LogFormat, sql_list
from costmodel.readers.logs.files import LogFile, read_error
from costmodel.readers.sql import connect

if TYPE_CHECKING:
    import duckdb

PARTS = """
CREATE TABLE parts (
    side VARCHAR, kind VARCHAR, period TIMESTAMP, location VARCHAR, filename VARCHAR,
    hit BOOLEAN, write BOOLEAN, upload BOOLEAN, bad BOOLEAN,
    requests BIGINT, bytes HUGEINT, first_ts TIMESTAMP, last_ts TIMESTAMP
)"""

AGGREGATE = """
INSERT INTO parts
SELECT '{side}',
       CASE WHEN GROUPING(location) = 0 THEN 'place' ELSE 'time' END,
       CASE WHEN GROUPING(location) = 0 THEN month ELSE hour END,
       location, filename, hit, write, upload, bad,
       count(*), sum(bytes), min(ts), max(ts)
FROM (SELECT * REPLACE (coalesce(bad OR bytes < 0 OR ts < '{first}' OR ts >= '{after}', true)
                        AS bad),
             date_trunc('hour', ts) AS hour, date_trunc('month', ts) AS month
      FROM ({lines}))
GROUP BY GROUPING SETS ((filename, bad, hour, hit, write, upload), (bad, month, location))
"""
# The fast path's aggregate: lines grouped by their raw values first, the columns derived
# once per group (FastLines). Staged, not inserted, its place rows kept per file too: the
# engine checks each file's line count first.
FAST = """
CREATE TEMP TABLE {staged} AS
SELECT '{side}' AS side,
       CASE WHEN GROUPING(location) = 0 THEN 'place' ELSE 'time' END AS kind,
       CASE WHEN GROUPING(location) = 0 THEN month ELSE hour END AS period,
       location, filename, hit, write, upload, bad, sum(requests) AS requests,
       sum(bytes) AS bytes, min(first_ts) AS first_ts, max(last_ts) AS last_ts
FROM (SELECT filename, bad, hour, date_trunc('month', hour) AS month, requests, bytes,
             first_ts, last_ts, {derived}
      FROM (SELECT filename, bad, hour, {raw}, count(*) AS requests, sum(bytes) AS bytes,
                   min(ts) AS first_ts, max(ts) AS last_ts
            FROM (SELECT * REPLACE (coalesce(bad OR bytes < 0 OR ts < '{first}'
                                             OR ts >= '{after}', true) AS bad),
                         date_trunc('hour', ts) AS hour
                  FROM ({lines}))
            GROUP BY ALL))
GROUP BY GROUPING SETS ((filename, bad, hour, hit, write, upload),
                        (filename, bad, month, location))
"""
# Into `parts`, the staged rows of the files that passed, the place rows summed over them
# as the exact way's one GROUPING SETS pass gives them.
STORE = """
INSERT INTO parts
SELECT side, kind, period, location, CASE WHEN kind = 'time' THEN filename END, hit, write,
       upload, bad, sum(requests), sum(bytes), min(first_ts), max(last_ts)
FROM {staged} WHERE list_contains({files}, filename)
GROUP BY ALL
"""
STAGED = "staged"
# A batch whose fast query fails this often is read the exact way: each failure costs a pass.
FAST_TRIES = 3
REJECTS = "rejects"
# A line dated outside the calendar the model plans in, or sending negative bytes, is malformed.
FIRST, AFTER = f"{MIN_YEAR}-01-01", f"{MAX_YEAR + 1}-01-01"
# A batch is at most this many files or bytes, so progress moves and an error is near.
BATCH_FILES = 256
BATCH_BYTES = 512 * 10**6


@dataclass(frozen=True)
class FileCount:
    file: LogFile
    format: str
    lines: int  # every line read, malformed ones included
    bad: int  # malformed: too few or too many fields, or a field that does not parse
    unreadable: int  # lines DuckDB could not read at all (encoding, unclosed quote)


def database(threads: int | None = None) -> duckdb.DuckDBPyConnection:
    """A bounded DuckDB (see costmodel.readers.sql) in UTC, with an empty `parts` table."""
    con = connect(threads=threads)
    con.execute(PARTS)
    return con


def batches(files: Sequence[LogFile], formats: Sequence[LogFormat]) -> list[list[int]]:
    """Indexes of `files` in groups one query can read (same format, compression and header),
    each within BATCH_FILES and BATCH_BYTES."""
    groups: dict[object, list[int]] = {}
    for i, (file, fmt) in enumerate(zip(files, formats, strict=True)):
        key = (fmt.name, file.compression, fmt.batch_key(file))
        groups.setdefault(key, []).append(i)
    found: list[list[int]] = []
    for members in groups.values():
        batch: list[int] = []
        size = 0
        for i in members:
            if batch and (len(batch) == BATCH_FILES or size + files[i].size > BATCH_BYTES):
                found.append(batch)
                batch, size = [], 0
            batch.append(i)
            size += files[i].size
        found.append(batch)
    return found


def scan(
    con: duckdb.DuckDBPyConnection,
    files: Sequence[LogFile],
    formats: Sequence[LogFormat],
    on_done: Callable[[Sequence[LogFile]], None] = lambda _: None,
    fast: bool = True,
    checks: linecheck.Checks | None = None,
) -> list[FileCount]:
    """Aggregate every file into `parts`, batch by batch; the first file that cannot be read
    stops the run as one InputError naming it. With `fast`, a JSON format's clean files are
    read by DuckDB's JSON reader (`_fast`), giving the same rows as the exact way; their line
    checks come from `checks` (started early by the caller) or are made here."""
    if checks is None:
        with linecheck.Checks() as own:
            return scan(con, files, formats, on_done, fast, own)
    groups = batches(files, formats)
    quick = [b for b in groups if fast and formats[b[0]].fast_lines([files[b[0]]]) is not None]
    checks.keep([files[i].path for batch in quick for i in batch])  # no other needs checking
    unreadable: dict[str, int] = {}
    for batch in groups:
        members = [files[i] for i in batch]
        fmt = formats[batch[0]]
        cursor = con.cursor()
        try:
            rest = _fast(cursor, fmt, members, checks) if fast else members
            if rest:
                with _gzip_verified(rest):
                    _run(cursor, fmt, rest)
                unreadable.update(_rejected(cursor))
        finally:
            cursor.close()
        for file in members:
            if unreadable.get(str(file.path), 0) > MAX_REJECTS:
                raise InputError(
                    file.name, "", f"over {MAX_REJECTS:,} unreadable lines; not a {fmt.name} log"
                )
        on_done(members)
    return _counts(con, files, formats, unreadable)


@contextmanager
def _gzip_verified(members: Sequence[LogFile]) -> Iterator[None]:
    """Check the gzip files read the exact way (linecheck.verify_gzip) in threads beside the
    query (zlib-ng releases the GIL); the first corrupt one, in order, is the error. A clean
    file read the fast way was inflated to its end by its line check already."""
    gzipped = [file for file in members if file.compression == "gzip"]
    if not gzipped:
        yield
        return
    with ThreadPoolExecutor(max_workers=min(len(gzipped), os.cpu_count() or 1)) as pool:
        checked = [pool.submit(linecheck.verify_gzip, file) for file in gzipped]
        try:
            yield
        except BaseException:
            for future in checked:
                future.cancel()
            raise
        for future in checked:
            future.result()


def _fast(
    cursor: duckdb.DuckDBPyConnection,
    fmt: LogFormat,
    members: list[LogFile],
    checks: linecheck.Checks,
) -> list[LogFile]:
    """Aggregate into `parts` the files of the batch that the fast way reads as the exact way
    does; return the others. A file counts if linecheck finds it clean, the strict JSON reader
    raises no error on it, and it gives as many rows as it has lines. Each file's rows are
    kept apart until its count is checked, so a file that gives too few is dropped without
    reading the others again. A file that fails is left to the exact way, which counts or
    names what is wrong in it."""
    import duckdb

    if fmt.fast_lines(members[:1]) is None:
        return members
    counted = checks.counts(members)
    clean = [file for file in members if counted[file] is not None]
    for _ in range(FAST_TRIES):
        if not clean:
            break
        try:
            cursor.execute(_fast_sql(fmt, clean))
        except (
            duckdb.IOException,
            duckdb.InvalidInputException,
            duckdb.ConversionException,
        ) as exc:
            named = [f for f in clean if str(f.path) in str(exc)]
            clean = [f for f in clean if f not in named] if len(named) == 1 else []
            continue
        rows = dict(
            cursor.execute(
                f"SELECT filename, sum(requests) FROM {STAGED} WHERE kind = 'time' "
                "GROUP BY filename"
            ).fetchall()
        )
        read = [f for f in clean if rows.get(str(f.path), 0) == counted[f]]
        if read:
            cursor.execute(STORE.format(staged=STAGED, files=sql_list(read)))
        cursor.execute(f"DROP TABLE {STAGED}")
        return [f for f in members if f not in read]
    return members


def _fast_sql(fmt: LogFormat, files: list[LogFile]) -> str:
    fast = fmt.fast_lines(files)
    assert fast is not None
    return FAST.format(
        staged=STAGED,
        side=fmt.side,
        lines=fast.lines,
        raw=", ".join(fast.raw),
        derived=fast.derived,
        first=FIRST,
        after=AFTER,
    )


def _run(cursor: duckdb.DuckDBPyConnection, fmt: LogFormat, members: list[LogFile]) -> None:
    """One query over the batch; on an error a file causes, the file to blame, found by name
    in DuckDB's message or, failing that, by reading the batch's files one at a time. Any
    other error (a query that does not parse or bind) is a bug, and propagates as one."""
    import duckdb

    file_errors = (duckdb.IOException, duckdb.InvalidInputException, duckdb.ConversionException)
    try:
        lines = fmt.lines_sql(members, REJECTS)
        cursor.execute(AGGREGATE.format(side=fmt.side, lines=lines, first=FIRST, after=AFTER))
        return
    except file_errors as exc:
        error: duckdb.Error = exc
    named = [f for f in members if str(f.path) in str(error)]
    if len(named) == 1 or len(members) == 1:
        culprit = (named or members)[0]
        raise InputError(culprit.name, "", read_error(error, culprit.compression)) from None
    for file in members:
        probe = cursor.cursor()
        try:
            probe.execute(f"SELECT count(*) FROM ({fmt.lines_sql([file], REJECTS)})")
        except file_errors as exc:
            raise InputError(file.name, "", read_error(exc, file.compression)) from None
        finally:
            probe.close()
    raise InputError(members[0].name, "", read_error(error, members[0].compression))


def _rejected(cursor: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Lines the CSV reader rejected in this cursor's scan, by file."""
    exists = cursor.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE table_name = ?", [REJECTS]
    ).fetchone()
    if not exists or not exists[0]:
        return {}
    rows = cursor.execute(
        f"SELECT s.file_path, count(*) FROM {REJECTS} e JOIN {REJECTS}_scan s "
        "USING (scan_id, file_id) GROUP BY s.file_path"
    ).fetchall()
    return {str(path): int(n) for path, n in rows}


def _counts(
    con: duckdb.DuckDBPyConnection,
    files: Sequence[LogFile],
    formats: Sequence[LogFormat],
    unreadable: dict[str, int],
) -> list[FileCount]:
    rows = con.execute(
        "SELECT filename, sum(requests), coalesce(sum(requests) FILTER (bad), 0) "
        "FROM parts WHERE kind = 'time' GROUP BY filename"
    ).fetchall()
    read = {str(r[0]): (int(r[1]), int(r[2])) for r in rows}
    counts = []
    for file, fmt in zip(files, formats, strict=True):
        lines, bad = read.get(str(file.path), (0, 0))
        rejected = unreadable.get(str(file.path), 0)
        if lines + rejected == 0:
            raise InputError(file.name, "", "empty file (headers but no log lines)")
        if lines == bad:
            raise InputError(
                file.name,
                "",
                f"no valid {fmt.name} line in it ({lines + rejected:,} malformed); is it in "
                "another format?",
            )
        counts.append(FileCount(file, fmt.name, lines + rejected, bad, rejected))
    return counts
