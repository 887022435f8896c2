"""Issue 12's rules: B2 and R2 privacy, search, the application tier, Cloudflare, mail.
Each is shown failing on the insecure fixture (tests/fixtures/graphs/insecure.json, whose
findings test_policy_check_cli.py counts) and on hand-made resources; the shipped stacks pass
them all (tests/infra/test_infra_whole_index.py)."""

from __future__ import annotations

import json
from pathlib import Path

from policy_graphs import messages, res

from costmodel.model.graph import from_dicts

INSECURE = from_dicts(
    json.loads((Path(__file__).parents[1] / "fixtures" / "graphs" / "insecure.json").read_text())
)
B2 = "indexplan:storage:B2"
BUCKET = "aws:s3/bucket:Bucket"


def on_insecure(rule: str) -> list[str]:
    return messages(rule, *INSECURE)


def test_r2_public_address_is_refused():
    assert on_insecure("object-storage-private") == [
        "storage-files-r2-dev: R2 bucket's public r2.dev address: enabled must be false, got True"
    ]


def test_b2_buckets_are_judged_by_what_b2_offers():
    bucket = res(BUCKET, "storage-files", B2, region="us-west-004")
    # No public access block or versioning resource: B2 has neither, and is not blamed for it.
    assert messages("storage-private", bucket) == []
    assert messages("storage-versioning", bucket) == []
    assert messages("object-storage-private", bucket) == []
    public = res(BUCKET, "storage-files", B2, acl="public-read")
    assert messages("object-storage-private", public) == [
        "storage-files: B2 bucket: acl must be 'private' (allPrivate), got 'public-read'"
    ]
    # The same bucket on AWS is still held to the S3 rules.
    s3 = res(BUCKET, "storage-files", "indexplan:storage:S3")
    assert messages("storage-private", s3) == [
        "storage-files: S3 bucket has no public access block; add one with all four settings true"
    ]


def test_a_public_unencrypted_search_domain_gets_every_finding():
    assert on_insecure("search-private") == [
        "search-domain: search domain has a public endpoint; place it in a VPC (vpcOptions)",
        "search-domain: search domain: encryptAtRest.enabled must be true, got False",
        "search-domain: search domain: nodeToNodeEncryption.enabled must be true but is not set",
        "search-domain: search domain: domainEndpointOptions.enforceHttps must be true, got False",
        "search-domain: search domain: tlsSecurityPolicy must be Policy-Min-TLS-1-2-2019-07 or "
        "Policy-Min-TLS-1-2-PFS-2023-10, got 'Policy-Min-TLS-1-0-2019-07'",
        "search-domain: search domain's access policy allows any principal (*)",
    ]


def test_elastic_cloud_without_a_traffic_filter_is_public():
    deployment = res(
        "ec:index/deployment:Deployment", "search-deployment", region="gcp-us-central1"
    )
    assert messages("search-private", deployment) == [
        "search-deployment: Elastic Cloud deployment has no traffic filter, so it is open to the "
        "internet; attach a private-link or IP filter"
    ]


def test_plain_http_that_forwards_and_old_tls_are_refused():
    assert on_insecure("app-https-only") == [
        "app-http: plain-HTTP listener must only redirect to HTTPS"
    ]
    old_tls = res(
        "aws:lb/listener:Listener",
        "app-https",
        protocol="HTTPS",
        sslPolicy="ELBSecurityPolicy-2016-08",
    )
    public_tasks = res(
        "aws:ecs/service:Service", "app-service", networkConfiguration={"assignPublicIp": True}
    )
    assert messages("app-https-only", old_tls, public_tasks) == [
        "app-https: HTTPS listener: sslPolicy must be a TLS 1.2+ policy, "
        "got 'ELBSecurityPolicy-2016-08'",
        "app-service: app tasks get public IP addresses; keep them behind the load balancer",
    ]


def test_a_flexible_cloudflare_zone_is_refused():
    assert on_insecure("cloudflare-https-only") == [
        "cdn-zone: Cloudflare zone setting always_use_https must be 'on' but is not set",
        "cdn-zone: Cloudflare zone setting min_tls_version must be '1.2' or '1.3' but is not set",
        "cdn-zone: Cloudflare zone setting ssl must be 'strict' or 'origin_pull', got 'flexible'",
    ]


def test_mail_without_required_tls_is_refused():
    assert on_insecure("email-tls-required") == [
        "email-configuration: SES configuration set: deliveryOptions.tlsPolicy must be "
        "'REQUIRE', got 'OPTIONAL'"
    ]
