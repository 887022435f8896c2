"""`indexplan prices import aws`: AWS Price List offer files and pricing-page price feeds become
dated catalog versions and new prices, written to the catalog's imported/aws.yaml."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from costmodel.model.prices import PriceKey, load_catalog
from tests.prices.conftest import FIXTURES, snapshot
from tests.prices.helpers import run, run_json

CLOUDFRONT = str(FIXTURES / "aws-cloudfront-offer.json")
S3 = str(FIXTURES / "aws-s3-offer.json")
RDS_FEED = (
    Path(__file__).resolve().parents[2] / "prices-src" / "aws" / "rds-postgresql-ondemand.json"
)
S3_STORAGE = ("WP9ANXZGBYYSGJEA", "WP9ANXZGBYYSGJEA.JRTCKXETXF")
S3_DIMENSIONS = {
    "first": "WP9ANXZGBYYSGJEA.JRTCKXETXF.6YS6EN2CT7",
    "second": "WP9ANXZGBYYSGJEA.JRTCKXETXF.PGHJ3S3EYE",
}


def _in_force(catalog: Path, key: PriceKey, day: str):
    return load_catalog(catalog).select(key, dt.date.fromisoformat(day)).version


def _edited(tmp_path: Path, source: str, edit: Any, name: str = "offer.json") -> str:
    data = json.loads(Path(source).read_text())
    edit(data)
    path = tmp_path / name
    path.write_text(json.dumps(data))
    return str(path)


def _storage_dimension(data: dict[str, Any], which: str) -> dict[str, Any]:
    sku, term = S3_STORAGE
    dimensions = data["terms"]["OnDemand"][sku][term]["priceDimensions"]
    return dimensions[S3_DIMENSIONS[which]]


def test_cloudfront_versions_are_in_force_from_their_effective_date(capsys, catalog):
    code, _, err = run(capsys, "prices", "import", "aws", CLOUDFRONT, "--catalog", str(catalog))
    assert (code, err) == (0, "")
    us = PriceKey("aws", "cloudfront", "data_out", "us_mexico_canada")
    # The day before the term's effectiveDate (2026-11-01) the 2021-12-01 version still rules.
    assert _in_force(catalog, us, "2026-10-31").effective == dt.date(2021, 12, 1)
    new = _in_force(catalog, us, "2026-11-01")
    assert new.effective == dt.date(2026, 11, 1)
    assert "aws-cloudfront-offer.json" in new.source and "2XVD7G6FU3BMEG5W" in new.source
    assert new.confidence == "confirmed" and new.checked == dt.date.today()
    # The file's tiers (0.085 to 10,240 GB ... 0.020 over 5,242,880 GB) with the catalog's
    # account-wide 1,024 GB free allowance (not in price lists) carried over.
    assert new.tiers == [
        (10240, 0.085), (51200, 0.080), (153600, 0.060), (512000, 0.040),
        (1048576, 0.030), (5242880, 0.025), (None, 0.020),
    ]  # fmt: skip
    assert new.allowance == 1024
    assert "free allowance of 1024 GB" in (new.note or "")
    # Europe is a zone of its own ladder, sharing the one allowance
    eu = _in_force(
        catalog, PriceKey("aws", "cloudfront", "data_out", "europe_israel"), "2026-11-01"
    )
    assert (eu.effective, eu.tiers[0]) == (dt.date(2026, 11, 1), (10240, 0.085))
    assert eu.allowance == 1024
    # South America is not in the file and keeps its last version (the allowance's).
    key = PriceKey("aws", "cloudfront", "data_out", "south_america")
    assert _in_force(catalog, key, "2027-01-01").effective == dt.date(2021, 12, 1)
    # only the importer's own file changed
    assert (catalog / "imported" / "aws.yaml").exists()
    assert not (catalog / "aws" / "imported.yaml").exists()


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
    added = {c["price"]: c["detail"] for c in data["changes"] if c["status"] == "added"}
    assert added == {
        "aws s3 storage_standard us-east-1": "same rates as before",
        "aws s3 put_requests us-east-1": "same rates as before",
        "aws s3 get_requests us-east-1": "same rates as before",
        "aws s3 storage_standard us-west-2": "same rates as before",
    }
    skipped = {c["description"]: c["detail"] for c in data["changes"] if c["status"] == "skipped"}
    assert skipped == {
        "TimedStorage-GlacierByteHrs": "no rule maps this SKU to a catalog entry",
        "TimedStorage-INT-FA-ByteHrs": "no rule maps this SKU to a catalog entry",
    }


def test_a_region_the_catalog_lacks_becomes_a_new_price(capsys, catalog, tmp_path):
    def paris(data: dict[str, Any]) -> None:
        product = data["products"]["Y6ZJWY3JA3PSRTKE"]["attributes"]
        product.update(usagetype="EUW3-TimedStorage-ByteHrs", regionCode="eu-west-3")

    offer = _edited(tmp_path, S3, paris)
    data = run_json(capsys, "prices", "import", "aws", offer, "--catalog", str(catalog))
    added = {c["price"]: c["detail"] for c in data["changes"] if c["status"] == "added"}
    assert added["aws s3 storage_standard eu-west-3"] == "new price"
    cat = load_catalog(catalog)
    key = PriceKey("aws", "s3", "storage_standard", "eu-west-3")
    price = cat.select(key, dt.date(2026, 2, 1)).price
    # shaped like the catalog's other S3 Standard storage prices
    assert (price.unit, price.measure, price.unit_size) == ("GB-month", "byte_months", 2**30)
    assert price.versions[0].tiers == [(51200, 0.023), (512000, 0.022), (None, 0.021)]
    # before the file's date there is no price, and no other region's rate stands in
    with pytest.raises(Exception, match="before the earliest known price"):
        cat.select(key, dt.date(2026, 1, 31))


def test_a_rate_ten_times_off_needs_force(capsys, catalog, tmp_path):
    offer = _edited(
        tmp_path, S3, lambda d: _storage_dimension(d, "first")["pricePerUnit"].update(USD="1e308")
    )
    data = run_json(capsys, "prices", "import", "aws", offer, "--catalog", str(catalog))
    skipped = {c["description"]: c["detail"] for c in data["changes"] if c["status"] == "skipped"}
    # 1e308 against the catalog's 0.023 for us-east-1 Standard storage
    assert skipped["TimedStorage-ByteHrs"] == (
        "top rate 1e+308 is more than 10x away from the previous version (0.023..0.023); "
        "check the file, or pass --force to import it"
    )
    forced = run_json(
        capsys, "prices", "import", "aws", offer, "--catalog", str(catalog), "--force"
    )
    added = {c["price"] for c in forced["changes"] if c["status"] == "added"}
    assert "aws s3 storage_standard us-east-1" in added


@pytest.mark.parametrize("rate", ["-0.023", "NaN", "Infinity"])
def test_a_negative_or_non_finite_rate_is_one_line_and_exit_2(capsys, catalog, tmp_path, rate):
    offer = _edited(
        tmp_path, S3, lambda d: _storage_dimension(d, "first")["pricePerUnit"].update(USD=rate)
    )
    before = snapshot(catalog)
    code, out, err = run(capsys, "prices", "import", "aws", offer, "--catalog", str(catalog))
    assert (code, out) == (2, "")
    field = "terms.OnDemand.WP9ANXZGBYYSGJEA.WP9ANXZGBYYSGJEA.JRTCKXETXF.priceDimensions."
    assert err.startswith(f"{offer}: {field}") and err.count("\n") == 1
    assert snapshot(catalog) == before


def test_cloudfront_skips_older_terms_and_unmapped_skus(capsys, catalog):
    data = run_json(capsys, "prices", "import", "aws", CLOUDFRONT, "--catalog", str(catalog))
    skipped = {c["description"]: c["detail"] for c in data["changes"] if c["status"] == "skipped"}
    # the HTTPS request term (2019-12-01) predates the catalog's newest version (2021-12-01)
    assert (
        "older than the catalog's newest version (2021-12-01)" in skipped["US-Requests-Tier2-HTTPS"]
    )
    assert skipped["US-Requests-Tier1"] == "no rule maps this SKU to a catalog entry"
    assert set(skipped) == {"US-Requests-Tier2-HTTPS", "US-Requests-Tier1"}


def test_dry_run_and_reimport_change_nothing(capsys, catalog):
    before = snapshot(catalog)
    data = run_json(capsys, "prices", "import", "aws", S3, "--catalog", str(catalog), "--dry-run")
    assert data["dry_run"] is True and snapshot(catalog) == before
    run(capsys, "prices", "import", "aws", S3, "--catalog", str(catalog))
    after_first = snapshot(catalog)
    changed = {path for path in after_first if after_first[path] != before.get(path)}
    assert changed == {"imported/aws.yaml"}  # hand-written and generated files stay as they are
    again = run_json(capsys, "prices", "import", "aws", S3, "--catalog", str(catalog))
    assert [c["status"] for c in again["changes"]] == ["skipped"] * 6
    assert snapshot(catalog) == after_first


def test_an_aws_price_feed_reproduces_the_generated_catalog(capsys, catalog):
    """The RDS table was generated from this feed: importing it again gives the same rates."""
    data = run_json(capsys, "prices", "import", "aws", str(RDS_FEED), "--catalog", str(catalog))
    added = [c for c in data["changes"] if c["status"] == "added"]
    # 22 classes x 2 deployments + 2 gp3 storage prices in 13 regions, less the 16 m7g/r7g
    # prices sa-east-1 lacks: 46 x 13 - 16 = 582, every one at the catalog's rate
    assert len(added) == 582
    assert {c["detail"] for c in added} == {"same rates as before"}
    key = PriceKey("aws", "rds_postgresql", "instance", "eu-west-1", "db.r6g.large/multi-az")
    version = _in_force(catalog, key, "2024-09-28")
    # the feed's "EU (Ireland)" entry for db.r6g.large Multi-AZ: 0.5040000000 per hour
    assert (version.effective, version.tiers) == (dt.date(2024, 9, 28), [(None, 0.504)])
    assert "rds-postgresql-ondemand" in version.source


@pytest.mark.parametrize(
    ("edit", "field", "expected"),
    [
        (
            lambda d: _storage_dimension(d, "first")["pricePerUnit"].update(USD="abc"),
            "terms.OnDemand.WP9ANXZGBYYSGJEA.WP9ANXZGBYYSGJEA.JRTCKXETXF.priceDimensions."
            "WP9ANXZGBYYSGJEA.JRTCKXETXF.6YS6EN2CT7.pricePerUnit.USD",
            "got 'abc'",
        ),
        (
            lambda d: _storage_dimension(d, "second").update(beginRange="60000"),
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
    bad = Path(_edited(tmp_path, S3, edit, "bad-offer.json"))
    before = snapshot(catalog)
    code, out, err = run(capsys, "prices", "import", "aws", str(bad), "--catalog", str(catalog))
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and err.startswith(f"{bad}: {field}: ") and expected in err
    assert snapshot(catalog) == before


def test_not_json_is_one_line(capsys, catalog, tmp_path):
    bad = tmp_path / "offer.json"
    bad.write_text('{"offerCode": "AmazonS3",\n  "products": {')
    code, out, err = run(capsys, "prices", "import", "aws", str(bad), "--catalog", str(catalog))
    assert (code, out) == (2, "")
    assert err.startswith(f"{bad}: line 2: invalid JSON") and err.count("\n") == 1
