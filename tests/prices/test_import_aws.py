"""`indexplan prices import aws`: AWS Price List offer files become dated catalog versions."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from costmodel.model.prices import PriceKey, load_catalog
from tests.prices.conftest import FIXTURES
from tests.prices.helpers import run, run_json

CLOUDFRONT = str(FIXTURES / "aws-cloudfront-offer.json")
S3 = str(FIXTURES / "aws-s3-offer.json")


def _in_force(catalog: Path, key: PriceKey, day: str):
    return load_catalog(catalog).select(key, dt.date.fromisoformat(day)).version


def test_cloudfront_version_is_in_force_from_its_effective_date(capsys, catalog):
    code, _, err = run(capsys, "prices", "import", "aws", CLOUDFRONT, "--catalog", str(catalog))
    assert (code, err) == (0, "")
    us = PriceKey("aws", "cloudfront", "data_out", "us_europe")
    # The day before the term's effectiveDate (2026-11-01) the 2021-12-01 version still rules.
    assert _in_force(catalog, us, "2026-10-31").effective == dt.date(2021, 12, 1)
    new = _in_force(catalog, us, "2026-11-01")
    assert new.effective == dt.date(2026, 11, 1)
    assert "aws-cloudfront-offer.json" in new.source and "2XVD7G6FU3BMEG5W" in new.source
    assert new.confidence == "confirmed"
    # The file's tiers (0.085 to 10,240 GB ... 0.020 over 5,242,880 GB) with the catalog's
    # 1,024 GB free allowance (not in price lists) carried over as a 0-priced first tier.
    assert new.tiers == [
        (1024, 0), (10240, 0.085), (51200, 0.080), (153600, 0.060), (512000, 0.040),
        (1048576, 0.030), (5242880, 0.025), (None, 0.020),
    ]  # fmt: skip
    assert "free allowance of 1024 GB" in (new.note or "")
    # South America shares its versions with Africa/Middle East in the YAML (an alias); the
    # file has neither, so both keep their single 2016 version.
    for zone in ("south_america", "africa_middle_east"):
        key = PriceKey("aws", "cloudfront", "data_out", zone)
        assert _in_force(catalog, key, "2027-01-01").effective == dt.date(2016, 1, 1)


def test_s3_units_convert_to_the_catalog_billing_unit(capsys, catalog):
    run(capsys, "prices", "import", "aws", S3, "--catalog", str(catalog))
    put = _in_force(catalog, PriceKey("aws", "s3", "put_requests", "us-east-1"), "2026-02-01")
    # 0.0000050000 USD per request x 1,000 requests per catalog unit = 0.005 per 1,000
    assert put.tiers == [(None, 0.005)]
    get = _in_force(catalog, PriceKey("aws", "s3", "get_requests", "us-east-1"), "2026-02-01")
    # 0.0000004000 x 1,000 = 0.0004 per 1,000
    assert get.tiers == [(None, 0.0004)]
    storage = PriceKey("aws", "s3", "storage_standard", "us-east-1")
    # GB-Mo is the catalog's GB-month (2^30 bytes): bounds and rates carry over unchanged
    assert _in_force(catalog, storage, "2026-02-01").tiers == [
        (51200, 0.023), (512000, 0.022), (None, 0.021),
    ]  # fmt: skip
    assert _in_force(catalog, storage, "2026-01-31").effective == dt.date(2016, 1, 1)


def test_report_lists_added_and_skipped_with_reasons(capsys, catalog):
    data = run_json(capsys, "prices", "import", "aws", S3, "--catalog", str(catalog))
    added = {c["price"] for c in data["changes"] if c["status"] == "added"}
    assert added == {
        "aws s3 storage_standard us-east-1",
        "aws s3 put_requests us-east-1",
        "aws s3 get_requests us-east-1",
    }
    skipped = {c["description"]: c["detail"] for c in data["changes"] if c["status"] == "skipped"}
    assert skipped == {
        "TimedStorage-GlacierByteHrs": "no rule maps this SKU to a catalog entry",
        "TimedStorage-INT-FA-ByteHrs": "no rule maps this SKU to a catalog entry",
        "USW2-TimedStorage-ByteHrs": "no catalog entry aws s3 storage_standard us-west-2",
    }


def test_cloudfront_skips_duplicates_and_older_terms(capsys, catalog):
    data = run_json(capsys, "prices", "import", "aws", CLOUDFRONT, "--catalog", str(catalog))
    skipped = {c["description"]: c["detail"] for c in data["changes"] if c["status"] == "skipped"}
    # EU has the US rates and the same catalog zone; the HTTPS request term (2019-12-01)
    # predates the catalog's newest version of that price (2021-12-01).
    assert skipped["EU-DataTransfer-Out-Bytes"].startswith("2XVD7G6FU3BMEG5W already gives")
    assert (
        "older than the catalog's newest version (2021-12-01)" in skipped["US-Requests-Tier2-HTTPS"]
    )
    assert skipped["US-Requests-Tier1"] == "no rule maps this SKU to a catalog entry"


def test_dry_run_and_reimport_change_nothing(capsys, catalog):
    before = (catalog / "aws.yaml").read_bytes()
    data = run_json(capsys, "prices", "import", "aws", S3, "--catalog", str(catalog), "--dry-run")
    assert data["dry_run"] is True and (catalog / "aws.yaml").read_bytes() == before
    run(capsys, "prices", "import", "aws", S3, "--catalog", str(catalog))
    after_first = (catalog / "aws.yaml").read_bytes()
    assert after_first != before and b"# ---- S3 ----" in after_first  # comments survive
    again = run_json(capsys, "prices", "import", "aws", S3, "--catalog", str(catalog))
    assert [c["status"] for c in again["changes"]] == ["skipped"] * 6
    assert (catalog / "aws.yaml").read_bytes() == after_first


@pytest.mark.parametrize(
    ("edit", "field", "expected"),
    [
        (
            lambda d: d["terms"]["OnDemand"]["WP9ANXZGBYYSGJEA"]["WP9ANXZGBYYSGJEA.JRTCKXETXF"][
                "priceDimensions"
            ]["WP9ANXZGBYYSGJEA.JRTCKXETXF.6YS6EN2CT7"]["pricePerUnit"].update(USD="abc"),
            "terms.OnDemand.WP9ANXZGBYYSGJEA.WP9ANXZGBYYSGJEA.JRTCKXETXF.priceDimensions."
            "WP9ANXZGBYYSGJEA.JRTCKXETXF.6YS6EN2CT7.pricePerUnit.USD",
            "got 'abc'",
        ),
        (
            lambda d: d["terms"]["OnDemand"]["WP9ANXZGBYYSGJEA"]["WP9ANXZGBYYSGJEA.JRTCKXETXF"][
                "priceDimensions"
            ]["WP9ANXZGBYYSGJEA.JRTCKXETXF.PGHJ3S3EYE"].update(beginRange="60000"),
            "terms.OnDemand.WP9ANXZGBYYSGJEA.WP9ANXZGBYYSGJEA.JRTCKXETXF.priceDimensions."
            "WP9ANXZGBYYSGJEA.JRTCKXETXF.PGHJ3S3EYE.beginRange",
            "without gaps: expected 51200",
        ),
        (lambda d: d.pop("products"), "products", "required key is missing"),
    ],
)
def test_malformed_offer_file_is_one_line_and_exit_2(
    capsys, catalog, tmp_path, edit, field, expected
):
    import json

    data = json.loads(Path(S3).read_text())
    edit(data)
    bad = tmp_path / "bad-offer.json"
    bad.write_text(json.dumps(data))
    before = (catalog / "aws.yaml").read_bytes()
    code, out, err = run(capsys, "prices", "import", "aws", str(bad), "--catalog", str(catalog))
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and err.startswith(f"{bad}: {field}: ") and expected in err
    assert (catalog / "aws.yaml").read_bytes() == before


def test_not_json_is_one_line(capsys, catalog, tmp_path):
    bad = tmp_path / "offer.json"
    bad.write_text('{"offerCode": "AmazonS3",\n  "products": {')
    code, out, err = run(capsys, "prices", "import", "aws", str(bad), "--catalog", str(catalog))
    assert (code, out) == (2, "")
    assert err.startswith(f"{bad}: line 2: invalid JSON") and err.count("\n") == 1
