"""`indexplan actuals`: estimates against the bill fixtures of tests/fixtures/bills (written by
its generate.py from the exports' specs), worked by hand.

April 2021 on pypi-2021 (priced as of 2021-04-01, scenario pypi-2021: 900 TB/day, 2e9
requests/day, 10 TB stored, defaults for the rest), AWS part of the CUR in us-east-2, at the
catalog's rates (costmodel/catalog/aws/, each region its own price zone):
  ElastiCache  1,440 node-hours x 0.206 (Redis) = 296.64   RDS instance  720 h x 0.45 = 324.00
  RDS gp3      500 GB-Mo x 0.23 = 115.00      Route 53 zone 0.50; 131.4 M queries x 0.40 = 52.56
  KMS          a key in us-east-2 and the DNSSEC key in us-east-1, 1.00 each = 2.00 (the
               estimate also prices the us-east-2 key's requests, 0.02; the bill has no row)
  SNS          2.6 M: first 1 M free, 1.6 x 0.50 = 0.80
  SQS          7.8 M: first 1 M free, 6.8 x 0.40 = 2.72
  Secrets Manager 0.40; EC2 regional data transfer 1,234 GB x 0.01 = 12.34
  credit: AWS Open Source Credits, -(all of the above) = -806.96
  The catalog has no us-east-2 price for SNS (AWS lists it per region; no dated copy of
  us-east-2's rate was found), so that row is billed but not modelled, with that reason; SQS
  and Secrets Manager are priced in us-east-2 (0.40 a million requests, 0.40 a secret).
GCP export: Standard Storage US 9,600 GiB-mo x 0.026 = 249.60; Class A (multi-region) 14,200 ops
  x 0.010/1000 = 0.142; Class B 5.148e9 ops x 0.0004/1000 = 2,059.20; CDN Interconnect 2.3 M GiB
  x 0.04 = 92,000.00; BigQuery active 980 GiB-mo, first 10 free, 970 x 0.02 = 19.40; not
  modelled: Logging 75 GiB, first 50 free, 25 x 0.50 = 12.50, Compute Engine 2,190 h x 0.021811
  = 47.766; promotion credit -10,000.00
Fastly usage: 26,325,000 GB (23,200,000 in usa + europe) and 5,720,000 x 10,000 requests
  (5,000,000 in usa + europe), no money.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import duckdb
import pytest
import yaml
from cli_run import assert_refused, run

from costmodel.readers.bills.formats import BIGQUERY_FORMATS, NORMALISED
from costmodel.readers.sql import selected_columns
from indexplan.paths import ROOT

BILLS = ROOT / "tests" / "fixtures" / "bills"
APRIL = [
    str(BILLS / "fastly-usage-2021-04.json"),
    str(BILLS / "gcp-export-2021-04.jsonl"),
    str(BILLS / "aws-cur2-2021-04.parquet"),
]
MARCH = ("--stack", "all-aws", "-s", str(BILLS / "private-index-2024-03.yaml"))
EDP = ("--price-book", str(BILLS / "edp-2024.yaml"))


def actuals(capsys, *args: str, err: str = "") -> dict:
    """The JSON report; stderr must be `err` (the calibrated book's prices left out)."""
    code, out, said = run(capsys, "actuals", *args, "-f", "json")
    assert (code, said) == (0, err), said
    return json.loads(out)


# April's estimate prices the queue key's requests (0.02), which the bill has no row for
APRIL_LEFT_OUT = (
    "indexplan actuals: --write-price-book: left out 1 price(s) with no effective rate: not "
    "billed, or billed only inside a free allowance (the list or your own price book prices "
    "them): aws kms requests us-east-2: not billed in 2021-04\n"
)


def cents(value: float) -> int:
    return round(value * 100)


_april: list[dict] = []


@pytest.fixture
def april(capsys) -> dict:
    """The April reconciliation, computed once (inside a test, so under its private cache)."""
    if not _april:
        _april.append(actuals(capsys, *APRIL, "--stack", "pypi-2021", "-s", "pypi-2021"))
    return _april[0]


def component(data: dict, price: str) -> dict:
    return next(c for c in data["components"] if c["price"] == price)


def split(c: dict) -> tuple[float, float, float]:
    """A component's variance, then its quantity and rate parts."""
    return c["variance_usd"], c["quantity_variance_usd"], c["rate_variance_usd"]


def test_variances_add_up_per_price_and_in_total(april):
    rds = component(april, "aws rds_postgresql instance db.r6g.large/multi-az us-east-2")
    # 730 model hours at us-east-2's 0.45 = 328.50 against 720 billed at 0.45 = 324.00: all
    # quantity
    assert (rds["estimated_usd"], rds["billed_usd"], rds["variance_usd"]) == (328.5, 324.0, -4.5)
    assert (rds["quantity_variance_usd"], rds["rate_variance_usd"]) == (-4.5, 0.0)
    bigquery = component(april, "gcp bigquery active_storage US")
    # estimated 1 TB (the scenario's default) = 10^12 / 2^30 = 931.3226 GiB-mo, first 10 free:
    # 921.3226 x 0.02 = 18.43; billed 980 GiB-mo for 19.40 (970 x 0.02). variance 0.97, all of
    # it quantity: the estimate's prices at 980 GiB-mo give 19.40, so quantity 19.40 - 18.43 =
    # 0.97 and rate 0. (The estimate's average rate, 18.43 / 931.3226, would have valued the
    # 48.68 more GiB at 0.96 and called the free 10 GiB's dilution a 0.01 rate variance.)
    assert (bigquery["estimated_usd"], bigquery["billed_usd"]) == (18.43, 19.4)
    assert split(bigquery) == (0.97, 0.97, 0.0)
    sqs = component(april, "aws sqs standard_requests us-east-2")
    # first million free, then 0.40 a million: 3 M estimated = 0.80, 7.8 M billed = 2.72; the
    # 4.8 M more are all in the paid tier: quantity 4.8 x 0.40 = 1.92, rate 0 (the average
    # rate, 0.80 / 3 = 0.2667, would have said quantity 1.28 and rate 0.64)
    assert split(sqs) == (1.92, 1.92, 0.0)
    for c in april["components"]:
        if c["billed_usd"] is not None:
            assert cents(c["quantity_variance_usd"]) + cents(c["rate_variance_usd"]) == cents(
                c["variance_usd"]
            )
            assert cents(c["billed_usd"]) - cents(c["estimated_usd"]) == cents(c["variance_usd"])
    t = april["totals"]
    assert cents(t["quantity_variance_usd"]) + cents(t["rate_variance_usd"]) == cents(
        t["variance_usd"]
    )


def test_nothing_billed_is_dropped(april):
    # AWS 806.96 (above) + GCP 249.60 + 0.142 + 2,059.20 + 92,000 + 19.40 + 12.50 + 47.766
    # = 94,388.608 -> every usage dollar of the two bills: 95,195.568 -> 95,195.57
    t = april["totals"]
    assert t["billed_usage_usd"] == 95195.57
    assert cents(t["billed_in_components_usd"]) + cents(t["billed_not_modelled_usd"]) == 9519557
    outside = {u["billed"]: u for u in april["billed_not_modelled"]}
    assert {k: u["billed_usd"] for k, u in outside.items() if u["provider"] != "fastly"} == {
        "AWSDataTransfer / USE2-DataTransfer-Regional-Bytes / us-east-2": 12.34,
        "Cloud Logging / Log Volume / global": 12.50,
        "Compute Engine / E2 Instance Core running in Americas / us-east1": 47.77,
    }
    # 12.34 + 12.50 + 47.766 = 72.606 -> 72.61
    assert t["billed_not_modelled_usd"] == 72.61
    # SNS's publishes are priced in us-east-2 since session 12 (0.50 a million after the free
    # million), so their row is a component: 2.6 M billed = 1.6 x 0.50 = 0.80 against the
    # scenario's 1 M (free, 0.00): all of it quantity
    sns = component(april, "aws sns publishes us-east-2")
    assert (sns["estimated_usd"], sns["billed_usd"]) == (0.0, 0.8)
    assert split(sns) == (0.8, 0.8, 0.0)
    # a row whose price the catalog lists as unpriced says why, in the catalog's words: India
    # below
    # Fastly traffic outside North America and Europe: zones the scenario (all North America)
    # does not use, and India, which Fastly bills on its own at no list rate; usage only
    fastly = [u for u in april["billed_not_modelled"] if u["provider"] == "fastly"]
    by_unit = {unit: sum(u["quantity"] for u in fastly if u["unit"] == unit) for unit in
               ("GB", "10000 Requests")}  # fmt: skip
    assert by_unit == {"GB": 26_325_000 - 23_200_000, "10000 Requests": 5_720_000 - 5_000_000}
    assert all(u["billed_usd"] is None for u in fastly)
    india = outside["cdn / bandwidth / asia_india"]["reason"]
    assert india.startswith("no fastly cdn bandwidth price for india: Fastly bills this region")


def test_usage_only_bills_compare_quantities(april):
    bandwidth = component(april, "fastly cdn bandwidth north_america_europe")
    # 27,393,750 GB estimated (900 TB/day), 23,200,000 billed in usa + europe; at the
    # estimate's 0.12 $/GB that is (23.2 M - 27.39375 M) x 0.12 = -503,250.00
    assert (bandwidth["estimated_quantity"], bandwidth["billed_quantity"]) == (
        27_393_750,
        23_200_000,
    )
    assert (bandwidth["billed_usd"], bandwidth["quantity_variance_usd"]) == (None, -503250.0)


def test_credits_are_matched_to_the_stacks_sponsors(april):
    credits = {c["provider"]: c for c in april["credits"]}
    # pypi-2021's GCP sponsor gives a $10,000 credit: the bill's promotion credit is 10,000.00
    assert (credits["gcp"]["estimated_usd"], credits["gcp"]["billed_usd"]) == (10000.0, 10000.0)
    assert credits["gcp"]["status"] == "matched"
    assert credits["gcp"]["credits"] == ["Open source sponsorship"]
    # AWS's $7,000 credit covers the whole bill: 787.98 estimated (ElastiCache 1,460 h x 0.206
    # = 300.76, RDS 328.50 + 115.00, two KMS keys 2.00, Route 53 0.50 + 100 M queries x 0.40 =
    # 40.00, the secret 0.40, SQS 3 M requests, 1 M free, 2 x 0.40 = 0.80, the queue key's
    # 26,280 requests, 20,000 free, 0.628 x 0.03 per 10,000 = 0.02; SNS unpriced in us-east-2),
    # 806.96 billed
    assert (credits["aws"]["estimated_usd"], credits["aws"]["billed_usd"]) == (787.98, 806.96)
    assert credits["aws"]["status"] == "matched, differs"
    assert credits["fastly"]["status"] == "not on this bill (usage only)"


def test_the_verdict_is_one_line(april):
    assert "\n" not in april["verdict"]
    assert april["verdict"].startswith("Of the $95,195.57 billed for usage in 2021-04, the "
                                       "prices the model covers billed ")  # fmt: skip


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_every_form_of_the_google_export_reads_the_same(capsys, april, fmt):
    data = actuals(
        capsys,
        str(BILLS / f"gcp-export-2021-04.{fmt}"),
        *APRIL[::2],
        "--stack",
        "pypi-2021",
        "-s",
        "pypi-2021",
    )
    assert data["components"] == april["components"]
    assert data["credits"] == april["credits"]


def test_cur_and_focus_of_one_month_agree(capsys):
    cur = actuals(capsys, str(BILLS / "aws-cur2-2024-03.parquet"), *MARCH, *EDP)
    focus = actuals(capsys, str(BILLS / "aws-focus12-2024-03.csv"), *MARCH, *EDP)
    assert cur["components"] == focus["components"]
    assert cur["totals"] == focus["totals"]


def test_an_enterprise_discount_in_the_book_matches_the_billed_rate(capsys):
    data = actuals(capsys, str(BILLS / "aws-cur2-2024-03.parquet"), *MARCH, *EDP)
    rds = component(data, "aws rds_postgresql instance db.r6g.large/multi-az us-east-1")
    # 0.45 less the 10% EDP = 0.405 $/h: 730 h = 295.65 estimated, 744 h = 301.32 billed,
    # all of it quantity: (744 - 730) x 0.405 = 5.67
    assert (rds["estimated_usd"], rds["billed_usd"]) == (295.65, 301.32)
    assert (rds["quantity_variance_usd"], rds["rate_variance_usd"]) == (5.67, 0.0)
    https = component(data, "aws cloudfront https_requests us_mexico_canada")
    # 760 M requests, 10 M free, 75,000 x 10,000 at 0.01 = 750.00 list, 675.00 after the EDP
    assert https["billed_usd"] == 675.0
    # the estimate's 800 M (79,000 paid x 0.009 = 711.00) less 40 M: all quantity, -36.00
    assert split(https) == (-36.0, -36.0, 0.0)
    data_out = component(data, "aws cloudfront data_out us_mexico_canada")
    # CloudFront's ladder (GB) after the EDP's 10%: first 1,024 free, to 10,240 at 0.0765, to
    # 51,200 at 0.072, to 153,600 at 0.054, to 512,000 at 0.036. Billed 380,000 GB: 9,216 x
    # 0.0765 = 705.02 + 40,960 x 0.072 = 2,949.12 + 102,400 x 0.054 = 5,529.60 + 226,400 x
    # 0.036 = 8,150.40 -> 17,334.14, exactly the contracted ladder, so no rate variance. The
    # estimate's 372,529.03 GB end in the same 0.036 tier (218,929.03 x 0.036 = 7,881.45 ->
    # 17,065.19): the 7,470.97 GB more cost 8,150.40 - 7,881.45 = 268.95, all quantity. The
    # estimate's average rate (17,065.19 / 372,529.03 = 0.045809) would have said quantity
    # 342.24 and a false rate variance of -73.29.
    assert (data_out["estimated_usd"], data_out["billed_usd"]) == (17065.19, 17334.14)
    assert split(data_out) == (268.95, 268.95, 0.0)
    without = actuals(capsys, str(BILLS / "aws-cur2-2024-03.parquet"), *MARCH)
    rds = component(without, "aws rds_postgresql instance db.r6g.large/multi-az us-east-1")
    # without the book the estimate is at list (328.50): the 10% shows as a rate variance
    # of (0.405 - 0.45) x 744 = -33.48
    assert (rds["estimated_usd"], rds["rate_variance_usd"]) == (328.5, -33.48)


def book_rates(path: Path) -> dict[str, float]:
    """A written price book's flat rates by "service dimension zone"."""
    entries = yaml.safe_load(path.read_text())["entries"]
    return {f"{e['service']} {e['dimension']} {e['zone']}": e["rate"]["tiers"][0][1]
            for e in entries}  # fmt: skip


def test_calibration_reproduces_the_bill_to_the_cent(capsys, tmp_path):
    scenario, book = tmp_path / "april.yaml", tmp_path / "april-rates.yaml"
    first = actuals(
        capsys, *APRIL, "--stack", "pypi-2021", "-s", "pypi-2021",
        "--write-scenario", str(scenario), "--write-price-book", str(book), err=APRIL_LEFT_OUT,
    )  # fmt: skip
    assert first["calibration"]["reproduces_bill"]
    # the rates are the bill's per billed unit: an hourly price per billed hour (April has 720),
    # not per the model's 730 (324.00 / 720 = 0.45, 296.64 / 1,440 = 0.206, the list rates),
    # and Cloud Storage's 249.60 / 9,600 GiB-month = 0.026
    rates = book_rates(book)
    assert rates["rds_postgresql instance us-east-2"] == 0.45
    assert rates["elasticache node us-east-2"] == 0.206
    assert rates["cloud_storage storage_standard US"] == 0.026
    # the price the month did not bill has no rate: not in the book, never a 0
    assert first["calibration"]["left_out_of_price_book"] == [
        "aws kms requests us-east-2: not billed in 2021-04"
    ]
    assert "kms requests us-east-2" not in rates and 0 not in rates.values()
    assert "# aws kms requests us-east-2: not billed in 2021-04\n" in book.read_text()
    again = actuals(
        capsys, *APRIL, "--stack", "pypi-2021", "-s", str(scenario), "--price-book", str(book)
    )
    for c in again["components"]:
        if c["billed_usd"] is not None:
            assert c["rate_variance_usd"] == 0, c
    # what is left is quantity the model cannot match: 730 billing hours against April's 720,
    # (720 - 730) x 0.45 = -4.50 and (1,440 - 1,460) x 0.206 = -4.12
    rds = component(again, "aws rds_postgresql instance db.r6g.large/multi-az us-east-2")
    cache = component(again, "aws elasticache node cache.r6g.large/redis us-east-2")
    assert split(rds) == (-4.5, -4.5, 0) and split(cache) == (-4.12, -4.12, 0)
    # and the next estimate gives the billed month at its rates: AWS 806.96 less the 12.34 it
    # has no model for (data transfer; SNS's 0.80 is modelled since session 12, its 2.6 M
    # publishes written to the scenario) = 794.62, plus 730 hours where April billed 720
    # (4.50 + 4.12) and the queue key's requests at list (0.02) = 803.26; GCP
    # 249.60 + 0.14 + 2,059.20 + 92,000.00 + 19.40 = 94,328.34 plus the two Cloud Storage
    # prices at the model's quantities (-(-623.75) - (-87.22) from the variances above)
    code, out, _ = run(
        capsys, "estimate", "pypi-2021", "-s", str(scenario), "--price-book", str(book), "-f",
        "json",
    )  # fmt: skip
    assert code == 0
    providers = {p["provider"]: p for p in json.loads(out)["providers"]}
    assert providers["aws"]["contracted_monthly_usd"] == 803.26
    gcs = [c for c in again["components"] if c["price"].startswith("gcp cloud_storage")]
    assert providers["gcp"]["contracted_monthly_usd"] == pytest.approx(
        94328.34 - sum(c["variance_usd"] for c in gcs), abs=0.005
    )
    # Fastly's bill has no money: its quantities are reproduced where the catalog prices them,
    # its rates stay the list ones: 26,325,000 GB less India's 400,000 (Fastly bills India on
    # its own, at no list rate: the catalog lists it unpriced) = 25,925,000 GB
    items = json.loads(out)["line_items"]
    gb = sum(i["quantity"] for i in items if i["resource"] == "cdn-service" and i["unit"] == "GB")
    assert gb == pytest.approx(25_925_000, rel=1e-9)
    # India's traffic is not dropped: the scenario's egress is all 26,325,000 GB the bill shows,
    # India's share 400,000 / 26,325,000, and the estimate lists India's bandwidth unpriced
    written = yaml.safe_load(scenario.read_text())
    assert written["traffic"]["egress"] == "2.6325e+16 B/month"
    assert written["traffic"]["regions"]["india"] == pytest.approx(400_000 / 26_325_000, rel=1e-8)
    unpriced = json.loads(out)["unpriced"]
    assert any(
        u["resource"] == "cdn-service" and u["component"] == "bandwidth" and "india" in u["reason"]
        for u in unpriced
    )


def test_calibration_of_the_discounted_month(capsys, tmp_path):
    scenario, book = tmp_path / "march.yaml", tmp_path / "march-rates.yaml"
    # March's 800,000 SNS publishes were billed $0.00, all inside SNS's first million free
    # (test_cli_readme): no effective rate either, so left out too, never written as 0
    left_out = (
        "indexplan actuals: --write-price-book: left out 3 price(s) with no effective rate: not "
        "billed, or billed only inside a free allowance (the list or your own price book prices "
        "them): aws kms requests us-east-1: not billed in 2024-03; aws secrets_manager "
        "secret_month us-east-1: not billed in 2024-03; aws sns publishes us-east-1: no billed "
        "usage outside the free allowance in 2024-03\n"
    )
    data = actuals(
        capsys, str(BILLS / "aws-cur2-2024-03.parquet"), *MARCH, *EDP,
        "--write-scenario", str(scenario), "--write-price-book", str(book), err=left_out,
    )  # fmt: skip
    assert data["calibration"]["reproduces_bill"]
    again = actuals(
        capsys, str(BILLS / "aws-focus12-2024-03.csv"), "--stack", "all-aws", "-s",
        str(scenario), "--price-book", str(book),
    )  # fmt: skip
    assert again["totals"]["rate_variance_usd"] == 0
    # only quantities the model cannot match differ, at the book's rates (the list less 10%):
    # 744 billed hours against the model's 730, RDS 14 x 0.405 = 5.67 and ElastiCache 2 nodes x
    # (round(744 x 0.1854) - round(730 x 0.1854)) = 2 x (137.94 - 135.34) = 5.20; and the bill's
    # third KMS key against the model's two, 1 x 0.90: 5.67 + 5.20 + 0.90 = 11.77 (before, each
    # rate absorbed its difference: 1.35 a key, 0.41274 an hour)
    assert again["totals"]["variance_usd"] == 11.77
    rates = book_rates(book)
    assert (rates["kms key_month us-east-1"], rates["rds_postgresql instance us-east-1"]) == (
        0.9,
        0.405,
    )
    assert again["totals"]["billed_in_components_usd"] == data["totals"]["billed_in_components_usd"]


@pytest.mark.parametrize("fmt", ["table", "markdown", "csv"])
def test_every_format(capsys, fmt):
    code, out, err = run(capsys, "actuals", *APRIL, "--stack", "pypi-2021", "-f", fmt)
    assert (code, err) == (0, "")
    if fmt == "table":
        assert max(len(line) for line in out.splitlines()) <= 100
        assert "Billed but not modelled" in out and "Verdict" in out
    if fmt == "csv":
        assert out.splitlines()[0].startswith("section,item,provider")


def test_the_scenario_defaults_to_the_bills_traffic(capsys):
    # without -s, the month's traffic as the bill shows it (s7 review, finding 4); what the
    # bill does not show (here the queue's message size, the growth) from the shipped scenario
    # nearest the month: pypi-2021 (as_of 2021-04-30, nearest April 2021)
    data = actuals(capsys, *APRIL, "--stack", "pypi-2021")
    assert data["scenario"] == "pypi-2021-2021-04-calibrated"
    # the factor in words: the bill's 26,325,000 GB over the 900 TB/day x 30.4375 days =
    # 2.7394e16 B = 27,393,750 GB (here in 10^9 bytes) the model gives pypi-2021's egress
    assert data["scenario_from_bill"][0] == (
        "egress from cdn bandwidth (x0.960986: scenario pypi-2021's egress scaled by the "
        "bill's 26,325,000 GB over the 27,393,800 the model gives it)"
    )
    assert data["scenario_from_bill"][-1].startswith(
        "figures the bill does not show: scenario pypi-2021's, the shipped scenario nearest "
        "2021-04 (give your own with -s): "
    )
    assert "queue.message_size 1,000 B (its default)" in data["scenario_from_bill"][-1]
    assert "growth.per_year 1.56" in data["scenario_from_bill"][-1]


@pytest.mark.parametrize("fmt", sorted(BIGQUERY_FORMATS))
def test_the_bigquery_query_parses_and_selects_what_duckdb_selects(capsys, fmt):
    code, out, err = run(
        capsys, "actuals", "--bigquery", "my-project.billing.export", "--bill-format", fmt,
        "--stack", "all-gcp", "--dry-run",
    )  # fmt: skip
    assert (code, err) == (0, "")
    # the cells' checks (a count and a value per check), then the groups
    checks, groups = (q.split("\n", 1)[1] for q in out.rstrip(";\n").split(";\n\n"))
    assert "`my-project`.billing.export" in checks and "`my-project`.billing.export" in groups
    counted = selected_columns(checks, "bigquery")
    assert counted == [f"{x}{i}" for i in range(len(counted) // 2) for x in "nv"]
    assert selected_columns(groups, "bigquery") == list(NORMALISED)
    assert selected_columns(BIGQUERY_FORMATS[fmt].query(), "duckdb") == list(NORMALISED)


def test_without_the_bigquery_client_a_run_is_refused_not_faked(capsys):
    try:
        import google.cloud.bigquery  # noqa: F401

        pytest.skip("google-cloud-bigquery is installed here")
    except ImportError:  # this project's test setup: no run is attempted, and none is claimed
        pass
    assert_refused(
        capsys,
        ("actuals", "--bigquery", "p.d.t", "--stack", "all-gcp"),
        "--bigquery: needs google-cloud-bigquery",
    )


def _copy_focus(tmp_path: Path, edit) -> str:  # type: ignore[no-untyped-def]
    lines = (BILLS / "aws-focus12-2024-03.csv").read_text().splitlines(keepends=True)
    path = tmp_path / "focus.csv"
    path.write_text(lines[0] + "".join(edit(i, line) for i, line in enumerate(lines[1:])))
    return str(path)


def test_bad_bills_are_one_line_and_exit_2(capsys, tmp_path):
    missing = tmp_path / "cur.parquet"
    duckdb.execute(
        f"COPY (SELECT * EXCLUDE (line_item_usage_type) FROM "
        f"'{BILLS / 'aws-cur2-2024-03.parquet'}') TO '{missing}' (FORMAT parquet)"
    )
    assert_refused(
        capsys,
        ("actuals", str(missing), *MARCH),
        f"{missing}: line_item_usage_type: missing column; AWS CUR 2.0 data has it",
    )
    euro = _copy_focus(tmp_path, lambda i, line: line.replace(",USD,", ",EUR,") if i == 3 else line)
    assert_refused(
        capsys, ("actuals", euro, *MARCH), f"{euro}: BillingCurrency: unknown currency 'EUR'"
    )
    # one row moved to April's billing period (its BillingPeriodStart, just before ChargeCategory)
    # and made to charge the whole of April (ChargePeriodEnd, ChargePeriodStart after
    # ChargeFrequency): a month whose usage covers one day is refused since s11 (F5)
    mixed = _copy_focus(
        tmp_path,
        lambda i, line: (
            line.replace("2024-03-01T00:00:00Z,Usage", "2024-04-01T00:00:00Z,Usage").replace(
                "Usage-Based,2024-03-02T00:00:00Z,2024-03-01T00:00:00Z",
                "Usage-Based,2024-05-01T00:00:00Z,2024-04-01T00:00:00Z",
            )
            if i == 0
            else line
        ),
    )
    # both months are reported, each on its own (it was refused before session 8)
    code, out, err = run(capsys, "actuals", mixed, *MARCH, "-f", "json")
    assert (code, err) == (0, "")
    assert [m["month"] for m in json.loads(out)["months"]] == ["2024-03", "2024-04"]
    # ... and with --month the other month's rows are left out
    code, out, err = run(capsys, "actuals", mixed, *MARCH, "--month", "2024-03", "-f", "json")
    assert (code, err) == (0, "") and json.loads(out)["month"] == "2024-03"
    corrupt = tmp_path / "corrupt.parquet"
    data = (BILLS / "aws-cur2-2024-03.parquet").read_bytes()
    corrupt.write_bytes(data[: len(data) // 2])
    assert_refused(capsys, ("actuals", str(corrupt), *MARCH), f"{corrupt}: not a readable bill")
    other = tmp_path / "other.csv"
    other.write_text("a,b\n1,2\n")
    assert_refused(capsys, ("actuals", str(other), *MARCH), "not a bill indexplan reads")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("nope.parquet", *MARCH), "nope.parquet: no such file"),
        ((APRIL[0], "--stack", "pypi-2021", "--month", "2021-13"), "--month: '2021-13'"),
        ((APRIL[0], "--stack", "pypi-2021", "--month", "2021-05"), "--month: 2021-05: no bill"),
        # neither: the line asks for one (it used to add "not both", which confused)
        ((*MARCH,), "actuals: BILL: give BILL files or --bigquery TABLE\n"),
        (
            (APRIL[0], *MARCH, "--bigquery", "p.d.t"),
            "give BILL files or --bigquery TABLE, not both",
        ),
        ((APRIL[0], "--stack", "pypi-2021", "--dry-run"), "--dry-run: only with --bigquery"),
        (
            ("--bigquery", "p.d.t", "--bill-format", "xml", "--stack", "all-gcp", "--dry-run"),
            "--bill-format: xml: unknown for --bigquery",
        ),
        (("--bigquery", "nodots", "--stack", "all-gcp", "--dry-run"), "PROJECT.DATASET.TABLE"),
    ],
)
def test_bad_options_are_one_line(capsys, args, message):
    assert_refused(capsys, ("actuals", *args), message)


def test_what_the_bill_lacks_is_modelled_but_not_billed(capsys, tmp_path):
    cur = tmp_path / "no-kms.parquet"
    duckdb.execute(
        f"COPY (SELECT * FROM '{BILLS / 'aws-cur2-2021-04.parquet'}' "
        f"WHERE line_item_product_code <> 'awskms') TO '{cur}' (FORMAT parquet)"
    )
    data = actuals(capsys, str(cur), "--stack", "pypi-2021", "-s", "pypi-2021")
    # the estimate's KMS keys: the DNSSEC key in us-east-1 and the queue's in us-east-2, one
    # key-month x 1.00 each, and the queue key's requests (26,280 a month, 20,000 free,
    # 0.628 x 0.03 per 10,000 = 0.02), billed nothing
    lacking = [
        (m["price"], m["estimated_usd"], m["billed_usd"]) for m in data["modelled_not_billed"]
    ]
    assert lacking == [
        ("aws kms key_month us-east-1", 1.0, 0.0),
        ("aws kms key_month us-east-2", 1.0, 0.0),
        ("aws kms requests us-east-2", 0.02, 0.0),
    ]
    assert data["totals"]["modelled_not_billed_usd"] == 2.02
    # only the AWS bill was given: Fastly and Google are not compared, not "not billed"
    assert data["not_in_bills"] == ["fastly", "gcp"]


def test_calibrating_again_from_the_calibrated_scenario_is_a_fixed_point(capsys, tmp_path):
    # The second base already sends 400,000 / 26,325,000 of its traffic to India, which the
    # estimate leaves unpriced (no quantity there): its modelled Fastly bandwidth is only the
    # priced 25,925,000 GB, so the whole is that over the priced share, and the same bill must
    # give back the same traffic, region shares and hit ratio.
    first, second = tmp_path / "first.yaml", tmp_path / "second.yaml"
    for base, out in (("pypi-2021", first), (str(first), second)):
        data = actuals(
            capsys, *APRIL, "--stack", "pypi-2021", "-s", base, "--write-scenario", str(out),
            "--write-price-book", str(tmp_path / "book.yaml"), err=APRIL_LEFT_OUT,
        )  # fmt: skip
        assert data["calibration"]["reproduces_bill"]
    again = yaml.safe_load(second.read_text())
    assert again["traffic"] == yaml.safe_load(first.read_text())["traffic"]


def _first_quantity(tmp_path: Path, value: str) -> str:
    """The March FOCUS bill with its first row, a day of CloudFront's US data out, billing
    `value` GB instead of 12,258.06."""
    old, new = ",Standard,12258.064516129032,GB,", f",Standard,{value},GB,"
    return _copy_focus(tmp_path, lambda i, line: line.replace(old, new) if i == 0 else line)


@pytest.mark.parametrize("value", ["inf", "nan", "-inf", "1e300"])
def test_a_quantity_past_what_any_bill_holds_is_one_line(capsys, tmp_path, value):
    # non-finite or absurd: no unit bills more than 10^21 of itself in a month
    bill = _first_quantity(tmp_path, value)
    assert_refused(
        capsys,
        ("actuals", bill, *MARCH),
        f"{bill}: Amazon CloudFront / US-DataTransfer-Out-Bytes quantity: expected a finite "
        f"number within ±1e+21, got {float(value):g}",
    )


def test_a_quantity_the_estimate_cannot_value_to_the_cent_is_one_line(capsys, tmp_path):
    # 10^20 GB more of CloudFront's US data out (within the reader's 10^21) would cost about
    # 10^20 x 0.02 x 0.9 = 1.8e18 dollars at the estimate's top tier after the EDP, past the
    # $10^13 every output carries to the cent: refused naming the bill and the price, not
    # printed as a rounded-away figure
    bill = _first_quantity(tmp_path, "1e20")
    assert_refused(
        capsys,
        ("actuals", bill, *MARCH, *EDP),
        f"{bill}: aws cloudfront data_out us_mexico_canada: billed 1e+20 GB, which the "
        "estimate's prices value over $10,000,000,000,000 a month; expected a month's bill",
    )


@pytest.mark.parametrize("name", ["own.csv", "own.parquet"])
def test_indexplans_own_focus_bill_explains_all_of_itself(capsys, tmp_path, name):
    # Each row's SkuId is its catalog price and x_IndexplanPriceZone its zone (Fastly's rows
    # have no RegionId), so every row maps straight to the price the estimate used. By hand,
    # the lines' list costs (BilledCost is the contracted cost, here the list: no price book):
    #   AWS 787.98 (as in the credits test above); Fastly 27,393,750 GB (900 TB/day x 30.4375
    #   days) x 0.12 = 3,287,250.00 and 6,087,500 x 10,000 requests x 0.0075 = 45,656.25;
    #   GCP 18.43 + 102,049.67 + 0.10 + 1,217.50 (Class B on the file routes' misses: 2e9/day
    #   x 30.4375 x 0.5 x 0.1 = 3,043,750 thousand x 0.0004) + 242.14 + 871.72 (request logs:
    #   2e9/day x 600 B x 30 days = 33,527.61 GiB x 0.026) = 104,399.56
    #   = 3,438,093.79, all of it explained, each line to the cent
    path = tmp_path / name
    code, _, err = run(
        capsys, "estimate", "pypi-2021", "-s", "pypi-2021", "-f", "focus", "-o", str(path)
    )
    assert code == 0, err
    data = actuals(capsys, str(path), "--stack", "pypi-2021", "-s", "pypi-2021")
    assert data["verdict"].startswith(
        "Of the $3,438,093.79 billed for usage in 2021-04, the prices the model covers billed "
        "$3,438,093.79 (100.0%) against $3,438,093.79 estimated"
    )
    assert "the estimate matches 100.0% of the bill" in data["verdict"]
    assert (data["covered_share"], data["matched_share"]) == (1.0, 1.0)
    t = data["totals"]
    assert (t["billed_usage_usd"], t["explained_usd"]) == (3438093.79, 3438093.79)
    assert (data["billed_not_modelled"], data["modelled_not_billed"]) == ([], [])
    # the 22 usage rows name 18 distinct prices (SkuIds); SNS's free million, a $0.00 row, is
    # the 22nd since SNS is priced in us-east-2 (session 12)
    assert len(data["components"]) == 18
    for c in data["components"]:
        assert split(c) == (0.0, 0.0, 0.0), c["price"]
        assert c["billed_usd"] == c["estimated_usd"], c["price"]
        # the file gives each line's quantity to 6 decimals (render/focus.py): GCP storage's two
        # lines, 33,550.576804 + 9,313.225746 = 42,863.80255 GiB-months, against the estimate's
        # unrounded sum, 42,863.802551 to 6 decimals (half a millionth per line, each rounded)
        assert c["billed_quantity"] == pytest.approx(c["estimated_quantity"], abs=1e-5)
    bandwidth = component(data, "fastly cdn bandwidth north_america_europe")
    assert (bandwidth["billed_quantity"], bandwidth["billed_usd"]) == (27_393_750, 3287250.0)


def test_a_skuid_without_indexplans_zone_column_goes_through_the_rules(capsys, tmp_path):
    # the same file less x_IndexplanPriceZone is an ordinary FOCUS bill: its SkuMeters ("data
    # out", "key", ...) are no usage type a rule knows, so nothing maps, as before the round trip
    own = tmp_path / "own.csv"
    code, _, err = run(
        capsys, "estimate", "pypi-2021", "-s", "pypi-2021", "-f", "focus", "-o", str(own)
    )
    assert code == 0, err
    rows = list(csv.DictReader(own.open(encoding="utf-8")))
    plain = tmp_path / "plain.csv"
    with plain.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, [c for c in rows[0] if c != "x_IndexplanPriceZone"])
        writer.writeheader()
        writer.writerows({k: v for k, v in r.items() if k != "x_IndexplanPriceZone"} for r in rows)
    data = actuals(capsys, str(plain), "--stack", "pypi-2021", "-s", "pypi-2021")
    assert data["totals"]["explained_usd"] == 0.0
    # the reason names indexplan's rules, not the bill: each service has rules, none for its meters
    assert {u["reason"] for u in data["billed_not_modelled"] if u["provider"] == "aws"} == {
        f"indexplan has no rule for this {u['billed'].split(' / ')[0]} usage yet"
        for u in data["billed_not_modelled"]
        if u["provider"] == "aws"
    }
