"""`indexplan project` end to end: month one equals estimate; every month in json and csv."""

from __future__ import annotations

import csv
import io
import json

from cli_run import run


def test_first_month_equals_estimate_and_json_has_every_month(capsys):
    code, out, err = run(
        capsys,
        "project",
        "pypi-2021",
        "all-gcp",
        "-s",
        "pypi-2026",
        "--months",
        "120",
        "-f",
        "json",
    )
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert (data["scenario"], data["start"], data["months"]) == ("pypi-2026", "2026-08", 120)
    for setup in data["setups"]:
        est = json.loads(
            run(capsys, "estimate", setup["stack"], "-s", "pypi-2026", "-f", "json")[1]
        )
        first = setup["months"][0]
        assert first["month"] == "2026-08"
        assert first["list_monthly_usd"] == est["totals"]["list_monthly_usd"]
        assert first["out_of_pocket_monthly_usd"] == est["totals"]["out_of_pocket_monthly_usd"]
        assert len(setup["months"]) == 120 and setup["months"][-1]["month"] == "2036-07"
        cumulative = sum(round(m["out_of_pocket_monthly_usd"] * 100) for m in setup["months"])
        assert round(setup["cumulative"]["out_of_pocket_usd"] * 100) == cumulative
        # x1.7 a year: traffic ten years on is 1.7^10 = 201.6 times month one; cost grows too.
        # From the second month (2026-09, Fastly's 2026 list) pypi-2021's bandwidth past 10 TB
        # is unpriced ("contact sales"), so its months from then are lower bounds of their own,
        # far below month one's $0.12 on every GB: the growth is measured from that month
        second = setup["months"][1]
        assert setup["months"][-1]["list_monthly_usd"] > 10 * second["list_monthly_usd"]


def test_csv_rows_and_table_width(capsys):
    args = (
        "project",
        "pypi-2016",
        "all-aws",
        "-s",
        "pypi-2021",
        "--start",
        "2021-01",
        "--months",
        "48",
    )
    rows = list(csv.DictReader(io.StringIO(run(capsys, *args, "-f", "csv")[1])))
    assert len(rows) == 2 * 48
    assert rows[0]["month"] == "2021-01" and rows[47]["month"] == "2024-12"
    code, out, err = run(capsys, *args)
    assert (code, err) == (0, "")
    assert max(len(line) for line in out.splitlines()) <= 100
    assert "Crossovers (out of pocket)" in out and "Cumulative (USD)" in out
