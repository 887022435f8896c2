"""`indexplan prices import gcp`: Cloud Billing Catalog SKU lists become dated versions."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from costmodel.model.prices import PriceKey, load_catalog
from tests.prices.conftest import FIXTURES
from tests.prices.helpers import run, run_json

SKUS = str(FIXTURES / "gcp-skus.json")
CDN_NA = PriceKey("gcp", "cloud_cdn", "cache_egress", "north_america")


def test_cdn_tiers_from_start_amounts_in_force_from_effective_time(capsys, catalog):
    data = run_json(capsys, "prices", "import", "gcp", SKUS, "--catalog", str(catalog))
    cat = load_catalog(catalog)
    # startUsageAmount 0 / 10,240 / 153,600 GiB at units 0 + nanos 80,000,000 / 55,000,000 /
    # 30,000,000 (x 10^-9): each tier ends where the next starts, the last is open.
    new = cat.select(CDN_NA, dt.date(2026, 11, 20)).version
    assert new.tiers == [(10240, 0.08), (153600, 0.055), (None, 0.03)]
    assert "gcp-skus.json" in new.source and "E0A5-9B5B-4C5D" in new.source
    # effectiveTime 2026-11-20T09:13Z: the day before, the shipped version, whose ladder ends at
    # 500 TiB ("Contact Us" beyond, unpriced: audit s10 F1).
    assert cat.select(CDN_NA, dt.date(2026, 11, 19)).version.tiers[-1] == (512000, 0.03)
    changed = {c["price"]: c["detail"] for c in data["changes"] if c["status"] == "added"}
    assert changed[str(CDN_NA)] == "rates changed"
    # Europe is a destination of its own now, counted on its own ladder
    assert changed["gcp cloud_cdn cache_egress europe"] == "rates changed"
    assert changed["gcp cloud_storage storage_standard US"] == "same rates as before"


def test_storage_zone_from_service_region_and_lookup_units(capsys, catalog):
    run(capsys, "prices", "import", "gcp", SKUS, "--catalog", str(catalog))
    cat = load_catalog(catalog)
    day = dt.date(2026, 11, 20)
    # multi-region "us" is the catalog's GCS location US; "us-central1" stays as it is
    us = cat.select(PriceKey("gcp", "cloud_storage", "storage_standard", "US"), day)
    assert (us.version.effective, us.version.tiers) == (day, [(None, 0.026)])
    iowa = cat.select(PriceKey("gcp", "cloud_storage", "storage_standard", "us-central1"), day)
    assert (iowa.version.effective, iowa.version.tiers) == (day, [(None, 0.020)])
    # 750 nanos per request ("count") x 10,000 requests per catalog unit = 0.0075
    lookups = cat.select(PriceKey("gcp", "cloud_cdn", "cache_lookups", "global"), day)
    assert lookups.version.tiers == [(None, 0.0075)]


def test_skips_services_indexplan_does_not_price(capsys, catalog):
    data = run_json(capsys, "prices", "import", "gcp", SKUS, "--catalog", str(catalog))
    skipped = {c["sku"]: c["detail"] for c in data["changes"] if c["status"] == "skipped"}
    assert skipped == {
        "2E27-4F8C-59A1": "no rule maps this SKU to a catalog entry",  # Nearline storage
        "2E27-8D7E-A1B0": "no rule maps this SKU to a catalog entry",  # Compute Engine core
    }


def test_a_location_the_catalog_lacks_becomes_a_new_price(capsys, catalog, tmp_path):
    data = json.loads(Path(SKUS).read_text())
    zurich = next(s for s in data["skus"] if s["skuId"] == "E5EE-3DA9-A4A3")
    zurich.update(description="Standard Storage Zurich", serviceRegions=["europe-west6"])
    zurich["pricingInfo"][0]["pricingExpression"]["tieredRates"][0]["unitPrice"]["nanos"] = (
        25_000_000
    )
    path = tmp_path / "skus.json"
    path.write_text(json.dumps(data))
    result = run_json(capsys, "prices", "import", "gcp", str(path), "--catalog", str(catalog))
    added = {c["price"]: c["detail"] for c in result["changes"] if c["status"] == "added"}
    assert added["gcp cloud_storage storage_standard europe-west6"] == "new price"
    key = PriceKey("gcp", "cloud_storage", "storage_standard", "europe-west6")
    selected = load_catalog(catalog).select(key, dt.date(2026, 11, 20))
    # 25,000,000 nanos = 0.025 per GiB-month, in the unit of the other Standard storage prices
    assert (selected.version.tiers, selected.price.unit) == ([(None, 0.025)], "GiB-month")


@pytest.mark.parametrize(
    ("edit", "field"),
    [
        (
            lambda d: d["skus"][0]["pricingInfo"][0]["pricingExpression"]["tieredRates"][1][
                "unitPrice"
            ].update(nanos=2_000_000_000),
            "skus.0.pricingInfo.0.pricingExpression.tieredRates.1.unitPrice.nanos",
        ),
        (
            lambda d: d["skus"][0]["pricingInfo"][0]["pricingExpression"]["tieredRates"][2].update(
                startUsageAmount=100
            ),
            "skus.0.pricingInfo.0.pricingExpression.tieredRates.2.startUsageAmount",
        ),
        (lambda d: d["skus"][3]["pricingInfo"][0].pop("effectiveTime"), "skus.3.pricingInfo.0"),
    ],
)
def test_malformed_sku_list_is_one_line_and_exit_2(capsys, catalog, tmp_path, edit, field):
    data = json.loads(Path(SKUS).read_text())
    edit(data)
    bad = tmp_path / "skus.json"
    bad.write_text(json.dumps(data))
    code, out, err = run(capsys, "prices", "import", "gcp", str(bad), "--catalog", str(catalog))
    assert (code, out) == (2, "")
    assert err.startswith(f"{bad}: {field}") and err.count("\n") == 1
