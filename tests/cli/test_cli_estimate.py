"""`indexplan estimate` end to end, for every shipped stack and scenario, in every format."""

from __future__ import annotations

import csv
import io
import json

import pytest

from costmodel.model.estimate import PROVIDERS
from indexplan.cli import main
from indexplan.paths import scenario_names, stack_names

STACKS = stack_names()
SCENARIOS = scenario_names()
KEYS = {
    "stack",
    "scenario",
    "prices_as_of",
    "currency",
    "totals",
    "complete",  # s4 review finding 10
    "complete_at",  # per level: a ladder's end may leave one column unpriced (audit F7)
    "providers",
    "line_items",
    "unpriced",
    "assumptions",
}
LINE_KEYS = [
    "resource",
    "type",
    "provider",
    "role",
    "component",
    "region",
    "quantity",
    "unit",
    "unit_price_usd",
    "monthly_usd",
    # issue 13: the contracted level beside list; without a price book it equals list
    "contracted_unit_price_usd",
    "contracted_monthly_usd",
]


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def cents(value: float) -> int:
    return round(value * 100)


def test_shipped_stacks_and_scenarios_exist():
    assert set(STACKS) >= {"pypi-2016", "pypi-2021", "all-aws", "all-gcp"}
    assert SCENARIOS == ["pypi-2016", "pypi-2021", "pypi-2023", "pypi-2025", "pypi-2026"]


