"""`compare --from` and `project --from`: the one-time cost of moving the files, the cumulative
cost with it and the payback month, in every format (tests/fixtures/moving/).

Setups: static-index (CloudFront in front of S3, us-east-1) and static-r2 (Cloudflare's Free
plan in front of R2). Scenario small.yaml: 10 TB a month, 1e7 requests, hit ratio 0.9, 10 TB
stored, 1e4 uploads of 1 MB a month (stored bytes grow 1e10 B a month), no growth.

Hand figures (catalog list prices):
- static-index, month 0: CloudFront 1e13 / 2^30 = 9,313.2257 GB, 1,024 GB free, 8,289.2257 x
  $0.085 = $704.58; requests inside the free 10 million; S3 9,313.2257 GB x $0.023 = $214.20,
  PUT 1e4 x $0.005 / 1,000 = $0.05, GET 1e6 misses x $0.0004 / 1,000 = $0.40: $919.23.
  Month 1 (1.001e13 B stored = 9,322.5390 GB x $0.023 = $214.42): $919.45.
- static-r2, month 0: R2 (10,000 - 10 free) GB x $0.015 = $149.85 (Class A and B inside their
  free millions, the Free plan $0): $149.85; month 1: (10,010 - 10) x $0.015 = $150.00.
- The move, 1e13 B out of S3: 9,313.2257 GB, 100 free, 9,213.2257 x $0.09 = $829.19; 2e6 files
  into R2: 1 million free, 1 x $4.50: $833.69 (without --objects: >= $829.19).
- Payback: moving 833.69 + 149.85 = $983.54 > staying $919.23 in 2026-08; in 2026-09
  983.54 + 150.00 = $1,133.54 < 919.23 + 919.45 = $1,838.68: paid back in 2026-09.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from cli_run import assert_refused, run

HERE = Path(__file__).parents[1] / "fixtures" / "moving"
R2 = str(HERE / "Pulumi.static-r2.yaml")
SCN = ("-s", str(HERE / "small.yaml"))
MOVE = ("--from", "static-index", "--objects", "2e6")


def flat(out: str) -> str:
    return " ".join(out.split())


def test_compare_from_gives_each_setup_its_one_time_cost(capsys):
    code, out, err = run(capsys, "compare", "static-index", R2, *SCN, *MOVE, "-f", "json")
    assert (code, err) == (0, "")
    moves = json.loads(out)["moves"]
    assert (moves["from"], moves["objects"], moves["exit_waivers"]) == ("static-index", 2e6, [])
    own, r2 = moves["setups"]
    assert (own["list_usd"], own["complete"]) == (0.0, True)
    assert (r2["list_usd"], r2["contracted_usd"], r2["complete"]) == (833.69, 833.69, True)
    assert [line["list_usd"] for line in r2["lines"]] == [0.0, 829.19, 0.0, 4.5]


def test_compare_from_in_csv_table_and_markdown(capsys):
    _, out, _ = run(capsys, "compare", "static-index", R2, *SCN, *MOVE, "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["move_one_time_list_usd"] for r in rows] == ["0.0", "833.69"]
    assert {r["move_from"] for r in rows} == {"static-index"} and rows[1]["move_complete"] == "true"
    _, out, _ = run(capsys, "compare", "static-index", R2, *SCN, *MOVE)
    text = flat(out)
    assert "Moving the files from static-index (one-time, USD)" in text
    assert "static-r2 $833.69 0" in text
    assert "aws waives this $829.19 transfer out for a customer leaving it, on request" in text
    _, out, _ = run(capsys, "compare", "static-index", R2, *SCN, *MOVE, "-f", "markdown")
    assert "| static-r2 | $833.69 | 0 |" in out


def test_an_unknown_file_count_is_a_lower_bound_not_zero(capsys):
    args = ("compare", "static-index", R2, *SCN, "--from", "static-index")
    _, out, _ = run(capsys, *args)
    assert "static-r2 ≥ $829.19 1" in flat(out)
    _, out, _ = run(capsys, *args, "-f", "csv")
    row = list(csv.DictReader(io.StringIO(out)))[1]
    assert (row["move_one_time_list_usd"], row["move_complete"]) == ("829.19", "false")
    assert "number of files is not known" in row["move_unpriced"]


def test_the_waiver_is_applied_only_when_asked(capsys):
    args = ("compare", "static-index", R2, *SCN, *MOVE, "--exit-waiver", "aws", "-f", "json")
    r2 = json.loads(run(capsys, *args)[1])["moves"]["setups"][1]
    assert (r2["list_usd"], r2["waived_usd"]) == (4.5, 829.19)


def test_project_from_gives_the_cumulative_cost_and_the_payback_month(capsys):
    args = ("project", "static-index", R2, *SCN, *MOVE, "--months", "3")
    code, out, err = run(capsys, *args, "-f", "json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data["moves_from"] == "static-index"
    stay, r2 = data["setups"]
    assert [m["out_of_pocket_monthly_usd"] for m in stay["months"][:2]] == [919.23, 919.45]
    assert [m["out_of_pocket_monthly_usd"] for m in r2["months"][:2]] == [149.85, 150.0]
    assert [m["cumulative_out_of_pocket_with_move_usd"] for m in r2["months"][:2]] == [
        983.54,
        1133.54,
    ]
    assert r2["move"]["payback_month"] == "2026-09" and r2["move"]["payback_bound"] == "exact"
    assert r2["move"]["one_time"]["list_usd"] == 833.69
    assert stay["move"]["payback_bound"] == "staying"
    _, out, _ = run(capsys, *args, "-f", "csv")
    rows = [r for r in csv.DictReader(io.StringIO(out)) if r["stack"] == "static-r2"]
    assert [r["cumulative_out_of_pocket_with_move_usd"] for r in rows[:2]] == ["983.54", "1133.54"]
    assert {(r["payback_month"], r["payback_bound"], r["move_one_time_usd"]) for r in rows} == {
        ("2026-09", "exact", "833.69")
    }
    text = flat(run(capsys, *args)[1])
    assert "static-r2 $833.69 0 2026-09" in text
    md = run(capsys, *args, "-f", "markdown")[1]
    assert "| static-r2 | $833.69 | 0 | 2026-09 |" in md


def test_without_from_nothing_changes(capsys):
    _, out, _ = run(capsys, "project", "static-index", R2, *SCN, "--months", "2", "-f", "csv")
    assert "payback_month" not in out and "move_from" not in out
    _, out, _ = run(capsys, "compare", "static-index", R2, *SCN, "-f", "json")
    assert "moves" not in json.loads(out)


@pytest.mark.parametrize("command", ["compare", "project"])
@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (("--from", "nowhere"), "--from: 'nowhere': expected one of the setups compared"),
        (("--objects", "5"), "--objects: 5: needs --from SETUP"),
        (("--from", "static-index", "--objects", "=1+2"), "--objects: '=1+2': expected"),
        (("--from", "static-index", "--objects", "nan"), "--objects: 'nan': must be a finite"),
        (("--from", "static-index", "--exit-waiver", "azure"), "expected one of aws, gcp"),
        (("--exit-waiver", "aws"), "--exit-waiver: aws: needs --from SETUP"),
    ],
)
def test_bad_move_options_are_one_line(capsys, command, extra, message):
    assert_refused(capsys, (command, "static-index", R2, *SCN, *extra), message)


def test_sweep_from_gives_the_move_and_its_payback_at_each_point(capsys):
    # Over stored = 1 TB..100 TB (hand, as above; the S3 and R2 bills at each end):
    # 1 TB: out 1e12 / 2^30 = 931.3226 GB - 100 free = 831.3226 x $0.09 = $74.82, + $4.50 into
    #   R2 = $79.32; static-index $704.58 + 931.3226 x $0.023 = $21.42 + $0.45 = $726.45,
    #   static-r2 (1,000 - 10) x $0.015 = $14.85: 7,932 // 71,160 + 1 = 1 month.
    # 100 TB: out $7,329.46 (as in tests/costmodel/test_moving.py) + $4.50 = $7,333.96;
    #   static-index $704.58 + S3 51,200 x $0.023 + 41,932.2575 x $0.022 = $2,100.11, + $0.45 =
    #   $2,805.14; static-r2 99,990 x $0.015 = $1,499.85: 733,396 // 130,529 + 1 = 6 months.
    args = ("sweep", "static-index", R2, *SCN, "--vary", "stored=1TB..100TB", "--points", "3")
    _, out, _ = run(capsys, *args, *MOVE, "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["static-index_out_of_pocket_usd"] for r in rows] == ["726.45", "2805.14"]
    assert [r["static-r2_out_of_pocket_usd"] for r in rows] == ["14.85", "1499.85"]
    assert [r["static-r2_move_one_time_usd"] for r in rows] == ["79.32", "7333.96"]
    assert [r["static-r2_payback_months"] for r in rows] == ["1", "6"]
    assert {r["static-index_payback_bound"] for r in rows} == {"staying"}
    data = json.loads(run(capsys, *args, "--from", "static-index", "-f", "json")[1])
    end = data["ends"][1]
    assert (end["static-r2_move_one_time_usd"], end["static-r2_move_complete"]) == (7329.46, False)
    assert (end["static-r2_payback_months"], end["static-r2_payback_bound"]) == (6, "not_before")
    assert data["moves_from"] == "static-index"
    text = flat(run(capsys, *args, *MOVE)[1])
    assert "1 TB $79.32 / 1 month" in text and "100 TB $7,333.96 / 6 months" in text
    md = run(capsys, *args, "--from", "static-index", "-f", "markdown")[1]
    assert "| 100 TB |  | ≥ $7,329.46 / ≥ 6 months |" in md


def test_sweep_refuses_bad_move_options(capsys):
    args = ("sweep", "static-index", R2, *SCN, "--vary", "stored=1TB..2TB")
    assert_refused(capsys, (*args, "--objects", "1e5"), "--objects: 1e5: needs --from SETUP")
    assert_refused(capsys, (*args, "--from", "x"), "--from: 'x': expected one of the setups")


def test_a_note_alike_for_several_setups_is_said_once_naming_them(capsys):
    # Leaving S3 reads the same for static-r2 and all-gcp: 1e13 B = 10 TB, the waiver would take
    # the same $829.19 off (above), and neither knows its file count. Each said once, both named.
    setups = ("static-index", R2, "all-gcp")
    code, out, _ = run(capsys, "compare", *setups, *SCN, "--from", "static-index")
    assert code == 0
    text = flat(out)
    said = "moves 10 TB in files of unknown number, priced as a month of its own"
    assert text.count(said) == 1 and f"static-r2, all-gcp: {said}" in text
    assert text.count("the number of files is not known") == 1
    assert "static-r2, all-gcp: aws waives this $829.19 transfer out" in text
    assert "static-index: the setup moved from" in text
