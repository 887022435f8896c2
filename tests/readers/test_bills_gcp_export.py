"""A Google Cloud billing export end to end: read as Google writes it (every row's `credits`
empty, as in a month with no free tier, discount or promotion), then set against a GCP stack's
estimate by `indexplan actuals`, with the verdict worked by hand."""

from __future__ import annotations

import json

import duckdb
import pytest
from bill_rows import gcp_row, write_jsonl

from costmodel.readers.bills.read import read_bills
from indexplan.cli import main
from indexplan.paths import ROOT

SCENARIO = ROOT / "tests" / "fixtures" / "bills" / "private-index-2024-03.yaml"
STORAGE = ("Cloud Storage", "Standard Storage US Multi-region", "gibibyte month")


def test_an_export_whose_rows_have_no_credits_is_read(tmp_path):
    # DuckDB types an all-empty `credits` as JSON[], on which SUM(amount) cannot bind; the
    # reader gives the column its type. 100 GiB-months at 0.026 = 2.60, no discount line
    rows = [gcp_row(*STORAGE, 60, 1.56, region=None, location="us"),
            gcp_row(*STORAGE, 40, 1.04, region=None, location="us")]  # fmt: skip
    jsonl = write_jsonl(tmp_path / "export.jsonl", rows)
    parquet = tmp_path / "export.parquet"
    duckdb.sql(f"COPY (SELECT * FROM read_json('{jsonl}')) TO '{parquet}' (FORMAT parquet)")
    for path in (jsonl, parquet):
        bill = read_bills([path])
        assert [(x.kind, x.quantity, x.cost, x.rows) for x in bill.lines] == [
            ("usage", 100.0, pytest.approx(2.60), 2)
        ]


def test_credits_still_lower_the_rate_or_count_as_credits(tmp_path):
    # one free-tier credit (a discount on the usage) and one promotion (a credit), as before
    free = [{"name": "Free tier", "amount": -0.50, "type": "FREE_TIER", "id": "x"}]
    promo = [{"name": "Sponsorship", "amount": -1.00, "type": "PROMOTION"}]
    rows = [gcp_row(*STORAGE, 60, 1.56, region=None, location="us", credits=free),
            gcp_row(*STORAGE, 40, 1.04, region=None, location="us", credits=promo)]  # fmt: skip
    bill = read_bills([write_jsonl(tmp_path / "export.jsonl", rows)])
    kinds = {line.kind: (line.cost, line.credit) for line in bill.lines}
    assert kinds == {"usage": (pytest.approx(2.60), ""), "discount": (-0.50, ""),
                     "credit": (-1.00, "Sponsorship")}  # fmt: skip


