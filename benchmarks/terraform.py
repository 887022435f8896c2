"""Time pricing Terraform plans of 1e3 and 1e4 resources (issue 17; target: 1e4 in <= 3 s).

Plans are built from the real all-aws plan (tests/fixtures/terraform/all-aws.plan.json) by
giving its resource changes new addresses under `module.site["<i>"]`, two ways:

- `index+`: the all-aws index once, and the rest of the N resources the kind that fill a
  large organisation's plan (DNS records, policies, bucket settings, certificates, keys:
  free or known-unpriced), cycled from the same plan;
- `copies`: N/35 whole copies of all-aws, so every 35th resource is another priced bucket,
  queue or database.

For each plan, in CPU seconds of this process (the least of --repeat runs): the floor,
`json.loads` of the file (no reader can do less); `read_plan` (parse included); read and
price (roles, usage, pricing); each also as a ratio to the floor. Then the whole
`indexplan estimate --from-terraform-plan` process: median wall time and CPU time. Not a
test: it prints and never fails.

    .venv/bin/python benchmarks/terraform.py [--repeat 3] [--copies-up-to 1000]
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from costmodel.model.estimate import estimate  # noqa: E402
from costmodel.model.scenario import load_scenario  # noqa: E402
from costmodel.readers.terraform import read_plan  # noqa: E402
from costmodel.readers.usage_file import apply_usage  # noqa: E402
from indexplan.graph_source import terraform_plan  # noqa: E402

BASE = ROOT / "tests" / "fixtures" / "terraform" / "all-aws.plan.json"
SCENARIO = ROOT / "scenarios" / "pypi-2026.yaml"
PRICED = {
    "aws_s3_bucket",
    "aws_cloudfront_distribution",
    "aws_db_instance",
    "aws_elasticache_replication_group",
    "aws_route53_zone",
    "aws_sqs_queue",
    "aws_sns_topic",
}


def relocated(change: dict[str, Any], site: int) -> dict[str, Any]:
    prefix = f'module.site["{site}"].'
    module = change.get("module_address")
    return {
        **change,
        "address": prefix + change["address"],
        "module_address": prefix + module if module else prefix.rstrip("."),
    }


def build(kind: str, n: int) -> dict[str, Any]:
    base = json.loads(BASE.read_text())
    changes = base["resource_changes"]
    if kind == "copies":
        out = [
            relocated(c, i // len(changes)) for i, c in enumerate(changes * (n // len(changes) + 1))
        ]
    else:
        filler = [c for c in changes if c["type"] not in PRICED]
        out = list(changes) + [
            relocated(filler[i % len(filler)], 1 + i // len(filler))
            for i in range(n - len(changes))
        ]
    doc = copy.deepcopy(base)
    doc["resource_changes"] = out[:n]
    return doc


def best(repeat: int, fn: Callable[..., Any], *args: Any) -> float:
    """CPU seconds of this process, the least of `repeat` runs: the figure a shared machine's
    load disturbs least."""
    runs = []
    for _ in range(repeat):
        start = time.process_time()
        fn(*args)
        runs.append(time.process_time() - start)
    return min(runs)


def price(path: Path) -> None:
    source = terraform_plan(path)
    scenario = load_scenario(SCENARIO)
    applied = apply_usage(source.graph, scenario, None)
    assert scenario.as_of is not None
    estimate(
        applied.graph,
        scenario,
        stack=source.name,
        as_of=scenario.as_of,
        regions=source.regions,
        usage=applied.usage,
    )


def process_seconds(path: Path, repeat: int) -> tuple[float, float]:
    """The whole CLI process: median wall time, and median CPU time (user + system), which a
    shared machine's load disturbs less."""
    script = Path(sys.executable).with_name("indexplan")
    command = [str(script), "estimate", "--from-terraform-plan", str(path), "-s", "pypi-2026"]
    walls, cpus = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        child = subprocess.Popen([*command, "--format", "json"], stdout=subprocess.DEVNULL)
        _, status, usage = os.wait4(child.pid, 0)
        walls.append(time.perf_counter() - start)
        cpus.append(usage.ru_utime + usage.ru_stime)
        if status != 0:
            raise SystemExit(f"{' '.join(command)} failed")
    return statistics.median(walls), statistics.median(cpus)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--copies-up-to", type=int, default=1000)
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    header = (
        f"{'plan':<14}{'size':>9}{'floor':>9}{'read':>15}{'read+price':>16}"
        f"{'process wall / cpu':>20}"
    )
    print(header)
    with tempfile.TemporaryDirectory() as work:
        cases = [("index+", 1000), ("index+", 10000)]
        cases += [("copies", n) for n in (1000, 2000, 10000) if n <= args.copies_up_to]
        for kind, n in cases:
            path = Path(work) / f"{kind}-{n}.plan.json"
            path.write_text(json.dumps(build(kind, n)))
            floor = best(args.repeat, json.loads, path.read_text())
            read = best(args.repeat, read_plan, path)
            whole = best(args.repeat, price, path)
            wall, cpu = process_seconds(path, args.repeat)
            size = f"{path.stat().st_size / 1e6:.1f} MB"
            print(
                f"{kind + ' ' + str(n):<14}{size:>9}{floor:>8.2f}s"
                f"{read:>8.2f}s ({read / floor:3.1f}x){whole:>8.2f}s ({whole / floor:4.1f}x)"
                f"{wall:>11.2f}s / {cpu:.2f}s"
            )


if __name__ == "__main__":
    main()
