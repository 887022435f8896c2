"""A NAT gateway's bytes processed, from Infracost's `monthly_data_processed_gb` or indexplan's
own usage file (`gateway: {processed: ...}`), priced at the catalog's rate, in a real plan
(tests/fixtures/terraform/nat-gateway/: a gateway in us-east-1 and one in eu-west-1).

Hand figures, costmodel/catalog/aws/app.yaml (source: cloudburn.io/blog/aws-fargate-pricing
(2026-04) and AWS VPC pricing, "NAT gateway $0.045 per hour and $0.045 per GB processed in US
East"; AWS's GB is 2^30 bytes, the catalog's unit_size):
- hours: 730 x 0.045 = 32.85 in us-east-1;
- 1,000 GB processed (Infracost's GB is the billing unit): 1,000 x 0.045 = 45.00;
- 2 TB processed (indexplan's decimal TB): 2e12 / 2^30 = 1,862.645149 GB x 0.045 = 83.82;
- eu-west-1: the catalog has no dated price, so both lines are unpriced with its reason.
"""

from __future__ import annotations

import json

import pytest

from tests.cli.cli_run import assert_refused, run
from tests.terraform.terraform_cli import FIXTURES

PLAN = str(FIXTURES / "nat-gateway.plan.json")
US, IRELAND = "aws_nat_gateway.egress", "aws_nat_gateway.ireland"
SOURCE = (
    "cloudburn.io/blog/aws-fargate-pricing (2026-04) and AWS VPC pricing "
    "(aws.amazon.com/vpc/pricing): NAT gateway $0.045 per hour and $0.045 per GB processed in "
    "US East"
)


def estimate(capsys, tmp_path, usage: str | None) -> dict:
    extra = []
    if usage is not None:
        path = tmp_path / "usage.yml"
        path.write_text(usage)
        extra = ["--usage", str(path)]
    code, out, err = run(
        capsys, "estimate", "--from-terraform-plan", PLAN, "-s", "pypi-2026", "-f", "json", *extra
    )
    assert code == 0, err
    return json.loads(out)


def lines(report: dict, resource: str) -> dict[str, tuple[float, float]]:
    return {
        i["component"]: (i["quantity"], i["monthly_usd"])
        for i in report["line_items"]
        if i["resource"] == resource
    }


def unpriced(report: dict, resource: str) -> dict[str, str]:
    return {u["component"]: u["reason"] for u in report["unpriced"] if u["resource"] == resource}


INFRACOST = (
    "version: 0.1\nresource_usage:\n"
    "  aws_nat_gateway.egress: {monthly_data_processed_gb: 1000}\n"
    "  aws_nat_gateway.ireland: {monthly_data_processed_gb: 1000}\n"
)
OWN = "aws_nat_gateway.egress:\n  gateway: {processed: 2 TB/month}\n"


CATALOG_REASON = "no aws vpc nat_gateway_data price for eu-west-1"


@pytest.mark.parametrize(
    ("usage", "processed", "ireland"),
    [
        (INFRACOST, (1000.0, 45.00), CATALOG_REASON),
        # Ireland not named: no bytes given, and no rate to show beside "depends on usage"
        (OWN, (1862.645149, 83.82), "depends on usage: no unit price found"),
    ],
)
def test_the_bytes_processed_are_priced(capsys, tmp_path, usage, processed, ireland):
    report = estimate(capsys, tmp_path, usage)
    assert lines(report, US) == {"NAT gateway hours": (730.0, 32.85), "data processed": processed}
    assert report["totals"]["list_monthly_usd"] == round(32.85 + processed[1], 2)
    # the per-GB rate's source is the catalog's
    (rate,) = [p for p in report["assumptions"]["prices"]
               if p["price"] == "aws vpc nat_gateway_data us-east-1"]  # fmt: skip
    assert rate["source"] == SOURCE
    # Ireland: no price in the catalog, listed with its reason, never $0
    assert lines(report, IRELAND) == {}
    assert unpriced(report, IRELAND)["data processed"].startswith(ireland)
    assert report["complete"] is False
    assert not any("monthly_data_processed_gb not used" in n
                   for n in report["assumptions"]["notes"])  # fmt: skip


def test_without_usage_the_bytes_depend_on_usage(capsys, tmp_path):
    report = estimate(capsys, tmp_path, None)
    assert lines(report, US) == {"NAT gateway hours": (730.0, 32.85)}
    assert unpriced(report, US)["data processed"] == ("depends on usage: $0.045 per GB (us-east-1)")


@pytest.mark.parametrize(
    ("usage", "message"),
    [
        ("aws_nat_gateway.egress:\n  gateway: {processed: -1 GB/month}\n",
         "aws_nat_gateway.egress.gateway.processed: must not be negative"),
        ("aws_nat_gateway.egress:\n  gateway: {processed: 2 TB/month, bytes: 3}\n",
         "aws_nat_gateway.egress.gateway.bytes: unknown key"),
        ("version: 0.1\nresource_usage:\n  aws_nat_gateway.egress: "
         "{monthly_data_processed_gb: -3}\n",
         "resource_usage.aws_nat_gateway.egress.monthly_data_processed_gb: expected a "
         "non-negative number, got -3"),
        ("version: 0.1\nresource_usage:\n  aws_nat_gateway.egress: "
         "{monthly_data_processed_gb: 1.0e+300}\n",
         "aws_nat_gateway.egress: gateway.processed: larger than 1e+21 a month"),
    ],
)  # fmt: skip
def test_bad_figures_are_one_line(capsys, tmp_path, usage, message):
    path = tmp_path / "usage.yml"
    path.write_text(usage)
    args = ("estimate", "--from-terraform-plan", PLAN, "-s", "pypi-2026", "--usage", str(path))
    assert_refused(capsys, args, f"{path}: {message}")
