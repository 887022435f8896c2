"""Reconcile a 10-million-row AWS CUR 2.0 Parquet file, and print the figures of issue 13 next
to DuckDB's own plain scan of the same file (the floor), as ratios.

    .venv/bin/python benchmarks/actuals.py                  # 10^7 rows, 3 runs each
    .venv/bin/python benchmarks/actuals.py --rows 1000000 --repeat 1

The file is generated with DuckDB into a temporary directory (removed afterwards): a month of
hourly line items of the all-aws stack's services over 40 usage types, with the CUR 2.0 columns
the reader uses and the identity, resource and description columns a real export carries. Each
figure is a fresh process: `indexplan actuals FILE --stack all-aws ... --format json` (warm graph
cache: one untimed run fills it), and `python -c` running DuckDB's plain scan (every column the
reconciliation reads, summed or maxed, no grouping) in a connection with the same memory limit.
Time is wall clock from start to exit, with the child's CPU time (user + system) beside it, as
other jobs share the machine; memory is the child's peak RSS (os.wait4). Not a test: it never
fails a build.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 10.0
TARGET_BYTES = 2 * 10**9
SCENARIO = ROOT / "tests" / "fixtures" / "bills" / "private-index-2024-03.yaml"
EDGES = ("US", "EU", "CA", "JP", "AU", "AP", "IN", "SA", "ZA", "ME")
# 48 usage types: (product code, usage type, pricing unit, unit rate); 14 no mapping rule maps
# (EC2 instances, regional data transfer, CloudTrail, CloudWatch). CloudFront bills every edge
# price region's bytes and requests apart (costmodel/catalog/aws/cloudfront.yaml).
USAGE = [
    ("AmazonCloudFront", f"{edge}-DataTransfer-Out-Bytes", "GB", 0.085) for edge in EDGES
] + [
    ("AmazonCloudFront", f"{edge}-Requests-Tier2-HTTPS", "Requests", 0.0000012) for edge in EDGES
] + [
    ("AmazonS3", "TimedStorage-ByteHrs", "GB-Mo", 0.023),
    ("AmazonS3", "TimedStorage-GIR-ByteHrs", "GB-Mo", 0.004),
    ("AmazonS3", "Requests-Tier1", "Requests", 0.000005),
    ("AmazonS3", "Requests-Tier2", "Requests", 0.0000004),
    ("AmazonS3", "DataTransfer-Out-Bytes", "GB", 0.09),
    ("AmazonRDS", "Multi-AZUsage:db.r6g.large", "Hrs", 0.45),
    ("AmazonRDS", "RDS:Multi-AZ-GP3-Storage", "GB-Mo", 0.23),
    ("AmazonElastiCache", "NodeUsage:cache.r6g.large", "Hrs", 0.206),
    ("AmazonRoute53", "HostedZone", "HostedZone", 0.5),
    ("AmazonRoute53", "DNS-Queries", "Queries", 0.0000004),
    ("AWSQueueService", "Requests-Tier1", "Requests", 0.0000004),
    ("AmazonSNS", "Requests-Tier1", "Requests", 0.0000005),
] + [
    ("AmazonEC2", f"BoxUsage:m6i.{size}", "Hrs", 0.192)
    for size in ("large", "xlarge", "2xlarge", "4xlarge")
] + [
    ("AWSDataTransfer", f"DataTransfer-Regional-Bytes-{i}", "GB", 0.01) for i in range(8)
] + [("awskms", "KMS-Keys", "Keys", 1.0), ("AWSCloudTrail", "PaidEventsRecorded", "Events", 1e-5),
     ("AmazonCloudWatch", "CW:Requests", "Requests", 1e-5)]  # fmt: skip

SCAN = """
import sys, duckdb
con = duckdb.connect()
con.execute("SET memory_limit = '1GB'")
con.execute("SET enable_progress_bar = false")
print(con.execute(
    "SELECT count(*), sum(line_item_unblended_cost), sum(line_item_usage_amount), "
    "sum(discount_total_discount), sum(pricing_public_on_demand_cost), "
    "max(line_item_usage_type), max(line_item_product_code), max(product_region_code), "
    "max(pricing_unit), max(line_item_line_item_type), max(line_item_currency_code), "
    "max(line_item_line_item_description), max(bill_billing_period_start_date) "
    "FROM read_parquet(?)", [sys.argv[1]]).fetchone())
