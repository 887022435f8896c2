"""The fast way (DuckDB's JSON reader, raw values grouped first) against the exact way (line by
line): over every file, clean or not, both give the same `parts` rows and the same line counts,
and the fast way is taken only where it can give them."""

from __future__ import annotations

import contextlib
import gzip
import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from costmodel.readers.logs import engine, files, linecheck
from costmodel.readers.logs.base import LogFormat
from costmodel.readers.logs.cloudcdn import CloudCdn
from costmodel.readers.logs.fastly import Fastly, with_options
from tests.logs.generate import Spec, write

if TYPE_CHECKING:
    import duckdb

OK = (
    '{"timestamp":"2026-03-01T00:00:00Z","bytes":10,"pop":"IAD","cache":"HIT",'
    '"method":"GET","status":200}'
)


def _field(value: str, json_value: str) -> str:
    return OK.replace(value, json_value, 1)


# Lines DuckDB's JSON reader reads otherwise than the line reader: blank lines (skipped, not
# malformed), a carriage return alone (ends a line for the line reader only), \v and \f (white
# space to read_json only), a line over the line reader's limit. Found byte by byte, all 256
# bytes before, inside and after an object (the session's notes, s5-fastly).
SILENT = {
    "empty line": f"{OK}\n\n{OK}\n",
    "blank line": f"{OK}\n  \t \n{OK}\n",
    "empty last line": f"{OK}\n\n",
    "carriage return alone": f"{OK}\r{OK}\n",
    "carriage return inside": _field(',"bytes"', ',\r"bytes"') + "\n",
    "carriage return first": f"\r{OK}\n",
    "CRLF": f"{OK}\r\n{OK}\r\n",
    "vertical tab": f"{OK}\v\n",
    "form feed": f"\f{OK}\n",
    "a line of 3 MB": _field('"GET"', '"' + "G" * 3_000_000 + '"') + "\n",
}
# Lines the JSON reader refuses with an error: the file is read again the exact way.
REFUSED = {
    "truncated": f"{OK[:40]}\n{OK}\n",
    "two objects": f"{OK}{OK}\n",
    "trailing text": f"{OK} x\n",
    "split over lines": _field(',"bytes"', ',\n"bytes"') + "\n",
    "an array": f"[{OK}]\n{OK}\n",
    "a JSON string": json.dumps(OK) + "\n",
    "a number": f"42\n{OK}\n",
    "a comment": f"// x\n{OK}\n",
    "a key twice": _field('"bytes":10', '"bytes":10,"bytes":-20') + "\n",
    "the timestamp twice": _field('"bytes"', '"timestamp":"2027-01-01T00:00:00Z","bytes"') + "\n",
    "a raw control character": _field("IAD", "I\x01D") + "\n",
    "a lone surrogate": _field("IAD", r"I\ud800D") + "\n",
    "single quotes": _field('"IAD"', "'IAD'") + "\n",
    "no-break space after": f"{OK}\u00a0\n",
    "a byte order mark inside": f"\ufeff{OK}\n",
}
# Values both ways read alike (the same text as json_extract_string gives): read fast.
VALUES = {
    "null": f"null\n{OK}\n",
    "no bytes": _field('"bytes":10,', "") + "\n",
    "bytes as a string": _field(":10", ':"10"') + "\n",
    "bytes 1.5": _field(":10", ":1.5") + "\n",
    "bytes 2.5": _field(":10", ":2.5") + "\n",
    "bytes 1e3": _field(":10", ":1E3") + "\n",
    "bytes over 64 bits": _field(":10", ":18446744073709551616") + "\n",
    "bytes 1e400": _field(":10", ":1e400") + "\n",
    "bytes NaN": _field(":10", ":NaN") + "\n",
    "bytes Infinity": _field(":10", ":-Infinity") + "\n",
    "bytes true": _field(":10", ":true") + "\n",
    "bytes null": _field(":10", ":null") + "\n",
    "bytes an object": _field(":10", ':{"a":1}') + "\n",
    "bytes negative": _field(":10", ":-10") + "\n",
    "bytes -0": _field(":10", ":-0") + "\n",
    "key in other case": _field('"bytes"', '"Bytes"') + "\n",
    "key escaped": _field('"bytes"', r'"by\u0074es"') + "\n",
    "seconds since the epoch": _field('"2026-03-01T00:00:00Z"', "1772323200.5") + "\n",
    "a time with an offset": _field("00:00:00Z", "00:00:00+05:30") + "\n",
    "no such day": _field("2026-03-01", "2026-02-30") + "\n",
    "before the calendar": _field("2026-03-01", "1066-03-01") + "\n",
    "timestamp true": _field('"2026-03-01T00:00:00Z"', "true") + "\n",
    "cache true": _field('"HIT"', "true") + "\n",
    "cache lower case": _field('"HIT"', '"hit-cluster"') + "\n",
    "cache a number": _field('"HIT"', "1") + "\n",
    "cache empty": _field('"HIT"', '""') + "\n",
    "pop an object": _field('"IAD"', '{"a": 1}') + "\n",
    "pop short": _field('"IAD"', '"ia"') + "\n",
    "pop a number": _field('"IAD"', "1234") + "\n",
    "method PUT, status a string": _field('"GET"', '"put"').replace(":200", ':"201"') + "\n",
    "status 200.0": _field(":200", ":200.0") + "\n",
    "20,000 deep": '{"a":' * 20000 + "1" + "}" * 20000 + "\n",
    "leading spaces": f"   {OK}\n",
    "trailing spaces": f"{OK} \t\n",
    "trailing comma": OK[:-1] + ",}\n",
    "escapes": _field("IAD", r"\u0049AD\n").replace("GET", r"G\u0000T") + "\n",
    "a 1 MB line": _field('"GET"', '"' + "G" * 900_000 + '"') + "\n",
    "no newline at the end": OK,
}


