"""`indexplan compare` end to end: each setup equals its estimate; the table fits 100 columns."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re

import pytest
from cli_run import run

from indexplan.paths import STACKS_DIR, stack_names


def test_no_arguments_compares_every_stack_under_the_newest_pypi_scenario(capsys):
    code, out, err = run(capsys, "compare", "--format", "json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    # s4 review 11; `lower_unless` (review s8-ops 2b): pypi-2024's lower bound is below the
    # cheapest complete setup out of pocket (see the table test below)
    assert list(data) == ["scenario", "prices_as_of", "setups", "cheapest", "lower_unless"]
    # pypi-2026 has the latest as_of (2026-08-14) of the shipped PyPI scenarios
    assert (data["scenario"], data["prices_as_of"]) == ("pypi-2026", "2026-08-14")
    assert [s["stack"] for s in data["setups"]] == stack_names()
    for setup in data["setups"]:
        assert list(setup) == [
            "stack",
            "totals",
            "providers",
            "complete",
            "complete_at",  # per level: a ladder's end may leave one column unpriced (F7)
            "unpriced",
            "price_book",  # None: no stack names one
        ]
        assert setup["price_book"] is None
        code, out, _ = run(capsys, "estimate", setup["stack"], "-s", "pypi-2026", "-f", "json")
        est = json.loads(out)
        assert code == 0
        assert setup["totals"] == est["totals"]
        assert setup["providers"] == est["providers"]
        # every unpriced part of the estimate (none of the shipped ones is of a free type)
        assert [(u["resource"], u["type"]) for u in setup["unpriced"]] == [
            (u["resource"], u["type"]) for u in est["unpriced"]
        ]
        assert setup["complete"] is (not est["unpriced"])


@pytest.mark.parametrize("scenario", ["pypi-2016", "pypi-2023"])
def test_named_stacks_scenario_and_date_equal_estimate(capsys, scenario):
    args = ("-s", scenario, "--prices-as-of", "2024-01-01", "-f", "json")
    data = json.loads(run(capsys, "compare", "pypi-2021", "all-aws", *args)[1])
    assert [s["stack"] for s in data["setups"]] == ["pypi-2021", "all-aws"]
    for setup in data["setups"]:
        est = json.loads(run(capsys, "estimate", setup["stack"], *args)[1])
        assert (setup["totals"], setup["providers"]) == (est["totals"], est["providers"])


def test_table_marks_the_cheapest_complete_setup_and_fits_100_columns(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    data = json.loads(run(capsys, "compare", "-f", "json")[1])
    code, out, err = run(capsys, "compare")
    assert (code, err) == (0, "")
    assert max(len(line) for line in out.splitlines()) <= 100
    complete = [s for s in data["setups"] if s["complete"]]
    ranked = complete or data["setups"]  # with no complete setup, the lowest lower bound
    by_list = min(ranked, key=lambda s: s["totals"]["list_monthly_usd"])
    by_pocket = min(ranked, key=lambda s: s["totals"]["out_of_pocket_monthly_usd"])
    word = "cheapest" if complete else "lowest lower bound"
    assert f"{word} at list price: {by_list['stack']}" in out
    # review s8-ops 2(b): out of pocket, pypi-2024's lower bound (its 3 unpriced parts left
    # out, 4 before session 12 priced SNS publishes in us-east-2, 6 before session 10 priced
    # OpenSearch in us-east-2 and 7 before session 9 turned Container Insights off by
    # default; $5,015.76 against
    # private-small's whole $11,264.43 at this branch's prices) is below the cheapest whole
    # bill, so private-small is not starred there: pypi-2024 is lower unless its parts cost
    # more than the gap ($6,248.67 then)
    assert by_pocket["stack"] == "private-small"
    bills = {s["stack"]: s["totals"]["out_of_pocket_monthly_usd"] for s in data["setups"]}
    gap = round(bills["private-small"] - bills["pypi-2024"], 2)
    assert gap > 0 and data["lower_unless"]["out_of_pocket"] == [
        {"stack": "pypi-2024", "than": "private-small", "unpriced_parts": 3, "margin_usd": gap}
    ]
    assert (
        f"out of pocket: private-small (${bills['private-small']:,.2f}/month) is not named "
        f"cheapest, as pypi-2024 ≥ ${bills['pypi-2024']:,.2f} is lower unless its 3 unpriced "
        f"part(s) cost more than ${gap:,.2f}"
    ) in " ".join(line.strip() for line in out.splitlines())
    assert data["cheapest"]["out_of_pocket"] == [] and data["lower_unless"]["list"] == []
    if not complete:
        assert "no setup is priced in full, so none is named cheapest" in out
    row = next(line for line in out.splitlines() if line.strip().startswith(by_list["stack"]))
    assert (" *" in row) is bool(complete)  # lower bounds are not ranked (review s5, 6)
    for setup in data["setups"]:
        if not setup["complete"]:  # "≥ $X" and the number of unpriced parts
            # its row, across the tables a wide comparison is split into
            name = setup["stack"] + " "
            line = " ".join(x for x in out.splitlines() if x.strip().startswith(name))
            assert line.count("≥ $") >= 2 and f" {len(setup['unpriced'])} " in line
            assert f"{setup['stack']}: {len(setup['unpriced'])} unpriced part(s)" in out


def test_csv_has_one_row_per_setup_and_markdown_a_table(capsys):
    data = json.loads(run(capsys, "compare", "pypi-2016", "all-gcp", "-f", "json")[1])
    rows = list(
        csv.DictReader(io.StringIO(run(capsys, "compare", "pypi-2016", "all-gcp", "-f", "csv")[1]))
    )
    assert [r["stack"] for r in rows] == ["pypi-2016", "all-gcp"]
    for row, setup in zip(rows, data["setups"], strict=True):
        assert (
            float(row["out_of_pocket_monthly_usd"]) == setup["totals"]["out_of_pocket_monthly_usd"]
        )
        assert row["complete"] == str(setup["complete"]).lower()
        for u in setup["unpriced"]:
            assert f"{u['resource']} ({u['type']}): {u['reason']}" in row["unpriced"]
    out = run(capsys, "compare", "pypi-2016", "all-gcp", "-f", "markdown")[1]
    assert out.startswith("# Compare: scenario pypi-2026")
    assert "| pypi-2016 |" in out


def test_a_stack_missing_its_database_price_is_never_named_cheapest(capsys, tmp_path):
    # all-aws with a real RDS class the catalog has no price for: db.r6g.8xlarge (r6g comes in
    # large to 16xlarge; the catalog's slice of AWS's feed stops at 4xlarge). Its instance
    # hours ($0.45 x 730 = $328.50 a month for db.r6g.large Multi-AZ in us-east-1) drop out,
    # so its list total is lower than all-aws's, but it is a lower bound and is never named
    # cheapest over a complete bill.
    text = (STACKS_DIR / "Pulumi.all-aws.yaml").read_text()
    holed = tmp_path / "Pulumi.holed.yaml"
    holed.write_text(re.sub(r"instance: db\.\S+", "instance: db.r6g.8xlarge", text))
    args = ("compare", "all-aws", str(holed))
    data = json.loads(run(capsys, *args, "-f", "json")[1])
    whole, hole = data["setups"]
    assert whole["complete"] and whole["unpriced"] == []  # the ranking has a whole bill
    assert hole["stack"] == "holed" and not hole["complete"]
    dropped = whole["totals"]["list_monthly_usd"] - hole["totals"]["list_monthly_usd"]
    assert round(dropped, 2) == 328.50
    missing = [u for u in hole["unpriced"] if u["type"] == "aws:rds/instance:Instance"]
    assert len(missing) == 1 and "db.r6g.8xlarge" in missing[0]["reason"]
    out = " ".join(line.strip() for line in run(capsys, *args)[1].splitlines())
    # review s8-ops 2(b): all-aws, the one whole bill, is not starred over holed's lower bound
    # $328.50 below it; holed is lower unless its missing instance hours cost more than that
    assert "cheapest at list price: all-aws" not in out
    assert "cheapest at list price: holed" not in out
    assert "cheapest out of pocket: holed" not in out
    assert re.search(
        r"at list price: all-aws \(\$[\d,.]+/month\) is not named cheapest, as holed ≥ \$[\d,.]+ "
        r"is lower unless its 1 unpriced part\(s\) cost more than \$328\.50",
        out,
    )
    assert data["cheapest"]["list"] == [] and data["lower_unless"]["list"] == [
        {"stack": "holed", "than": "all-aws", "unpriced_parts": 1, "margin_usd": 328.5}
    ]
    assert re.search(r"holed: \d+ unpriced part\(s\) that cost money, in [a-z, ]*database", out)
    assert "holed ≥ $" in out


def test_every_provider_billed_gets_its_column(capsys, monkeypatch):
    # The whole-index stacks bill cloudflare, b2 or datadog beside aws, gcp and fastly: the
    # columns come from the setups. Here static-index's bill is relabelled as Cloudflare's.
    import costmodel.planning.compare as planning

    real = planning.price_setup

    def relabelled(setup, *args):  # type: ignore[no-untyped-def]
        est = real(setup, *args)
        if setup.name != "static-index":
            return est
        providers = tuple(dataclasses.replace(p, provider="cloudflare") for p in est.providers)
        return dataclasses.replace(est, providers=providers)

    monkeypatch.setattr(planning, "price_setup", relabelled)
    args = ("compare", "all-aws", "static-index")
    data = json.loads(run(capsys, *args, "-f", "json")[1])
    aws, cloudflare = (s["totals"]["list_monthly_usd"] for s in data["setups"])
    rows = list(csv.DictReader(io.StringIO(run(capsys, *args, "-f", "csv")[1])))
    assert [r["stack"] for r in rows] == ["all-aws", "static-index"]
    assert (
        float(rows[0]["aws_list_monthly_usd"]) == aws
        and rows[0]["cloudflare_list_monthly_usd"] == ""
    )
    assert float(rows[1]["cloudflare_list_monthly_usd"]) == cloudflare
    assert rows[1]["aws_list_monthly_usd"] == ""
    header = next(line for line in run(capsys, *args)[1].splitlines() if "Setup" in line)
    assert header.split()[-2:] == ["aws", "cloudflare"]
