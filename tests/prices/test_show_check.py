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
    assert (code, out, err) == (2, "", "--as-of: '2026-13-01': expected a date, YYYY-MM-DD\n")


def test_check_lists_stale_and_unconfirmed_and_import_refreshes(capsys, catalog):
    def review(today: str) -> dict[str, str]:
        data = run_json(capsys, "prices", "check", "--today", today, "--catalog", str(catalog))
        return {row["price"]: row["why"] for row in data["to_review"]}

    listed = review("2026-11-24")
    # newest version 2021-12-01 < 2025-11-24 (a year before): stale, though confirmed
    assert listed["aws cloudfront data_out us_europe"] == (
        "newest version older than a year (before 2025-11-24)"
    )
    # 2026-05-01 is within the year and confirmed: not listed
    assert "gcp cdn_interconnect egress north_america" not in listed
    assert "confidence unconfirmed" in listed["aws elasticache node cache.t4g.medium us-east-1"]
    run(capsys, "prices", "import", "aws", str(FIXTURES / "aws-cloudfront-offer.json"),
        "--catalog", str(catalog))  # fmt: skip
    assert "aws cloudfront data_out us_europe" not in review("2026-11-24")
    # a year and a day after 2026-05-01 the interconnect rate is stale too
    assert "gcp cdn_interconnect egress north_america" in review("2027-05-02")
    assert "gcp cdn_interconnect egress north_america" not in review("2027-05-01")


def test_check_invalid_catalog_exits_2(capsys, catalog):
    text = (catalog / "gcp.yaml").read_text().replace("tiers: [[null, 0.026]]", "tiers: []", 1)
    (catalog / "gcp.yaml").write_text(text)
    code, out, err = run(capsys, "prices", "check", "--catalog", str(catalog))
    assert (code, out) == (2, "")
    assert err.startswith(f"{catalog / 'gcp.yaml'}: prices.0.versions.0.tiers")
    assert "at least 1 item" in err
    assert err.count("\n") == 1
