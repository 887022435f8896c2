"""`indexplan actuals` on the s11 FinOps audit's bills (/work/notes/s11-audit.md, F1-F3, F5-F8,
F10-F12), each rebuilt here as the auditor built it (/tmp/s11a/gen.py, gencur.py, gencur2.py).

Stack all-aws, scenario examples/march-2024.yaml: the estimate's own rows for March 2024 are
  RDS db.r6g.large Multi-AZ 730 h x 0.45 = 328.50; gp3 500 GB-mo x 0.23 = 115.00;
  ElastiCache cache.r6g.large 1,460 node-h x 0.206 = 300.76; S3 GET 20,000 x 1,000 x 0.0004 = 8.00.
The base bill (a_base.csv), FOCUS 1.1 with SkuMeter: RDS 744 h 334.80; gp3 500 115.00; ElastiCache
744 node-h in each of accounts 111 and 222, 153.264 each; S3 GET 30 M requests 12.00.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from cli_run import assert_refused, run

ROOT = Path(__file__).resolve().parents[2]
MARCH = ("--stack", "all-aws", "-s", str(ROOT / "examples" / "march-2024.yaml"))
COLUMNS = ["BillingAccountId", "SubAccountId", "BillingCurrency", "BillingPeriodStart",
           "BillingPeriodEnd", "ChargePeriodStart", "ChargePeriodEnd", "ChargeCategory",
           "ChargeClass", "ChargeDescription", "ProviderName", "ServiceName", "SkuMeter",
           "RegionId", "PricingQuantity", "PricingUnit", "ListCost", "BilledCost",
           "EffectiveCost", "PricingCategory", "CommitmentDiscountId"]  # fmt: skip
RDS = {"ServiceName": "Amazon Relational Database Service",
       "SkuMeter": "Multi-AZUsage:db.r6g.large", "RegionId": "us-east-1",
       "PricingUnit": "Hrs"}  # fmt: skip
GP3 = {**RDS, "SkuMeter": "RDS:Multi-AZ-GP3-Storage", "PricingUnit": "GB-Mo"}
CACHE = {"ServiceName": "Amazon ElastiCache", "SkuMeter": "NodeUsage:cache.r6g.large",
         "RegionId": "us-east-1", "PricingUnit": "Hrs"}  # fmt: skip
GET = {"ServiceName": "Amazon Simple Storage Service", "SkuMeter": "Requests-Tier2",
       "RegionId": "us-east-1", "PricingUnit": "Requests"}  # fmt: skip
RDS_KEY = "aws rds_postgresql instance db.r6g.large/multi-az us-east-1"
CACHE_KEY = "aws elasticache node cache.r6g.large/redis us-east-1"


def row(**cells: object) -> dict[str, str]:
    out = dict.fromkeys(COLUMNS, "")
    out.update(BillingAccountId="111", SubAccountId="111", BillingCurrency="USD",
               BillingPeriodStart="2024-03-01T00:00:00Z", BillingPeriodEnd="2024-04-01T00:00:00Z",
               ChargePeriodStart="2024-03-01T00:00:00Z", ChargePeriodEnd="2024-04-01T00:00:00Z",
               ChargeCategory="Usage", ProviderName="AWS", PricingCategory="Standard")  # fmt: skip
    out.update({k: str(v) for k, v in cells.items()})
    if "EffectiveCost" not in cells:
        out["EffectiveCost"] = out["BilledCost"]
    return out


def base() -> list[dict[str, str]]:
    return [
        row(**RDS, PricingQuantity=744, ListCost="334.80", BilledCost="334.80"),
        row(**GP3, PricingQuantity=500, ListCost="115.00", BilledCost="115.00"),
        row(**CACHE, PricingQuantity=744, ListCost="153.264", BilledCost="153.264"),
        row(**CACHE, SubAccountId="222", PricingQuantity=744, ListCost="153.264",
            BilledCost="153.264"),
        row(**GET, PricingQuantity=30000000, ListCost="12.00", BilledCost="12.00"),
    ]  # fmt: skip


def write(path: Path, rows: list[dict[str, str]], columns: list[str] = COLUMNS) -> str:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return str(path)


def report(capsys, *args: str) -> dict:
    code, out, err = run(capsys, "actuals", *args, *MARCH, "-f", "json")
    assert (code, err) == (0, ""), err
    return json.loads(out)


def component(data: dict, price: str) -> tuple[float, ...]:
    c = next(c for c in data["components"] if c["price"] == price)
    keys = ("billed_usd", "variance_usd", "quantity_variance_usd", "rate_variance_usd")
    return tuple(c[k] for k in keys)


def others(data: dict) -> list[tuple[str, float]]:
    return sorted((u["billed"], u["billed_usd"]) for u in data["other_charges"])


# ---- F1: a Parquet bill's UTC periods, whatever the machine's time zone -----------------------

CUR_TZ = """COPY (SELECT TIMESTAMPTZ '2024-03-01 00:00:00+00' AS bill_billing_period_start_date,
  'Usage' AS line_item_line_item_type, 'AmazonRDS' AS line_item_product_code,
  'Multi-AZUsage:db.r6g.large' AS line_item_usage_type, 744.0 AS line_item_usage_amount,
  334.80 AS line_item_unblended_cost, 'USD' AS line_item_currency_code,
  '' AS line_item_line_item_description, 'Hrs' AS pricing_unit,
  'us-east-1' AS product_region_code) TO '{path}' (FORMAT parquet)"""


def _in_zone(zone: str, bill: str) -> tuple[int, dict, str]:
    env = {**os.environ, "TZ": zone}
    done = subprocess.run(
        [sys.executable, "-m", "indexplan", "actuals", bill, *MARCH, "-f", "json"],
        capture_output=True, text=True, env=env, check=False, cwd=ROOT,
    )  # fmt: skip
    return done.returncode, json.loads(done.stdout or "{}"), done.stderr


@pytest.fixture(scope="module")
def utc_bills(tmp_path_factory) -> dict[str, str]:
    where = tmp_path_factory.mktemp("utc")
    own = where / "own.parquet"
    code = subprocess.run(
        [sys.executable, "-m", "indexplan", "estimate", "all-aws", "-s", MARCH[3], "--format",
         "focus", "-o", str(own)], capture_output=True, check=False, cwd=ROOT,
    ).returncode  # fmt: skip
    assert code == 0
    cur = where / "cur.parquet"
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    con.execute(CUR_TZ.format(path=cur))
    con.close()
    # both store their periods as UTC instants (Parquet isAdjustedToUTC: TIMESTAMP WITH TIME ZONE)
    for path in (own, cur):
        kinds = dict(duckdb.sql(f"SELECT column_name, column_type FROM (DESCRIBE "
                                f"SELECT * FROM '{path}')").fetchall())  # fmt: skip
        assert "TIME ZONE" in kinds.get("BillingPeriodStart", kinds.get(
            "bill_billing_period_start_date", ""))  # fmt: skip
    return {"own": str(own), "cur": str(cur)}


@pytest.mark.parametrize("zone", ["America/Los_Angeles", "Asia/Tokyo"])
@pytest.mark.parametrize("which", ["own", "cur"])
def test_a_utc_parquet_bill_is_filed_under_its_own_month_in_any_time_zone(utc_bills, zone, which):
    # 2024-03-01T00:00Z is 2024-02-29 16:00 in Los Angeles (it was filed under February) and
    # 2024-03-01 09:00 in Tokyo: March either way, priced as of March's first day
    code, data, err = _in_zone(zone, utc_bills[which])
    assert (code, err) == (0, ""), err
    assert (data["month"], data["prices_as_of"]) == ("2024-03", "2024-03-01")
    if which == "cur":  # 744 h x 0.45 = 334.80 against 730 h = 328.50: +6.30, all quantity
        assert component(data, RDS_KEY) == (334.8, 6.3, 6.3, 0.0)
    else:  # indexplan's own estimate read back: every price exactly as estimated
        assert data["totals"]["variance_usd"] == 0.0


# ---- F2: commitments read amortised --------------------------------------------------------


def test_a_reserved_node_is_compared_at_its_amortised_cost(capsys, tmp_path):
    # account 222's 744 node-h covered by a reserved node: BilledCost 0, EffectiveCost 100.00,
    # and its Purchase row BilledCost 100.00, EffectiveCost 0 (c_commit.csv)
    rows = base()
    rows[3] = row(**CACHE, SubAccountId="222", PricingQuantity=744, ListCost="153.264",
                  BilledCost="0", EffectiveCost="100.00", PricingCategory="Committed",
                  CommitmentDiscountId="ri-1")  # fmt: skip
    rows.append(row(ChargeCategory="Purchase", SubAccountId="222", ServiceName="Amazon ElastiCache",
                    ChargeDescription="Reserved node cache.r6g.large monthly fee",
                    RegionId="us-east-1", PricingQuantity=744, PricingUnit="Hrs",
                    ListCost="100.00", BilledCost="100.00", EffectiveCost="0",
                    PricingCategory="Committed", CommitmentDiscountId="ri-1"))  # fmt: skip
    data = report(capsys, write(tmp_path / "commit.csv", rows))
    # amortised: 153.264 + 100.00 = 253.264 -> 253.26 against 300.76: -47.50; quantity
    # 1,488 x 0.206 = 306.528 -> 306.53 less 300.76 = +5.77; rate -47.50 - 5.77 = -53.27
    # (cash basis said billed 153.26, rate -153.27)
    assert component(data, CACHE_KEY) == (253.26, -47.5, 5.77, -53.27)
    assert data["cost_basis"] == "amortised"
    # the purchase is on the invoice once: billed +100.00, then taken back out of the other
    # charges because the usage above carries it
    assert others(data) == [
        ("Amazon ElastiCache / commitment cost amortised into usage", -100.0),
        ("Amazon ElastiCache / us-east-1", 100.0),
    ]
    # cash: 334.80 + 115.00 + 153.264 + 0 + 12.00 + 100.00 = 715.064 -> 715.06
    assert data["totals"]["invoice_total_usd"] == 715.06


CUR_COLUMNS = {
    "bill_billing_period_start_date": "TIMESTAMP", "line_item_line_item_type": "VARCHAR",
    "line_item_product_code": "VARCHAR", "line_item_usage_type": "VARCHAR",
    "line_item_usage_amount": "DOUBLE", "line_item_unblended_cost": "DOUBLE",
    "line_item_currency_code": "VARCHAR", "line_item_line_item_description": "VARCHAR",
    "pricing_unit": "VARCHAR", "product_region_code": "VARCHAR",
    "reservation_effective_cost": "DOUBLE", "savings_plan_savings_plan_effective_cost": "DOUBLE",
}  # fmt: skip


def write_cur(path: Path, rows: list[tuple], columns: dict[str, str] = CUR_COLUMNS) -> str:
    con = duckdb.connect()
    con.execute(f"CREATE TABLE c ({', '.join(f'{k} {v}' for k, v in columns.items())})")
    marks = ", ".join("?" for _ in columns)
    for values in rows:
        con.execute(f"INSERT INTO c VALUES ({marks})", list(values)[: len(columns)])
    con.execute(f"COPY c TO '{path}' (FORMAT parquet)")
    con.close()
    return str(path)


def cur(kind: str, product: str, usage: str, hours: float, cost: float, ri=None, sp=None) -> tuple:
    return ("2024-03-01 00:00:00", kind, product, usage, hours, cost, "USD", "", "Hrs",
            "us-east-1", ri, sp)  # fmt: skip


RDS_CUR = ("AmazonRDS", "Multi-AZUsage:db.r6g.large")
CACHE_CUR = ("AmazonElastiCache", "NodeUsage:cache.r6g.large")


def test_reserved_nodes_and_savings_plans_in_a_cur_are_compared_amortised(capsys, tmp_path):
    rows = [
        # RDS covered by a Savings Plan: on demand 744 x 0.45 = 334.80, negated; effective 250.00
        cur("SavingsPlanCoveredUsage", *RDS_CUR, 744, 334.80, sp=250.0),
        cur("SavingsPlanNegation", *RDS_CUR, 0, -334.80),
        cur("SavingsPlanRecurringFee", "ComputeSavingsPlans", "ComputeSP:1yrNoUpfront", 744, 250.0),
        # ElastiCache: one node on demand, one reserved (DiscountedUsage 0, effective 100.00)
        cur("Usage", *CACHE_CUR, 744, 153.264),
        cur("DiscountedUsage", *CACHE_CUR, 744, 0.0, ri=100.0),
        cur("RIFee", "AmazonElastiCache", "HeavyUsage:cache.r6g.large", 744, 100.0),
    ]
    data = report(capsys, write_cur(tmp_path / "cur.parquet", rows))
    # RDS at its Savings Plan cost, 250.00, against 328.50: -78.50 = quantity +6.30 (14 h
    # more at 0.45), rate -84.80 (cash: 334.80 - 334.80 = 0.00 billed)
    assert component(data, RDS_KEY) == (250.0, -78.5, 6.3, -84.8)
    # ElastiCache as in the FOCUS bill: 253.26, -47.50 = +5.77 quantity, -53.27 rate
    assert component(data, CACHE_KEY) == (253.26, -47.5, 5.77, -53.27)
    # the fees billed, and the amortised parts taken back: RDS 0 - 250.00, ElastiCache 0 - 100
    assert others(data) == [
        ("AmazonElastiCache / HeavyUsage:cache.r6g.large / us-east-1", 100.0),
        ("AmazonElastiCache / commitment cost amortised into usage", -100.0),
        ("AmazonRDS / commitment cost amortised into usage", -250.0),
        ("ComputeSavingsPlans / ComputeSP:1yrNoUpfront / us-east-1", 250.0),
    ]
    # cash: 334.80 - 334.80 + 250.00 + 153.264 + 0 + 100.00 = 503.264 -> 503.26
    assert data["totals"]["invoice_total_usd"] == 503.26


def test_calibration_of_fully_reserved_nodes_writes_their_amortised_rate(capsys, tmp_path):
    # k_allri.csv: both nodes reserved, 1,488 node-h BilledCost 0 / EffectiveCost 200.00, and
    # the Purchase row 200.00. The book was written at rate 0.0 (every later plan $0 for them)
    rows = [row(**CACHE, PricingQuantity=1488, ListCost="306.528", BilledCost="0",
                EffectiveCost="200.00", PricingCategory="Committed"),
            row(ChargeCategory="Purchase", ServiceName="Amazon ElastiCache", RegionId="us-east-1",
                PricingQuantity=1488, PricingUnit="Hrs", ListCost="200.00", BilledCost="200.00",
                EffectiveCost="0", PricingCategory="Committed")]  # fmt: skip
    book = tmp_path / "book.yaml"
    code, _, _ = run(capsys, "actuals", write(tmp_path / "allri.csv", rows), *MARCH,
                     "--write-price-book", str(book), "--write-scenario",
                     str(tmp_path / "s.yaml"))  # fmt: skip
    assert code == 0
    import yaml

    doc = yaml.safe_load(book.read_text())
    entry = next(e for e in doc["entries"] if e["service"] == "elasticache")
    rate = entry["rate"]["tiers"][0][1]
    # 200.00 / 1,488 = 0.134409 per node-hour, the shortest rate that gives 200.00 back
    assert abs(rate - 200 / 1488) < 1e-5 and round(1488 * rate, 2) == 200.0
    assert "amortised" in doc["source"]


@pytest.mark.parametrize(
    ("columns", "message"),
    [
        # a FOCUS Purchase row without EffectiveCost: the usage it covers would read as $0
        ([c for c in COLUMNS if c != "EffectiveCost"],
         "EffectiveCost: missing column, needed by 1 row(s) (the first: row 2)"),
    ],
)  # fmt: skip
def test_a_commitment_without_its_amortised_column_is_refused(capsys, tmp_path, columns, message):
    rows = [row(**CACHE, PricingQuantity=744, BilledCost="0"),
            row(ChargeCategory="Purchase", ServiceName="Amazon ElastiCache", PricingQuantity=744,
                PricingUnit="Hrs", BilledCost="100.00")]  # fmt: skip
    bill = write(tmp_path / "focus.csv", rows, columns)
    assert_refused(capsys, ("actuals", bill, *MARCH), f"{bill}: {message}")


def test_a_cur_reserved_row_without_reservation_columns_is_refused(capsys, tmp_path):
    columns = {k: v for k, v in CUR_COLUMNS.items() if not k.startswith(("reserv", "savings"))}
    bill = write_cur(tmp_path / "cur.parquet", [cur("DiscountedUsage", *CACHE_CUR, 744, 0.0)],
                     columns)  # fmt: skip
    assert_refused(
        capsys,
        ("actuals", bill, *MARCH),
        f"{bill}: reservation_effective_cost: missing column, needed by 1 row(s) (the first: "
        "row 1)",
    )


# ---- F3, F6: money a row must state; FOCUS's ChargeCategory values --------------------------


def test_an_empty_billed_cost_is_refused_naming_the_row(capsys, tmp_path):
    # two RDS rows of 372 h, 167.40 each, the second's BilledCost empty: read as 167.40 for
    # 744 h (a rate variance of -167.40) before
    rows = [row(**RDS, PricingQuantity=372, BilledCost="167.40"),
            row(**RDS, PricingQuantity=372, BilledCost="", EffectiveCost="167.40")]  # fmt: skip
    bill = write(tmp_path / "empty.csv", rows)
    assert_refused(
        capsys, ("actuals", bill, *MARCH), f"{bill}: BilledCost: row 2: empty; expected a number"
    )
    cur_bill = write_cur(tmp_path / "cur.parquet", [cur("Usage", *RDS_CUR, 372, 167.40),
                                                    cur("Usage", *RDS_CUR, 372, None)])  # fmt: skip
    assert_refused(
        capsys,
        ("actuals", cur_bill, *MARCH),
        f"{cur_bill}: line_item_unblended_cost: row 2: empty; expected a number",
    )


@pytest.mark.parametrize("category", ["usage", "USAGE", "Fee", ""])
def test_a_charge_category_outside_focus_is_refused(capsys, tmp_path, category):
    rows = [*base(), row(**RDS, ChargeCategory=category, PricingQuantity=1, BilledCost="0.45")]
    bill = write(tmp_path / "cat.csv", rows)
    shown = repr(category) if category else "None"  # an empty CSV cell is no value
    assert_refused(
        capsys,
        ("actuals", bill, *MARCH),
        f"{bill}: ChargeCategory: row 6: {shown} is not a FOCUS value; expected Usage, "
        "Purchase, Tax, Credit or Adjustment",
    )


# ---- F5: part of a month ---------------------------------------------------------------------


def test_a_month_to_date_bill_is_refused_and_two_halves_are_a_month(capsys, tmp_path):
    first = row(**RDS, PricingQuantity=360, BilledCost="162.00",
                ChargePeriodEnd="2024-03-16T00:00:00Z")  # fmt: skip
    bill = write(tmp_path / "mtd.csv", [first])
    # 1 March 00:00 to 16 March 00:00: 15 of March's 31 days
    assert_refused(
        capsys,
        ("actuals", bill, *MARCH),
        f"{bill}: ChargePeriodStart, ChargePeriodEnd: the usage covers 2024-03-01..2024-03-16 "
        "(15 of 31 days of 2024-03); expected a whole month's bill",
    )
    second = row(**RDS, PricingQuantity=384, BilledCost="172.80",
                 ChargePeriodStart="2024-03-16T00:00:00Z")  # fmt: skip
    rest = write(tmp_path / "rest.csv", [second])
    # together 360 + 384 = 744 h, 162.00 + 172.80 = 334.80: +6.30 against 328.50, all quantity
    assert component(report(capsys, bill, rest), RDS_KEY) == (334.8, 6.3, 6.3, 0.0)


# ---- F7: a bill counted twice ----------------------------------------------------------------


def test_a_bill_given_twice_is_refused(capsys, tmp_path):
    bill = write(tmp_path / "a.csv", base())
    assert_refused(capsys, ("actuals", bill, bill, *MARCH), f"{bill}: given twice")
    copy = write(tmp_path / "copy.csv", base())
    assert_refused(
        capsys,
        ("actuals", bill, copy, *MARCH),
        f"{bill}, {copy}: the same bill rows in both;",
    )
    # the CUR export of the same account's month beside its FOCUS export: RDS counted 1,488 h
    other = write_cur(tmp_path / "cur.parquet", [cur("Usage", *RDS_CUR, 744, 334.80)])
    assert_refused(
        capsys,
        ("actuals", bill, other, *MARCH),
        f"{bill}, {other}: both bill aws for 2024-03, one as FOCUS, one as AWS CUR 2.0",
    )


# ---- F10, F11, F12 ---------------------------------------------------------------------------


def test_the_csv_invoice_row_is_the_sum_of_its_rows(capsys, tmp_path):
    # b_extras.csv: + Tax 30.00, a credit -50.00, a refund (Credit, Correction) -5.00, DynamoDB 7.25
    rows = [*base(),
            row(ChargeCategory="Tax", ServiceName="Tax", BilledCost="30.00"),
            row(ChargeCategory="Credit", ChargeDescription="AWS Promotional credit",
                ServiceName=RDS["ServiceName"], BilledCost="-50.00"),
            row(ChargeCategory="Credit", ChargeClass="Correction", ChargeDescription="Refund",
                ServiceName=RDS["ServiceName"], BilledCost="-5.00"),
            row(ServiceName="Amazon DynamoDB", SkuMeter="ReadRequestUnits", RegionId="us-east-1",
                PricingQuantity=29000000, PricingUnit="ReadRequestUnits",
                BilledCost="7.25")]  # fmt: skip
    code, out, err = run(capsys, "actuals", write(tmp_path / "b.csv", rows), *MARCH, "-f", "csv")
    assert (code, err) == (0, "")
    lines = list(csv.DictReader(out.splitlines()))
    sections = ("component", "billed_not_modelled", "other", "credit", "invoice")
    billed = {s: [float(r["billed_usd"]) for r in lines if r["section"] == s] for s in sections}
    # 768.33 in components + 7.25 not modelled + 30.00 tax - 5.00 refund - 50.00 given = 750.58
    assert sorted(billed["other"]) == [-5.0, 30.0]
    rebuilt = sum(billed["component"]) + sum(billed["billed_not_modelled"])
    rebuilt += sum(billed["other"]) - sum(billed["credit"])
    assert round(rebuilt, 2) == billed["invoice"][0] == 750.58


def test_half_a_cent_rounds_as_the_invoice_does(capsys, tmp_path):
    # two S3 GET rows billed 0.008 and 0.107 (20 and 267.5 thousand requests at 0.0004): 0.115
    # exactly, 0.12 on the invoice (halves away from zero); summed as binary floats
    # 0.11499999999999999 -> 0.11 and a false rate variance of -0.01
    rows = [row(**GET, PricingQuantity=20000, BilledCost="0.008"),
            row(**GET, PricingQuantity=267500, BilledCost="0.107")]  # fmt: skip
    data = report(capsys, write(tmp_path / "half.csv", rows))
    # 287.5 x 0.0004 = 0.115 -> 0.12 by the estimate's own price function: no rate variance;
    # quantity 0.12 - 8.00 = -7.88
    assert component(data, "aws s3 get_requests us-east-1") == (0.12, -7.88, -7.88, 0.0)


def test_focus_unit_format_units_map(capsys, tmp_path):
    # l_unitformat.csv: Hrs -> Hours, GB-Mo -> GB-Months (FOCUS UnitFormat)
    units = {"Hrs": "Hours", "GB-Mo": "GB-Months"}
    rows = [{**r, "PricingUnit": units.get(r["PricingUnit"], r["PricingUnit"])} for r in base()]
    data = report(capsys, write(tmp_path / "units.csv", rows))
    # as a_base.csv: RDS +6.30, gp3 0.00, ElastiCache +5.77 (1,488 x 0.206 = 306.53), S3 +4.00
    assert component(data, RDS_KEY) == (334.8, 6.3, 6.3, 0.0)
    assert component(data, "aws rds_postgresql storage_gp3 multi-az us-east-1")[:2] == (115.0, 0)
    assert component(data, CACHE_KEY) == (306.53, 5.77, 5.77, 0.0)
    assert data["billed_not_modelled"] == []


# ---- F8: RegionName in indexplan's FOCUS -----------------------------------------------------


def test_focus_output_names_each_region(capsys, tmp_path):
    out = tmp_path / "own.csv"
    code, _, _ = run(capsys, "estimate", "all-aws", "-s", MARCH[3], "--format", "focus",
                     "-o", str(out))  # fmt: skip
    assert code == 0
    rows = list(csv.DictReader(out.read_text().splitlines()))
    # us-east-1 is "US East (N. Virginia)" in AWS's price data; no RegionId, no RegionName
    names = {(r["RegionId"], r["RegionName"]) for r in rows}
    assert names == {("us-east-1", "US East (N. Virginia)"), ("", "")}


# ---- F4: a price book whose rate changes inside the month ------------------------------------

MID_BOOK = """name: mid-march-change
source: hand-made test book
entries:
  - {provider: aws, service: rds_postgresql, dimension: instance, effective: 2024-01-01,
     until: 2024-03-15, rate: {unit: hour, tiers: [[null, 0.40]]}}
  - {provider: aws, service: rds_postgresql, dimension: instance, effective: 2024-03-16,
     rate: {unit: hour, tiers: [[null, 0.30]]}}
  - {provider: aws, service: s3, effective: 2024-03-01, discount_percent: 10}