"""


def generate(path: Path, rows: int) -> None:
    import duckdb

    con = duckdb.connect()
    con.execute("SET memory_limit = '1GB'")
    con.execute("SET enable_progress_bar = false")
    con.execute(
        "CREATE TABLE usage (n INTEGER, code VARCHAR, type VARCHAR, unit VARCHAR, rate DOUBLE)"
    )
    con.executemany(
        "INSERT INTO usage VALUES (?, ?, ?, ?, ?)", [(i, *u) for i, u in enumerate(USAGE)]
    )
    con.execute(
        f"""
        COPY (
          SELECT
            'id-' || i AS identity_line_item_id,
            TIMESTAMP '2024-03-01' AS bill_billing_period_start_date,
            TIMESTAMP '2024-04-01' AS bill_billing_period_end_date,
            '444455556666' AS bill_payer_account_id,
            CASE WHEN i % 100000 = 99999 THEN 'Credit' ELSE 'Usage' END
              AS line_item_line_item_type,
            TIMESTAMP '2024-03-01' + to_hours(i % 744) AS line_item_usage_start_date,
            u.code AS line_item_product_code,
            u.type AS line_item_usage_type,
            (1 + i % 97) * 0.37 AS line_item_usage_amount,
            'USD' AS line_item_currency_code,
            (1 + i % 97) * 0.37 * u.rate AS line_item_unblended_cost,
            (1 + i % 97) * 0.37 * u.rate AS pricing_public_on_demand_cost,
            -0.1 * (1 + i % 97) * 0.37 * u.rate AS discount_total_discount,
            'usage of ' || u.type AS line_item_line_item_description,
            'arn:aws:service:us-east-1:444455556666:resource/' || (i % 5000)
              AS line_item_resource_id,
            u.unit AS pricing_unit,
            CASE WHEN u.code IN ('AmazonCloudFront', 'AmazonRoute53') THEN NULL
                 ELSE 'us-east-1' END AS product_region_code
          FROM range({int(rows)}) AS t(i)
          JOIN usage AS u ON u.n = i % {len(USAGE)}
        ) TO '{path}' (FORMAT parquet)
        """
    )


def timed(command: list[str], env: dict[str, str]) -> tuple[float, int, float]:
    """Wall seconds, peak RSS in bytes and CPU seconds (user + system) of one child process."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode:
            err.seek(0)
            raise SystemExit(f"failed: {' '.join(command)}: {err.read().decode()[-500:]}")
    return seconds, usage.ru_maxrss * 1024, usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--file", type=Path, help="Keep the generated CUR here (reused if it exists) for reruns."
    )
    args = parser.parse_args()
    python = Path(sys.executable)
    indexplan = str(python.parent / "indexplan")
    work = Path(tempfile.mkdtemp(prefix="indexplan-actuals-bench-"))
    try:
        env = {**os.environ, "INDEXPLAN_CACHE_DIR": str(work / "cache"), "COLUMNS": "100"}
        bill = args.file or work / "cur.parquet"
        if not bill.exists():
            start = time.perf_counter()
            generate(bill, args.rows)
            print(f"generated {args.rows:,} rows in {time.perf_counter() - start:.1f} s")
        import duckdb

        rows = duckdb.execute("SELECT count(*) FROM read_parquet(?)", [str(bill)]).fetchone()
        count = int(rows[0]) if rows else 0
        print(f"{bill.name}: {count:,} rows, {bill.stat().st_size / 1e6:,.0f} MB")
        command = [indexplan, "actuals", str(bill), "--stack", "all-aws", "-s", str(SCENARIO),
                   "--format", "json"]  # fmt: skip
        timed(command, env)  # fills the graph cache
        scans = [timed([str(python), "-c", SCAN, str(bill)], env) for _ in range(args.repeat)]
        runs = [timed(command, env) for _ in range(args.repeat)]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"{platform.node()}: {os.cpu_count()} CPUs, Python {platform.python_version()}, "
          f"load average {os.getloadavg()[0]:.1f}; median of {args.repeat}")  # fmt: skip
    scan = statistics.median(s[0] for s in scans)
    run = statistics.median(r[0] for r in runs)
    peak = max(r[1] for r in runs)
    for what, results, seconds in (
        ("duckdb plain scan", scans, scan),
        ("indexplan actuals", runs, run),
    ):
        cpu = statistics.median(r[2] for r in results)
        print(f"{what:18} {seconds:6.2f} s wall ({cpu:5.2f} s CPU)  {count / seconds:12,.0f} rows/s"
              f"  {max(r[1] for r in results) / 1e6:6,.0f} MB")  # fmt: skip
    verdict = "PASS" if run <= TARGET_SECONDS and peak <= TARGET_BYTES else "MISS"
    print(
        f"actuals / scan: {run / scan:.2f}x; target <= {TARGET_SECONDS:g} s and "
        f"<= {TARGET_BYTES / 1e9:g} GB: {verdict}"
    )


if __name__ == "__main__":
    main()
