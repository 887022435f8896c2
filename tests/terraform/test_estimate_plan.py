"""`indexplan estimate --from-terraform-plan` and `compare` with plans: the bill, worked out by
hand from the catalog's prices (costmodel/catalog/aws.yaml, us-east-1 rates)."""

from __future__ import annotations

import pytest

from tests.cli.cli_run import assert_refused, run
from tests.prices.helpers import run_json
from tests.terraform.plans import (
    ALL_AWS,
    INSTANCES,
    PYPI_FILE_HOSTING,
    SECRETS,
    cents,
    lines_by_resource,
)


def test_instances_plan_bill(capsys):
    data = run_json(capsys, "estimate", "--from-terraform-plan", INSTANCES, "-s", "pypi-2026")
    assert data["stack"] == "instances.plan.json"
    by_resource = {k: cents(v) for k, v in lines_by_resource(data).items()}
    assert by_resource == {
        # hosted zone $0.50; the default 1e8 DNS queries: 100 million x $0.40 = $40.00
        "aws_route53_zone.main": 50 + 4000,
        # cache.t4g.medium, one node: 730 h x $0.065 = $47.45 (the role from module "cache")
        "module.cache.aws_elasticache_replication_group.redis": 4745,
        # the default 1e6 messages are 3e6 SQS requests shared by the two queues: 1.5 million
        # each. The account's first million free goes to the first in the plan ("mail"): 0.5
        # million x $0.40 = $0.20; the second pays for all 1.5 million: $0.60 (before session 8
        # each queue got a free million: $0.20 each, $0.40 less than AWS bills)
        'module.queues["mail"].aws_sqs_queue.this': 20,
        'module.queues["tasks"].aws_sqs_queue.this': 60,
        # 1e6 publishes shared by the two topics: 0.5 million each, together the account's free
        # million a month (catalog aws/messaging.yaml: allowance 1, pool aws-sns-requests)
        'module.queues["mail"].module.topic.aws_sns_topic.this': 0,
        'module.queues["tasks"].module.topic.aws_sns_topic.this': 0,
    }
    # $40.50 + $47.45 + $0.20 + $0.60
    assert data["totals"]["list_monthly_usd"] == 88.75
    # three buckets of no role module: which one the scenario's files are in is unknown; the
    # log buckets' provider is in us-west-2, at that region's rate (catalog aws/s3.json)
    reasons = {(u["resource"], u["component"]): u["reason"] for u in data["unpriced"]}
    assert reasons[("aws_s3_bucket.logs[0]", "storage (Standard)")] == (
        "depends on usage: $0.023 per GB-month (us-west-2)"
    )
    # the archive's lifecycle rules (known: the bucket exists) move it to Glacier IR
    assert reasons[("aws_s3_bucket.archive", "storage (Glacier Instant Retrieval)")] == (
        "depends on usage: $0.004 per GB-month (us-east-1)"
    )
    assert ("aws_s3_bucket.archive", "storage (Standard)") not in reasons
    notes = data["assumptions"]["notes"]
    assert "not priced: aws_sqs_queue.old: delete (it will not exist)" in notes
    assert "no sponsors applied: a Terraform plan does not carry sponsor terms" in notes


@pytest.mark.parametrize("plan", [ALL_AWS, INSTANCES, PYPI_FILE_HOSTING])
@pytest.mark.parametrize("format", ["table", "json", "csv", "markdown"])
def test_no_sensitive_value_reaches_any_output(capsys, plan, format):
    code, out, err = run(
        capsys, "estimate", "--from-terraform-plan", plan, "-s", "pypi-2026", "--format", format
    )
    assert (code, err) == (0, "")
    assert not any(secret in out for secret in SECRETS)


def test_a_provider_the_model_does_not_know_is_listed_not_an_error(capsys):
    """The hand-written plan after pypi/infra's file hosting: B2 primary, S3 archive, Fastly."""
    data = run_json(
        capsys, "estimate", "--from-terraform-plan", PYPI_FILE_HOSTING, "-s", "pypi-2023"
    )
    unpriced = {
        u["resource"]: (u["provider"], u["reason"])
        for u in data["unpriced"]
        if u["component"] is None
    }
    assert unpriced == {
        "module.file-hosting.b2_bucket.primary_storage_bucket_backblaze": (
            "b2",
            "resource type not in the cost model",
        ),
        "module.file-hosting.b2_application_key.primary_storage_read_key_backblaze": (
            "b2",
            "resource type not in the cost model",
        ),
    }
    assert (
        "provider registry.terraform.io/backblaze/b2 is not in the cost model: its 2 resources "
        "are listed as unpriced"
    ) in data["assumptions"]["notes"]
    by_resource = lines_by_resource(data)
    # the only S3 bucket is the archive: every upload's copy in Glacier IR, no cache misses
    archive = by_resource["module.file-hosting.aws_s3_bucket.archive_storage_glacier_bucket"]
    assert [line[0] for line in archive] == [
        "storage (Glacier Instant Retrieval)",
        "PUT requests (uploads)",
    ]
    assert "module.file-hosting.fastly_service_vcl.files" in by_resource
    # a known provider's component without a price is unpriced with its reason, not refused:
    # Fastly publishes no price for real-time log streaming (catalog fastly/cdn.yaml)
    streaming = [u for u in data["unpriced"] if u["component"] == "log streaming"]
    assert [(u["resource"], u["provider"]) for u in streaming] == [
        ("module.file-hosting.fastly_service_vcl.files", "fastly")
    ]
    assert streaming[0]["reason"].startswith("no fastly logging log_streaming price for global")


def test_compare_takes_plans_beside_stacks(capsys):
    data = run_json(capsys, "compare", "all-aws", ALL_AWS, "-s", "pypi-2026")
    totals = {s["stack"]: s["totals"]["list_monthly_usd"] for s in data["setups"]}
    estimate = run_json(capsys, "estimate", "--from-terraform-plan", ALL_AWS, "-s", "pypi-2026")
    assert set(totals) == {"all-aws", "all-aws.plan.json"}
    assert totals["all-aws.plan.json"] == estimate["totals"]["list_monthly_usd"]


def test_compare_refuses_a_plan_whose_usage_it_cannot_tell(capsys):
    """compare has no --usage: three buckets outside role modules would each take the
    scenario's files, so the plan is refused rather than priced three times."""
    assert_refused(
        capsys,
        ("compare", INSTANCES, "-s", "pypi-2026"),
        "the scenario could be meant for any of aws_s3_bucket.archive, aws_s3_bucket.logs[0], "
        "aws_s3_bucket.logs[1]",
    )


def test_help_shows_the_terraform_path(capsys):
    code, out, _ = run(capsys, "estimate", "--help")
    assert code == 0
    assert "--from-terraform-plan" in out and "terraform show -json" in out