"""


def test_a_book_rate_changing_mid_month_is_named_beside_the_variance(capsys, tmp_path):
    # RDS billed 360 h x 0.40 = 144.00 (1-15 March) + 384 h x 0.30 = 115.20 (16-31): 744 h,
    # 259.20, exactly on contract. The estimate prices March at the terms of 2024-03-01 (0.40,
    # as the catalog's own price changes are priced: not prorated): 730 h x 0.40 = 292.00, so
    # variance 259.20 - 292.00 = -32.80: quantity (744 - 730) x 0.40 = +5.60, rate -38.40. The
    # rate variance is the book's own change, and the report now says so; the S3 discount,
    # starting on the month's first day, changes nothing inside it and is not named.
    book = tmp_path / "book.yaml"
    book.write_text(MID_BOOK)
    bill = write(tmp_path / "mid.csv", [
        row(**RDS, PricingQuantity=360, ListCost="162.00", BilledCost="144.00",
            ChargePeriodEnd="2024-03-16T00:00:00Z"),
        row(**RDS, PricingQuantity=384, ListCost="172.80", BilledCost="115.20",
            ChargePeriodStart="2024-03-16T00:00:00Z"),
    ])  # fmt: skip
    data = report(capsys, bill, "--price-book", str(book))
    assert component(data, RDS_KEY) == (259.2, -32.8, 5.6, -38.4)
    assert data["notes"] == [
        "price book entries.0 (aws rds_postgresql instance) ends after 2024-03-15, inside "
        "2024-03: the month is priced at the terms in force on 2024-03-01 (a book's terms are "
        "not prorated by day)",
        "price book entries.1 (aws rds_postgresql instance) starts 2024-03-16, inside 2024-03: "
        "the month is priced at the terms in force on 2024-03-01 (a book's terms are not "
        "prorated by day)",
    ]
    code, out, _ = run(capsys, "actuals", bill, "--price-book", str(book), *MARCH)
    assert code == 0 and "Price book" in out and "not prorated by day" in out
    # a book whose changes fall on month boundaries has nothing to say
    book.write_text(
        MID_BOOK.replace("2024-03-15", "2024-02-29").replace("2024-03-16", "2024-03-01")
    )
    assert report(capsys, bill, "--price-book", str(book))["notes"] == []


@pytest.mark.parametrize("column", ["ChargePeriodStart", "ChargePeriodEnd"])
def test_an_impossible_charge_period_day_is_refused(capsys, tmp_path, column):
    # the month's coverage (F5) is read from the charge periods: a day the calendar lacks was
    # read as no period at all, so the row slipped past that check; now refused like the
    # billing period's own dates
    rows = [
        row(**RDS, PricingQuantity=744, BilledCost="334.80", **{column: "2024-02-30T00:00:00Z"})
    ]
    bill = write(tmp_path / "day.csv", rows)
    assert_refused(
        capsys,
        ("actuals", bill, *MARCH),
        f"{bill}: {column}: row 1: expected an ISO 8601 date (YYYY-MM-DD), got "
        "'2024-02-30T00:00:00Z'",
    )
