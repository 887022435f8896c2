"""Lines of another format inside one file. A file's format is told by its first lines
(detect.py); lines further on in another format (two days' logs of two CDNs concatenated, a
CloudFront log with a second `#Fields:` header of another layout) do not parse as the file's
format and would be counted as malformed lines, skipped with a note. They are not damage:
the file is a mixture, and a mixture is refused, as across files.

The rule: a file whose malformed lines are mostly (over half) lines another format
recognises is refused, naming the file and both formats; so is a CloudFront file with
malformed lines and two `#Fields:` layouts. Otherwise its malformed lines are damage,
counted (and refused only by --strict). Only files with malformed lines are read again, and
by DuckDB, whole lines, one query per compression.

Here a data line alone is recognised (LINE_OF), without the header a format's `matches` may
need.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from costmodel.errors import InputError
from costmodel.readers.logs.base import lines_source, sql_string
from costmodel.readers.logs.engine import FileCount
from costmodel.readers.logs.fastly import DEFAULT_FIELDS, REQUIRED
from costmodel.readers.logs.s3_access import LINE as S3_LINE

if TYPE_CHECKING:
    import duckdb


def _json_with(keys: Sequence[str], without: str = "") -> str:
    """A JSON object line holding each of `keys` and not `without`, as a format's `matches`
    asks of one (a CASE: DuckDB does not promise to skip json_exists on a line that is not
    JSON after a false AND)."""
    tests = [f"json_exists(line, {sql_string('$.' + key)})" for key in keys]
    if without:
        tests.append(f"NOT json_exists(line, {sql_string('$.' + without)})")
    return (
        "CASE WHEN left(ltrim(line), 1) = '{' AND json_valid(line) "
        f"THEN coalesce({' AND '.join(tests)}, false) ELSE false END"
    )


# format -> an SQL condition on `line` that holds for a data line of it
LINE_OF: dict[str, str] = {
    "cloudfront": r"regexp_matches(line, '^\d{4}-\d{2}-\d{2}\t\d{2}:\d{2}:\d{2}\t')",
    "fastly": _json_with([DEFAULT_FIELDS[name] for name in REQUIRED], without="httpRequest"),
    "cloudcdn": _json_with(["httpRequest", "timestamp"]),
    "gcs-usage": r"""regexp_matches(line, '^"\d+",')""",
    "s3-access": f"regexp_matches(line, {sql_string('^' + S3_LINE.pattern)})",
}
FIELDS_HEADER = "#Fields:"
REJECTS = "mixture_rejects"


def refuse_mixed(con: duckdb.DuckDBPyConnection, counts: Sequence[FileCount]) -> None:
    """An InputError for the first file (in order) that is a mixture, by the rule above."""
    flawed = [c for c in counts if c.bad or c.unreadable]
    groups: dict[tuple[str, str], list[FileCount]] = {}
    for count in flawed:
        groups.setdefault((count.file.compression, count.format), []).append(count)
    found: dict[str, tuple[dict[str, int], bool]] = {}
    for (_, fmt), group in groups.items():
        found.update(_kinds(con, fmt, group))
    for count in flawed:
        kinds, layouts = found.get(str(count.file.path), ({}, False))
        malformed = count.bad + count.unreadable
        if count.format == "cloudfront" and layouts:
            raise InputError(
                count.file.name,
                "",
                f"CloudFront {FIELDS_HEADER} lines of different layouts in one file ({malformed:,} "
                "malformed lines read with the first); give each layout's logs in a file of "
                "its own",
            )
        other = max(kinds, key=lambda name: kinds[name], default=None)
        if other is not None and 2 * kinds[other] > malformed:
            raise InputError(
                count.file.name,
                "",
                f"a mixture of log formats in one file: {kinds[other]:,} of its "
                f"{count.lines:,} lines are {other} lines in a {count.format} log; give each "
                "format's logs in files of their own",
            )


def _kinds(
    con: duckdb.DuckDBPyConnection, fmt: str, group: Sequence[FileCount]
) -> dict[str, tuple[dict[str, int], bool]]:
    """By file of `fmt`: how many of its lines each other format recognises, and whether it
    holds `#Fields:` lines that differ (CloudFront layouts). Its own format's test is not run (the
    second read costs about what the first did; the tests add to it)."""
    names = [name for name in LINE_OF if name != fmt]
    counted = ", ".join(f"count(*) FILTER ({LINE_OF[name]})" for name in names)
    # two layouts or more: the least and the greatest differ (count(DISTINCT) FILTER doubled
    # the query's time)
    header = f"FILTER (starts_with(line, '{FIELDS_HEADER}'))"
    layouts = f"coalesce(min(line) {header} <> max(line) {header}, false)"
    cursor = con.cursor()
    try:
        rows = cursor.execute(
            f"SELECT filename, {counted}, {layouts} "
            f"FROM {lines_source([c.file for c in group], REJECTS)} GROUP BY filename"
        ).fetchall()
    finally:
        cursor.close()
    found = {}
    for filename, *numbers in rows:
        kinds = {name: int(n) for name, n in zip(names, numbers[:-1], strict=True) if n}
        found[str(filename)] = (kinds, bool(numbers[-1]))
    return found
