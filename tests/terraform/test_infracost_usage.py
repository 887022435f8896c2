"""Infracost's usage file beside a plan: its keys for the types indexplan prices become the
resources' usage; every other key is listed in the notes. Expected figures from the catalog's
us-east-1 prices, worked out in the comments (Infracost's GB is 2^30 bytes, AWS's GB)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.cli_run import assert_refused, run
from tests.prices.helpers import run_json
from tests.terraform.plans import ALL_AWS, INSTANCES, cents, lines_by_resource

USAGE = """\
version: 0.1
resource_usage:
  module.storage.aws_s3_bucket.files:
    standard:
      storage_gb: 2048
      monthly_tier_1_requests: 100000
      monthly_tier_2_requests: 5000000
  module.cdn.aws_cloudfront_distribution.distribution:
    monthly_data_transfer_to_internet_gb:
      us: 8192
      europe: 2048
    monthly_https_requests:
      us: 20000000
    monthly_http_requests:
      us: 1000
resource_type_default_usage:
  aws_sqs_queue:
    monthly_requests: 3000000
    request_size: 64
"""


def estimate(capsys, tmp_path: Path, plan: str, usage: str):
    path = tmp_path / "infracost-usage.yml"
    path.write_text(usage)
    return run_json(
        capsys, "estimate", "--from-terraform-plan", plan, "-s", "pypi-2026", "--usage", str(path)
    )


def test_keys_map_onto_the_resources_usage(capsys, tmp_path):
    data = estimate(capsys, tmp_path, ALL_AWS, USAGE)
    lines = lines_by_resource(data)
    files = {line[0]: line[-1] for line in lines["module.storage.aws_s3_bucket.files"]}
    # 2,048 GB x $0.023 = $47.104; 1e5 PUTs = 100 x $0.005 = $0.50
    assert files["storage (Standard), first 51,200 GB-month"] == 47.10
    assert files["PUT requests (uploads)"] == 0.50
    cdn = lines["module.cdn.aws_cloudfront_distribution.distribution"]
    # Each price zone has its own ladder (catalog aws/cloudfront.yaml) and a pro-rata share of
    # the account's free 1,024 GB: US 8,192 GB, 819.2 free, 7,372.8 x $0.085 = $626.688;
    # Europe 2,048 GB, 204.8 free, 1,843.2 x $0.085 = $156.672.
    # The 2e7 HTTPS requests are priced where the file gives them, all in the US (s5 review
    # finding 7), so the US has all of the free 1,000 x 10,000: 2,000 - 1,000 = 1,000 x $0.01
    # = $10.00; none in Europe.
    assert cents(cdn) == 62669 + 15667 + 1000
    assert {line[1] for line in cdn} == {"us_mexico_canada", "europe_israel"}
    # 3e6 requests on each queue are 1e6 messages (send, receive, delete); the tasks queue's
    # redrive policy names the dead-letter queue, which carries none: 3e6 requests on the
    # tasks queue, the first million free, 2 million x $0.40 (aws/messaging.yaml) = $0.80
    assert cents(lines["module.queue.aws_sqs_queue.tasks"]) == 80
    assert "module.queue.aws_sqs_queue.dead_letter" not in lines
    notes = data["assumptions"]["notes"]
    for expected in (
        "usage file: resource_usage.module.storage.aws_s3_bucket.files: "
        "standard.monthly_tier_2_requests not used: indexplan derives GET requests from the "
        "CDN's cache misses",
        "usage file: resource_usage.module.cdn.aws_cloudfront_distribution.distribution: "
        "monthly_http_requests.us not used: indexplan prices HTTPS requests (the CDN redirects "
        "HTTP)",
        "usage file: resource_type_default_usage.aws_sqs_queue: request_size not used: "
        "indexplan does not bill queue requests by size",
    ):
        assert expected in notes


def test_wildcards_and_the_class_a_lifecycle_names(capsys, tmp_path):
    usage = """\
version: 0.1
resource_usage:
  aws_s3_bucket.logs[*]:
    standard: {storage_gb: 1024, monthly_tier_1_requests: 1000000}
  aws_s3_bucket.archive:
    standard: {storage_gb: 10240}
