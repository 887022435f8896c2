"""`indexplan prices show` and `indexplan prices check`."""

from __future__ import annotations

from tests.prices.conftest import FIXTURES
from tests.prices.helpers import run, run_json


def test_show_selects_the_version_in_force(capsys):
    # CDN Interconnect, North America: 0.04 until 2026-04-30, 0.08 from 2026-05-01
    before = run_json(capsys, "prices", "show", "cdn_interconnect", "--as-of", "2026-04-30")
    after = run_json(capsys, "prices", "show", "cdn_interconnect", "--as-of", "2026-05-01")
    na = "gcp cdn_interconnect egress north_america"
    old = next(p for p in before["prices"] if p["price"] == na)
    new = next(p for p in after["prices"] if p["price"] == na)
    assert old["tiers"] == [{"from": 0.0, "upto": None, "usd_per_unit": 0.04}]
    assert (new["effective"], new["tiers"][0]["usd_per_unit"]) == ("2026-05-01", 0.08)


def test_show_table_prints_tier_bounds(capsys):
    code, out, _ = run(capsys, "prices", "show", "s3", "--as-of", "2026-01-01")
    assert code == 0
    # S3 Standard: 0.023 to 51,200 GB, 0.022 to 512,000 GB, 0.021 beyond
    assert "aws s3 storage_standard us-east-1" in out
    assert "51,200" in out and "512,000" in out and "0.021" in out


def test_show_unknown_service_and_bad_date(capsys):
    code, out, err = run(capsys, "prices", "show", "cloudfrnt")
    assert (code, out) == (2, "")
    assert err.startswith("SERVICE: 'cloudfrnt': unknown service; known: ") and "cloudfront" in err
    code, out, err = run(capsys, "prices", "show", "s3", "--as-of", "2026-13-01")
    assert (code, out, err) == (
        2,
        "",
        "--as-of: '2026-13-01': expected a date, YYYY-MM-DD; 2026-13-01 is no day of the "
        "calendar (month must be in 1..12)\n",
    )
    # the right form, but no such day: said so, not only the form repeated
    code, out, err = run(capsys, "prices", "show", "s3", "--as-of", "2021-02-29")
    assert err == (
        "--as-of: '2021-02-29': expected a date, YYYY-MM-DD; 2021-02-29 is no day of the "
        "calendar (day is out of range for month)\n"
    )


def test_check_judges_staleness_by_the_checked_date(capsys, catalog):
    def review(today: str) -> dict[str, str]:
        data = run_json(capsys, "prices", "check", "--today", today, "--catalog", str(catalog))
        return {row["price"]: row["why"] for row in data["to_review"]}

    # every shipped price was checked 2026-11-29: a year later none is stale for its date,
    # though its effective date (2016-01-01 for most) is ten years old
    listed = review("2027-11-29")
    assert not any("checked" in why for why in listed.values())
    assert listed["aws sqs standard_requests us-east-1"] == "confidence third-party"
    assert "aws route53 hosted_zone global" not in listed  # confirmed, checked
    assert review("2027-11-30")["aws route53 hosted_zone global"] == (
        "last checked 2026-11-29, more than a year ago"
    )
    # a version without a checked date was never compared with its source
    route53 = catalog / "aws" / "route53.yaml"
    route53.write_text(route53.read_text().replace("        checked: 2026-11-29\n", "", 1))
    assert review("2026-12-01")["aws route53 hosted_zone global"] == (
        "never checked against its source"
    )
    # an import compares the price with the official file: checked today
    run(capsys, "prices", "import", "aws", str(FIXTURES / "aws-cloudfront-offer.json"),
        "--catalog", str(catalog))  # fmt: skip
    data = run_json(capsys, "prices", "check", "--catalog", str(catalog))
    assert "aws cloudfront data_out us_mexico_canada" not in {r["price"] for r in data["to_review"]}


def test_check_counts_prices_and_unpriced_entries(capsys):
    data = run_json(capsys, "prices", "check", "--today", "2026-12-01")
    assert data["prices"] > 1000 and data["unpriced"] > 100
    # the two prices whose newest version is unconfirmed: Cloud CDN's fill on other paths (the
    # page's upper bound) and Fastly's South America/Africa requests (Africa assumed equal)
    unconfirmed = {r["price"] for r in data["to_review"] if "unconfirmed" in r["why"]}
    assert unconfirmed == {
        "gcp cloud_cdn cache_fill other",
        "fastly cdn requests south_america_africa",
    }


def test_check_invalid_catalog_exits_2(capsys, catalog):
    path = catalog / "gcp" / "operations.yaml"
    path.write_text(path.read_text().replace("tiers: [[null, 0.005]]", "tiers: []", 1))
    code, out, err = run(capsys, "prices", "check", "--catalog", str(catalog))
    assert (code, out) == (2, "")
    assert err.startswith(f"{path}: prices.0.versions.0.tiers")
    assert "at least 1 item" in err
    assert err.count("\n") == 1
