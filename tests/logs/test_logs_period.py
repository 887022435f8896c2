"""The period a scenario describes: the latest complete month, a month picked with --month,
or less than a month scaled to one (the factor stated in the file and on stderr)."""

from __future__ import annotations

import json

import pytest
import yaml
from log_helpers import files, run

from tests.logs.generate import Spec, write


def derive(capsys, tmp_path, *args: str) -> tuple[dict, str]:
    out = tmp_path / "derived.yaml"
    code, _, err = run(capsys, "scenario", "from-logs", *args, "-o", str(out), "-f", "json")
    assert code == 0, err
    return yaml.safe_load(out.read_text()), err


def test_eight_days_are_scaled_to_a_month(capsys, tmp_path):
    # March 2026 alone, then only the files delivered on the 1st to the 8th: 192 hours with
    # weight 1 each. The 23:59:59 line of the 8th (template 6, 500,000 bytes) is delivered in
    # the 9th's file, so it is not read: 192 x 7 - 1 = 1,343 lines and
    # 192 x 7,000,000 - 500,000 = 1,343,500,000 bytes. An average month is 730.5 hours:
    # scale 730.5 / 192 = 3.8046875, so 5,109.6953125 requests and 5,111,597,656.25 bytes,
    # written as 5109.7 (hundredths) and 5111597656 (whole bytes).
    paths = write("cloudfront", Spec(months=("2026-03",)), tmp_path / "march")[:8]
    doc, err = derive(capsys, tmp_path, *map(str, paths))
    assert doc["traffic"]["egress"] == "5111597656 B/month"
    assert doc["traffic"]["requests"] == "5109.7/month"
    assert doc["as_of"].isoformat() == "2026-03-08"
    factor = "8.00 days of logs, scaled to a month of 30.44 days (x3.805)"
    assert factor in err and err.startswith("note: 2026-03-01 00:00 to 2026-03-08 23:59 UTC: ")
    assert "scaled x3.805 to a month" in doc["source"]
    assert factor in (tmp_path / "derived.yaml").read_text()  # in the file's comments too
    assert "growth" not in doc  # one partial month: nothing to fit


def test_month_picks_a_complete_month(capsys, tmp_path, logs):
    doc, _ = derive(capsys, tmp_path, *files(logs["fastly"]), "--month", "2026-02")
    # February: 28 x 24 units of 7 requests and 7,700,000 bytes
    assert doc["traffic"]["egress"] == f"{28 * 24 * 7_700_000} B/month"
    assert doc["traffic"]["requests"] == f"{28 * 24 * 7}/month"
    assert doc["as_of"].isoformat() == "2026-02-28"


def test_a_day_without_logs_is_reported(capsys, tmp_path, logs):
    paths = [p for p in files(logs["fastly"]) if "2026-03-10" not in p]
    doc, err = derive(capsys, tmp_path, *paths)
    # 1 line is left of the 10th (its 23:59:59, delivered in the 11th's file) against a mean
    # day of 5,208 / 31 = 168
    assert "almost no lines (under 1% of a mean day's) on 1 day(s) inside the period " in err
    assert "(2026-03-10): are logs missing?" in err
    # the missing file held 168 lines: the 9th's 23:59:59 and the 10th's others
    assert doc["traffic"]["requests"] == f"{5208 - 168}/month"


def test_a_zstd_file_reads_like_gzip(capsys, tmp_path, logs):
    import duckdb

    source = logs["fastly"] / "fastly-2026-01-02.json.gz"
    zstd = tmp_path / "fastly-2026-01-02.json.zst"
    duckdb.execute(
        f"COPY (SELECT line FROM read_csv('{source}', columns={{'line': 'VARCHAR'}}, "
        "delim='\x1f', quote='', escape='', header=false, auto_detect=false)) "
        f"TO '{zstd}' (FORMAT csv, HEADER false, QUOTE '', ESCAPE '', COMPRESSION zstd)"
    )
    assert zstd.read_bytes()[:4] == b"\x28\xb5\x2f\xfd"
    _, out, _ = run(capsys, "scenario", "from-logs", str(zstd))
    _, plain, _ = run(capsys, "scenario", "from-logs", str(source))
    assert yaml.safe_load(out)["traffic"] == yaml.safe_load(plain)["traffic"]


@pytest.mark.parametrize("fmt", ["table", "json", "csv", "markdown"])
def test_report_formats(capsys, tmp_path, logs, fmt):
    out = tmp_path / "s.yaml"
    code, stdout, _ = run(
        capsys, "scenario", "from-logs", *files(logs["cloudcdn"]), "-o", str(out), "-f", fmt
    )
    assert code == 0
    if fmt == "json":
        report = json.loads(stdout)
        assert report["scenario"]["traffic"]["requests"] == "5208/month"
        assert report["period"] == "2026-03" and report["scale"] == 1.0
    elif fmt == "csv":
        head = "month,days_covered,requests,egress_bytes,cache_hit_ratio,uploads,peak_day_egress"
        assert stdout.splitlines()[0].startswith(head)
        # no uploads in Cloud CDN's logs; the peaks 50/24 and 4 (generate.py)
        assert stdout.splitlines()[3].startswith(
            f"2026-03,31.0,5208,6301680000,{5 / 7},,{50 / 24},{50 / 24},4.0,4.0,"
        )
    else:
        # Markdown escapes `_` (`north\\_america` renders as north_america)
        shown = stdout.replace("\\_", "_")
        assert "2026-03" in shown and "71.43%" in shown and "north_america" in shown
        # every line fits 100 columns but the one naming the output file, which is never cut
        lines = [line for line in stdout.splitlines() if str(out) not in line.replace("\\_", "_")]
        assert max(len(line) for line in lines) <= 100
