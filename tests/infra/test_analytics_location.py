"""`indexplan:analytics_location`: the download-statistics dataset (and the log bucket BigQuery
loads it from) at the BigQuery location the stack asks for, instead of the storage bucket's
(an operator in Europe with an S3 bucket, or a GCS bucket at ASIA). Checked against BigQuery's
locations before anything is declared; the estimate prices the dataset where the program puts
it. Without the key nothing changes (tests/infra/test_bigquery_location.py, the shipped stacks).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from graph_memo import build_graph
from graph_query import one
from stack_fixtures import SHIPPED_ALL, config_of, mixed_config, shipped, write_stack
from test_bigquery_location import dataset_lines
from test_infra_bad_stack_files import assert_one_line_error

from indexplan.commands.schema import stack_schema
from indexplan.stackfile import load_stack_file
from infra.config import parse_stack_config
from infra.gcp_locations import BIGQUERY_LOCATIONS, DUAL_REGION_PAIRS, GCS_DUAL_REGIONS

DATASET = "gcp:bigquery/dataset:Dataset"
BUCKET = "gcp:storage/bucket:Bucket"
FIELD = "indexplan:analytics_location"


def _gcp(tmp_path: Path, asked: Any, **storage: Any) -> Path:
    config = config_of("all-gcp")  # GCS bucket at US, analytics on BigQuery
    config["indexplan:storage"] |= storage
    config[FIELD] = asked
    return write_stack(tmp_path, "asked", config)


def _s3_in_ireland(tmp_path: Path, asked: Any) -> Path:
    config = mixed_config("fastly", "aws")  # aws:region eu-west-1
    config["indexplan:roles"]["analytics"] = "gcp"
    config[FIELD] = asked
    return write_stack(tmp_path, "s3-eu", config)


def _locations(path: Path) -> tuple[str, str]:
    graph = build_graph(load_stack_file(path))
    dataset = one(graph, DATASET).inputs["location"]
    return dataset, one(graph, BUCKET, "analytics-cdn-logs").inputs["location"]


@pytest.mark.parametrize(
    ("asked", "placed"),
    [
        ("EU", "EU"),
        ("eu", "EU"),  # either spelling, placed in Google's (BigQuery's prices name EU)
        ("europe-west1", "europe-west1"),
        ("Europe-West2", "europe-west2"),
        ("us-central1", "us-central1"),
    ],
)
def test_the_dataset_and_its_log_bucket_go_where_the_stack_asks(tmp_path, asked, placed):
    path = _gcp(tmp_path, asked)
    # BigQuery loads the CDN's logs from that bucket: outside US it must be at the same place
    assert _locations(path) == (placed, placed)
    graph = build_graph(load_stack_file(path))
    assert one(graph, BUCKET, "storage-files").inputs["location"] == "US"  # the files stay


def test_an_s3_stack_in_europe_keeps_its_statistics_in_europe(tmp_path):
    # Without the key its dataset goes to US (test_bigquery_location.py); asked, to EU.
    assert _locations(_s3_in_ireland(tmp_path, "EU")) == ("EU", "EU")


def test_an_asian_bucket_with_analytics_is_fine_once_the_dataset_has_a_place(tmp_path):
    # Without the key, ASIA with analytics is refused: BigQuery has no ASIA multi-region.
    path = _gcp(tmp_path, "asia-northeast1", location="ASIA")
    assert _locations(path) == ("asia-northeast1", "asia-northeast1")


def test_the_refusal_of_an_asian_bucket_names_the_key(capsys, tmp_path):
    config = config_of("all-gcp")
    config["indexplan:storage"]["location"] = "ASIA1"
    path = write_stack(tmp_path, "asia1", config)
    assert_one_line_error(
        capsys, path, "indexplan:storage.location:", "or set indexplan:analytics_location"
    )


def test_the_estimate_prices_the_dataset_at_the_asked_location(capsys, tmp_path):
    lines, unpriced = dataset_lines(capsys, _gcp(tmp_path, "us-central1"))
    assert unpriced == []
    assert {line["region"] for line in lines} == {"us-central1"}
    # pypi-2025's statistics table is 931.32 GiB-months (the model's figure): the first 10 free,
    # the other 921.32 at us-central1's $0.023 a GiB-month (the catalog's regional rate, not
    # US's $0.02) = 921.32 x 0.023 = $21.19 (US: $18.43)
    assert [line["unit_price_usd"] for line in lines] == [0.0, 0.023]
    assert [line["quantity"] for line in lines] == pytest.approx([10.0, 921.32], abs=0.005)
    assert sum(line["monthly_usd"] for line in lines) == pytest.approx(21.19, abs=0.005)


def test_a_location_the_catalog_does_not_price_is_unpriced_with_its_reason(capsys, tmp_path):
    lines, unpriced = dataset_lines(capsys, _gcp(tmp_path, "EU"))
    assert lines == []  # never $0
    (line,) = unpriced
    assert line["component"] == "storage (active)"
    assert "no gcp bigquery active_storage price for EU" in line["reason"]
    # the catalog's own reason for EU (costmodel/catalog/gcp/services.yaml, unpriced)
    assert "Google lists BigQuery storage prices per location" in line["reason"]


@pytest.mark.parametrize(
    ("asked", "shown"),
    [
        # a dual-region: the places BigQuery has for its data, its multi-region first
        ("EUR4", "got 'EUR4'; closest: EU, europe-north1, europe-west4"),
        ("eur5", "got 'eur5'; closest: EU, europe-west1, europe-west2"),
        ("ASIA1", "got 'ASIA1'; closest: asia-northeast1, asia-northeast2"),  # no ASIA in BigQuery
        # difflib: equal ratios are ranked from the last name in sorted order down
        ("europe-west5", "got 'europe-west5'; closest: europe-west9, europe-west8, europe-west6"),
        ("asia-southeast3", "got 'asia-southeast3'; closest: asia-southeast2, asia-southeast1"),
        ("ASIA", "got 'ASIA'"),
        ("mars", "got 'mars'"),
        (5, "got 5"),
        (["EU"], "got ['EU']"),
        (None, "got None"),
    ],
)
def test_a_place_bigquery_does_not_have_is_one_line(capsys, tmp_path, asked, shown):
    assert_one_line_error(
        capsys,
        _gcp(tmp_path, asked),
        f"{FIELD}: must be a BigQuery location: a region such as europe-west1 or the "
        "multi-region US or EU (no dual-region), ",
        shown,
    )


def test_the_key_without_the_analytics_role_is_one_line(capsys, tmp_path):
    config = config_of("all-gcp")
    del config["indexplan:roles"]["analytics"]
    config[FIELD] = "EU"
    assert_one_line_error(
        capsys,
        write_stack(tmp_path, "no-analytics", config),
        f"{FIELD}: places the analytics role's dataset; add analytics to indexplan:roles",
    )


def test_every_dual_region_has_its_pair_of_regions():
    assert set(DUAL_REGION_PAIRS) == GCS_DUAL_REGIONS
    for first, second in DUAL_REGION_PAIRS.values():
        assert first in BIGQUERY_LOCATIONS and second in BIGQUERY_LOCATIONS


def test_the_schema_lists_exactly_the_places_the_check_takes():
    schema = stack_schema()["properties"]["config"]["properties"][FIELD]
    (listed,) = [choice["enum"] for choice in schema["anyOf"] if "enum" in choice]
    assert set(listed) == BIGQUERY_LOCATIONS
    assert len(listed) == 44  # 42 regions + US + EU
    base = config_of("all-gcp")
    for location in listed:
        config = parse_stack_config({**base, FIELD: location}, "Pulumi.asked.yaml")
        assert config.analytics_location == location


@pytest.mark.parametrize("name", SHIPPED_ALL)
def test_no_shipped_stack_asks_so_their_datasets_stay_where_they_were(name):
    config = load_stack_file(shipped(name)).stack_config()
    assert config.analytics_location is None
