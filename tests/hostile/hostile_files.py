"""Builders of hostile and extreme input files, shared by the tests in tests/hostile/ and by
benchmarks/hostile.py (which records how long the worst of them take)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

STACK = "big"
PROJECT = "bench"
PROVIDER = f"urn:pulumi:{STACK}::{PROJECT}::pulumi:providers:aws::default_7_7_0"
PROVIDER_REF = f"{PROVIDER}::0a1b2c3d"
# The resource types of a large foreign program, in the proportions `big_preview` uses them.
MIX = ("queue", "dead-letter", "bucket", "lifecycle", "topic", "zone", "database", "cdn")


def _step(type_: str, name: str, inputs: dict[str, Any]) -> dict[str, Any]:
    urn = f"urn:pulumi:{STACK}::{PROJECT}::{type_}::{name}"
    state = {"urn": urn, "type": type_, "inputs": inputs, "provider": PROVIDER_REF}
    return {"op": "create", "urn": urn, "newState": state}


def _resource(kind: str, i: int) -> dict[str, Any]:
    """The i-th resource of `kind`; a queue names the dead-letter queue of the same number
    exactly, a lifecycle rule its bucket, as Pulumi programs do."""
    if kind == "queue":
        target = f"arn:aws:sqs:us-east-1:123456789012:dlq-{i}"
        policy = json.dumps({"deadLetterTargetArn": target, "maxReceiveCount": 5})
        return _step("aws:sqs/queue:Queue", f"tasks-{i}", {"redrivePolicy": policy})
    if kind == "dead-letter":
        return _step("aws:sqs/queue:Queue", f"dlq-{i}", {"name": f"dlq-{i}"})
    if kind == "bucket":
        return _step("aws:s3/bucket:Bucket", f"files-{i}", {"bucket": f"files-{i}-0a1b2c"})
    if kind == "lifecycle":
        rules = [{"id": "archive", "transitions": [{"days": 30, "storageClass": "GLACIER"}]}]
        inputs = {"bucket": f"files-{i}-0a1b2c", "rules": rules}
        type_ = "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2"
        return _step(type_, f"files-{i}-lifecycle", inputs)
    if kind == "topic":
        return _step("aws:sns/topic:Topic", f"events-{i}", {"kmsMasterKeyId": "alias/aws/sns"})
    if kind == "zone":
        return _step("aws:route53/zone:Zone", f"zone-{i}", {"name": f"z{i}.example.org"})
    if kind == "database":
        inputs = {"engine": "postgres", "instanceClass": "db.t4g.micro", "allocatedStorage": 20}
        return _step("aws:rds/instance:Instance", f"db-{i}", inputs)
    behavior = {"viewerProtocolPolicy": "redirect-to-https"}
    return _step(
        "aws:cloudfront/distribution:Distribution", f"cdn-{i}", {"defaultCacheBehavior": behavior}
    )


def big_preview(resources: int) -> dict[str, Any]:
    """A `pulumi preview --json` document of a foreign program with `resources` resources
    (plus its provider), mixing the kinds in MIX evenly."""
    provider = {
        "op": "same",
        "urn": PROVIDER,
        "newState": {"urn": PROVIDER, "type": "pulumi:providers:aws", "inputs": {}},
    }
    provider["newState"]["inputs"] = {"region": "us-east-1"}
    steps = [provider]
    steps += [_resource(MIX[n % len(MIX)], n // len(MIX)) for n in range(resources)]
    return {"config": {"aws:region": "us-east-1"}, "steps": steps}


def write_big_preview(path: Path, resources: int) -> Path:
    path.write_text(json.dumps(big_preview(resources)))
    return path


def alias_bomb(levels: int, fan_out: int = 9) -> str:
    """YAML of `levels` anchors, each a list of `fan_out` aliases to the one before: a few
    hundred bytes that stand for fan_out ** levels strings once expanded."""
    lines = ['a0: &a0 "lol"']
    for level in range(1, levels + 1):
        items = ", ".join([f"*a{level - 1}"] * fan_out)
        lines.append(f"a{level}: &a{level} [{items}]")
    return "\n".join(lines) + "\n"


def deep_json(levels: int) -> str:
    return "[" * levels + "]" * levels


def deep_yaml(levels: int, flow: bool = True) -> str:
    if flow:
        return "a: " + "[" * levels + "]" * levels + "\n"
    return "".join(f"{'  ' * i}k{i}:\n" for i in range(levels)) + f"{'  ' * levels}x\n"


def aws_catalog(directory: Path, aws: str | bytes) -> Path:
    """A price-catalog directory under `directory`: `aws` as aws/cloudfront.yaml, beside the
    shipped catalog's other files."""
    from costmodel.model.prices import CATALOG_DIR

    catalog = directory / "catalog"
    (catalog / "aws").mkdir(parents=True)
    (catalog / "aws" / "cloudfront.yaml").write_bytes(aws.encode() if isinstance(aws, str) else aws)
    for shipped in CATALOG_DIR.iterdir():
        if shipped.is_dir() and shipped.name != "aws":
            (catalog / shipped.name).symlink_to(shipped)
    for shipped in (CATALOG_DIR / "aws").iterdir():
        if shipped.name != "cloudfront.yaml":
            (catalog / "aws" / shipped.name).symlink_to(shipped)
    return catalog
