"""Every reader files a date in UTC, whatever the machine's time zone (`TZ`): DuckDB's default
is the machine's, and `costmodel.readers.sql.connect` sets UTC once for every connection and
cursor the readers open. Each test runs indexplan in a child process under a zone west of UTC
(Los Angeles, UTC-7 in April 2024) and one east of it (Tokyo, UTC+9), on data a few minutes
either side of midnight UTC between two months, and expects what UTC says.

The lines are 22:10, 22:40 and 23:30 on 31 March and 00:30, 00:40 and 01:10 on 1 April (UTC),
sending 1, 2, 4 and 8, 16, 32 bytes: March 3 requests and 1 + 2 + 4 = 7 bytes, April 3 and
8 + 16 + 32 = 56. Read in Los Angeles time every line is on 31 March (15:10 to 18:10: 63 bytes
in March), in Tokyo time on 1 April (07:10 to 10:10: 63 bytes in April).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from tests.logs.generate import OriginRequest, s3_line

ROOT = Path(__file__).resolve().parents[2]
ZONES = ["America/Los_Angeles", "Asia/Tokyo"]
LINES = [
    (dt.datetime(2024, 3, 31, 22, 10), 1),
    (dt.datetime(2024, 3, 31, 22, 40), 2),
    (dt.datetime(2024, 3, 31, 23, 30), 4),
    (dt.datetime(2024, 4, 1, 0, 30), 8),
    (dt.datetime(2024, 4, 1, 0, 40), 16),
    (dt.datetime(2024, 4, 1, 1, 10), 32),
]
# (month, requests, egress bytes), as UTC files them
BY_MONTH = [("2024-03", 3, 7), ("2024-04", 3, 56)]


def in_zone(zone: str, tmp_path: Path, *args: str) -> dict:
    """`indexplan scenario ...` in a child under `TZ=zone`; its JSON report."""
    env = {**os.environ, "TZ": zone}
    done = subprocess.run(
        [sys.executable, "-m", "indexplan", "scenario", *args, "-o", str(tmp_path / "s.yaml"),
         "-f", "json"], capture_output=True, text=True, env=env, check=False, cwd=ROOT,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def by_month(report: dict) -> list[tuple[str, int, int]]:
    return [(m["month"], m["requests"], m["egress_bytes"]) for m in report["months"]]


def fastly_line(when: dt.datetime, size: int, epoch: bool) -> str:
    """A Fastly JSON line, its time with an explicit offset or as seconds since the epoch (the
    forms read through a time zone aware cast; the `...Z` form is not)."""
    utc = when.replace(tzinfo=dt.UTC)
    stamp = str(int(utc.timestamp())) if epoch else utc.isoformat()  # 2024-03-31T22:10:00+00:00
    return json.dumps({"timestamp": stamp, "url": "/a.whl", "user_agent": "pip/24.0",
                       "country": "US", "status": 200, "bytes": size, "method": "GET",
                       "cache": "HIT", "pop": "IAD"})  # fmt: skip


@pytest.mark.parametrize("zone", ZONES)
def test_cdn_and_origin_log_lines_are_filed_in_utc(tmp_path, zone):
    fastly = tmp_path / "fastly.json"
    fastly.write_text("".join(fastly_line(t, b, i % 2 == 1) + "\n" for i, (t, b) in
                              enumerate(LINES)))  # fmt: skip
    # S3 server access logs write `[31/Mar/2024:22:20:00 +0000]`, read with its offset: two
    # uploads (PUT 200) in April's hours (00:20, 01:20 UTC) and one in March's (22:20)
    puts = [dt.datetime(2024, 3, 31, 22, 20), dt.datetime(2024, 4, 1, 0, 20),
            dt.datetime(2024, 4, 1, 1, 20)]  # fmt: skip
    s3 = tmp_path / "s3.log"
    s3.write_text("".join(s3_line(OriginRequest(t, i, "PUT", 200, 0, f"f{i}.whl")) + "\n"
                          for i, t in enumerate(puts)))  # fmt: skip
    report = in_zone(zone, tmp_path, "from-logs", str(fastly), str(s3))
    assert by_month(report) == BY_MONTH
    assert [m["uploads"] for m in report["months"]] == [1, 2]
    assert report["period"] == "2024-03-31 22:00 to 2024-04-01 01:59 UTC"


@pytest.mark.parametrize("zone", ZONES)
def test_a_download_table_is_filed_in_utc(tmp_path, zone):
    # PyPI's tables as Parquet, their times TIMESTAMP WITH TIME ZONE (BigQuery's TIMESTAMP):
    # file f1..f6 downloaded once each at LINES' times, f(n) of LINES' n-th size
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    downloads, metadata = tmp_path / "downloads.parquet", tmp_path / "metadata.parquet"
    rows = ", ".join(f"(TIMESTAMPTZ '{t:%Y-%m-%d %H:%M}:00+00', 'US', {{'filename': 'f{i}'}})"
                     for i, (t, _) in enumerate(LINES, 1))  # fmt: skip
    con.execute(f"COPY (SELECT * FROM (VALUES {rows}) AS t(timestamp, country_code, file)) "
                f"TO '{downloads}' (FORMAT parquet)")  # fmt: skip
    files = ", ".join(f"('f{i}', {size}, TIMESTAMPTZ '2024-01-01 00:00:00+00')"
                      for i, (_, size) in enumerate(LINES, 1))  # fmt: skip
    con.execute(f"COPY (SELECT * FROM (VALUES {files}) AS t(filename, size, upload_time)) "
                f"TO '{metadata}' (FORMAT parquet)")  # fmt: skip
    con.close()
    report = in_zone(
        zone, tmp_path, "from-table", "--downloads", str(downloads), "--metadata", str(metadata)
    )
    assert by_month(report) == BY_MONTH
    # the period is the hours the downloads cover (LA would say 15:00 to 18:59 on 31 March)
    assert report["period"] == "2024-03-31 22:00 to 2024-04-01 01:59 UTC"
