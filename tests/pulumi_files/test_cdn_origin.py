"""Another program's CDN origin, told from its preview: the bucket behind the CDN is priced
as the files, the buckets beside it depend on usage; a backend service with Cloud CDN on is a
CDN. No Pulumi CLI runs here: the previews are tests/fixtures/pulumi/shop.preview.json with
`propertyDependencies` added to the distribution's state as Pulumi writes it (apitype
ResourceV3, pulumi/pulumi sdk/go/common/apitype/core.go: input name -> URNs), or with its
origin's domain known; and a Google Cloud preview written here in the same shape.

Scenario shop (11 TiB/month, 2e7 requests, 90% hits, North America; stored and uploads the
model's defaults, 1e12 B and 1e4/month), prices as of 2026-11-01:
- S3 (us-east-1): 1e12 B = 931.32 GiB x 0.023 = 21.42; 1e4 PUTs = 10 x 0.005 = 0.05; 2e6 GETs
  (the misses) = 2,000 x 0.0004 = 0.80: 22.27, so the shop totals 934.23 (the CDN and the
  database, test_foreign_program.py) + 22.27 = 956.50.
- Cloud Storage (US): 931.32 GiB x 0.026 = 24.21; Class A 10 x 0.01 = 0.10; Class B 2,000 x
  0.0004 = 0.80; cache fill 11,264 GiB x 0.1 = 1,126.4 GiB x 0.01 = 11.26. Cloud CDN: egress
  10,240 x 0.08 = 819.20 + 1,024 x 0.055 = 56.32; lookups 2,000 x 0.0075 = 15.00. In all 926.89.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.cli_run import assert_refused
from tests.prices.helpers import run_json

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "pulumi"
SCENARIO = str(FIXTURES / "shop.scenario.yaml")
SHOP = "urn:pulumi:prod::shop::"
ASSETS = f"{SHOP}aws:s3/bucket:Bucket::assets"


def shop(tmp_path: Path, change) -> str:
    doc = json.loads((FIXTURES / "shop.preview.json").read_text())
    (cdn,) = [s["newState"] for s in doc["steps"] if s["urn"].endswith("::site-cdn")]
    change(cdn)
    path = tmp_path / "shop.preview.json"
    path.write_text(json.dumps(doc))
    return str(path)


def by_resource(data: dict) -> dict[str, float]:
    out: dict[str, float] = {}
    for line in data["line_items"]:
        out[line["resource"]] = round(out.get(line["resource"], 0) + line["monthly_usd"], 2)
    return out


def estimate(preview: str, *extra: str) -> tuple:
    return ("estimate", "--from-preview", preview, "-s", SCENARIO, *extra)


def depends(cdn: dict) -> None:
    cdn["propertyDependencies"] = {"origins": [ASSETS], "enabled": []}


def known(cdn: dict) -> None:
    cdn["inputs"]["origins"][0]["domainName"] = "shop-assets-prod.s3.us-east-1.amazonaws.com"


@pytest.mark.parametrize("change", [depends, known])
def test_the_distributions_origin_is_the_files_bucket(capsys, tmp_path, change):
    data = run_json(capsys, *estimate(shop(tmp_path, change), "-f", "json"))
    assert by_resource(data)["assets"] == 22.27
    assert "logs" not in by_resource(data)
    assert data["totals"]["list_monthly_usd"] == 956.50
    reasons = {u["component"]: u["reason"] for u in data["unpriced"] if u["resource"] == "logs"}
    assert reasons["storage (Standard)"] == "depends on usage: $0.023 per GB-month (us-east-1)"
    assert "GET requests (cache misses)" in reasons
    (note,) = [n for n in data["assumptions"]["notes"] if "the CDN's origin" in n]
    assert note.startswith("assets: the CDN's origin") and "logs: not the CDN's origin" in note


def test_a_usage_file_still_decides(capsys, tmp_path):
    # the shop's usage file: the same 999.13 as without the dependencies
    # (test_foreign_program.py), logs stored at 2 TiB and no cache misses
    usage = str(FIXTURES / "shop.usage.yaml")
    data = run_json(capsys, *estimate(shop(tmp_path, depends), "--usage", usage, "-f", "json"))
    assert data["totals"]["list_monthly_usd"] == 999.13
    assert by_resource(data)["logs"] == 47.10 + 5.00


def test_property_dependencies_not_of_pulumis_shape_are_refused(capsys, tmp_path):
    def bad(cdn: dict) -> None:
        cdn["propertyDependencies"] = {"origins": ASSETS}  # a URN, not a list of them

    preview = shop(tmp_path, bad)
    assert_refused(
        capsys,
        estimate(preview),
        f"{preview}: {SHOP}aws:cloudfront/distribution:Distribution::site-cdn: "
        "propertyDependencies: expected an object of input -> list of URNs",
    )


def gcp_preview(tmp_path: Path, with_service: bool) -> str:
    urn = "urn:pulumi:prod::mirror::"
    provider = f"{urn}pulumi:providers:gcp::default_8_0_0"

    def step(kind: str, name: str, inputs: dict) -> dict:
        state = {"urn": f"{urn}{kind}::{name}", "custom": True, "type": kind, "inputs": inputs,
                 "provider": f"{provider}::0b7c1e2a-1111-4222-8333-944455556666"}  # fmt: skip
        return {"op": "create", "urn": state["urn"], "newState": state}

    bucket = {"location": "US", "storageClass": "STANDARD", "uniformBucketLevelAccess": True}
    steps = [
        {
            "op": "same",
            "urn": provider,
            "newState": {
                "type": "pulumi:providers:gcp",
                "inputs": {"region": "us-central1", "project": "mirror-prod"},
            },
        },
        step("gcp:storage/bucket:Bucket", "packages", {"name": "mirror-packages", **bucket}),
        step("gcp:storage/bucket:Bucket", "backups", {"name": "mirror-backups", **bucket}),
        # the backend bucket names its bucket by name, known in the preview
        step(
            "gcp:compute/backendBucket:BackendBucket",
            "files-cdn",
            {"bucketName": "mirror-packages", "enableCdn": True},
        ),
    ]
    if with_service:
        steps.append(step("gcp:compute/backendService:BackendService", "api-cdn",
                          {"enableCdn": True, "protocol": "HTTPS"}))  # fmt: skip
    path = tmp_path / "mirror.preview.json"
    path.write_text(json.dumps({"steps": steps}))
    return str(path)


def test_a_backend_buckets_bucket_is_the_files(capsys, tmp_path):
    data = run_json(capsys, *estimate(gcp_preview(tmp_path, False), "-f", "json"))
    # 24.21 + 0.10 + 0.80 + 11.26 and 819.20 + 56.32 + 15.00
    assert by_resource(data) == {"packages": 36.37, "files-cdn": 890.52}
    assert data["totals"]["list_monthly_usd"] == 926.89
    assert {u["resource"] for u in data["unpriced"]} == {"backups"}


def test_a_backend_service_with_cloud_cdn_is_a_cdn(capsys, tmp_path):
    """Beside the backend bucket, two CDNs: which serves the scenario's traffic is unknown,
    so neither is priced with it (before, only the service was left out and the bucket took
    all of Cloud CDN's traffic as if the service were no CDN)."""
    data = run_json(capsys, *estimate(gcp_preview(tmp_path, True), "-f", "json"))
    roles = {u["resource"]: u["reason"] for u in data["unpriced"]}
    assert roles["files-cdn"].startswith("depends on usage")
    assert "files-cdn" not in by_resource(data)
    assert "2 Cloud CDN backends in one stack" in roles["api-cdn"]
