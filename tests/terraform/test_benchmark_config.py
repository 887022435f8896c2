"""benchmarks/terraform/all-aws, the configuration of the Terraform peer figure
(benchmarks/run.py --terraform), is the all-aws setup resource for resource, its buckets'
HTTPS-only deny included (AWS Security Hub control S3.5, as infra/'s https_only_statement), and
a real plan of it still prices. The plan test needs the Terraform CLI and the provider mirror
(tests/terraform/terraform_cli.py) and is skipped, with the reason, where they are missing."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from costmodel.readers.terraform.names import pulumi_type
from tests.prices.helpers import run_json
from tests.terraform.terraform_cli import Configuration, plan, unavailable

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks" / "terraform"
MAIN = BENCHMARKS / "all-aws" / "main.tf"
REASON = unavailable()
POLICY = re.compile(r'resource "aws_s3_bucket_policy" "\w+" \{\n(.*?)\n\}\n', re.S)
DENY = re.compile(
    r'Effect += "Deny"\s+Principal += "\*"\s+Action += "s3:\*"\s+'
    r'Resource += \[aws_s3_bucket\.storage\["(\w+)"\]\.arn, '
    r'"\$\{aws_s3_bucket\.storage\["\1"\]\.arn\}/\*"\]\s+'
    r'Condition = \{ Bool = \{ "aws:SecureTransport" = "false" \} \}'
)


def test_each_bucket_has_one_policy_denying_plain_http_on_it_and_its_objects():
    text = MAIN.read_text()
    buckets = re.search(r"buckets = \{\n(.*?)\n  \}", text, re.S)
    assert buckets is not None
    declared = set(re.findall(r"^\s+(\w+)\s+= \{", buckets.group(1), re.M))
    assert declared == {"files", "archive"}
    denied: list[str] = []
    for body in POLICY.findall(text):
        (bucket,) = re.findall(r'bucket = aws_s3_bucket\.storage\["(\w+)"\]\.id', body)
        assert [m.group(1) for m in DENY.finditer(body)] == [bucket], body
        denied.append(bucket)
    assert sorted(denied) == sorted(declared)  # one policy a bucket, each with the deny


@pytest.mark.skipif(REASON is not None, reason=f"cannot run terraform plan: {REASON}")
def test_a_plan_holds_the_pulumi_programs_aws_resources_and_still_prices(capsys, tmp_path):
    doc = plan(Configuration("all-aws", root=BENCHMARKS), tmp_path)
    created = [c for c in doc["resource_changes"] if c["change"]["actions"] == ["create"]]
    ours = run_json(capsys, "resources", "all-aws")
    rows = ours if isinstance(ours, list) else ours["resources"]
    # the same 37 AWS resources by type (two bucket policies among them) as the Pulumi program,
    # + 11 placing the database and cache in a VPC (s10-vpc: VPC, route table, 2 subnets, 2
    # route associations, 3 security groups, 2 subnet groups)
    program = Counter(r["type"] for r in rows if r["type"].startswith("aws:"))
    assert Counter(pulumi_type(c["type"]) for c in created) == program
    assert program["aws:s3/bucketPolicy:BucketPolicy"] == 2 and program.total() == 37 + 11

    path = tmp_path / "plan.json"
    path.write_text(json.dumps(doc))
    priced = run_json(capsys, "estimate", "--from-terraform-plan", str(path), "-s", "pypi-2026")
    assert priced["line_items"]
    assert not [u for u in priced["unpriced"] if "policy" in u["resource"]]
    # the CDN's origin names aws_s3_bucket.storage["files"] (for_each, in no role's module):
    # that instance, not the archive, is priced as the files, 1,177.60 + 5,102.29 + 1.63 +
    # 1,095.75 = 7,377.27 (test_plans_storage.py's hand figures); the archive beside it
    # depends on usage
    files = [i["monthly_usd"] for i in priced["line_items"]
             if i["resource"] == 'aws_s3_bucket.storage["files"]']  # fmt: skip
    assert round(sum(files), 2) == 7_377.27
    assert not [i for i in priced["line_items"] if 'storage["archive"]' in i["resource"]]
    # bucket policies cost nothing: the plan without them prices to the cent the same
    doc["resource_changes"] = [c for c in created if c["type"] != "aws_s3_bucket_policy"]
    path.write_text(json.dumps(doc))
    bare = run_json(capsys, "estimate", "--from-terraform-plan", str(path), "-s", "pypi-2026")
    assert bare["totals"] == priced["totals"]
    assert bare["line_items"] == priced["line_items"]
