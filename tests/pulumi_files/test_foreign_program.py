"""Another program's preview (tests/fixtures/pulumi/shop.preview.json): two S3 buckets, a
CloudFront distribution in front of one of them, an RDS instance, and a bucket being deleted.

Scenario shop: 11 TiB/month egress (= 11,264 AWS GB of 2^30 bytes), 2e7 requests, 90% cache
hits, all North America; prices as of 2026-11-01.
"""

from __future__ import annotations

from pathlib import Path

from tests.prices.helpers import run, run_json

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "pulumi"
PREVIEW = str(FIXTURES / "shop.preview.json")
ARGS = ("estimate", "--from-preview", PREVIEW, "-s", str(FIXTURES / "shop.scenario.yaml"))


def _by_resource(lines: list[dict]) -> dict[str, float]:
    out: dict[str, float] = {}
    for line in lines:
        out[line["resource"]] = round(out.get(line["resource"], 0) + line["monthly_usd"], 2)
    return out


def test_with_usage_file_each_bucket_gets_its_own_usage(capsys):
    data = run_json(capsys, *ARGS, "--usage", str(FIXTURES / "shop.usage.yaml"))
    assert data["stack"] == "prod"  # from the URNs
    assert _by_resource(data["line_items"]) == {
        # 500 GiB x 0.023 = 11.50; 1e5 PUTs = 100 x 0.005 = 0.50; it serves the CDN, so the
        # 10% missed requests (2e6) are GETs on it: 2,000 x 0.0004 = 0.80
        "assets": 11.50 + 0.50 + 0.80,
        # 2 TiB = 2,048 GB x 0.023 = 47.104 -> 47.10; 1e6 PUTs = 1,000 x 0.005 = 5.00; no GETs
        "logs": 47.10 + 5.00,
        # data out: 1,024 GB free, 9,216 GB x 0.085 = 783.36, 1,024 GB x 0.080 = 81.92;
        # requests: 1,000 x 10k free, 1,000 x 10k x 0.01 = 10.00
        "site-cdn": 783.36 + 81.92 + 10.00,
        # db.t4g.medium single-AZ: 730 h x 0.065 = 47.45; gp3: 100 GB x 0.115 = 11.50
        "orders-db": 47.45 + 11.50,
    }
    # 12.80 + 52.10 + 875.28 + 58.95
    assert data["totals"]["list_monthly_usd"] == 999.13
    assert data["unpriced"] == []
    roles = {line["resource"]: line["role"] for line in data["line_items"]}
    assert roles == {"assets": "storage", "logs": "storage", "site-cdn": "cdn",
                     "orders-db": "database"}  # fmt: skip


def test_without_usage_file_buckets_depend_on_usage(capsys):
    data = run_json(capsys, *ARGS)
    # Only what needs no guess: the one CDN takes the scenario's traffic, the database its
    # inputs. 875.28 + 58.95 = 934.23
    assert _by_resource(data["line_items"]) == {"site-cdn": 875.28, "orders-db": 58.95}
    assert data["totals"]["list_monthly_usd"] == 934.23
    reasons = {(u["resource"], u["component"]): u["reason"] for u in data["unpriced"]}
    for bucket in ("assets", "logs"):
        assert reasons[(bucket, "storage (Standard)")] == (
            "depends on usage: $0.023 per GB-month (us-east-1)"
        )
        assert reasons[(bucket, "PUT requests (uploads)")] == (
            "depends on usage: $0.005 per 1,000 requests (us-east-1)"
        )
    notes = " ".join(data["assumptions"]["notes"])
    assert "assets: no usage given" in notes and "logs: no usage given" in notes
    # the bucket being deleted is not priced, and the report says so
    assert "old-uploads (delete)" in notes
    assert all(u["resource"] != "old-uploads" for u in data["unpriced"])


def test_table_lists_depends_on_usage(capsys):
    code, out, err = run(capsys, *ARGS)
    assert (code, err) == (0, "")
    assert "depends on usage: $0.023 per GB-month (us-east-1)" in out


def test_role_default_gives_usage_to_unnamed_buckets(capsys, tmp_path):
    usage = tmp_path / "usage.yaml"
    usage.write_text("default:\n  storage:\n    storage: {stored: 100 GiB, uploads: 0}\n")
    data = run_json(capsys, *ARGS, "--usage", str(usage))
    # each bucket: 100 GB x 0.023 = 2.30; neither says it serves the CDN, so no GETs
    assert _by_resource(data["line_items"])["assets"] == 2.30
    assert _by_resource(data["line_items"])["logs"] == 2.30
    assert data["unpriced"] == []
