"""`indexplan actuals` against the s7 review's month: a private index (PyPI + npm proxy) on AWS
in eu-west-1, October 2026 (744 hours), billed in a CUR 2.0 with a 12% EDP as separate
EdpDiscount rows, as the reviewer's generator wrote it (/work/notes/s7-review-inputs/make_cur.py).

The month, at the catalog's list rates (costmodel/catalog/aws/) less 12%:
  CloudFront data out  EU 4,900 GB, the account's 1,024 GB free all there (AWS applies it where
                       it accrues): (4,900 - 1,024) x 0.085 = 329.46 x 0.88 = 289.92;
                       US 2,980.23 GB x 0.085 = 253.32 x 0.88 = 222.92
  CloudFront HTTPS     EU 2,400 x 10,000 x 0.012 = 28.80 x 0.88 = 25.34; US 1,600 x 10,000, the
                       10 M free all there: 600 x 0.010 = 6.00 x 0.88 = 5.28
  S3                   2,793.97 GB-Mo x 0.023 = 64.26; 200 x 1,000 PUTs x 0.005 = 1.00;
                       4,000 x 1,000 GETs x 0.0004 = 1.60 (x 0.88: 56.55, 0.88, 1.41)
  RDS db.t4g.medium Multi-AZ 744 h x 0.138 = 102.67 x 0.88 = 90.35; gp3 100 x 0.254 = 25.40
  ElastiCache cache.t4g.small 1,488 node-hours x 0.034 = 50.59 x 0.88 = 44.52
  KMS                  a key in eu-west-1 (EU-KMS-Keys) and the DNSSEC key in us-east-1 as
                       real CURs write it (us-east-1-KMS-Keys), 1.00 each
  Route 53             zone 0.50; 50 M queries x 0.40 = 20.00
  SQS                  3 M requests, the first 1 M free: 2 x 0.40 = 0.80 x 0.88 = 0.70
  not modelled         regional transfer, CloudWatch metrics, the secret
  other                a 100.00 credit, a 25.00 refund, 120.00 tax
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import duckdb
import pytest
import yaml
from cli_run import assert_refused, run

EDP = 0.12
# product, usage type, region, unit, quantity, list cost
USAGE = [
    ("AmazonCloudFront", "EU-DataTransfer-Out-Bytes", "", "GB", 4900.0, (4900 - 1024) * 0.085),
    ("AmazonCloudFront", "US-DataTransfer-Out-Bytes", "", "GB", 2980.23, 2980.23 * 0.085),
    ("AmazonCloudFront", "EU-Requests-Tier2-HTTPS", "", "Requests", 24e6, 28.80),
    ("AmazonCloudFront", "US-Requests-Tier2-HTTPS", "", "Requests", 16e6, 6.00),
    ("AmazonS3", "EU-TimedStorage-ByteHrs", "eu-west-1", "GB-Mo", 2793.97, 64.26),
    ("AmazonS3", "EU-Requests-Tier1", "eu-west-1", "Requests", 200000, 1.00),
    ("AmazonS3", "EU-Requests-Tier2", "eu-west-1", "Requests", 4e6, 1.60),
    ("AmazonRDS", "EU-Multi-AZUsage:db.t4g.medium", "eu-west-1", "Hrs", 744, 744 * 0.138),
    ("AmazonRDS", "EU-RDS:Multi-AZ-GP3-Storage", "eu-west-1", "GB-Mo", 100, 25.40),
    ("AmazonElastiCache", "EU-NodeUsage:cache.t4g.small", "eu-west-1", "Hrs", 1488, 1488 * 0.034),
    ("AWSQueueService", "EU-Requests-Tier1", "eu-west-1", "Requests", 3e6, 0.80),
    ("awskms", "EU-KMS-Keys", "eu-west-1", "Keys", 1, 1.00),
    ("awskms", "us-east-1-KMS-Keys", "us-east-1", "Keys", 1, 1.00),
    ("AWSSecretsManager", "EU-AWSSecretsManager-Secrets", "eu-west-1", "Secrets", 1, 0.40),
    ("AmazonRoute53", "HostedZone", "global", "HostedZone", 1, 0.50),
    ("AmazonRoute53", "DNS-Queries", "global", "Queries", 5e7, 20.00),
    ("AWSDataTransfer", "EU-DataTransfer-Regional-Bytes", "eu-west-1", "GB", 500, 5.00),
    ("AmazonCloudWatch", "EU-CW:MetricMonitorUsage", "eu-west-1", "Metrics", 50, 15.00),
]
STACK = {
    "config": {
        "aws:region": "eu-west-1",
        "indexplan:domain": "pkgs.example.com",
        "indexplan:files_hostname": "files.pkgs.example.com",
        "indexplan:roles": {"cdn": "aws", "storage": "aws", "database": "aws", "queue": "aws",
                            "cache": "aws", "dns": "aws"},
        "indexplan:database": {"instance": "db.t4g.medium", "multi_az": True, "storage_gb": 100},
        "indexplan:cache": {"node_type": "cache.t4g.small", "nodes": 2},
    }
}  # fmt: skip
SCENARIO = {
    "name": "mine",
    "description": "internal PyPI + npm proxy",
    "source": "the s7 review's persona",
    "as_of": "2026-11-01",
    "traffic": {"egress": "8 TB/month", "requests": "4e7/month", "cache_hit_ratio": 0.9,
                "regions": {"europe": 0.6, "north_america": 0.4}},
    "storage": {"stored": "3 TB", "uploads": "2e5/month"},
    "queue": {"messages": "1e6/month"},
    "dns": {"queries": "5e7/month"},
    "growth": {"per_year": 1.7320508},
}  # fmt: skip
BOOK = {"name": "edp-12", "source": "EDP, 12% on all usage",
        "entries": [{"provider": "aws", "discount_percent": 12,
                     "effective": "2025-01-01"}]}  # fmt: skip
COLUMNS = (
    "bill_billing_period_start_date TIMESTAMP, line_item_line_item_type VARCHAR, "
    "line_item_product_code VARCHAR, line_item_usage_type VARCHAR, line_item_usage_amount DOUBLE, "
    "line_item_unblended_cost DOUBLE, line_item_currency_code VARCHAR, "
    "line_item_line_item_description VARCHAR, pricing_unit VARCHAR, product_region_code VARCHAR"
)
OCTOBER = dt.datetime(2026, 10, 1)


def cur_rows(unit_of_hours: str = "Hrs") -> list[tuple]:
    """Each usage row with its EDP discount row (the same usage type and unit), then a
    credit, a refund and tax."""
    rows = []
    for product, usage, region, unit, quantity, cost in USAGE:
        unit = unit_of_hours if unit == "Hrs" else unit
        rows.append((OCTOBER, "Usage", product, usage, quantity, cost, "USD", "usage", unit,
                     region))  # fmt: skip
        rows.append((OCTOBER, "EdpDiscount", product, usage, 0.0, -cost * EDP, "USD", "EDP",
                     unit, region))  # fmt: skip
    rows += [
        (OCTOBER, "Credit", "AmazonRDS", "", 0.0, -100.0, "USD", "credits", "", "eu-west-1"),
        (OCTOBER, "Refund", "AmazonCloudFront", "", 0.0, -25.0, "USD", "SLA credit", "", ""),
        (OCTOBER, "Tax", "AmazonCloudFront", "", 0.0, 120.0, "USD", "VAT", "", ""),
    ]
    return rows


def write_cur(path: Path, rows: list[tuple], cost_type: str = "DOUBLE") -> Path:
    con = duckdb.connect()
    con.execute(f"CREATE TABLE b ({COLUMNS.replace('cost DOUBLE', f'cost {cost_type}')})")
    con.executemany(f"INSERT INTO b VALUES ({', '.join('?' * 10)})", rows)
    con.execute(f"COPY b TO '{path}' (FORMAT parquet)")
    con.close()
    return path


@pytest.fixture
def month(tmp_path) -> dict[str, str]:
    files = {"stack": tmp_path / "Pulumi.mine-aws.yaml", "scenario": tmp_path / "mine.yaml",
             "book": tmp_path / "edp12.yaml"}  # fmt: skip
    for path, doc in zip(files.values(), (STACK, SCENARIO, BOOK), strict=True):
        path.write_text(yaml.safe_dump(doc))
    out = {name: str(path) for name, path in files.items()}
    cur = tmp_path / "cur.parquet"
    if _WRITTEN:
        cur.write_bytes(_WRITTEN[0])
    else:
        _WRITTEN.append(write_cur(cur, cur_rows()).read_bytes())
    out["cur"] = str(cur)
    return out


# The month's CUR as DuckDB wrote it for the first test (a database and an insert per row,
# ~70 ms): the same bytes for every other.
_WRITTEN: list[bytes] = []


def args(month: dict[str, str], *more: str, scenario: bool = True) -> list[str]:
    given = ["-s", month["scenario"]] if scenario else []
    return ["actuals", month["cur"], "--stack", month["stack"], *given, "--price-book",
            month["book"], *more]  # fmt: skip


def book_rates(path: Path) -> dict[str, float]:
    entries = yaml.safe_load(path.read_text())["entries"]
    return {f"{e['service']} {e['dimension']} {e['zone']}": e["rate"]["tiers"][0][1]
            for e in entries}  # fmt: skip


def test_the_written_rates_are_the_bills_effective_rates(capsys, month, tmp_path):
    scenario, book = tmp_path / "oct.yaml", tmp_path / "oct-rates.yaml"
    code, out, err = run(capsys, *args(month, "--write-scenario", str(scenario),
                                       "--write-price-book", str(book), "-f", "json"))  # fmt: skip
    assert code == 0, err
    rates = book_rates(book)
    # CloudFront's 1 TB free is the account's, placed by AWS where it accrues (here all in
    # Europe): taken out of the pool, one discount off list prices both zones, (289.92 + 222.92)
    # / (4,900 + 2,980.23 - 1,024) = 512.84 / 6,856.23 = 0.0748 = 0.085 x 0.88, not the 0.068
    # and 0.086 the estimate's pro-rata split of the allowance gave
    assert rates["cloudfront data_out europe_israel"] == 0.0748
    assert rates["cloudfront data_out us_mexico_canada"] == 0.0748
    # the 10 M free requests likewise (all in the US): 0.012 x 0.88 and 0.010 x 0.88
    assert rates["cloudfront https_requests europe_israel"] == 0.01056
    assert rates["cloudfront https_requests us_mexico_canada"] == 0.0088
    # an hourly price per billed hour: 90.35 / 744 = 0.12144 = 0.138 x 0.88 (not 90.35 / 730
    # = 0.12377), 44.52 / 1,488 = 0.02992 = 0.034 x 0.88
    assert rates["rds_postgresql instance eu-west-1"] == 0.12144
    assert rates["elasticache node eu-west-1"] == 0.02992
    # S3 GETs are the requests' misses: 4,000 x 1,000 billed at 1.41, 0.0003525 a thousand
    # (the shortest rate that gives 1.41 on 4,000: 0.000353); the written hit ratio keeps the
    # bill's GETs: 40 M requests x (1 - 0.9) = 4 M (it was divided by egress's scale before)
    assert rates["s3 get_requests eu-west-1"] == 0.000353
    written = yaml.safe_load(scenario.read_text())
    assert written["traffic"]["cache_hit_ratio"] == 0.9
    # the DNSSEC key's row, us-east-1-KMS-Keys, is KMS's price: 1.00 x 0.88
    assert rates["kms key_month us-east-1"] == 0.88
    # the estimate's queue key requests, which the month did not bill, have no effective rate:
    # left out of the book (its comment, stderr and the JSON say so), never a 0 rate
    data = json.loads(out)
    assert "kms requests eu-west-1" not in rates and 0.0 not in rates.values()
    assert (
        "aws kms requests eu-west-1: not billed in 2026-10"
        in (data["calibration"]["left_out_of_price_book"])
    )
    assert "# aws kms requests eu-west-1: not billed in 2026-10\n" in book.read_text()
    assert err.count("\n") == 1 and "left out" in err and "kms requests eu-west-1" in err
    # and the bill's invoice: usage 797.97 + tax 120.00 - refund 25.00 - credit 100.00 = 792.97
    assert data["totals"]["invoice_total_usd"] == 792.97


def test_the_next_estimate_differs_only_where_the_model_cannot_follow(capsys, month, tmp_path):
    scenario, book = tmp_path / "oct.yaml", tmp_path / "oct-rates.yaml"
    code, out, _ = run(capsys, *args(month, "--write-scenario", str(scenario),
                                     "--write-price-book", str(book), "-f", "json"))  # fmt: skip
    checks = json.loads(out)["calibration"]["checks"]
    assert code == 0 and json.loads(out)["calibration"]["reproduces_bill"]
    # RDS: 730 model hours x 0.12144 = 88.65 against 90.35 billed for October's 744
    rds = next(c for c in checks if "rds_postgresql instance" in c)
    assert rds.startswith("quantity: ") and "billed 90.35, calibrated 88.65" in rds
    assert "2026-10 has 744" in rds
    # CloudFront Europe: the estimate gives the zone its pro-rata share of the 1,024 GB free,
    # so at the same 0.0748 it prices more than the 3,876 GB the bill charged
    eu = next(c for c in checks if "data_out europe_israel" in c)
    assert eu.startswith("allowance: ") and "the bill charged 3,876 of its 4,900" in eu
    assert not any(c.startswith("differs") for c in checks)


def test_without_a_scenario_the_traffic_is_the_bills(capsys, month):
    code, out, err = run(capsys, *args(month, "-f", "json", scenario=False))
    assert (code, err) == (0, "")
    data = json.loads(out)
    # not the shipped PyPI scenario: every CDN, storage and DNS figure is the month's own, so
    # CloudFront's data out is billed and estimated at 7,880.23 GB, not 10 PB a day
    cdn = [c for c in data["components"] if c["price"].startswith("aws cloudfront data_out")]
    assert sum(c["estimated_quantity"] for c in cdn) == pytest.approx(4900 + 2980.23, rel=1e-6)
    assert data["scenario_from_bill"][0].startswith("egress from cloudfront data_out")
    assert data["scenario_from_bill"][-1].startswith("figures the bill does not show: scenario")
    # the verdict's components: 780.37 billed (797.97 less the 17.60 outside the model) against
    # an estimate within a few dollars of it (the month's hours, where the free tiers fell)
    assert data["totals"]["billed_in_components_usd"] == 780.37
    assert abs(data["totals"]["variance_usd"]) < 5


def test_without_a_scenario_a_bill_with_no_cdn_traffic_asks_for_one(capsys, month, tmp_path):
    rows = [r for r in cur_rows() if r[2] != "AmazonCloudFront"]
    month["cur"] = str(write_cur(tmp_path / "no-cdn.parquet", rows))
    assert_refused(capsys, tuple(args(month, scenario=False)),
                   "--scenario: the bill shows no CDN traffic")  # fmt: skip


def test_a_discount_follows_its_unmapped_usage(capsys, month, tmp_path):
    # the RDS and ElastiCache rows in `Seconds`, not the offer file's `Hrs` (nor FOCUS's
    # `Hours`, which reads as Hrs since s11): usage and its EDP discount both billed but not
    # modelled, one line each at 90.35 and 44.52 (not a component "billed" -12.32, its
    # discount alone)
    month["cur"] = str(write_cur(tmp_path / "hours.parquet", cur_rows("Seconds")))
    code, out, err = run(capsys, *args(month, "-f", "json"))
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert not any(c["price"].startswith(("aws rds_postgresql instance", "aws elasticache"))
                   for c in data["components"])  # fmt: skip
    hours = [(u["billed"].split(" / ")[0], u["kind"], u["quantity"], u["billed_usd"])
             for u in data["billed_not_modelled"] if u["unit"] == "Seconds"]  # fmt: skip
    assert hours == [("AmazonElastiCache", "usage", 1488.0, 44.52),
                     ("AmazonRDS", "usage", 744.0, 90.35)]  # fmt: skip


@pytest.mark.parametrize("fmt", ["table", "markdown", "csv"])
def test_the_invoice_total_and_negative_money(capsys, month, fmt):
    code, out, err = run(capsys, *args(month, "-f", fmt))
    assert (code, err) == (0, "")
    if fmt == "csv":
        invoice = [r for r in csv.DictReader(out.splitlines()) if r["section"] == "invoice"]
        assert [r["billed_usd"] for r in invoice] == ["792.97"]
        return
    assert "Invoice total: $792.97" in out
    # the refund as every other negative amount reads, -$25.00, not $-25.00
    assert "-$25.00" in out and "$-" not in out


def test_the_reviewers_bad_cells_are_one_line_naming_the_column(capsys, month, tmp_path):
    # a CUR whose cost column is text, one cell with a thousands separator: the last row,
    # 39 = 18 usage rows and their 18 discounts, then the credit, the refund and the tax
    rows = [(*r[:5], f"{r[5]:.10f}", *r[6:]) for r in cur_rows()]
    rows[-1] = (*rows[-1][:5], "1,234.50", *rows[-1][6:])
    month["cur"] = str(write_cur(tmp_path / "text.parquet", rows, "VARCHAR"))
    assert_refused(capsys, tuple(args(month)),
                   "text.parquet: line_item_unblended_cost: row 39: expected a number (no "
                   "thousands separator), got '1,234.50'")  # fmt: skip
    # a row of no billing period: it would count in whichever month is asked
    rows = cur_rows()
    rows[2] = (None, *rows[2][1:])
    month["cur"] = str(write_cur(tmp_path / "no-period.parquet", rows))
    assert_refused(capsys, tuple(args(month)),
                   "no-period.parquet: bill_billing_period_start_date: empty on 1 row(s) "
                   "(AmazonCloudFront US-DataTransfer-Out-Bytes)")  # fmt: skip


FOCUS_HEADER = ("BilledCost,BillingCurrency,BillingPeriodStart,ChargeCategory,ProviderName,"
                "ServiceName,PricingQuantity,PricingUnit,SkuMeter\n")  # fmt: skip


def focus(tmp_path: Path, name: str, cost: str, currency: str, period: str) -> str:
    """One FOCUS usage row: Europe's CloudFront data out, 4,470.35 GB."""
    usage = "Usage,AWS,Amazon CloudFront,4470.35,GB,EU-DataTransfer-Out-Bytes"
    row = f"{cost},{currency},{period},{usage}\n"
    path = tmp_path / name
    path.write_text(FOCUS_HEADER + row, encoding="utf-8")
    return str(path)


