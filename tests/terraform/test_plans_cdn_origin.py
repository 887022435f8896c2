"""The bucket behind the CDN, told apart by the CDN's origin, in real plans
(tests/fixtures/terraform/cdn-origin-modules/ and cdn-origin-root/, planned by generate.py
with Terraform 1.11.4 and hashicorp/aws 5.100.0).

Hand figures, pypi-2026 in us-east-1 (as test_plans_storage.py's docstring works them out):
the files bucket stores 304e12 B = 283,122.06 GiB, Standard 51,200 x 0.023 = 1,177.60 and
231,922.06 x 0.022 = 5,102.29; its cache-miss GETs 2,739,375,000 / 1,000 x 0.0004 = 1,095.75;
PUTs 325,000 / 1,000 x 0.005 = 1.63: 7,377.27 in all. The CloudFront lines of both plans add
up to 5,892,678.61 (783.36 + 3,276.80 + 6,144.00 + 14,336.00 + 16,097.28 + 104,857.60 +
5,564,568.57 + 182,615.00), so each plan totals 5,892,678.61 + 7,377.27 = 5,900,055.88, the
other bucket "depends on usage". Before session 8 both buckets of each plan depended on usage
(5,892,678.61 in all).
"""

from __future__ import annotations

import json

import pytest

from tests.terraform.terraform_cli import FIXTURES
from tests.terraform.test_plans_storage import estimate

MODULES = str(FIXTURES / "cdn-origin-modules.plan.json")
ROOT = str(FIXTURES / "cdn-origin-root.plan.json")
CDN_LINES = 5_892_678.61
FILES_LINES = 7_377.27


def priced(report: dict, resource: str) -> float:
    return round(
        sum(i["monthly_usd"] for i in report["line_items"] if i["resource"] == resource), 2
    )


@pytest.mark.parametrize(
    ("plan", "files", "other", "cdn"),
    [
        # the domain goes out of the storage module as an output, into module "cdn" as a
        # variable and on into its module "edge" as another (references, the bucket new)
        (MODULES, "module.storage.aws_s3_bucket.packages", "module.storage.aws_s3_bucket.mirror",
         "module.cdn.module.edge.aws_cloudfront_distribution.edge"),
        # buckets in no role's module; the origin's domain is written out, known in the plan
        (ROOT, "aws_s3_bucket.packages", "aws_s3_bucket.site",
         "aws_cloudfront_distribution.files"),
    ],
)  # fmt: skip
def test_the_cdns_origin_is_priced_as_the_files(capsys, plan, files, other, cdn):
    report = estimate(capsys, plan)
    assert priced(report, files) == FILES_LINES
    assert priced(report, cdn) == CDN_LINES
    assert report["totals"]["list_monthly_usd"] == round(CDN_LINES + FILES_LINES, 2)
    # the other bucket: no usage from the scenario, never the files counted twice
    assert priced(report, other) == 0
    reasons = {u["component"]: u["reason"] for u in report["unpriced"] if u["resource"] == other}
    assert reasons["storage (Standard)"] == "depends on usage: $0.023 per GB-month (us-east-1)"
    assert reasons["GET requests (cache misses)"].startswith("depends on usage")
    assert report["complete"] is False
    (note,) = [n for n in report["assumptions"]["notes"] if "the CDN's origin" in n]
    assert note.startswith(f"{files}: the CDN's origin (followed through the plan)")
    assert f"{other}: not the CDN's origin" in note


def test_a_usage_file_for_the_other_bucket(capsys, tmp_path):
    """The mirror stores 1 TB = 931.32 GiB x 0.023 = 21.42 in Standard and takes the uploads'
    1.63 of PUTs; not the origin, it sees no cache misses (no GET line) unless the usage file
    says `serves_cdn: true`."""
    usage = tmp_path / "usage.yaml"
    mirror = "module.storage.aws_s3_bucket.mirror"
    usage.write_text(f"{mirror}:\n  storage: {{stored: 1 TB}}\n")
    report = estimate(capsys, MODULES, "--usage", str(usage))
    lines = {i["component"]: i["monthly_usd"] for i in report["line_items"]
             if i["resource"] == mirror}  # fmt: skip
    assert lines == {"storage (Standard), first 51,200 GB-month": 21.42,
                     "PUT requests (uploads)": 1.63}  # fmt: skip
    assert report["complete"] is True
    assert report["totals"]["list_monthly_usd"] == round(CDN_LINES + FILES_LINES + 23.05, 2)


def test_a_chain_the_configuration_does_not_hold_is_not_guessed(capsys, tmp_path):
    """The edge module's origin through a local (Terraform's JSON configuration holds no
    locals' values): nothing names the origin, so both buckets depend on usage, as before."""
    doc = json.loads((FIXTURES / "cdn-origin-modules.plan.json").read_text())
    edge = doc["configuration"]["root_module"]["module_calls"]["cdn"]["module"]["module_calls"]
    (distribution,) = [r for r in edge["edge"]["module"]["resources"]
                       if r["type"] == "aws_cloudfront_distribution"]  # fmt: skip
    distribution["expressions"]["origin"][0]["domain_name"] = {"references": ["local.domain"]}
    cut = tmp_path / "cut.plan.json"
    cut.write_text(json.dumps(doc))
    report = estimate(capsys, str(cut))
    assert report["totals"]["list_monthly_usd"] == CDN_LINES
    (note,) = [n for n in report["assumptions"]["notes"] if "holds the files" in n]
    assert "the plan does not say which of these buckets" in note


def test_a_chain_that_loops_ends(capsys, tmp_path):
    """Arguments and outputs that lead back to themselves (root -> cdn's output -> edge's
    output -> edge's variable -> cdn's variable -> root's argument again), fanned out ten
    times: each reference is followed once, no origin is found, the plan prices as if the
    chain were cut."""
    doc = json.loads((FIXTURES / "cdn-origin-modules.plan.json").read_text())
    root = doc["configuration"]["root_module"]
    cdn = root["module_calls"]["cdn"]
    edge = cdn["module"]["module_calls"]["edge"]
    loop = {"references": [f"module.cdn.out{i}" for i in range(10)]}
    cdn["expressions"]["origin_domain"] = loop
    cdn["module"]["outputs"] = {
        f"out{i}": {"expression": {"references": [f"module.edge.out{j}" for j in range(10)]}}
        for i in range(10)
    }
    edge["module"]["outputs"] = {
        f"out{i}": {"expression": {"references": ["var.domain"]}} for i in range(10)
    }
    cut = tmp_path / "loop.plan.json"
    cut.write_text(json.dumps(doc))
    assert estimate(capsys, str(cut))["totals"]["list_monthly_usd"] == CDN_LINES