Read = tuple[list[tuple[object, ...]], list[tuple[int, int, int]]]


def _both(
    paths: list[Path], fmt: Fastly | CloudCdn, taken: list[Path] | None = None
) -> tuple[Read, Read]:
    """`parts` and the line counts the exact way, then the fast way, give for `paths`. With
    `taken`, which of `paths` the fast scan's own `_fast` calls read (in the order of `paths`)
    goes into it: what `_fast_reads` finds, seen in the scan instead of in a third database."""
    results: list[Read] = []
    for fast in (False, True):
        con = engine.database(threads=2)
        logs = [files.open_log(path, con) for path in paths]
        with _fast_seen(taken if fast else None) as seen:
            counts = engine.scan(con, logs, [fmt] * len(logs), fast=fast)
        if seen is not None:
            # every file was offered to the fast way, whatever it took
            assert sorted(seen["offered"]) == sorted(paths)
            taken[:] = [path for path in paths if path in seen["read"]]
        # every reader of `parts` sums it: rows split over two queries are the same figures
        parts = con.execute(
            "SELECT side, kind, period, location, filename, hit, write, upload, bad, "
            "sum(requests), sum(bytes), min(first_ts), max(last_ts) FROM parts "
            "GROUP BY ALL ORDER BY ALL"
        ).fetchall()
        results.append((parts, [(c.lines, c.bad, c.unreadable) for c in counts]))
    return results[0], results[1]


@contextlib.contextmanager
def _fast_seen(taken: list[Path] | None) -> Iterator[dict[str, list[Path]] | None]:
    """engine._fast, as engine.scan calls it, with the files each call is offered and reads."""
    if taken is None:
        yield None
        return
    seen: dict[str, list[Path]] = {"offered": [], "read": []}
    real = engine._fast

    def fast(
        cursor: duckdb.DuckDBPyConnection,
        fmt: LogFormat,
        members: list[files.LogFile],
        checks: linecheck.Checks,
    ) -> list[files.LogFile]:
        rest = real(cursor, fmt, members, checks)
        seen["offered"] += [log.path for log in members]
        seen["read"] += [log.path for log in members if log not in rest]
        return rest

    engine._fast = fast
    try:
        yield seen
    finally:
        engine._fast = real


def _fast_reads(paths: list[Path], fmt: Fastly | CloudCdn) -> list[Path]:
    """Which of `paths` the fast way reads (the others it leaves to the exact way)."""
    con = engine.database(threads=2)
    logs = [files.open_log(path, con) for path in paths]
    with linecheck.Checks() as checks:
        left = engine._fast(con.cursor(), fmt, logs, checks)
    return [log.path for log in logs if log not in left]


def _file(tmp_path: Path, name: str, text: str, compress: bool = True) -> Path:
    body = (OK + "\n") * 3 + text  # a valid head, so the file is found to be Fastly's
    stem = name.replace(" ", "_").replace(",", "")
    path = tmp_path / (stem + (".json.gz" if compress else ".json"))
    data = body.encode("utf-8", "surrogatepass")
    path.write_bytes(gzip.compress(data) if compress else data)
    return path


@pytest.mark.parametrize("fmt", ["fastly", "cloudcdn"])
def test_the_generator_s_logs_are_read_fast_and_alike(tmp_path, fmt):
    # Every quirk the generator writes (JSON escapes, nanoseconds, lines at 23:59:59 delivered
    # in the next day's file, three broken lines at the top of the first file) in 3 months.
    paths = sorted(write(fmt, Spec(malformed=3), tmp_path / fmt, compress=True))
    form = Fastly() if fmt == "fastly" else CloudCdn()
    taken: list[Path] = []
    exact, fast = _both(paths, form, taken)
    assert fast == exact
    assert sum(bad for _, bad, _ in exact[1]) == 3
    # all but the first file (its broken lines stop the strict reader) are read fast
    assert taken == paths[1:]


