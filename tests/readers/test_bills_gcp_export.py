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
      app requests = 8e8 x 0.5 (app.route_share's default) x 0.05 + 6e4 = 20,060,000; x 0.1 s
      = 2,006,000 request-seconds, load 2,006,000 / 2,628,000 s = 0.763318, e^-0.763318 =
      e^-0.75 x e^-0.013318 = 0.472367 x 0.986770 = 0.466117; at concurrency 80: 2,006,000 /
      80 = 25,075 s + 79/80 x (1 - 0.466117) x 2,628,000 = 1,385,505.87 s = 1,410,580.87
      instance-seconds x 1 vCPU (1 GiB):
      1,410,580.87 vCPU-seconds: 180,000 free, 1,230,580.87 x 0.000024 = 29.53
      1,410,580.87 GiB-seconds: 360,000 free, 1,050,580.87 x 0.0000025 = 2.63
      20.06 million requests: 2 free, 18.06 x 0.40 = 7.22
      responses 20,060,000 x 20 kB = 4.012e11 bytes = 373.6466 GiB, all to North America, as
      Premium Tier internet egress (catalog gcp/egress.json), less Cloud Run's free 1 GiB
      within North America (cloud.google.com/run/pricing): 372.6466 x 0.12 = 44.72
      Cloud SQL: 1 vCPU x 730 h x 0.0413 = 30.15; 3.75 GiB x 730 h = 2,737.5 x 0.007 = 19.16;
      20 GiB-months x 0.17 = 3.40. Total 136.81 (136.93 before session 9 took the free GiB
      off; 207.37 before session 8, when every cache miss was taken to reach the app:
      40,060,000 requests)
    The bill below: CPU 100,000 s more (1,510,581 - 180,000 = 1,330,581 x 0.000024 = 31.93),
    storage 25 GiB-months (4.25), egress all 373.6466 GiB at 44.84 (this hand-made export
    carries no free-tier credit, so the free GiB is a quantity variance of 0.12), the rest as
    estimated, and Cloud SQL backups (no rule: 0.80). Billed for usage 140.98; explained per
    component, billed less the absolute variance: 29.53 (31.93 - 2.40) + 2.63 + 7.22 + 44.72
    (44.84 - 0.12) + 30.15 + 19.16 + 3.40 (4.25 - 0.85) = 136.81, 136.81 / 140.98 = 97.04%."""
    sql = "Cloud SQL for PostgreSQL: Zonal - "
    rows = [
        gcp_row("Cloud Run", "Services CPU (Request-based billing)", "second", 1_510_581, 31.93),
        gcp_row("Cloud Run", "Services Memory (Request-based billing)", "gibibyte second",
                1_410_581, 2.63),
        gcp_row("Cloud Run", "Requests", "count", 20_060_000, 7.22),
        gcp_row("Cloud Run",
                "Cloud Run Network Internet Data Transfer Out North America to North America",
                "gibibyte", 373.6466169357, 44.84),
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
    # s10 audit F2/F10: Cloud Run's instance time is now E[ceil(N/80)] = 1 - e^-load with load
    # 2,006,000 / 2,629,800 s = 0.762796: 0.533639 x 2,628,000 = 1,402,403.76 s; vCPU 1,222,403.76
    # x 0.000024 = 29.34, memory 1,042,403.76 x 0.0000025 = 2.61; egress 1 GiB free + 372.6466
    # x 0.12 = 44.72 as before but over the billed 373.6466 GiB. Estimated 29.34 + 2.61 + 7.22 +
    # 44.72 + 30.15 + 19.16 + 3.40 = 136.60. Variance: vCPU 31.93 - 29.34 = 2.59 and memory
    # 2.63 - 2.61 = 0.02 (quantities), SSD 0.85 (quantity), egress 0.12 (same quantity, so
    # rate): quantity 3.46, rate 0.12, 3.58; the model's prices cover 140.18 / 140.98 =
    # 99.43% of the bill; the estimate matches 136.60 / 140.98 = 96.89% (every line under).
    assert data["verdict"] == (
        "Of the $140.98 billed for usage in 2024-03, the prices the model covers billed $140.18 "
        "(99.4%) against $136.60 estimated (variance +$3.58: quantity +$3.46, rate +$0.12); the "
        "estimate matches 96.9% of the bill (per price, the billed cost less its variance's "
        "size: $136.60); $0.80 billed is outside the model; $0.00 estimated was not billed."
    )
    assert data["totals"]["explained_usd"] == 136.60
    got = {c["price"]: (c["billed_quantity"], c["quantity_variance_usd"], c["rate_variance_usd"])
           for c in data["components"]}  # fmt: skip
    assert got == {
        "gcp cloud_run vcpu_seconds us-central1": (1_510_581, 2.59, 0.0),
        "gcp cloud_run memory_seconds us-central1": (1_410_581, 0.02, 0.0),
        "gcp cloud_run requests us-central1": (20.06, 0.0, 0.0),
        "gcp network internet_egress_premium us-central1 americas": (373.646617, 0.0, 0.12),
        "gcp cloud_sql vcpu zonal us-central1": (730, 0.0, 0.0),
        "gcp cloud_sql memory zonal us-central1": (2737.5, 0.0, 0.0),
        "gcp cloud_sql ssd_storage zonal us-central1": (25, 0.85, 0.0),
    }
    assert [(u["billed"], u["reason"]) for u in data["billed_not_modelled"]] == [
        ("Cloud SQL / Cloud SQL: Backups in Americas / us-central1",
         "indexplan has no rule for this Cloud SQL usage yet"),
    ]  # fmt: skip
    assert data["not_in_bills"] == ["cloudflare"]
