"""Lines of another format inside one file are a mixture, refused as one across files is
(one line naming the file and both formats, exit 2), not malformed lines skipped with a note;
genuinely damaged lines are still counted, and refused only by --strict. The rule
(costmodel/readers/logs/mixture.py): a file is a mixture when over half of its malformed
lines are lines another format recognises.

The files are the generator's (tests/logs/generate.py, Spec()): one March day of each format
holds 168 requests (5,208 in March / 31 days), so 168 data lines."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from log_helpers import refused, run

from tests.logs.generate import CLOUDFRONT_FIELDS, WRITERS

DAY = "2026-03-05"
LINES_A_DAY = 168


def day_lines(logs: dict[str, Path], fmt: str) -> list[str]:
    """The day's lines of `fmt`, headers (`#` lines) included."""
    path = next(logs[fmt].glob(f"{fmt}-{DAY}.*"))
    raw = path.read_bytes()
    text = gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw
    return text.decode().splitlines()


def data(lines: list[str]) -> list[str]:
    return [line for line in lines if not line.startswith("#")]


def write(tmp_path: Path, lines: list[str]) -> str:
    path = tmp_path / "mixed.log"
    path.write_text("\n".join(lines) + "\n")
    return str(path)


MIXED = "a mixture of log formats in one file"


@pytest.mark.parametrize("strict", [(), ("--strict",)])
def test_a_cloudfront_file_with_fastly_lines_behind(capsys, tmp_path, logs, strict):
    # 168 CloudFront lines, then the first 50 of Fastly's day: 218 lines, 50 of them Fastly's.
    # With --strict the mixture is named too, not "50 malformed lines".
    lines = day_lines(logs, "cloudfront") + data(day_lines(logs, "fastly"))[:50]
    path = write(tmp_path, lines)
    err = refused(capsys, "scenario", "from-logs", path, *strict)
    assert err == (
        f"{path}: {MIXED}: 50 of its 218 lines are fastly lines in a cloudfront log; give "
        "each format's logs in files of their own\n"
    )


def test_a_fastly_file_with_cloudfront_lines_inside(capsys, tmp_path, logs):
    # Fastly's 168 lines with CloudFront's 168 data lines between halves: 336, 168 CloudFront
    fastly = data(day_lines(logs, "fastly"))
    lines = fastly[:84] + data(day_lines(logs, "cloudfront")) + fastly[84:]
    err = refused(capsys, "scenario", "from-logs", write(tmp_path, lines))
    assert "168 of its 336 lines are cloudfront lines in a fastly log" in err


def test_a_cloud_cdn_file_with_fastly_lines_and_an_origin_file_with_another(capsys, tmp_path, logs):
    # Cloud CDN's 168 lines, then 20 of Fastly's (JSON too, but without httpRequest): 188
    lines = day_lines(logs, "cloudcdn") + data(day_lines(logs, "fastly"))[:20]
    err = refused(capsys, "scenario", "from-logs", write(tmp_path, lines))
    assert "20 of its 188 lines are fastly lines in a cloudcdn log" in err
    # an origin's log too: the GCS usage day (a header, then its lines) with 5 S3 lines
    gcs = tmp_path / "gcs.csv"
    gcs.write_text("\n".join(day_lines(logs, "gcs-usage") + day_lines(logs, "s3-access")[:5]))
    cdn = str(next(logs["cloudfront"].glob(f"cloudfront-{DAY}.*")))
    err = refused(capsys, "scenario", "from-logs", cdn, str(gcs))
    assert f"{gcs}: {MIXED}: 5 of its " in err
    assert "lines are s3-access lines in a gcs-usage log" in err


def test_a_second_cloudfront_header_of_another_layout(capsys, tmp_path, logs):
    # the day written twice: as generated, then under a #Fields: line with the columns in
    # reverse order (date and time last), its lines reversed to match. Read with the first
    # layout, the second half's 168 lines do not parse: two layouts, not damage.
    lines = day_lines(logs, "cloudfront")
    fields = CLOUDFRONT_FIELDS.split()
    reversed_lines = ["\t".join(reversed(line.split("\t"))) for line in data(lines)]
    lines += [f"#Fields: {' '.join(reversed(fields))}", *reversed_lines]
    path = write(tmp_path, lines)
    err = refused(capsys, "scenario", "from-logs", path)
    assert err == (
        f"{path}: CloudFront #Fields: lines of different layouts in one file (168 malformed "
        "lines read with the first); give each layout's logs in a file of its own\n"
    )


def test_the_same_header_twice_is_one_layout(capsys, tmp_path, logs):
    # two days concatenated as they are (`cat a b`): the header twice, identical; no line is
    # malformed, so nothing is refused: 2 x 168 lines
    lines = day_lines(logs, "cloudfront")
    code, out, err = run(capsys, "scenario", "from-logs", write(tmp_path, lines + lines))
    assert code == 0, err
    assert "336 lines" in out


def test_damaged_lines_are_counted_unless_mostly_another_format(capsys, tmp_path, logs):
    """2 lines cut short (the generator's broken CloudFront line) and 2 Fastly lines: half,
    not over half, of the 4 malformed lines are Fastly's, so all 4 are damage: counted and
    skipped, of 168 + 4 = 172. A third Fastly line makes 3 of 5: a mixture."""
    cloudfront = day_lines(logs, "cloudfront")
    fastly = data(day_lines(logs, "fastly"))
    broken = WRITERS["cloudfront"].broken
    lines = [*cloudfront, broken, broken, *fastly[:2]]
    path = write(tmp_path, lines)
    code, _, err = run(capsys, "scenario", "from-logs", path)
    assert code == 0, err
    assert "note: 4 of 172 log lines malformed, skipped (--strict refuses them)" in err
    err = refused(capsys, "scenario", "from-logs", path, "--strict")
    assert "4 malformed line(s)" in err and MIXED not in err
    err = refused(capsys, "scenario", "from-logs", write(tmp_path, lines + fastly[2:3]))
    assert "3 of its 173 lines are fastly lines in a cloudfront log" in err