@pytest.mark.parametrize("name", [*SILENT, *REFUSED, *VALUES])
def test_each_kind_of_line_reads_alike_both_ways(tmp_path, name):
    text = {**SILENT, **REFUSED, **VALUES}[name]
    path = _file(tmp_path, name, text)
    taken: list[Path] = []
    exact, fast = _both([path], Fastly(), taken)
    assert fast == exact
    # the fast way is taken where it reads alike, and only there
    assert taken == ([path] if name in VALUES else [])


def test_a_batch_of_every_kind_reads_alike_and_leaves_only_the_odd_files(tmp_path):
    # One batch: the strict reader stops at the first bad file it meets, which goes the exact
    # way; the rest is tried again (three times at most, then the whole batch goes exact).
    cases = {**SILENT, **REFUSED, **VALUES}
    paths = [_file(tmp_path, name, text) for name, text in cases.items()]
    exact, fast = _both(paths, Fastly())
    assert fast == exact
    (tmp_path / "few").mkdir()
    few = [_file(tmp_path / "few", name, cases[name]) for name in ["truncated", *VALUES]]
    assert _fast_reads(few, Fastly()) == few[1:]


def test_files_that_give_too_few_rows_are_left_after_one_pass(tmp_path, monkeypatch):
    # A blank line passes linecheck (it is counted) but gives no row: the file's rows, place
    # rows included, are kept apart and dropped, and the rest of the batch is kept without
    # being read again. The other odd files never reach the query.
    cases = {**SILENT, **VALUES}
    paths = [_file(tmp_path, name, text) for name, text in cases.items()]
    exact, fast = _both(paths, Fastly())
    assert fast == exact
    queries: list[list[Path]] = []
    fast_sql = engine._fast_sql

    def counted_sql(fmt: Fastly, logs: list[files.LogFile]) -> str:
        queries.append([log.path for log in logs])
        return fast_sql(fmt, logs)

    monkeypatch.setattr(engine, "_fast_sql", counted_sql)
    assert _fast_reads(paths, Fastly()) == paths[len(SILENT) :]
    assert len(queries) == 1
    blank = {
        tmp_path / f"{stem}.json.gz" for stem in ("empty_line", "blank_line", "empty_last_line")
    }
    assert set(queries[0]) == blank | set(paths[len(SILENT) :])


def test_plain_files_and_other_gzip_streams(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # a relative path: read_json names the file as it is given
    plain = _file(Path("."), "plain", OK + "\n", compress=False)
    members = tmp_path / "members.json.gz"  # two gzip members, one after the other
    members.write_bytes(gzip.compress(f"{OK}\n".encode()) + gzip.compress(f"{OK}\n".encode()))
    exact, fast = _both([plain, members], Fastly())
    assert fast == exact
    assert exact[1] == [(4, 0, 0), (2, 0, 0)]
    # a plain file is read fast; a second gzip member makes linecheck leave the file
    assert _fast_reads([plain, members], Fastly()) == [plain]
    assert linecheck.clean_lines(files.open_log(members, engine.database())) is None


def test_field_maps_the_json_reader_cannot_say(tmp_path):
    path = _file(tmp_path, "fields", OK + "\n")
    # a key and a key inside it, two keys equal but for case, a key named like read_json's
    # own `filename` column: the exact way only
    for fields in ({"pop": "bytes.x"}, {"pop": "Bytes"}, {"pop": "filename"}):
        fmt = with_options(fields, None)
        assert fmt.fast_lines([files.open_log(path, engine.database())]) is None
        exact, fast = _both([path], fmt)
        assert fast == exact
    # a nested key is a STRUCT column, and the country can stand for the POP
    fmt = with_options({"pop": "where.pop"}, "country")
    assert _fast_reads([path], fmt) == [path]
    exact, fast = _both([path], fmt)
    assert fast == exact


def test_clean_lines_counts_as_the_line_reader_does(tmp_path):
    # 3 lines of head (see _file) and these; a blank line is a line (read_json will give one
    # row fewer, which the engine checks); a carriage return alone leaves the file
    con = engine.database()
    cases = ((f"{OK}\n{OK}\n", 5), (f"{OK}\n{OK}", 5), (f"{OK}\n\n", 5), (f"{OK}\r{OK}", None))
    for text, lines in cases:
        path = _file(tmp_path, f"count{lines}{len(text)}", text)
        assert linecheck.clean_lines(files.open_log(path, con)) == lines
