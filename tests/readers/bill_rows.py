"""Bill rows in the real shapes, for the bill-rule tests: the Google Cloud standard usage cost
export (Cloud Billing docs, "Structure of Standard data export"; the shape of
tests/fixtures/bills/gcp-export-2021-04.jsonl) and AWS CUR 2.0 (the columns
costmodel/readers/bills/formats.py reads)."""

from __future__ import annotations

import csv
import json
from pathlib import Path


def gcp_row(
    service: str,
    sku: str,
    unit: str,
    amount: float,
    cost: float,
    *,
    region: str | None = "us-central1",
    location: str | None = None,
    month: str = "202608",
    credits: list[dict] | None = None,
) -> dict:
    """One export row; `location` defaults to the region (a multi-region bucket's rows have
    `location.location` "us" and no region)."""
    return {
        "billing_account_id": "01A2B3-C4D5E6-F7A8B9",
        "service": {"id": "0000-0000-0000", "description": service},
        "sku": {"id": "0000-0000-0000", "description": sku},
        "usage_start_time": f"{month[:4]}-{month[4:]}-01T00:00:00+00:00",
        "project": {"id": "example-index", "number": "123456789012", "name": "example-index"},
        "labels": [],
        "location": {"location": location or region, "country": "US", "region": region,
                     "zone": None},
        "cost": cost,
        "currency": "USD",
        "usage": {"amount_in_pricing_units": amount, "pricing_unit": unit},
        "credits": credits or [],
        "invoice": {"month": month},
        "cost_type": "regular",
        "cost_at_list": cost,
    }  # fmt: skip


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


CUR_COLUMNS = (
    "bill_billing_period_start_date", "line_item_line_item_type", "line_item_product_code",
    "line_item_usage_type", "line_item_usage_amount", "line_item_unblended_cost",
    "line_item_currency_code", "line_item_line_item_description", "pricing_unit",
    "product_region_code", "line_item_operation",
)  # fmt: skip


def cur_row(
    code: str,
    usage_type: str,
    unit: str,
    amount: float,
    cost: float,
    region: str,
    operation: str = "",
) -> dict:
    return dict(
        zip(
            CUR_COLUMNS,
            ("2026-08-01", "Usage", code, usage_type, amount, cost, "USD", usage_type, unit,
             region, operation),
            strict=True,
        )
    )  # fmt: skip


def write_cur_csv(path: Path, rows: list[dict]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, CUR_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return path
