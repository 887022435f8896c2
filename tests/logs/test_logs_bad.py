"""Bad logs: one line on stderr naming the file and what is wrong, exit status 2, nothing
written; malformed lines are counted, reported and skipped unless --strict."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest
import yaml
from log_helpers import files, refused, run

from tests.logs.generate import Spec, write


def test_truncated_gzip_in_its_first_bytes(capsys, tmp_path, logs):
    good = logs["cloudfront"] / "cloudfront-2026-01-02.gz"
    cut = tmp_path / "cut.gz"
    cut.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    err = refused(capsys, "scenario", "from-logs", str(cut))
    assert str(cut) in err and "truncated gzip file" in err


@pytest.fixture(scope="module")
def big_fastly(tmp_path_factory) -> list[Path]:
    # 8 cycles an hour: ~1,300 lines a day, far more than the first lines read for detection,
    # so damage past them is found by DuckDB while it scans, not before. Written once (~1 s of
    # CPU); each test below damages a copy of its own.
    return write("fastly", Spec(months=("2026-03",), cycles=8), tmp_path_factory.mktemp("big"))


def copy_of(paths: list[Path], directory: Path) -> list[Path]:
    shutil.copytree(paths[0].parent, directory)
    return [directory / path.name for path in paths]


def test_truncated_gzip_past_the_first_lines(capsys, tmp_path, big_fastly):
    paths = copy_of(big_fastly, tmp_path / "big")
    victim = paths[3]
    data = victim.read_bytes()
    victim.write_bytes(data[: len(data) - 200])
    out = tmp_path / "scenario.yaml"
    out.write_text("old: scenario\n")
    err = refused(capsys, "scenario", "from-logs", *map(str, paths), "-o", str(out))
    assert str(victim) in err and "truncated gzip file" in err
    assert out.read_text() == "old: scenario\n"  # nothing half-written, nothing replaced
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big", "scenario.yaml"]


@pytest.mark.parametrize("fmt", ["fastly", "cloudcdn", "cloudfront"])
def test_corrupt_gzip_data_past_the_first_lines(capsys, tmp_path, fmt, big_fastly):
    # Bytes changed in the middle of the deflate stream: zlib stops (a bad code, or the CRC
    # at the end). DuckDB's reader does not check the CRC and would read on, counting the
    # garbage as malformed lines; the line check refuses the file instead (before, its error
    # escaped as an internal error, exit 70). Cloud CDN read the exact way alone wrote a
    # scenario from such a file (s9-logs' trial, benchmarks/README.md); CloudFront, read the
    # exact way always, did so on main until each gzip file read that way was verified.
    if fmt == "fastly":
        paths = copy_of(big_fastly, tmp_path / "big")
    else:
        paths = write(fmt, Spec(months=("2026-03",), cycles=8), tmp_path / "big", compress=True)
    victim = paths[3]
    data = bytearray(victim.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 64] = bytes(b ^ 0x55 for b in data[middle : middle + 64])
    victim.write_bytes(bytes(data))
    out = tmp_path / "scenario.yaml"
    err = refused(capsys, "scenario", "from-logs", *map(str, paths), "-o", str(out))
    assert f"{victim}: not valid gzip data (corrupt" in err
    assert not out.exists()


def test_header_that_does_not_match_the_format(capsys, tmp_path, logs):
    source = logs["cloudfront"] / "cloudfront-2026-01-02.gz"
    text = gzip.decompress(source.read_bytes()).decode()
    bad = tmp_path / "no-bytes.gz"
    bad.write_bytes(gzip.compress(text.replace(" sc-bytes ", " sc-byte-count ", 1).encode()))
    err = refused(capsys, "scenario", "from-logs", str(bad))
    assert f"{bad}: #Fields: header lacks sc-bytes; not a CloudFront log" in err


def test_a_named_format_is_checked_against_the_file(capsys, logs):
    one = files(logs["cloudfront"])[0]
    err = refused(capsys, "scenario", "from-logs", one, "--log-format", "fastly")
    assert one in err and "not a log in any of fastly (first line: '#Version: 1.0')" in err


@pytest.mark.parametrize("fmt", ["cloudfront", "fastly", "cloudcdn", "gcs-usage", "s3-access"])
def test_lines_with_too_few_fields_are_counted_and_skipped(capsys, tmp_path, logs, fmt):
    # Three broken lines at the top of the first file; the figures stay the truth's.
    broken = write(fmt, Spec(malformed=3), tmp_path / fmt)
    paths = list(map(str, broken))
    if fmt in ("gcs-usage", "s3-access"):
        paths += files(logs["cloudfront"])
    out = tmp_path / "derived.yaml"
    code, _, err = run(capsys, "scenario", "from-logs", *paths, "-o", str(out))
    assert code == 0, err
    doc = yaml.safe_load(out.read_text())
    assert doc["traffic"]["requests"] == "5208/month"
    assert "(3 malformed, skipped)" in doc["source"]

    err = refused(capsys, "scenario", "from-logs", *paths, "--strict")
    assert str(broken[0]) in err and "3 malformed line(s)" in err and "--strict" in err


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "empty file"),
        (gzip.compress(b"", mtime=0), "empty file (no log lines)"),
        (gzip.compress(b"\n\n", mtime=0), "empty file (no log lines)"),
        (
            gzip.compress(
                b"#Version: 1.0\n#Fields: date time x-edge-location sc-bytes "
                b"cs-method sc-status x-edge-result-type\n",
                mtime=0,  # the same bytes in every xdist worker, so each collects the same ids
            ),
            "empty file (headers but no log lines)",
        ),
    ],
)
def test_empty_files(capsys, tmp_path, content, expected):
    empty = tmp_path / "empty.gz"
    empty.write_bytes(content)
    err = refused(capsys, "scenario", "from-logs", str(empty))
    assert f"{empty}: {expected}" in err


def test_a_mixture_of_cdn_formats(capsys, logs):
    mixed = files(logs["cloudfront"])[:2] + files(logs["fastly"])[:2]
    err = refused(capsys, "scenario", "from-logs", *mixed)
    assert "a mixture of cdn log formats (cloudfront and fastly" in err


def test_origin_logs_alone(capsys, logs):
    err = refused(capsys, "scenario", "from-logs", *files(logs["gcs-usage"]))
    assert "origin logs (gcs-usage, s3-access) see cache misses and uploads" in err


def test_a_file_in_no_format(capsys, tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("dear diary\x1b[31m\n")
    err = refused(capsys, "scenario", "from-logs", str(text))
    # the escape character is shown, not sent to the terminal
    assert "first line: 'dear diary\\\\x1b[31m'" in err and "\x1b" not in err


def test_binary_data(capsys, tmp_path):
    blob = tmp_path / "blob.log"
    blob.write_bytes(b"\x00\x01\x02" * 100)
    assert "binary data; not a text log" in refused(capsys, "scenario", "from-logs", str(blob))


def test_a_file_whose_lines_are_all_another_format(capsys, tmp_path, logs):
    # CloudFront's headers over Fastly's JSON lines: recognised as CloudFront, no valid line.
    lines = gzip.decompress((logs["fastly"] / "fastly-2026-01-02.json.gz").read_bytes())
    header = (logs["cloudfront"] / "cloudfront-2026-01-02.gz").read_bytes()
    head = b"\n".join(gzip.decompress(header).split(b"\n")[:2]) + b"\n"
    odd = tmp_path / "odd.gz"
    odd.write_bytes(gzip.compress(head + lines))
    err = refused(capsys, "scenario", "from-logs", str(odd))
    assert "no valid cloudfront line in it (168 malformed)" in err


def test_control_characters_in_a_file_name(capsys, tmp_path, logs):
    evil = tmp_path / "logs\x1b]0;pwned\x07.gz"
    shutil.copy(logs["cloudfront"] / "cloudfront-2026-01-02.gz", evil)
    evil.write_bytes(evil.read_bytes()[:40])
    err = refused(capsys, "scenario", "from-logs", str(evil))
    assert "\x1b" not in err and "\x07" not in err and "logs\\x1b]0;pwned\\x07.gz" in err


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["no/such/file.gz"], "no/such/file.gz: no such file"),
        (["no/such/*.gz"], "no/such/*.gz: no file matches this pattern"),
        (["--log-format", "akamai", "x"], "--log-format: akamai: unknown format"),
        (["--field", "bytes", "x"], "--field: bytes: expected NAME=KEY"),
        (["--field", "size=x", "x"], "--field: size: unknown field; known: timestamp"),
        (["--field", "bytes=a b", "x"], "--field: bytes: 'a b' is not a JSON key"),
        (["--month", "2026-13", "x"], "--month: 2026-13: expected a month, YYYY-MM"),
        (["--location", "QPG=asia", "x"], "--location: QPG=asia: unknown region"),
        (["--location", "Q=asia_pacific", "x"], "--location: Q=asia_pacific: expected CODE"),
    ],
)
def test_bad_options_and_paths(capsys, logs, args, expected):
    args = [files(logs["fastly"])[0] if a == "x" else a for a in args]
    assert expected in refused(capsys, "scenario", "from-logs", *args)


def test_a_file_name_duckdb_would_read_as_a_pattern(capsys, tmp_path, logs):
    # DuckDB expands ? in a path it reads: `day?.json.gz` would also read `day1.json.gz`,
    # counting that file's lines as well, so such a name is refused before reading.
    one = Path(files(logs["fastly"])[0])
    for name in ("day?.json.gz", "day1.json.gz"):
        shutil.copy(one, tmp_path / name)
    err = refused(capsys, "scenario", "from-logs", str(tmp_path / "day?.json.gz"))
    assert "day?.json.gz: DuckDB would read *, ? or [ in this path as a pattern" in err


def test_a_directory_is_not_a_file(capsys, logs):
    err = refused(capsys, "scenario", "from-logs", str(logs["fastly"]))
    assert "a directory; give its files, e.g. DIR/*.gz" in err


def test_month_the_logs_do_not_cover(capsys, logs):
    err = refused(capsys, "scenario", "from-logs", *files(logs["fastly"]), "--month", "2025-12")
    assert "--month: 2025-12: the logs do not cover it; they cover 2026-01, 2026-02" in err


def from_lines(capsys, tmp_path, lines: list[str]) -> tuple[dict, str]:
    """The scenario derived from a file of `lines`, and what went to stderr."""
    path = tmp_path / "lines.json"
    path.write_text("\n".join(lines) + "\n")
    out = tmp_path / "derived.yaml"
    code, _, err = run(capsys, "scenario", "from-logs", str(path), "-o", str(out))
    assert code == 0, err
    return yaml.safe_load(out.read_text()), err


def test_hostile_lines_are_malformed_not_crashes(capsys, tmp_path):
    ok = '{"timestamp":"2026-03-01T00:00:00Z","bytes":10,"pop":"IAD","cache":"HIT"}'
    lines = [
        ok,
        ok.replace('"bytes":10', '"bytes":-10'),  # negative bytes
        ok.replace("2026-03-01", "1066-03-01"),  # before the calendar the model plans in
        ok.replace("2026-03-01", "2026-02-30"),  # no such day
        ok.replace('"bytes":10', '"bytes":1e400'),  # not a 64-bit count
        ok.replace('"bytes":10', '"bytes":NaN'),  # not JSON
        ok.replace('"IAD"', '"=cmd|"'),  # a location that is no code: read, not placed
        '{"a":' * 20000 + "1" + "}" * 20000,  # 20,000 deep
        # a key twice: DuckDB reads the first
        ok.replace('"bytes"', '"timestamp":"2027-01-01T00:00:00Z","bytes"'),
    ]
    doc, err = from_lines(capsys, tmp_path, lines)
    # 3 lines of 10 bytes read in one hour, scaled
    # from 1 hour to 730.5: 2,191.5 requests and 21,915 bytes; 6 malformed
    assert doc["traffic"]["requests"] == "2191.5/month"
    assert doc["traffic"]["egress"] == "21915 B/month"
    assert "9 lines (6 malformed, skipped)" in doc["source"]
    assert "33.33% of egress names its edge location with no valid code" in err
    assert "peaks" not in doc  # one hour: no peak day or hour to speak of


def test_json_fields_are_the_top_level_keys_as_json_reads_them(capsys, tmp_path):
    # Fields are read by a JSON parser, never by searching the text: a key inside a nested
    # object or inside an escaped string is not the field, a \u escape in a key or a value is
    # the character it stands for, and a line that is JSON but not an object is malformed.
    ok = '{"timestamp":"2026-03-01T00:00:00Z","bytes":10,"pop":"IAD","cache":"HIT"}'
    lines = [
        ok.replace('{"timestamp"', '{"extra":{"bytes":999,"pop":"NRT"},"timestamp"'),
        ok.replace('{"timestamp"', r'{"ua":"x\",\"bytes\":999,\"pop\":\"NRT","timestamp"'),
        ok.replace('"bytes"', r'"by\u0074es"').replace('"IAD"', r'"\u0049AD"'),
        ok.replace('"bytes":10,', "").removesuffix("}") + ',"x":{"bytes":10}}',  # no bytes
        f"[{ok}]",  # an array
        json.dumps(ok),  # a string holding the object
        "null",
        "42",
    ]
    doc, _ = from_lines(capsys, tmp_path, lines)
    # the first 3 lines: 10 bytes each from IAD, a hit, in one hour, scaled x730.5 to a month:
    # 2,191.5 requests and 21,915 bytes, all in north_america; the other 5 are malformed
    assert doc["traffic"]["requests"] == "2191.5/month"
    assert doc["traffic"]["egress"] == "21915 B/month"
    assert doc["traffic"]["regions"] == {"north_america": 1.0}
    assert doc["traffic"]["cache_hit_ratio"] == 1.0
    assert "8 lines (5 malformed, skipped)" in doc["source"]


def test_a_cloud_cdn_line_is_a_request_if_its_http_request_says_something(capsys, tmp_path):
    # Proto3 JSON leaves out defaults (no cacheHit: a miss; no responseSize: 0 bytes), so a
    # request is an httpRequest naming its method, status, size or cache hit; an entry without
    # any of them (or without httpRequest) is another kind of entry, malformed here.
    # `httpRequest.responseSize` is a path into the object, not a key with a dot in it.
    def entry(http: object = None, **extra: object) -> str:
        line: dict[str, object] = {"timestamp": "2026-03-01T00:00:00Z", **extra}
        line["jsonPayload"] = {"cacheId": "IAD-1"}
        if http is not None:
            line["httpRequest"] = http
        return json.dumps(line)

    lines = [
        entry({"requestMethod": "GET", "status": 200, "responseSize": "10", "cacheHit": True}),
        entry({"responseSize": "10"}),  # 10 bytes, a miss
        entry({"requestMethod": "GET"}),  # 0 bytes
        entry({"requestMethod": "GET"}, **{"httpRequest.responseSize": "99"}),  # 0 bytes
        entry(),  # no httpRequest
        entry({}),
        entry({"requestUrl": "https://files.example.org/x"}),
        entry("GET /x"),  # not an object
    ]
    doc, _ = from_lines(capsys, tmp_path, lines)
    # the first 4 lines: 20 bytes, 10 of them hits, in one hour, scaled x730.5 to a month:
    # 2,922 requests and 14,610 bytes; the other 4 are malformed
    assert doc["traffic"]["requests"] == "2922/month"
    assert doc["traffic"]["egress"] == "14610 B/month"
    assert doc["traffic"]["cache_hit_ratio"] == 0.5
    assert "8 lines (4 malformed, skipped)" in doc["source"]


def test_an_output_that_cannot_be_written(capsys, tmp_path, logs):
    one = files(logs["fastly"])[0]
    err = refused(capsys, "scenario", "from-logs", one, "-o", str(tmp_path / "no" / "x.yaml"))
    assert f"--output: {tmp_path}/no/x.yaml: no such directory {tmp_path}/no" in err
    err = refused(capsys, "scenario", "from-logs", one, "-o", str(tmp_path))
    assert "a directory; give a file name" in err
    copy = tmp_path / "log.json.gz"
    shutil.copy(one, copy)
    err = refused(capsys, "scenario", "from-logs", str(copy), "-o", str(copy))
    assert "is an input of this command" in err
    assert copy.read_bytes() == (logs["fastly"] / Path(one).name).read_bytes()
