"""`indexplan sweep` end to end: break-evens and ends by default, every point when asked."""

from __future__ import annotations

import csv
import io
import itertools
import json

from cli_run import run

from indexplan.paths import STACKS_DIR

SWEEP = ("sweep", "pypi-2016", "all-gcp", "-s", "pypi-2026", "--vary", "egress=1TB..20PB")


def test_json_summary_and_exact_break_even(capsys, tmp_path):
    # two setups priced in full (lower bounds are not ranked: review s5, finding 6): all-gcp
    # without its archive class, whose lifecycle operation has no price, and static-index,
    # under pypi-2016's 3 billion requests, small enough for egress to decide
    stack = tmp_path / "Pulumi.gcp-plain.yaml"
    text = (STACKS_DIR / "Pulumi.all-gcp.yaml").read_text()
    stack.write_text(text.replace("archive: true", "archive: false"))
    args = ("sweep", "static-index", str(stack), "-s", "pypi-2016", "--vary", "egress=1TB..20PB")
    code, out, err = run(capsys, *args, "--points", "300", "--log", "-f", "json")
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
    assert data["incomplete"] == []
    assert data["break_evens"]["list"], "gcp-plain and static-index cross at list price here"
    for b in data["break_evens"]["list"]:
        # The crossing is of unrounded costs; each bill is a sum of lines rounded to the cent
        # (static-index 8 and gcp-plain 24 at pypi-2016, a few more tiers at higher egress;
        # CloudFront's free allowance is split over its zones), each off by at most half a
        # cent: bills equal before rounding differ by at most 20 cents for 40 lines.
        to, before = (round(b["monthly_usd"][b[k]] * 100) for k in ("to", "from"))
        assert to <= before + 20


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
        "pypi-2016_contracted_usd",  # equal to list: no price book
        "pypi-2016_out_of_pocket_usd",
        "all-gcp_list_usd",
        "all-gcp_contracted_usd",
        "all-gcp_out_of_pocket_usd",
        # review s8-ops 7: per point whether the costs are whole; here neither is at any
        # point (pypi-2016's Fastly certificate and all-gcp's archive lifecycle are unpriced)
        "pypi-2016_complete",
        "all-gcp_complete",
    }
    for row in rows:
        for name in ("pypi-2016", "all-gcp"):
            assert row[f"{name}_contracted_usd"] == row[f"{name}_list_usd"]
            assert row[f"{name}_complete"] == "false"
    assert all(p["pypi-2016_complete"] is False for p in data["points"])


def test_table_fits_100_columns(capsys):
    code, out, err = run(capsys, "sweep", "-s", "pypi-2026", "--vary", "cache_hit_ratio=0.8..1")
    assert (code, err) == (0, "")
    assert max(len(line) for line in out.splitlines()) <= 100
    assert "Break-evens at list price" in out and "Break-evens out of pocket" in out


def test_break_evens_are_the_same_at_2e5_and_2e6_points(capsys):
    # The case: the grid once decided where (and how often) the cheapest flipped.
    args = ("sweep", "-s", "pypi-2026", "--vary", "egress=1TB..20PB", "-f", "json")
    found = []
    for extra in (("--log", "-n", "200000"), ("--log", "-n", "2000000"), ("-n", "2")):
        code, out, err = run(capsys, *args, *extra)
        assert (code, err) == (0, "")
        found.append(json.loads(out)["break_evens"])
    assert found[0] == found[1] == found[2]
    for b in found[0]["list"] + found[0]["out_of_pocket"]:
        assert b["value"] == int(b["value"])
    # no two break-evens of one kind within a tie band: consecutive ones change setups
    for kind in ("list", "out_of_pocket"):
        changes = found[0][kind]
        assert all(a["to"] == b["from"] for a, b in itertools.pairwise(changes))
        assert all(c["from"] != c["to"] for c in changes)


def test_traffic_moves_egress_requests_and_uploads_together(capsys):
    # traffic=1x is the scenario itself: its cost there equals estimate's
    code, out, err = run(
        capsys, "sweep", "all-aws", "-s", "pypi-2026", "--vary", "traffic=0.5x..1x",
        "--emit-points", "-n", "2", "-f", "json",
    )  # fmt: skip
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data["vary"]["unit"] == "x" and data["vary"]["quantity"] == "traffic"
    at_one = data["points"][-1]
    est = json.loads(run(capsys, "estimate", "all-aws", "-s", "pypi-2026", "-f", "json")[1])
    assert at_one["all-aws_list_usd"] == est["totals"]["list_monthly_usd"]
    # at 0.5x every traffic-driven line halves (within tiers): the bill drops by a good part
    assert at_one["all-aws_list_usd"] / data["points"][0]["all-aws_list_usd"] > 1.5


def test_every_sweep_says_what_it_held_fixed(capsys):
    out = run(capsys, *SWEEP, "--log")[1]
    # pypi-2026 gives requests (6e9/day = 182.6 billion a month), so egress moves alone
    assert "held fixed: requests 182.6 billion/month; cache hit ratio 0.985" in out
    traffic = run(capsys, "sweep", "all-aws", "-s", "pypi-2026", "--vary", "traffic=0.1x..2x")[1]
    assert "held fixed: cache hit ratio 0.985; regions north_america 100%; stored 304 TB" in (
        " ".join(traffic.split())
    )
    assert "requests 182.6" not in traffic.split("held fixed:")[1]
    share = run(capsys, *SWEEP[:-2], "--vary", "cache_hit_ratio=0.9..0.99")[1]
    assert "Sweep: cache hit ratio 90%..99%" in share and "0.900000" not in share
