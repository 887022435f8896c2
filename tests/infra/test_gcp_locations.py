"""`gcp:region` and a GCS bucket's `indexplan:storage.location` are places Google lists
(infra/gcp_locations.py): a typo is one line, exit 2; a real place the catalog lacks is priced
as unpriced (audit F8, second half).

To check the copy against Google when it changes: the regions are GoogleCloudPlatform/gcping's
tools/terraform/regions.json; the Cloud Storage locations cloud.google.com/storage/docs/locations.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from stack_fixtures import SHIPPED_ALL, config_of, write_stack
from test_infra_bad_stack_files import assert_one_line_error

from indexplan.cli import main
from infra.config import PROVIDER_KEY_FORMS
from infra.gcp_locations import (
    GCP_REGIONS,
    GCS_DUAL_REGIONS,
    GCS_LOCATIONS,
    GCS_MULTI_REGIONS,
    gcs_spelling,
)

ROOT = Path(__file__).parents[2]
CATALOG_LOCATIONS = ROOT / "costmodel" / "catalog" / "gcp" / "locations.yaml"
BILLING_SLICE = ROOT / "prices-src" / "gcp" / "cyclenerd-pricing.yml"


def test_the_copy_has_what_its_sources_list():
    # Counted by hand in the sources the module names: gcping's regions.json has 43 keys;
    # Google's locations page 6 predefined dual-regions and 3 multi-regions.
    assert (len(GCP_REGIONS), len(GCS_DUAL_REGIONS), len(GCS_MULTI_REGIONS)) == (43, 6, 3)
    assert len(GCS_LOCATIONS) == 52  # 43 + 6 + 3: no name in two lists


def test_every_region_has_the_form_the_stack_file_checks_first():
    pattern, _ = PROVIDER_KEY_FORMS["gcp:region"]
    assert all(re.fullmatch(pattern, region) for region in GCP_REGIONS)


def test_every_place_the_catalog_prices_is_a_place_google_lists():
    zone_maps = yaml.safe_load(CATALOG_LOCATIONS.read_text())["zone_maps"]
    assert set(zone_maps["regions"]) <= GCP_REGIONS
    assert {gcs_spelling(k) for k in zone_maps["locations"]} <= GCS_LOCATIONS
    location_types = set(zone_maps["storage_location_types"]) - {"*-*"}  # "*-*": any region
    assert location_types <= GCS_DUAL_REGIONS | GCS_MULTI_REGIONS


def _billing_regions(node: object, found: set[str]) -> set[str]:
    """Every key of the Cloud Billing Catalog slice shaped like a region, wherever it sits
    (its multi-regions are the slicer's own names, `us-multi`, and do not match)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if re.fullmatch(r"[a-z]+-[a-z]+\d+", str(key)):
                found.add(str(key))
            _billing_regions(value, found)
    return found


def test_every_region_googles_billing_catalog_slice_names_is_listed():
    # prices-src's slice of the Cloud Billing Catalog (Google's SKUs' own regions, 2026-07-30):
    # the 13 regions the catalog prices, each a region of the copy
    named = _billing_regions(yaml.safe_load(BILLING_SLICE.read_text()), set())
    assert len(named) == 13
    assert named <= GCP_REGIONS


@pytest.mark.parametrize("name", SHIPPED_ALL)
def test_the_shipped_stacks_name_listed_places(name):
    config = config_of(name)
    if "gcp:region" in config:
        assert config["gcp:region"] in GCP_REGIONS
    location = (config.get("indexplan:storage") or {}).get("location")
    if config["indexplan:roles"].get("storage") == "gcp" and location:
        assert gcs_spelling(location) in GCS_LOCATIONS


@pytest.mark.parametrize(
    ("region", "fragments"),
    [
        # one letter too many: the form passes, Google has no such region
        ("us-centrall1", ("got 'us-centrall1'", "; closest: us-central1")),
        # no europe-west5: west1..9 are equally near (11 of 12 characters in place, ratio
        # 22/24), named in name order (config._closest_names; difflib's own order is backwards)
        (
            "europe-west5",
            ("got 'europe-west5'", "closest: europe-west1, europe-west2, europe-west3"),
        ),
    ],
)
def test_an_unknown_region_is_one_line(capsys, tmp_path, region, fragments):
    config = config_of("all-gcp")
    config["gcp:region"] = region
    path = write_stack(tmp_path, "typo", config)
    assert_one_line_error(
        capsys,
        path,
        "gcp:region: must be a Google Cloud region such as us-central1",
        "(a region Google lists: infra/gcp_locations.py)",
        *fragments,
    )


def test_no_closest_part_when_nothing_is_near(capsys, tmp_path):
    config = config_of("all-gcp")
    config["gcp:region"] = "moon-base1"  # no listed region has 60% of it in common
    path = write_stack(tmp_path, "moon", config)
    assert_one_line_error(capsys, path, "gcp:region: must be", "got 'moon-base1'")
    main(["resources", str(path)])
    assert "; closest" not in capsys.readouterr().err


@pytest.mark.parametrize(
    ("location", "fragments"),
    [
        ("MARS", ("got 'MARS'",)),  # the audit's example: was priced as an unpriced place
        ("NAM5", ("got 'NAM5'", "closest: NAM4")),
        ("us-central2", ("got 'us-central2'", "closest: us-central1")),
        ("US-CENTRAL1+US-EAST1", ("got 'US-CENTRAL1+US-EAST1'",)),  # a placement, not a code
    ],
)
def test_an_unknown_bucket_location_is_one_line(capsys, tmp_path, location, fragments):
    config = config_of("all-gcp")
    config["indexplan:storage"]["location"] = location
    path = write_stack(tmp_path, "typo", config)
    assert_one_line_error(
        capsys,
        path,
        "indexplan:storage.location: must be a Cloud Storage location",
        "a dual-region (ASIA1, EUR4, EUR5, EUR7, EUR8, NAM4) or a multi-region (US, EU, ASIA)",
        *fragments,
    )


def _estimate(capsys, path: Path) -> dict:
    code = main(["estimate", str(path), "--scenario", "pypi-2026", "--format", "json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    return json.loads(out)


@pytest.mark.parametrize(("location", "priced_as"), [("eur5", "EUR5"), ("europe-west12", None)])
def test_a_real_bucket_location_the_catalog_lacks_is_unpriced(
    capsys, tmp_path, location, priced_as
):
    # EUR5 (Belgium + London) and Turin are Google's but not the catalog's: accepted, and the
    # bucket's storage is an unpriced line naming the place, never $0 or a refusal
    config = config_of("all-gcp")
    config["indexplan:storage"]["location"] = location
    estimate = _estimate(capsys, write_stack(tmp_path, "real", config))
    reasons = {(u["resource"], u["component"]): u["reason"] for u in estimate["unpriced"]}
    shown = priced_as or location
    assert reasons[("storage-files", "storage (Standard)")] == (
        f"no cloud_storage price for region {shown}"
    )
    assert estimate["complete"] is False


def test_a_real_region_the_catalog_lacks_is_unpriced(capsys, tmp_path):
    config = config_of("all-gcp")
    config["gcp:region"] = "europe-west12"
    estimate = _estimate(capsys, write_stack(tmp_path, "real", config))
    reasons = {(u["resource"], u["component"]): u["reason"] for u in estimate["unpriced"]}
    assert reasons[("database-postgres", "vCPUs")] == (
        "no cloud_sql price for region europe-west12"
    )


def test_either_spelling_of_a_location_is_the_same_place(capsys, tmp_path):
    # Google takes `us` for US and `US-CENTRAL1` for us-central1; the catalog prices both
    config = config_of("all-gcp")
    config["indexplan:storage"]["location"] = "us"
    lower = _estimate(capsys, write_stack(tmp_path, "lower", config))
    upper = _estimate(capsys, write_stack(tmp_path, "upper", config_of("all-gcp")))
    assert lower["totals"] == upper["totals"]