@pytest.mark.parametrize("scenario", SCENARIOS)
@pytest.mark.parametrize("stack", STACKS)
def test_json_totals_are_the_sum_of_the_line_items(capsys, stack, scenario):
    code, out, err = run(capsys, "estimate", stack, "--scenario", scenario, "--format", "json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert set(data) == KEYS
    assert (data["stack"], data["scenario"], data["currency"]) == (stack, scenario, "USD")
    assert all(list(item) == LINE_KEYS for item in data["line_items"])
    assert {p["provider"] for p in data["providers"]} <= set(PROVIDERS)  # issue 12 adds four
    lines = sum(cents(i["monthly_usd"]) for i in data["line_items"])
    totals = data["totals"]
    assert cents(totals["list_monthly_usd"]) == lines
    # no price book: contracted is list, line by line and in every total
    assert all(i["contracted_monthly_usd"] == i["monthly_usd"] for i in data["line_items"])
    assert all(i["contracted_unit_price_usd"] == i["unit_price_usd"] for i in data["line_items"])
    assert totals["contracted_monthly_usd"] == totals["list_monthly_usd"]
    for key in (
        "list_monthly_usd",
        "contracted_monthly_usd",
        "sponsored_monthly_usd",
        "out_of_pocket_monthly_usd",
    ):
        assert cents(totals[key]) == sum(cents(p[key]) for p in data["providers"])
    for p in data["providers"]:
        by_provider = sum(
            cents(i["monthly_usd"]) for i in data["line_items"] if i["provider"] == p["provider"]
        )
        assert cents(p["list_monthly_usd"]) == by_provider
        assert cents(p["out_of_pocket_monthly_usd"]) == cents(p["list_monthly_usd"]) - cents(
            p["sponsored_monthly_usd"]
        )
        assert 0 <= p["sponsored_monthly_usd"] <= p["list_monthly_usd"]
    assert lines > 0


@pytest.mark.parametrize("scenario", SCENARIOS)
@pytest.mark.parametrize("stack", STACKS)
def test_csv_markdown_and_table_agree_with_json(capsys, stack, scenario):
    args = ("estimate", stack, "-s", scenario, "-f")
    data = json.loads(run(capsys, *args, "json")[1])
    total = data["totals"]["list_monthly_usd"]

    code, out, err = run(capsys, *args, "csv")
    assert (code, err) == (0, "")
    rows = list(csv.DictReader(io.StringIO(out)))
    # s4 review finding 1: a status and reason column; unpriced parts are rows of their own
    assert list(rows[0]) == [*LINE_KEYS, "status", "reason"]
    priced = [r for r in rows if r["status"] == "priced"]
    assert sum(cents(float(r["monthly_usd"])) for r in priced) == cents(total)
    assert len(rows) - len(priced) == len(data["unpriced"])

    code, out, err = run(capsys, *args, "markdown")
    assert (code, err) == (0, "")
    assert out.startswith(f"# Estimate: stack {stack}, scenario {scenario}")
    bound = "" if data["complete"] else "≥ "  # an incomplete total is a lower bound
    assert f"| **total** | **{bound}${total:,.2f}** |" in out

    code, out, err = run(capsys, *args, "table")
    assert (code, err) == (0, "")
    assert f"${total:,.2f}" in out
    assert "Price versions used" in out
    assert max(len(line) for line in out.splitlines()) <= 100


def test_pypi_2021_on_its_own_stack(capsys):
    out = run(capsys, "estimate", "pypi-2021", "-s", "pypi-2021", "-f", "json")[1]
    data = json.loads(out)
    assert data["prices_as_of"] == "2021-04-30"  # the scenario's as_of
    by_provider = {p["provider"]: p for p in data["providers"]}
    # Fastly covers 100% (Fast Forward): nothing out of pocket for the CDN
    assert by_provider["fastly"]["out_of_pocket_monthly_usd"] == 0
    # GCP's $10,000 credit comes off its list price, and no more than that
    gcp = by_provider["gcp"]
    assert gcp["sponsored_monthly_usd"] == min(10000, gcp["list_monthly_usd"])
    # db.r6g.large Multi-AZ: 730 h x $0.450 = $328.50 (us-east-2 priced at us-east-1 rates)
    instance = [
        (i["quantity"], i["unit_price_usd"], i["monthly_usd"])
        for i in data["line_items"]
        if i["resource"] == "database-postgres" and i["unit"] == "hour"
    ]
    assert instance == [(730, 0.45, 328.5)]
    interconnect = [i for i in data["line_items"] if i["component"] == "CDN Interconnect to Fastly"]
    # misses: 27,393.75 TB x (1 - 0.9 default) = 2,739.375 TB = 2,551,241.78 GiB x 0.04
    assert [(round(i["quantity"], 2), i["unit_price_usd"]) for i in interconnect] == [
        (2551241.78, 0.04)
    ]
    defaults = {d["field"] for d in data["assumptions"]["defaults_used"]}
    assert "traffic.cache_hit_ratio" in defaults


@pytest.mark.parametrize(
    ("stack", "listed"),
    [
        # pypi-2016 gives egress and stored bytes only; every other scenario field is a default.
        # private-small has a CDN, storage, an app and a database: no queue, DNS or statistics
        ("private-small", ["traffic.regions", "storage.uploads"]),
        # all-aws has SQS and Route 53 but no BigQuery statistics dataset
        (
            "all-aws",
            [
                "traffic.regions",
                "storage.uploads",
                "queue.messages",
                "queue.message_size",
                "dns.queries",
            ],
        ),
        # pypi-2021 has every role
        (
            "pypi-2021",
            [
                "traffic.regions",
                "storage.uploads",
                "queue.messages",
                "queue.message_size",
                "dns.queries",
                "statistics.stored",
            ],
        ),
    ],
)
def test_only_the_defaults_the_setup_uses_are_listed(capsys, stack, listed):
    out = run(capsys, "estimate", stack, "-s", "pypi-2016", "-f", "json")[1]
    defaults = [d["field"] for d in json.loads(out)["assumptions"]["defaults_used"]]
    assert defaults == listed


def test_prices_as_of_selects_the_interconnect_rate(capsys):
    def rate(date: str) -> float:
        out = run(
            capsys, "estimate", "pypi-2021", "-s", "pypi-2026", "--prices-as-of", date, "-f", "json"
        )[1]
        items = json.loads(out)["line_items"]
        return next(
            i["unit_price_usd"] for i in items if i["component"] == "CDN Interconnect to Fastly"
        )

    assert (rate("2026-04-30"), rate("2026-05-01")) == (0.04, 0.08)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["estimate", "pypi-2021", "-s", "nope"],
            "nope: scenario: unknown scenario; known: pypi-2016, pypi-2021, pypi-2023, "
            "pypi-2025, pypi-2026",
        ),
        (
            ["estimate", "pypi-2021", "-s", "pypi-2021", "--prices-as-of", "2015-12-31"],
            "--prices-as-of: 2015-12-31: before the earliest known price for",
        ),
        (
            ["estimate", "pypi-2021", "-s", "pypi-2021", "--prices-as-of", "last week"],
            "--prices-as-of: 'last week': expected a date, YYYY-MM-DD",
        ),
        (["estimate", "pypi-2021", "-s", "pypi-2021", "-f", "xml"], "indexplan: option --format"),
        (["estimate", "nope", "-s", "pypi-2021"], "nope: stack: unknown stack; known:"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(capsys, args, message):
    code, out, err = run(capsys, *args)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith(message), err


def test_a_bad_scenario_file_names_file_and_field(capsys, tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text("traffic:\n  egress: 1 TB/month\n  cache_hit_ratio: 1.7\n")
    code, out, err = run(capsys, "estimate", "all-aws", "--scenario", str(path))
    assert (code, out) == (2, "")
    assert err == f"{path}: traffic.cache_hit_ratio: must be between 0 and 1, got 1.7\n"


def test_a_scenario_date_before_the_catalog_is_blamed_on_the_scenario(capsys, tmp_path):
    path = tmp_path / "old.yaml"
    path.write_text("as_of: 2010-01-01\ntraffic: {egress: 1 TB/month}\n")
    code, out, err = run(capsys, "estimate", "all-gcp", "--scenario", str(path))
    assert (code, out) == (2, "")
    assert err.startswith(f"{path}: as_of: 2010-01-01: before the earliest known price")


def test_help_has_examples(capsys):
    code, out, _ = run(capsys, "estimate", "--help")
    assert code == 0
    assert "indexplan estimate pypi-2021 --scenario pypi-2021" in out
    assert "--prices-as-of" in out


@pytest.mark.parametrize(
    ("price", "shown"),
    [
        (0.5, "$0.50"),  # cents always shown
        (0.085, "$0.085"),  # and every decimal the price has
        (0.0004, "$0.0004"),
        # Cloud Run's published $0.00000250 a GiB-second: at 6 decimals it read $0.000003, and
        # quantity x shown price was not the line (s5 review, smaller points)
        (0.0000025, "$0.0000025"),
        (1234.5, "$1,234.50"),
        (0.0, "$0.00"),
    ],
)
def test_unit_prices_read_like_a_price_list(price, shown):
    from indexplan.commands.estimate import unit_price

    assert unit_price(price) == shown
