"""The committed plans and what the Terraform tests share."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from tests.terraform.terraform_cli import FIXTURES

ALL_AWS = str(FIXTURES / "all-aws.plan.json")
INSTANCES = str(FIXTURES / "instances.plan.json")
PYPI_FILE_HOSTING = str(FIXTURES / "pypi-file-hosting.handwritten.plan.json")
# The sensitive values the plans hold in plain text, as Terraform writes them.
SECRETS = (
    "fixture-token-not-a-secret-0123456789abcdef",
    "fixture-token-not-a-secret-instances-000",
    "fixture-secret-not-a-real-key-000000000000",
    "fixture-fastly-secret-000",
)


def lines_by_resource(estimate: dict[str, Any]) -> dict[str, list[tuple[Any, ...]]]:
    """Each resource's line items, as comparable tuples."""
    out: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
    for item in estimate["line_items"]:
        out[item["resource"]].append(
            (
                item["component"],
                item["region"],
                item["quantity"],
                item["unit"],
                item["unit_price_usd"],
                item["monthly_usd"],
            )
        )
    return dict(out)


def cents(lines: list[tuple[Any, ...]]) -> int:
    return sum(round(line[-1] * 100) for line in lines)
