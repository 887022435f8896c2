"""`indexplan actuals` on the s12 review's private index (tests/fixtures/actuals-acme/README.md):
a month inside an account-wide free allowance, the variance split where a zone's share of it
moves, the scenario --write-scenario writes, and the verdict's two shares.

The estimate (acme-traffic.yaml, priced on 2026-10-01; costmodel/catalog/aws/cloudfront.yaml):
2 TB = 2e12 B = 1,862.65 GB (2^30 bytes); EU 0.85 = 1,583.25, US 0.15 = 279.40. The account's
1,024 GB free, pro rata: EU 870.40, US 153.60; billable 712.85 x 0.085 = $60.59 and 125.80 x
0.085 = $10.69. HTTPS requests 4e6 = 400 x 10,000: EU 340, US 60, all inside the 10M (1,000 x
10,000) free: $0.00. S3 Standard 300 GB = 279.40 GB x 0.023 = $6.43.
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from cli_run import run

from costmodel.model.scenario import load_scenario

ACME = Path(__file__).resolve().parents[1] / "fixtures" / "actuals-acme"
STACK = str(ACME / "Pulumi.acme-aws.yaml")
FORECAST = str(ACME / "acme-traffic.yaml")
OCTOBER = ACME / "bill-2026-10.csv"
AS_OF = ("--prices-as-of", "2026-10-01")


def actuals(capsys, bill: Path, *args: str) -> tuple[dict, str]:
    code, out, err = run(capsys, "actuals", str(bill), "--stack", STACK, *args, "-f", "json")
    assert code == 0, err
    return json.loads(out), err


def component(data: dict, price: str) -> tuple[float, float, float, float]:
    (c,) = [c for c in data["components"] if c["price"] == price]
    return (c["estimated_usd"], c["billed_usd"], c["quantity_variance_usd"],
            c["rate_variance_usd"])  # fmt: skip


def estimate_lines(capsys, scenario: str, *args: str) -> dict[tuple[str, str, str], tuple]:
    code, out, err = run(capsys, "estimate", STACK, "-s", scenario, *AS_OF, *args, "-f", "json")
    assert code == 0, err
    return {
        (i["resource"], i["component"], i["region"]): (i["quantity"], i["contracted_monthly_usd"])
        for i in json.loads(out)["line_items"]
    }


def entries(book: Path) -> dict[str, list]:
    return {
        f"{e['service']} {e['dimension']} {e['zone']}": e["rate"]["tiers"]
        for e in yaml.safe_load(book.read_text())["entries"]
    }


# finding 1: a price billed only inside a free allowance has no effective rate


def test_a_month_inside_cloudfronts_free_tier_writes_no_cloudfront_rate(capsys, tmp_path):
    """EU 700 GB + US 100 GB = 800 GB out, inside the account's 1,024 GB, billed $0.00; 3.6M
    EU requests (360 x 10,000) inside the 10M, $0.00. Nothing was charged for any of them, so
    none has an effective rate: left out, never written as 0 (before, `data_out` and
    `https_requests` were written as [[null, 0.0]], and the next estimate priced 2 TB of
    CloudFront at $0.00 contracted). S3: 290 GB-Mo for $6.67 = 0.023 exactly."""
    book = tmp_path / "book.yaml"
    data, err = actuals(capsys, ACME / "bill-inside-allowance.csv", "-s", FORECAST,
                        "--write-price-book", str(book))  # fmt: skip
    assert entries(book) == {"s3 storage_standard eu-west-1": [[None, 0.023]]}
    # the match is taken over the larger of bill and estimate (s12-review2: it said 96.4%,
    # $6.43 / $6.67, of an estimate 11x its bill): $6.43 / ($77.71 + $35.31 not billed)
    # = 6.43 / 113.02 = 0.0569
    assert (data["totals"]["explained_usd"], data["matched_share"]) == (6.43, 0.0569)
    inside = "no billed usage outside the free allowance in 2026-10"
    for price in ("cloudfront data_out europe_israel", "cloudfront data_out us_mexico_canada",
                  "cloudfront https_requests europe_israel"):  # fmt: skip
        assert f"aws {price}: {inside}" in data["calibration"]["left_out_of_price_book"]
        assert f"aws {price}: {inside}" in err
        assert f"# aws {price}: {inside}" in book.read_text()
    assert "price(s) with no effective rate: not billed, or billed only inside a free " \
        "allowance" in err  # fmt: skip
    # the next estimate prices CloudFront at list, its free allowance included: $60.59, $10.69
    lines = estimate_lines(capsys, FORECAST, "--price-book", str(book))
    out = "cdn-distribution", "data out, 870.40-10,240 GB", "europe_israel"
    assert lines[out] == (712.848377, 60.59)
    out = "cdn-distribution", "data out, 153.60-10,240 GB", "us_mexico_canada"
    assert lines[out] == (125.796772, 10.69)


def test_indexplans_own_focus_round_trip_writes_no_zero_rate(capsys, tmp_path):
    """The estimate's FOCUS rows bill the 4M requests (EU 340 + US 60 = 400 of the 1,000 x
    10,000 free) at $0.00, and the app's 18.63 GB out inside AWS's 100 GB at $0.00: no rate
    for any of the three; every rate the book writes is above 0 (before: both request zones at
    0.0). The rest is billed at list, so the book's rates are the list's: CloudFront EU 60.59
    over its 712.85 GB billable = 0.085."""
    focus, book = tmp_path / "est.csv", tmp_path / "book.yaml"
    code, _, err = run(capsys, "estimate", STACK, "-s", FORECAST, *AS_OF, "-f", "focus", "-o",
                       str(focus))  # fmt: skip
    assert code == 0, err
    data, err = actuals(capsys, focus, "-s", FORECAST, "--write-price-book", str(book))
    rates = entries(book)
    assert all(tiers[-1][1] > 0 for tiers in rates.values()), rates
    assert rates["cloudfront data_out europe_israel"] == [[None, 0.085]]
    assert not any(name.startswith("cloudfront https_requests") for name in rates)
    assert sorted(data["calibration"]["left_out_of_price_book"]) == [
        "aws cloudfront https_requests europe_israel: no billed usage outside the free "
        "allowance in 2026-10",
        "aws cloudfront https_requests us_mexico_canada: no billed usage outside the free "
        "allowance in 2026-10",
        "aws data_transfer internet_out eu-west-1: no billed usage outside the free allowance "
        "in 2026-10",
    ]


# finding 2 (ranked 3): the variance split re-draws a shared allowance at the bill's quantities


def test_a_zone_billed_nothing_inside_the_accounts_allowance_has_no_variance(capsys):
    """EU requests: estimated 340 x 10,000, its share of the 1,000 free capped there; billed
    360 at $0.00. At the bill's quantities (EU 360, US none) the model gives EU 360 of the
    1,000 free: $0.00 at the estimate's prices, so quantity $0.00 and rate $0.00 (before, the
    extra 20 were charged at 0.012: +$0.24 quantity, -$0.24 rate)."""
    data, _ = actuals(capsys, OCTOBER, "-s", FORECAST)
    assert component(data, "aws cloudfront https_requests europe_israel") == (0.0, 0.0, 0.0, 0.0)
    # the split still adds up, line by line and in all
    for c in data["components"]:
        total = c["quantity_variance_usd"] + c["rate_variance_usd"]
        assert round(total, 2) == c["variance_usd"], c
    totals = data["totals"]
    assert round(totals["quantity_variance_usd"] + totals["rate_variance_usd"], 2) == round(
        totals["billed_in_components_usd"] - totals["estimated_in_components_usd"], 2
    )


def test_a_zone_past_the_accounts_allowance_billed_at_list_is_all_quantity(capsys, tmp_path):
    """The month billed 12M EU requests: 1,200 x 10,000, the account's 1,000 free, 200 x 0.012
    = $2.40, exactly the list. At the bill's quantities the model gives EU all 1,000 free and
    prices it $2.40 too: quantity +$2.40, rate $0.00 (with the estimate's 340 share fixed it
    was (1,200 - 340) x 0.012 = 10.32: +$10.32 quantity, -$7.92 rate)."""
    text = OCTOBER.read_text().replace("EU-Requests-Tier2-HTTPS,3600000,Requests,3600000,"
                                       "Requests,0.0000012,0,0,0",
                                       "EU-Requests-Tier2-HTTPS,12000000,Requests,12000000,"
                                       "Requests,0.0000012,2.40,2.40,2.40")  # fmt: skip
    assert text != OCTOBER.read_text()
    bill = tmp_path / "bill.csv"
    bill.write_text(text)
    data, _ = actuals(capsys, bill, "-s", FORECAST)
    assert component(data, "aws cloudfront https_requests europe_israel") == (0.0, 2.4, 2.4, 0.0)


# finding 3 (ranked 2): --write-scenario keeps what the bill does not show


def test_the_written_scenario_keeps_the_forecasts_figures_the_bill_does_not_show(capsys, tmp_path):
    """acme-traffic.yaml's app.requests 1e6/month, storage.objects 150,000, growth 1.3 are
    kept (before: dropped, so CloudWatch Logs was priced on the default app requests, 0.39 GB,
    and projections grew storage at 1.4 MB an upload); its upload size, 300 GB / 150,000 =
    2,000,000 B, is written as such. The bill's figures replace the rest: egress 2,000 GB x
    2^30 = 2,147,483,648,000 B; requests 3.6M; stored 290 GB x 2^30 = 311,385,128,960 B (each
    written to 9 significant digits).
    Re-estimated, every line the bill does not measure is the forecast's: CloudWatch Logs 1e6 x
    1 kB = 1e9 B = 0.931323 GB x 0.57 = $0.53; RDS 730 h x 0.035 = $25.55, 50 GB x 0.127 =
    $6.35; the secret $0.40; the DNSSEC key $1.00; the hosted zone $0.50."""
    written = tmp_path / "oct.yaml"
    actuals(capsys, OCTOBER, "-s", FORECAST, "--write-scenario", str(written))
    scenario, forecast = load_scenario(written), load_scenario(Path(FORECAST))
    assert (scenario.app_requests, scenario.objects, scenario.upload_size) == (1e6, 150_000, 2e6)
    assert (scenario.growth_per_year, scenario.messages, scenario.dns_queries) == (1.3, 5e4, 2e6)
    # 9 significant digits in the file: 2.14748365e12 and 3.11385129e11
    assert (scenario.egress, scenario.requests) == (2_147_483_650_000, 3.6e6)
    assert scenario.stored == 311_385_129_000
    assert "figures the bill does not show are scenario acme-private's" in scenario.source
    calibrated = estimate_lines(capsys, str(written))
    forecast_lines = estimate_lines(capsys, FORECAST)
    untouched = [key for key in forecast_lines if key[0] in (
        "app-logs", "database-postgres", "database-admin-credentials", "dns-dnssec-key",
    ) or key[1] == "hosted zone, first 25 zone-month"]  # fmt: skip
    assert len(untouched) == 6
    assert {k: calibrated[k] for k in untouched} == {k: forecast_lines[k] for k in untouched}
    assert calibrated["app-logs", "ingestion (request logs)", "eu-west-1"] == (0.931323, 0.53)
    assert forecast.app_requests == scenario.app_requests


# finding 7: without -s, the scenario names the shipped scenario and each factor says what it is


def test_without_a_forecast_the_scenario_names_the_shipped_one_and_each_factor(capsys, tmp_path):
    """The shipped scenario nearest October 2026 is pypi-2026 (as_of 2026-08-14): 10 PB a day
    x 30.4375 days = 3.04375e17 B = 283,471,000 GB (2^30) through CloudFront; the bill's EU
    1,700 + US 300 = 2,000 GB make egress x 2,000 / 283,471,000 = x7.05539e-06. The written
    source names pypi-2026, not the file itself, and the report lists what it keeps unscaled
    (its growth of 1.7 and the file defaults)."""
    written = tmp_path / "oct.yaml"
    data, _ = actuals(capsys, OCTOBER, "--write-scenario", str(written))
    assert data["scenario_from_bill"][0] == (
        "egress from cloudfront data_out (x7.05539e-06: scenario pypi-2026's egress scaled by "
        "the bill's 2,000 GB over the 283,471,000 the model gives it)"
    )
    kept = data["scenario_from_bill"][-1]
    assert kept.startswith("figures the bill does not show: scenario pypi-2026's, the shipped "
                           "scenario nearest 2026-10 (give your own with -s): ")  # fmt: skip
    assert "growth.per_year 1.7" in kept and "queue.messages 1e+06/month (its default)" in kept
    source = load_scenario(written).source or ""
    assert source.endswith("figures the bill does not show are scenario pypi-2026's (the "
                           "shipped scenario nearest 2026-10: no -s was given)")  # fmt: skip


# finding 6: the verdict's share is said for what it is


def test_the_verdict_gives_the_models_coverage_and_the_estimates_match(capsys):
    """Billed for usage: 70.53 + 12.45 + 0 + 6.67 = 89.65 on prices the model covers, plus the
    NAT gateway's 35.71 it leaves unpriced: 125.36; covered 89.65 / 125.36 = 71.51%. Matched,
    per price the billed cost less its variance's size: 70.53 - 9.94 = 60.59, 12.45 - 1.76 =
    10.69, 0, 6.67 - 0.24 = 6.43: 77.71 / 125.36 = 61.99%."""
    data, _ = actuals(capsys, OCTOBER, "-s", FORECAST)
    assert (data["covered_share"], data["matched_share"]) == (0.7151, 0.6199)
    assert data["totals"]["explained_usd"] == 77.71  # the key keeps its name
    assert data["verdict"].startswith(
        "Of the $125.36 billed for usage in 2026-10, the prices the model covers billed $89.65 "
        "(71.5%) against $77.71 estimated (variance +$11.94: "
    )
    assert "the estimate matches 62.0% of the bill (per price, the billed cost less its " \
        "variance's size: $77.71)" in data["verdict"]  # fmt: skip
    code, out, _ = run(capsys, "actuals", str(OCTOBER), "--stack", STACK, "-s", FORECAST,
                       "-f", "markdown")  # fmt: skip
    assert code == 0 and "covers billed $89.65 (71.5%)" in out and "explains" not in out
