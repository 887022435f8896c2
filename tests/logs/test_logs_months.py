"""Every derived figure for each calendar month covered, not only for the month the scenario
describes: uploads, peaks and region shares beside each month's egress, requests and hit
ratio, in the JSON and CSV reports and the file's per-month comments."""

from __future__ import annotations

import csv
import io
import json

import pytest
from log_helpers import files, run

from tests.logs.generate import REGIONS


def report(capsys, tmp_path, fmt: str, *args: str) -> str:
    out = tmp_path / "s.yaml"
    code, stdout, err = run(capsys, "scenario", *args, "-o", str(out), "-f", fmt)
    assert code == 0, err
    return stdout


def test_each_month_of_the_logs(capsys, tmp_path, logs):
    # CloudFront with the origin's usage logs, January to March 2026. The origin logs one
    # upload a day (12:00; the 403 at 12:30 is not counted): 31, 28 and 31. Every month holds
    # the templates' mix (the region shares of REGIONS), a 15th of 50 units against a mean
    # day of 24 (peak day 50/24 of egress and of requests) and a 18:00 on the 15th of 4 units
    # against a mean hour of 1 (peak hour 4).
    args = ("from-logs", *files(logs["cloudfront"]), *files(logs["gcs-usage"]))
    months = json.loads(report(capsys, tmp_path, "json", *args))["months"]
    assert [mo["month"] for mo in months] == ["2026-01", "2026-02", "2026-03"]
    assert [mo["uploads"] for mo in months] == [31, 28, 31]
    for mo in months:
        assert mo["peaks"]["day"]["egress"] == pytest.approx(50 / 24)
        assert mo["peaks"]["day"]["requests"] == pytest.approx(50 / 24)
        assert mo["peaks"]["hour"] == {"egress": pytest.approx(4), "requests": pytest.approx(4)}
        assert mo["regions"] == pytest.approx({r: float(v) for r, v in REGIONS.items()})

    rows = list(csv.DictReader(io.StringIO(report(capsys, tmp_path, "csv", *args))))
    assert [row["uploads"] for row in rows] == ["31", "28", "31"]
    assert float(rows[1]["share_north_america"]) == pytest.approx(3 / 7)
    assert float(rows[1]["peak_hour_egress"]) == pytest.approx(4)
    comments = (tmp_path / "s.yaml").read_text()
    assert (
        "#   2026-02   28.00           4,704    5.174 GB    71.43%        28    x2.08     x4.00"
        in comments
    )
    assert "#   2026-01  europe 14.29%, india 7.14%, japan 14.29%, north_america 42.86%" in comments


def test_each_month_of_the_table(capsys, tmp_path, table):
    # The table's uploads: each month's 7 releases (on its 1st) and one file a day: 7 + 31,
    # 7 + 28 and 7 + 31 (March's 38 is table_truth's, test_logs_table.py).
    downloads, metadata = table
    args = ("from-table", "--downloads", str(downloads), "--metadata", str(metadata))
    months = json.loads(report(capsys, tmp_path, "json", *args))["months"]
    assert [mo["uploads"] for mo in months] == [38, 35, 38]
    assert months[0]["regions"]["india"] == pytest.approx(1 / 14)  # by client country: IN