def test_focus_cells_the_spec_does_not_allow(capsys, month, tmp_path):
    # FOCUS's BillingPeriodStart is ISO 8601: a US-locale re-save is refused, not January
    month["cur"] = focus(tmp_path, "us-date.csv", "288.42", "USD", "10/01/2026")
    assert_refused(capsys, tuple(args(month)),
                   "us-date.csv: BillingPeriodStart: row 1: expected an ISO 8601 date "
                   "(YYYY-MM-DD), got '10/01/2026'")  # fmt: skip
    # ISO 8601's form, but a day no calendar has: refused, not read as February
    month["cur"] = focus(tmp_path, "feb30.csv", "288.42", "USD", "2026-02-30T00:00:00Z")
    assert_refused(capsys, tuple(args(month)),
                   "feb30.csv: BillingPeriodStart: row 1: expected an ISO 8601 date "
                   "(YYYY-MM-DD), got '2026-02-30T00:00:00Z'")  # fmt: skip
    month["cur"] = focus(tmp_path, "comma.csv", '"1,288.42"', "USD", "2026-10-01T00:00:00Z")
    assert_refused(capsys, tuple(args(month)),
                   "comma.csv: BilledCost: row 1: expected a number (no thousands separator), "
                   "got '1,288.42'")  # fmt: skip
    month["cur"] = focus(tmp_path, "none.csv", "288.42", "", "2026-10-01T00:00:00Z")
    assert_refused(
        capsys,
        tuple(args(month)),
        "none.csv: BillingCurrency: empty on some rows; expected USD (ISO 4217)",
    )
    utf16 = tmp_path / "utf16.csv"
    utf16.write_text(Path(focus(tmp_path, "x.csv", "1", "USD", "2026-10-01")).read_text(),
                     encoding="utf-16")  # fmt: skip
    month["cur"] = str(utf16)
    assert_refused(capsys, tuple(args(month)),
                   "utf16.csv: encoding: UTF-16 text; expected a UTF-8 CSV")  # fmt: skip
    # ISO 4217's `usd` in lower case is USD: read
    month["cur"] = focus(tmp_path, "lower.csv", "288.42", "usd", "2026-10-01T00:00:00Z")
    code, out, err = run(capsys, *args(month, "-f", "json"))
    assert (code, err) == (0, "") and json.loads(out)["month"] == "2026-10"


