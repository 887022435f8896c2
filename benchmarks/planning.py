"""Figures of issue 11: sweeps and projections at the sizes the options allow.

Each figure is a fresh `indexplan` process (the script beside this Python), timed from start
to exit, with the peak resident memory the kernel reports for it (os.wait4); the median of
--repeat runs. Times are also given as a ratio to a floor measured in the same run: `indexplan
compare -f json` over the same stacks, the work every planning command does before its own
(start-up, catalog, graphs from a warm cache). Not a test; it never fails a build.

    .venv/bin/python benchmarks/planning.py              # every figure, 3 runs each
    .venv/bin/python benchmarks/planning.py --repeat 1
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SWEEP = ["sweep", "--scenario", "pypi-2026", "--vary", "egress=1TB..20PB", "--log", "-f", "json"]
FLAT_105 = """\
as_of: 2026-08-14
traffic: {egress: 10 PB/day, requests: 6e9/day, cache_hit_ratio: 0.985}
storage: {stored: 304 TB}
growth: {per_year: 1.05}
"""


def timed(args: list[str], env: dict[str, str]) -> tuple[float, int, str]:
    """Seconds, peak bytes and stdout of one `indexplan ARGS` process."""
    script = Path(sys.executable).with_name("indexplan")
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        child = subprocess.Popen([str(script), *args], cwd=ROOT, env=env, stdout=out,
                                 stderr=subprocess.DEVNULL)  # fmt: skip
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read().decode()
    if child.returncode:
        raise SystemExit(f"indexplan {' '.join(args)}: exit {child.returncode}")
    return seconds, usage.ru_maxrss * 1024, text


def median_of(args: list[str], env: dict[str, str], repeat: int) -> tuple[float, int, str]:
    runs = [timed(args, env) for _ in range(repeat)]
    return statistics.median(r[0] for r in runs), max(r[1] for r in runs), runs[-1][2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    repeat = parser.parse_args().repeat
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "INDEXPLAN_CACHE_DIR": cache, "COLUMNS": "100"}
        scenario = Path(cache) / "flat-105.yaml"
        scenario.write_text(FLAT_105)
        timed(["compare", "-f", "json"], env)  # fills the graph cache, untimed
        floor, floor_bytes, _ = median_of(["compare", "-f", "json"], env, repeat)
        print(f"floor: compare, 4 stacks, cache warm: {floor:.2f} s, {floor_bytes / 1e6:.0f} MB")
        print(f"{'what':<58} {'time':>8} {'x floor':>8} {'peak':>9}")
        found: dict[str, object] = {}
        for what, args in (
            ("sweep, 4 stacks, 2e5 points (log)", [*SWEEP, "-n", "200000"]),
            ("sweep, 4 stacks, 2e6 points (log)", [*SWEEP, "-n", "2000000"]),
            ("sweep, 4 stacks, 1e8 points (the most --points allows)", [*SWEEP, "-n", "100000000"]),
            ("sweep, 4 stacks, traffic=0.01x..10x, 200 points",
             ["sweep", "-s", "pypi-2026", "--vary", "traffic=0.01x..10x", "--log", "-f", "json"]),
            ("project, 4 stacks, pypi-2026, 184 months (the longest allowed)",
             ["project", "-s", "pypi-2026", "--months", "184", "-f", "json"]),
            ("project, 4 stacks, x1.05/year, 1,200 months",
             ["project", "-s", str(scenario), "--months", "1200", "-f", "json"]),
            ("sweep, every point out: 1e5 points, json",
             [*SWEEP, "-n", "100000", "--emit-points"]),
        ):  # fmt: skip
            seconds, peak, out = median_of(args, env, repeat)
            if "(log)" in what:  # keep only what is compared: a child's peak memory counts
                found[what] = json.loads(out)["break_evens"]  # pages it shares with us
            del out
            print(f"{what:<58} {seconds:>6.2f} s {seconds / floor:>7.1f}x {peak / 1e6:>6.0f} MB")
        evens = list(found.values())
        same = all(e == evens[0] for e in evens)
        print(f"break-evens identical at 2e5, 2e6 and 1e8 points: {'yes' if same else 'NO'}")


if __name__ == "__main__":
    main()