def test_actuals_of_a_private_small_month_explains_what_it_prices(capsys, tmp_path):
    """private-small (Cloud Run + Cloud SQL db-custom-1-3840 zonal, 20 GB; R2 behind Cloudflare)
    on private-index-2024-03: 8e8 requests, 95% hits, 6e4 uploads. Its GCP estimate, by hand
    (costmodel/catalog/gcp/cloud_run.yaml, cloud_sql.yaml):
      app requests = 8e8 x 0.05 + 6e4 = 40,060,000; x 0.1 s = 4,006,000 request-seconds,
      load 4,006,000 / 2,628,000 s = 1.52435, e^-1.52435 = e^-1.5 x e^-0.02435 = 0.22313 x
      0.97594 = 0.21776; at concurrency 80: 4,006,000 / 80 = 50,075 s + 79/80 x (1 - 0.21776)
      x 2,628,000 = 2,030,025 s = 2,080,100 instance-seconds x 1 vCPU (1 GiB):
      2,080,100 vCPU-seconds: 180,000 free, 1,900,100 x 0.000024 = 45.60
      2,080,100 GiB-seconds: 360,000 free, 1,720,100 x 0.0000025 = 4.30
      40.06 million requests: 2 free, 38.06 x 0.40 = 15.22
      responses 40,060,000 x 20 kB = 8.012e11 bytes = 746.1756 GiB, all to North America, as
      Premium Tier internet egress (catalog gcp/egress.json) x 0.12 = 89.54
      Cloud SQL: 1 vCPU x 730 h x 0.0413 = 30.15; 3.75 GiB x 730 h = 2,737.5 x 0.007 = 19.16;
      20 GiB-months x 0.17 = 3.40. Total 207.37
    The bill below: CPU 100,000 s more (2,000,100 x 0.000024 = 48.00), storage 25 GiB-months
    (4.25), the rest as estimated, and Cloud SQL backups (no rule: 0.80). Billed for usage
    211.42; explained per component, billed less the absolute variance: 45.60 (48.00 - 2.40)
    + 4.30 + 15.22 + 89.54 + 30.15 + 19.16 + 3.40 (4.25 - 0.85) = 207.37, 207.37 / 211.42 =
    98.08%."""
    sql = "Cloud SQL for PostgreSQL: Zonal - "
    rows = [
        gcp_row("Cloud Run", "Services CPU (Request-based billing)", "second", 2_180_100, 48.00),
        gcp_row("Cloud Run", "Services Memory (Request-based billing)", "gibibyte second",
                2_080_100, 4.30),
        gcp_row("Cloud Run", "Requests", "count", 40_060_000, 15.22),
        gcp_row("Cloud Run",
                "Cloud Run Network Internet Data Transfer Out North America to North America",
                "gibibyte", 746.1756467819, 89.54),
        gcp_row("Cloud SQL", sql + "vCPU in Americas", "hour", 730, 30.15),
        gcp_row("Cloud SQL", sql + "RAM in Americas", "gibibyte hour", 2737.5, 19.16),
        gcp_row("Cloud SQL", sql + "Standard storage in Americas", "gibibyte month", 25, 4.25),
        gcp_row("Cloud SQL", "Cloud SQL: Backups in Americas", "gibibyte month", 10, 0.80),
    ]  # fmt: skip
    bill = write_jsonl(tmp_path / "export.jsonl", [{**r, "invoice": {"month": "202403"}}
                                                   for r in rows])  # fmt: skip
    code = main(["actuals", str(bill), "--stack", "private-small", "-s", str(SCENARIO), "-f",
                 "json"])  # fmt: skip
    out, err = capsys.readouterr()
    assert (code, err) == (0, ""), err
    data = json.loads(out)
    assert data["verdict"] == (
        "The estimate explains 98.1% of the $211.42 billed for usage in 2024-03: components it "
        "prices billed $210.62 against $207.37 estimated (variance +$3.25: quantity +$3.25, rate "
        "$0.00); $0.80 billed is outside the model; $0.00 estimated was not billed."
    )
    assert data["totals"]["explained_usd"] == 207.37
    got = {c["price"]: (c["billed_quantity"], c["quantity_variance_usd"], c["rate_variance_usd"])
           for c in data["components"]}  # fmt: skip
    assert got == {
        "gcp cloud_run vcpu_seconds us-central1": (2_180_100, 2.40, 0.0),
        "gcp cloud_run memory_seconds us-central1": (2_080_100, 0.0, 0.0),
        "gcp cloud_run requests us-central1": (40.06, 0.0, 0.0),
        "gcp network internet_egress_premium us-central1 americas": (746.175647, 0.0, 0.0),
        "gcp cloud_sql vcpu zonal us-central1": (730, 0.0, 0.0),
        "gcp cloud_sql memory zonal us-central1": (2737.5, 0.0, 0.0),
        "gcp cloud_sql ssd_storage zonal us-central1": (25, 0.85, 0.0),
    }
    assert [(u["billed"], u["reason"]) for u in data["billed_not_modelled"]] == [
        ("Cloud SQL / Cloud SQL: Backups in Americas / us-central1",
         "indexplan has no rule for this Cloud SQL usage yet"),
    ]  # fmt: skip
    assert data["not_in_bills"] == ["cloudflare"]