def test_where_a_shared_free_allowance_fell_is_usage_not_rate(capsys, month):
    # The bill is at exactly the book's rates (list less 12%), so no price differs: every rate
    # variance is 0. CloudFront's 1 TB free fell all in Europe, where the estimate gave each
    # zone its share pro rata (614.40 / 409.60 GB): Europe billed 3,876 GB x 0.0748 = 289.92
    # against 288.42 estimated, +1.50; the US 2,980.23 x 0.0748 = 222.92 against 192.28, +30.64;
    # both quantity (before: -30.64 and +30.64 of "rate"). The 10 M free requests, all in the
    # US: Europe +6.33 (25.34 - 19.01), the US -5.28 (5.28 - 10.56), quantity too.
    code, out, err = run(capsys, *args(month, "-f", "json"))
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data["totals"]["rate_variance_usd"] == 0
    cdn = {c["price"]: (c["variance_usd"], c["quantity_variance_usd"], c["rate_variance_usd"])
           for c in data["components"] if c["price"].startswith("aws cloudfront")}  # fmt: skip
    assert cdn == {
        "aws cloudfront data_out europe_israel": (1.5, 1.5, 0.0),
        "aws cloudfront data_out us_mexico_canada": (30.64, 30.64, 0.0),
        "aws cloudfront https_requests europe_israel": (6.33, 6.33, 0.0),
        "aws cloudfront https_requests us_mexico_canada": (-5.28, -5.28, 0.0),
    }
