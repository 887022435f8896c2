"""--price-book (or a stack's own indexplan:price_book) on compare, project and sweep: each
setup is billed as `estimate` bills it under the same book, tables gain a Contracted column
only when a book is in use, and a bad book is one line, exit 2."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from cli_run import assert_refused, run

from indexplan.paths import STACKS_DIR

# 10% off every AWS price; Fastly bandwidth at a tiered negotiated rate; Google committed.
BOOK = """\
source: example enterprise agreement
entries:
  - {provider: aws, discount_percent: 10, effective: 2021-01-01}
  - {provider: fastly, service: cdn, dimension: bandwidth, effective: 2021-01-01,
     rate: {unit: GB, tiers: [[1000000, 0.01], [null, 0.008]]}}
  - {provider: gcp, commitment: {monthly_usd: 500000, discount_percent: 8},
     effective: 2021-01-01}
"""
STACKS = ("pypi-2021", "all-aws")
SCENARIO = ("-s", "pypi-2021")
TOTALS = [
    "list_monthly_usd",
    "contracted_monthly_usd",
    "sponsored_monthly_usd",
    "out_of_pocket_monthly_usd",
]


@pytest.fixture
def book(tmp_path: Path) -> str:
    path = tmp_path / "contract.yaml"
    path.write_text(BOOK)
    return str(path)


def json_of(capsys, *args: str) -> dict:
    code, out, err = run(capsys, *args, "-f", "json")
    assert (code, err) == (0, ""), err
    return json.loads(out)


def fits(out: str, width: int) -> bool:
    return max(len(line) for line in out.splitlines()) <= width


def test_compare_with_a_book_equals_estimate_with_it(capsys, book):
    data = json_of(capsys, "compare", *STACKS, *SCENARIO, "--price-book", book)
    for setup in data["setups"]:
        est = json_of(capsys, "estimate", setup["stack"], *SCENARIO, "--price-book", book)
        assert (setup["totals"], setup["providers"]) == (est["totals"], est["providers"])
        assert list(setup["totals"]) == TOTALS
        assert setup["price_book"] == {
            "name": "contract",
            "file": book,
            "source": "example enterprise agreement",
        }
        # the book lowers both bills (AWS 10% off; Fastly's rate far below list)
        assert setup["totals"]["contracted_monthly_usd"] < setup["totals"]["list_monthly_usd"]
    rows = list(csv.DictReader(io.StringIO(run(capsys, "compare", *STACKS, *SCENARIO,
                                               "--price-book", book, "-f", "csv")[1])))  # fmt: skip
    for row, setup in zip(rows, data["setups"], strict=True):
        assert float(row["contracted_monthly_usd"]) == setup["totals"]["contracted_monthly_usd"]
        aws = next(p for p in setup["providers"] if p["provider"] == "aws")
        assert float(row["aws_contracted_monthly_usd"]) == aws["contracted_monthly_usd"]


def test_without_a_book_contracted_is_list_and_no_column_shows_it(capsys, monkeypatch):
    data = json_of(capsys, "compare", *STACKS, *SCENARIO)
    for setup in data["setups"]:
        totals = setup["totals"]
        assert totals["contracted_monthly_usd"] == totals["list_monthly_usd"]
        assert setup["price_book"] is None
    monkeypatch.setenv("COLUMNS", "100")
    out = run(capsys, "compare", *STACKS, *SCENARIO)[1]
    assert "Contracted" not in out and "price book" not in out


@pytest.mark.parametrize("width", [80, 200])
def test_compare_table_with_a_book_has_a_contracted_column(capsys, monkeypatch, book, width):
    data = json_of(capsys, "compare", *STACKS, *SCENARIO, "--price-book", book)
    monkeypatch.setenv("COLUMNS", str(width))
    code, out, err = run(capsys, "compare", *STACKS, *SCENARIO, "--price-book", book)
    assert (code, err) == (0, "")
    assert fits(out, width) and "Contracted" in out
    assert "at contracted prices:" in out
    # at 80 columns a long temporary path (xdist's popen-gwN folders) is folded inside a word:
    # compare the text without its whitespace (the path has none)
    named = f"price book for pypi-2021, all-aws: contract ({book})"
    assert "".join(named.split()) in "".join(out.split())
    if width == 200:  # every amount in full
        for setup in data["setups"]:
            assert f"${setup['totals']['contracted_monthly_usd']:,.2f}" in out


def test_a_stacks_own_book_applies_unless_one_is_given(capsys, tmp_path):
    (tmp_path / "half.yaml").write_text(
        "source: example\nentries:\n- {provider: aws, discount_percent: 50, "
        "effective: 2021-01-01}\n"
    )
    own = tmp_path / "Pulumi.discounted.yaml"
    own.write_text(
        (STACKS_DIR / "Pulumi.all-aws.yaml").read_text() + "  indexplan:price_book: half.yaml\n"
    )
    data = json_of(capsys, "compare", "all-aws", str(own), *SCENARIO)
    shipped, discounted = (s["totals"] for s in data["setups"])
    assert shipped["contracted_monthly_usd"] == shipped["list_monthly_usd"]
    # the same stack, 50% off every line (each rounded once): half its list, within a cent a line
    assert discounted["list_monthly_usd"] == shipped["list_monthly_usd"]
    ratio = discounted["contracted_monthly_usd"] / discounted["list_monthly_usd"]
    assert abs(ratio - 0.5) < 1e-6
    assert data["setups"][1]["price_book"]["file"] == str(tmp_path / "half.yaml")
    # --price-book is for every setup, in place of a stack's own
    given = tmp_path / "none.yaml"
    given.write_text(
        "source: example\nentries:\n- {provider: aws, discount_percent: 0, effective: 2021-01-01}\n"
    )
    data = json_of(capsys, "compare", "all-aws", str(own), *SCENARIO, "--price-book", str(given))
    for setup in data["setups"]:
        assert setup["totals"]["contracted_monthly_usd"] == shipped["list_monthly_usd"]
        assert setup["price_book"]["file"] == str(given)


def test_project_with_a_book_starts_at_estimate_and_carries_contracted(capsys, book):
    args = ("project", *STACKS, *SCENARIO, "--months", "13", "--price-book", book)
    data = json_of(capsys, *args)
    for setup in data["setups"]:
        est = json_of(capsys, "estimate", setup["stack"], *SCENARIO, "--price-book", book)
        first = setup["months"][0]
        # review s8-ops 7 added whether the month is priced in full, and its unpriced parts
        assert list(first) == ["month", *TOTALS, "complete", "unpriced"]
        assert first["complete"] is est["complete"]
        assert [first[k] for k in TOTALS] == [est["totals"][k] for k in TOTALS]
        cumulative = sum(round(m["contracted_monthly_usd"] * 100) for m in setup["months"])
        assert round(setup["cumulative"]["contracted_usd"] * 100) == cumulative
        assert setup["price_book"]["file"] == book
    rows = list(csv.DictReader(io.StringIO(run(capsys, *args, "-f", "csv")[1])))
    assert len(rows) == 2 * 13
    assert list(rows[0]) == ["month", "stack", *TOTALS] + [
        f"cumulative_{kind}_usd" for kind in ("list", "contracted", "sponsored", "out_of_pocket")
    ] + ["complete", "unpriced"]
    pypi = data["setups"][0]["months"]
    assert [float(r["contracted_monthly_usd"]) for r in rows[:13]] == [
        m["contracted_monthly_usd"] for m in pypi
    ]


@pytest.mark.parametrize("width", [80, 100])
def test_project_table_with_a_book(capsys, monkeypatch, book, width):
    monkeypatch.setenv("COLUMNS", str(width))
    code, out, err = run(capsys, "project", *STACKS, *SCENARIO, "--months", "6",
                         "--price-book", book)  # fmt: skip
    assert (code, err) == (0, "")
    assert fits(out, width)
    assert "out of pocket / contracted / list" in " ".join(out.split())
    assert "Contracted" in out
    assert "price book terms in force" in " ".join(out.split())


def test_sweep_with_a_book_equals_estimate_and_finds_contracted_break_evens(capsys, book):
    args = ("sweep", "all-aws", *SCENARIO, "--vary", "traffic=0.5x..1x", "--emit-points",
            "-n", "2", "--price-book", book)  # fmt: skip
    data = json_of(capsys, *args)
    assert list(data["break_evens"]) == ["list", "contracted", "out_of_pocket"]
    assert data["price_books"]["all-aws"]["file"] == book
    at_one = data["points"][-1]
    est = json_of(capsys, "estimate", "all-aws", *SCENARIO, "--price-book", book)
    assert at_one["all-aws_list_usd"] == est["totals"]["list_monthly_usd"]
    assert at_one["all-aws_contracted_usd"] == est["totals"]["contracted_monthly_usd"]
    assert at_one["all-aws_out_of_pocket_usd"] == est["totals"]["out_of_pocket_monthly_usd"]
    rows = list(csv.DictReader(io.StringIO(run(capsys, *args, "-f", "csv")[1])))
    assert list(rows[0]) == [
        "value",
        "all-aws_list_usd",
        "all-aws_contracted_usd",
        "all-aws_out_of_pocket_usd",
        "all-aws_complete",  # review s8-ops 7: whether the point's costs are whole
    ]
    assert [r["all-aws_complete"] for r in rows] == [str(est["complete"]).lower()] * 2


@pytest.mark.parametrize("width", [80, 100])
def test_sweep_table_with_a_book(capsys, monkeypatch, book, width):
    monkeypatch.setenv("COLUMNS", str(width))
    code, out, err = run(capsys, "sweep", *STACKS, *SCENARIO, "--vary", "egress=1TB..20PB",
                         "--log", "--price-book", book)  # fmt: skip
    assert (code, err) == (0, "")
    assert fits(out, width)
    for name in STACKS:
        assert re.search(rf"(?<![\w-]){name}(?![\w-])", out)
    assert "Break-evens at contracted prices" in out
    assert "cells: out of pocket / contracted / list" in " ".join(out.split())


@pytest.mark.parametrize("command", ["compare", "project", "sweep"])
def test_a_bad_book_is_one_line_and_exit_2(capsys, tmp_path, command):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "source: x\nentries:\n- {provider: aws, service: cloudfrnt, discount_percent: 5, "
        "effective: 2021-01-01}\n"
    )
    extra = ("--vary", "egress=1TB..2TB") if command == "sweep" else ()
    args = (command, "all-aws", *SCENARIO, *extra, "--price-book")
    assert_refused(
        capsys, (*args, str(bad)), "entries.0: no price in the catalog for aws cloudfrnt"
    )
    assert_refused(capsys, (*args, str(tmp_path / "missing.yaml")), "missing.yaml")


def dear_book(tmp_path: Path, rate: str) -> str:
    path = tmp_path / "dear.yaml"
    path.write_text(
        "source: x\nentries:\n- {provider: fastly, service: cdn, dimension: bandwidth, "
        f"effective: 2016-01-01, rate: {rate}}}\n"
    )
    return str(path)


def test_a_rate_past_what_the_outputs_carry_is_one_line(capsys, tmp_path):
    # pypi-2021's Fastly serves 10 PB/day of pypi-2026: at 0.1x, 3.04e16 bytes = 3.04e7 GB a
    # month; at 10^12 $/GB (the most a book may give, limits.MAX_USD) that is 3e19 dollars, far
    # past $10^13 (the most a JSON number holds to the cent). Sweep and project refuse it in
    # one line instead of wrapping or overflowing, naming the book's entry: at list prices the
    # same traffic costs a few million, so neither --vary nor --months is the cause.
    book = dear_book(tmp_path, "1.0e+12")
    common = ("pypi-2021", "-s", "pypi-2026", "--price-book", book)
    entry = (
        f"{book}: entries.0.rate: fastly cdn bandwidth at this rate bills pypi-2021 over "
        "$10,000,000,000,000 a month"
    )
    assert_refused(
        capsys,
        ("sweep", *common, "--vary", "traffic=0.1x..1x"),
        f"{entry} at 0.1x (--vary traffic), more than the outputs carry to the cent; expected "
        "a rate the month's bill can carry to the cent, or lower TO",
    )
    # the first month (the scenario's, 2026-08) already: no shorter horizon helps
    assert_refused(
        capsys,
        ("project", *common),
        f"{entry} in 2026-08 (--months 24), more than the outputs carry to the cent; expected "
        "a rate the month's bill can carry to the cent\n",
    )


def test_a_rate_the_plan_takes_past_what_the_outputs_carry_names_both(capsys, tmp_path):
    # 10 PB/day is 10^16 x 365.25 / 12 = 3.04375e17 B = 3.04375e8 GB a month. At 10^5 $/GB a
    # sweep of traffic=0.1x..1x in 10 points passes $10^13 where 3.04375e13 x share >= 10^13,
    # share >= 0.3285: first at the grid's 0.4x (0.3x bills 9.13e12).
    book = dear_book(tmp_path, "1.0e+5")
    common = ("pypi-2021", "-s", "pypi-2026", "--price-book", book)
    assert_refused(
        capsys,
        ("sweep", *common, "--vary", "traffic=0.1x..1x", "--points", "10"),
        f"{book}: entries.0.rate: fastly cdn bandwidth at this rate bills pypi-2021 over "
        "$10,000,000,000,000 a month at 0.4x (--vary traffic), more than the outputs carry to "
        "the cent; expected a rate the month's bill can carry to the cent, or lower TO",
    )
    # At 3 x 10^4 $/GB the first month bills 9.13e12; growth x1.7 a year is 1.7^(1/12) =
    # 1.045211 a month: month 2 (index) 9.13125e12 x 1.092466 = 9.976e12, month 3 x 1.141858 =
    # 1.0427e13, past the limit: 2026-11, so three months (Aug-Oct) can be projected.
    book = dear_book(tmp_path, "3.0e+4")
    assert_refused(
        capsys,
        ("project", "pypi-2021", "-s", "pypi-2026", "--price-book", book),
        f"{book}: entries.0.rate: fastly cdn bandwidth at this rate bills pypi-2021 over "
        "$10,000,000,000,000 a month in 2026-11 (--months 24), more than the outputs carry to "
        "the cent; expected a rate the month's bill can carry to the cent, or --months 3",
    )


@pytest.mark.parametrize("command", ["compare", "project", "sweep"])
def test_a_rate_past_the_documented_range_is_refused_as_the_book_is_read(capsys, tmp_path, command):
    path = dear_book(tmp_path, "1.0e+300")
    extra = ("--vary", "traffic=0.1x..1x") if command == "sweep" else ()
    assert_refused(
        capsys,
        (command, "pypi-2021", "-s", "pypi-2026", *extra, "--price-book", path),
        f"{path}: entries.0.rate.tiers: tier 1: a rate is at most 1e+12 USD per unit",
    )