"""
    data = estimate(capsys, tmp_path, INSTANCES, usage)
    lines = lines_by_resource(data)
    for bucket in ("aws_s3_bucket.logs[0]", "aws_s3_bucket.logs[1]"):
        # 1,024 GB x $0.023 = $23.552; 1e6 PUTs = 1,000 x $0.005 = $5.00: us-west-2's own
        # rates (catalog aws/s3.json), here the same as us-east-1's; one of several buckets:
        # no CDN cache misses
        assert [(line[0], line[1], line[-1]) for line in lines[bucket]] == [
            ("storage (Standard), first 51,200 GB-month", "us-west-2", 23.55),
            ("PUT requests (uploads)", "us-west-2", 5.00),
        ]
    # the archive's lifecycle rules move its 10,240 GB to Glacier IR: x $0.004 = $40.96; its
    # uploads are the scenario's 3.9e6 a year = 325,000 a month: 325 x $0.005 = $1.625
    assert [(line[0], line[-1]) for line in lines["aws_s3_bucket.archive"]] == [
        ("storage (Glacier Instant Retrieval)", 40.96),
        ("PUT requests (uploads)", 1.63),
    ]
    assert not [u for u in data["unpriced"] if u["resource"].startswith("aws_s3_bucket")]


def test_indexplans_own_usage_file_keyed_by_address(capsys, tmp_path):
    usage = """\
'aws_s3_bucket.logs[0]': {storage: {stored: 1 TiB, uploads: 0}}
'aws_s3_bucket.logs[1]': {storage: {stored: 1 TiB, uploads: 0}}
aws_s3_bucket.archive: {storage: {stored: 1 TiB, uploads: 0}}
"""
    data = estimate(capsys, tmp_path, INSTANCES, usage)
    lines = lines_by_resource(data)
    # 1 TiB = 1,024 GB: x $0.023 = $23.552 (logs), x $0.004 = $4.096 (archive)
    assert cents(lines["aws_s3_bucket.logs[0]"]) == 2355
    assert cents(lines["aws_s3_bucket.archive"]) == 410


@pytest.mark.parametrize("value", [".nan", ".inf", "!!float nan"])
def test_a_figure_that_is_not_finite_is_refused_naming_its_key(capsys, tmp_path, value):
    """Refused where the file is parsed, as in any YAML file a user hands in: one line naming
    the file, the key and the value, exit 2."""
    path = tmp_path / "usage.yml"
    path.write_text(
        f"resource_usage:\n  aws_s3_bucket.archive:\n    standard: {{storage_gb: {value}}}\n"
    )
    args = ("estimate", "--from-terraform-plan", INSTANCES, "-s", "pypi-2026", "--usage", str(path))
    code, out, err = run(capsys, *args)
    assert (code, out, err.count("\n")) == (2, "", 1)
    assert err.startswith(f"{path}: resource_usage.aws_s3_bucket.archive.standard.storage_gb: ")
    assert value.removeprefix("!!float ") in err


@pytest.mark.parametrize(
    ("usage", "message"),
    [
        (
            "resource_usage:\n  aws_s3_bucket.archive:\n    standard: {storage_gb: -1}\n",
            "resource_usage.aws_s3_bucket.archive.standard.storage_gb: expected a non-negative "
            "number, got -1",
        ),
        (
            "resource_usage:\n  aws_s3_bucket.archive:\n    standard: {storage_gb: true}\n",
            "expected a non-negative number, got True",
        ),
        (
            "resource_usage:\n  aws_s3_bucket.archive:\n    standard: {storage_gb: 1.0e+30}\n",
            "aws_s3_bucket.archive: storage.stored: larger than 1e+21 a month",
        ),
        ("resource_usage:\n  aws_s3_bucket.archive: 5\n", "must be a mapping of usage keys"),
        ("version: 0.1\nresource_usages: {}\n", "resource_usages: unknown key; expected version"),
        ("version: 2\nresource_usage: {}\n", "version: expected 0.1, got 2"),
    ],
)
def test_bad_usage_files_are_refused(capsys, tmp_path, usage, message):
    path = tmp_path / "usage.yml"
    path.write_text(usage)
    args = ("estimate", "--from-terraform-plan", INSTANCES, "-s", "pypi-2026", "--usage", str(path))
    assert_refused(capsys, args, message)
