"""The download-statistics dataset's BigQuery location follows the storage bucket's
(infra/gcp_locations.py bigquery_location): a region as itself, US and EU as themselves, a
dual-region as the multi-region around it; a GCS location BigQuery has no place for is refused
with one line before `pulumi up` would fail. A bucket not on Google Cloud leaves the dataset in
US, as before. The estimate prices the dataset where the program puts it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from graph_memo import build_graph
from graph_query import one
from stack_fixtures import config_of, mixed_config, write_stack
from test_infra_bad_stack_files import assert_one_line_error

from indexplan.cli import main
from indexplan.stackfile import load_stack_file
from infra.gcp_locations import (
    BIGQUERY_MULTI_REGIONS,
    BIGQUERY_REGIONS,
    GCP_REGIONS,
    GCS_LOCATIONS,
    bigquery_location,
)

DATASET = "gcp:bigquery/dataset:Dataset"
BUCKET = "gcp:storage/bucket:Bucket"


def test_bigquerys_regions_are_googles_but_bangkok():
    # Counted by hand in BigQuery's "Supported locations" tables: Americas 14, Asia Pacific 11,
    # Europe 13, Middle East 3, Africa 1 = 42; of GCP_REGIONS' 43 only asia-southeast3 is absent
    assert len(BIGQUERY_REGIONS) == 42
    absent = GCP_REGIONS - BIGQUERY_REGIONS
    assert absent == {"asia-southeast3"}
    multi_regions = set(BIGQUERY_MULTI_REGIONS)
    assert multi_regions == {"US", "EU"}


@pytest.mark.parametrize(
    ("gcs", "bigquery"),
    [
        ("us-east1", "us-east1"),  # a region BigQuery offers: itself
        ("europe-west1", "europe-west1"),
        ("asia-northeast1", "asia-northeast1"),
        ("US-CENTRAL1", "us-central1"),  # Google's other spelling of the same region
        ("US", "US"),
        ("us", "US"),
        ("EU", "EU"),
        ("NAM4", "US"),  # us-central1 + us-east1
        ("nam4", "US"),
        ("EUR4", "EU"),  # europe-north1 + europe-west4
        ("EUR5", "EU"),
        ("EUR7", "EU"),
        ("EUR8", "EU"),
        ("ASIA", None),  # no ASIA multi-region in BigQuery
        ("ASIA1", None),  # Tokyo + Osaka: no multi-region contains it
        ("asia-southeast3", None),  # Bangkok: not in BigQuery's list
        ("us-east-1", None),  # an AWS region (an S3 bucket's location)
    ],
)
def test_the_bigquery_location_of_a_bucket_location(gcs, bigquery):
    assert bigquery_location(gcs) == bigquery


def test_every_bucket_location_maps_to_a_bigquery_location_or_to_none():
    mapped = {bigquery_location(location) for location in GCS_LOCATIONS} - {None}
    assert mapped <= BIGQUERY_REGIONS | BIGQUERY_MULTI_REGIONS
    unmapped = {location for location in GCS_LOCATIONS if bigquery_location(location) is None}
    assert unmapped == {"ASIA", "ASIA1", "asia-southeast3"}


def _gcp_stack(tmp_path: Path, location: str) -> Path:
    config = config_of("all-gcp")  # storage and analytics on Google Cloud
    config["indexplan:storage"]["location"] = location
    return write_stack(tmp_path, f"at-{location.lower()}", config)


def _graph(path: Path):
    return build_graph(load_stack_file(path))


@pytest.mark.parametrize(
    ("location", "expected"), [("NAM4", "US"), ("europe-west1", "europe-west1")]
)
def test_the_dataset_and_its_log_bucket_go_to_the_bigquery_location(tmp_path, location, expected):
    graph = _graph(_gcp_stack(tmp_path, location))
    assert one(graph, DATASET).inputs["location"] == expected
    # BigQuery loads the CDN's logs from this bucket; outside US it must be at the same place
    assert one(graph, BUCKET, "analytics-cdn-logs").inputs["location"] == expected
    assert one(graph, BUCKET, "storage-files").inputs["location"] == location  # unchanged


@pytest.mark.parametrize(
    ("location", "write"),
    [
        ("ASIA", "asia-northeast1"),
        ("asia1", "asia-northeast1"),
        ("asia-southeast3", "asia-southeast1"),
    ],
)
def test_a_bucket_location_bigquery_lacks_is_one_line_with_analytics(
    capsys, tmp_path, location, write
):
    path = _gcp_stack(tmp_path, location)
    assert_one_line_error(
        capsys,
        path,
        "indexplan:storage.location: the analytics dataset goes where the bucket is",
        f"BigQuery has no location {location.upper() if '-' not in location else location}",
        f"write a region BigQuery offers, such as {write}, or US or EU",
    )


def test_without_analytics_an_asian_multi_region_bucket_is_fine(capsys, tmp_path):
    config = config_of("all-gcp")
    config["indexplan:storage"]["location"] = "ASIA"
    del config["indexplan:roles"]["analytics"]
    assert main(["resources", str(write_stack(tmp_path, "asia", config))]) == 0
    assert "goes where the bucket is" not in capsys.readouterr().err


def test_an_s3_bucket_leaves_the_dataset_in_us(tmp_path):
    # Before: the dataset took the S3 bucket's location, an AWS region BigQuery does not know.
    # BigQuery never reads the S3 bucket (it loads the CDN's logs), so the default stands.
    config = mixed_config("fastly", "aws")
    config["indexplan:roles"]["analytics"] = "gcp"
    config["indexplan:storage"] = {"location": "eu-west-1"}  # its aws:region, as it must be
    graph = _graph(write_stack(tmp_path, "s3", config))
    assert one(graph, DATASET).inputs["location"] == "US"
    assert one(graph, BUCKET, "analytics-cdn-logs").inputs["location"] == "US"


def dataset_lines(capsys, path: Path) -> tuple[list[dict], list[dict]]:
    assert main(["estimate", str(path), "--scenario", "pypi-2025", "--format", "json"]) == 0
    estimate = json.loads(capsys.readouterr().out)
    return [
        [item for item in estimate[key] if item["resource"] == "analytics-dataset"]
        for key in ("line_items", "unpriced")
    ]


def test_the_estimate_prices_a_nam4_stacks_dataset_in_us(capsys, tmp_path):
    # Before the fix the dataset was at NAM4, which no BigQuery price names: unpriced.
    lines, unpriced = dataset_lines(capsys, _gcp_stack(tmp_path, "NAM4"))
    assert unpriced == []
    assert {line["region"] for line in lines} == {"US"}
    # pypi-2025's statistics table holds 931.32 GiB-months (the model's figure); the first 10
    # are free, the other 921.32 at the US multi-region's $0.02 a GiB-month = $18.43
    assert [line["unit_price_usd"] for line in lines] == [0.0, 0.02]
    assert [line["quantity"] for line in lines] == pytest.approx([10.0, 921.32], abs=0.005)
    assert sum(line["monthly_usd"] for line in lines) == pytest.approx(18.43, abs=0.005)
    # the same lines as the shipped all-gcp stack, whose bucket is in US
    us_lines, _ = dataset_lines(capsys, _gcp_stack(tmp_path, "US"))
    assert lines == us_lines
