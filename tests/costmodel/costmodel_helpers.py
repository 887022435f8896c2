"""Small hand-written graphs and scenarios for pricing tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from costmodel.model.estimate import Estimate, estimate
from costmodel.model.graph import Resource
from costmodel.model.scenario import parse_scenario
from costmodel.model.sponsorship import SponsorTerms

PARENTS = {
    "cdn": {"aws": "CloudFront", "gcp": "CloudCDN", "fastly": "Fastly"},
    "storage": {"aws": "S3", "gcp": "GCS"},
}
REGIONS = {"aws": "us-east-1", "gcp": "us-central1"}


def res(type_: str, name: str, role: str | None = None, **inputs: Any) -> Resource:
    parent = f"indexplan:{role}:Component" if role else None
    return Resource(f"urn:pulumi:test::indexplan::{type_}::{name}", type_, name, parent, inputs)


CLOUDFRONT = res("aws:cloudfront/distribution:Distribution", "cdn", "cdn")
CLOUD_CDN = res("gcp:compute/backendBucket:BackendBucket", "cdn", "cdn", enableCdn=True)
FASTLY = res("fastly:index/serviceVcl:ServiceVcl", "cdn", "cdn")
S3_FILES = res("aws:s3/bucket:Bucket", "files", "storage")
GCS_FILES = res("gcp:storage/bucket:Bucket", "files", "storage", location="US")


def price(
    graph: list[Resource],
    scenario: dict[str, Any],
    as_of: str = "2026-06-01",
    sponsors: dict[str, SponsorTerms] | None = None,
) -> Estimate:
    scn = parse_scenario(scenario, "test.yaml", "test")
    return estimate(
        graph,
        scn,
        stack="test",
        as_of=dt.date.fromisoformat(as_of),
        sponsors=sponsors,
        regions=REGIONS,
    )


def lines(est: Estimate, resource: str | None = None) -> list[tuple[str, str, float, float]]:
    """(component, region, unit price, monthly USD) for each line, quantities rounded to 6."""
    return [
        (i.component, i.region, i.unit_price_usd, i.monthly_usd)
        for i in est.line_items
        if resource is None or i.resource == resource
    ]


def quantities(est: Estimate, resource: str) -> list[float]:
    return [round(i.quantity, 6) for i in est.line_items if i.resource == resource]


def reasons(est: Estimate) -> list[tuple[str, str | None, str]]:
    return [(u.resource, u.component, u.reason) for u in est.unpriced]
