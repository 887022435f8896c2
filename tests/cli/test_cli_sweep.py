"""`indexplan sweep` end to end: break-evens and ends by default, every point when asked."""

from __future__ import annotations

import csv
import io
import json

from cli_run import run

SWEEP = ("sweep", "pypi-2016", "all-gcp", "-s", "pypi-2026", "--vary", "egress=1TB..20PB")


def test_json_summary_and_exact_break_even(capsys):
    code, out, err = run(capsys, *SWEEP, "--points", "300", "--log", "-f", "json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data["vary"] == {
        "quantity": "egress",
        "from": 1e12,
        "to": 2e16,
        "unit": "bytes/month",
        "points": 300,
        "log": True,
    }
    assert len(data["ends"]) == 2 and "points" not in data
    for kind in ("list", "out_of_pocket"):
        for b in data["break_evens"][kind]:
            assert b["value"] == int(b["value"])  # to the byte
            assert b["from"] != b["to"]
    # from the break-even on, the new setup costs no more than the one it replaces
    assert data["break_evens"]["list"], "all-gcp and all-aws cross at list price in this range"
    for b in data["break_evens"]["list"]:
        assert b["monthly_usd"][b["to"]] <= b["monthly_usd"][b["from"]]


def test_emit_points_gives_every_point_in_json_and_csv(capsys):
    data = json.loads(run(capsys, *SWEEP, "--points", "25", "--emit-points", "-f", "json")[1])
    assert len(data["points"]) == 25
    assert data["points"][0]["value"] == 1e12 and data["points"][-1]["value"] == 2e16
    rows = list(
        csv.DictReader(
            io.StringIO(run(capsys, *SWEEP, "--points", "25", "--emit-points", "-f", "csv")[1])
        )
    )
    assert len(rows) == 25 and set(rows[0]) == {
        "value",
        "pypi-2016_list_usd",
        "pypi-2016_out_of_pocket_usd",
        "all-gcp_list_usd",
        "all-gcp_out_of_pocket_usd",
    }


def test_table_fits_100_columns(capsys):
    code, out, err = run(capsys, "sweep", "-s", "pypi-2026", "--vary", "cache_hit_ratio=0.8..1")
    assert (code, err) == (0, "")
    assert max(len(line) for line in out.splitlines()) <= 100
    assert "Break-evens at list price" in out and "Break-evens out of pocket" in out
