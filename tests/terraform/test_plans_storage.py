"""Two buckets in a plan's storage module and nothing saying which one the CDN serves (s5
review, finding 1): each is "depends on usage", as another program's buckets in a preview,
never both priced with all the stored bytes and all the cache misses.

Hand figures, pypi-2026 (304 TB stored, 1.82625e11 requests a month, cache hit ratio 0.985,
3.9e6 uploads a year), us-east-1 prices from costmodel/catalog/aws/s3.yaml:
- stored: 304e12 B = 283,122.06 GiB; Standard 51,200 x 0.023 = 1,177.60 and
  231,922.06 x 0.022 = 5,102.29; Glacier Instant Retrieval 283,122.06 x 0.004 = 1,132.49;
- GETs (cache misses): 1.82625e11 x (1 - 0.985) = 2,739,375,000; / 1,000 x 0.0004 =
  1,095.75; PUTs (uploads): 325,000 / 1,000 x 0.005 = 1.63 per bucket.
The all-aws plan prices them all: 1,177.60 + 5,102.29 + 1,095.75 + 1.63 (files) + 1,132.49 +
1.63 (archive) = 8,511.39 of its $5,901,977.58.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.cli_run import run
from tests.terraform.plans import ALL_AWS
from tests.terraform.terraform_cli import FIXTURES

FOR_EACH = str(FIXTURES / "for-each-storage.plan.json")
FILES = "module.storage.aws_s3_bucket.files"
ARCHIVE = "module.storage.aws_s3_bucket.archive"
ALL_AWS_TOTAL = 5_901_977.58
STORAGE_LINES = 8_511.39


def estimate(capsys, plan: str, *extra: str) -> dict:
    code, out, err = run(
        capsys, "estimate", "--from-terraform-plan", plan, "-s", "pypi-2026", "-f", "json", *extra
    )
    assert code == 0, err
    return json.loads(out)


def bucket_lines(report: dict) -> dict[tuple[str, str], float]:
    return {
        (item["resource"], item["component"]): item["monthly_usd"]
        for item in report["line_items"]
        if item["resource"] in (FILES, ARCHIVE)
    }


def test_the_all_aws_plan_prices_each_bucket_in_its_own_class(capsys):
    report = estimate(capsys, ALL_AWS)
    assert report["totals"]["list_monthly_usd"] == ALL_AWS_TOTAL
    assert round(sum(bucket_lines(report).values()), 2) == STORAGE_LINES
    assert bucket_lines(report)[ARCHIVE, "storage (Glacier Instant Retrieval)"] == 1_132.49


def test_the_cdns_origin_through_module_outputs_names_the_files_bucket(capsys):
    """The for-each plan's CDN gets its origin as `var.bucket_domain`, the root's argument
    `module.storage.files_bucket_domain`, the storage module's output of
    `aws_s3_bucket.files.bucket_regional_domain_name`: the files bucket is priced as the
    files (1,177.60 + 5,102.29 + 1,095.75 + 1.63 = 7,377.27), the archive beside it, not the
    origin, "depends on usage": $5,893,466.19 + $7,377.27 = $5,900,843.46. (Before session 8
    both buckets depended on usage.)"""
    report = estimate(capsys, FOR_EACH)
    lines = bucket_lines(report)
    assert {r for r, _ in lines} == {FILES}
    assert round(sum(lines.values()), 2) == 7_377.27
    assert lines[FILES, "GET requests (cache misses)"] == 1_095.75
    reasons = {u["component"]: u["reason"] for u in report["unpriced"] if u["resource"] == ARCHIVE}
    assert reasons["storage (Standard)"] == "depends on usage: $0.023 per GB-month (us-east-1)"
    assert reasons["GET requests (cache misses)"].startswith("depends on usage")
    assert report["totals"]["list_monthly_usd"] == round(
        ALL_AWS_TOTAL - STORAGE_LINES + 7_377.27, 2
    )
    (note,) = [a for a in report["assumptions"]["notes"] if "the CDN's origin" in a]
    assert note.startswith(f"{FILES}: the CDN's origin (followed through the plan)")
    assert f"{ARCHIVE}: not the CDN's origin" in note


def test_undecided_buckets_depend_on_usage(capsys, tmp_path):
    """The same plan with the chain cut where a `local` would cut it (the cdn module's
    argument names no reference): nothing says which bucket the CDN serves."""
    doc = json.loads(Path(FOR_EACH).read_text())
    call = doc["configuration"]["root_module"]["module_calls"]["cdn"]["expressions"]
    call["bucket_domain"] = {"references": ["local.files_domain"]}
    cut = tmp_path / "cut.plan.json"
    cut.write_text(json.dumps(doc))
    report = estimate(capsys, str(cut))
    assert bucket_lines(report) == {}
    reasons = {
        (u["resource"], u["component"]): u["reason"]
        for u in report["unpriced"]
        if u["resource"] in (FILES, ARCHIVE)
    }
    for bucket in (FILES, ARCHIVE):
        assert reasons[bucket, "storage (Standard)"] == (
            "depends on usage: $0.023 per GB-month (us-east-1)"
        )
        assert reasons[bucket, "GET requests (cache misses)"] == (
            "depends on usage: $0.0004 per 1,000 requests (us-east-1)"
        )
        assert reasons[bucket, "PUT requests (uploads)"] == (
            "depends on usage: $0.005 per 1,000 requests (us-east-1)"
        )
    assert report["complete"] is False
    # Every other line is the all-aws plan's (the two plans differ only in their storage
    # module): $5,901,977.58 - $8,511.39 = $5,893,466.19. Before the fix each bucket was
    # priced as the files: 2 x (1,177.60 + 5,102.29 + 1,095.75 + 1.63) = $14,754.54 of storage.
    assert report["totals"]["list_monthly_usd"] == round(ALL_AWS_TOTAL - STORAGE_LINES, 2)
    (note,) = [a for a in report["assumptions"]["notes"] if "holds the files the CDN serves" in a]
    assert note.startswith(f"{ARCHIVE}, {FILES}: the plan does not say which")


def test_a_usage_file_names_the_origin(capsys, tmp_path):
    """The files bucket serves the CDN with the scenario's figures: 1,177.60 + 5,102.29 +
    1,095.75 + 1.63 = 7,377.27; the archive stores 1 TB = 931.32 GiB x 0.023 = 21.42 in
    Standard (its plan has no transition), PUTs 1.63, and no cache misses (not the origin)."""
    usage = tmp_path / "usage.yaml"
    usage.write_text(f"{FILES}:\n  serves_cdn: true\n{ARCHIVE}:\n  storage: {{stored: 1 TB}}\n")
    report = estimate(capsys, FOR_EACH, "--usage", str(usage))
    lines = bucket_lines(report)
    assert round(sum(v for (r, _), v in lines.items() if r == FILES), 2) == 7_377.27
    assert {c: v for (r, c), v in lines.items() if r == ARCHIVE} == {
        "storage (Standard), first 51,200 GB-month": 21.42,
        "PUT requests (uploads)": 1.63,
    }
    assert report["complete"] is True
    expected = ALL_AWS_TOTAL - STORAGE_LINES + 7_377.27 + 21.42 + 1.63
    assert report["totals"]["list_monthly_usd"] == round(expected, 2)


def test_the_example_plan_is_the_all_aws_fixture():
    """examples/README.md says so; it had drifted (s5 review, finding 1)."""
    example = FIXTURES.parents[2] / "examples" / "plan.json"
    assert example.read_bytes() == Path(ALL_AWS).read_bytes()
