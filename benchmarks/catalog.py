"""What the grown price catalog costs an estimate: this checkout against another (main).

    .venv/bin/python benchmarks/catalog.py                  # against where this branch left main
    .venv/bin/python benchmarks/catalog.py --base main --repeat 15

"Before" (by default the commit this branch started from, so that only its own changes are
measured) is `git archive <base>` unpacked in a temporary directory and run with this venv's
Python (PYTHONPATH puts its packages first); "after" is this checkout. Each figure is the
median of `--repeat` fresh processes, the two checkouts taking turns so that load on the
machine falls on both alike. The floor is `python -c pass` measured in the same run; figures
are printed in seconds and as multiples of it. Targets (issue 10): a cold estimate no more than
50 ms slower than before, a warm one under its 0.4 s target (benchmarks/README.md).
Not a test: exit status 0 unless the script itself breaks.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ESTIMATE = ["estimate", "pypi-2021", "--scenario", "pypi-2021", "--format", "json"]
# In one process: load the catalog as an estimate does (wall and CPU seconds), then make every
# price (as `prices check` does). Prints the three times and the number of prices.
LOAD = (
    "import time; from costmodel.model.prices import load_catalog; t = time.perf_counter(); "
    "c0 = time.process_time(); c = load_catalog(); t1 = time.perf_counter(); "
    "c1 = time.process_time(); n = sum(1 for _ in c.prices()); "
    "print(t1 - t, c1 - c0, time.perf_counter() - t, n)"
)
COLD_BUDGET = 0.050
WARM_TARGET = 0.4


def timed(argv: Sequence[str], cwd: Path, env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system) of one run of `argv`."""
    start = time.perf_counter()
    child = subprocess.Popen(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(argv)} failed in {cwd}")
    return wall, usage.ru_utime + usage.ru_stime


def in_process(cwd: Path, env: dict[str, str]) -> tuple[float, float, float, int]:
    """Seconds to load the catalog (wall, CPU), to load it and make every price (wall), and how
    many prices there are."""
    out = subprocess.run(
        [sys.executable, "-c", LOAD], cwd=cwd, env=env, check=True, capture_output=True, text=True
    ).stdout.split()
    return float(out[0]), float(out[1]), float(out[2]), int(out[3])


def git(*args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.strip()


def checkout(base: str, into: Path) -> Path:
    archive = subprocess.run(["git", "archive", base], cwd=ROOT, check=True, capture_output=True)
    into.mkdir()
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive.stdout, check=True)
    return into


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--base", help="the git revision to compare with (default: HEAD's merge base with main)"
    )
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args(argv)
    base_rev = args.base or git("merge-base", "HEAD", "main")
    print(f"before: {base_rev}; after: this checkout ({git('rev-parse', '--short', 'HEAD')})")
    with tempfile.TemporaryDirectory() as tmp:
        before = checkout(base_rev, Path(tmp) / "before")
        sides = {"before": before, "after": ROOT}
        envs = {
            name: {**os.environ, "PYTHONPATH": str(path), "INDEXPLAN_CACHE_DIR": f"{tmp}/{name}"}
            for name, path in sides.items()
        }
        command = [sys.executable, "-m", "indexplan", *ESTIMATE]
        runs: dict[str, list[tuple[float, float]]] = {}
        floor = []
        for name, path in sides.items():
            timed(command, path, envs[name])  # fill the graph cache (and the OS's file cache)
        for _ in range(args.repeat):
            floor.append(timed([sys.executable, "-c", "pass"], ROOT, os.environ.copy())[0])
            for name, path in sides.items():
                for kind, argv in (("cold", [*command, "--no-cache"]), ("warm", command)):
                    runs.setdefault(f"{kind} {name}", []).append(timed(argv, path, envs[name]))
                load, load_cpu, everything, count = in_process(path, envs[name])
                runs.setdefault(f"load {name}", []).append((load, load_cpu, everything))
                runs[f"count {name}"] = [(count, count)]
    base = statistics.median(floor)
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs; floor (python -c pass)")
    print(f"{base:.3f} s; each figure the median of {args.repeat} runs, wall seconds and x floor")
    print(f"{'':42} {'before':>17} {'after':>17} {'change':>9}  spread (IQR, after)")

    def median(key: str, i: int) -> float:
        return statistics.median(r[i] for r in runs[key])

    def line(what: str, key: str, i: int) -> float:
        b, a = median(f"{key} before", i), median(f"{key} after", i)
        q1, _, q3 = statistics.quantiles([r[i] for r in runs[f"{key} after"]], n=4)
        print(
            f"{what:42} {b:7.3f} s {b / base:5.1f}x  {a:7.3f} s {a / base:5.1f}x  {a - b:+.3f} s"
            f"  {q3 - q1:.3f} s"
        )
        return a - b

    cold = line("estimate, cold (--no-cache), wall", "cold", 0)
    cold_cpu = line("estimate, cold, CPU (user + system)", "cold", 1)
    line("estimate, graph cache warm, wall", "warm", 0)
    line("estimate, graph cache warm, CPU", "warm", 1)
    line("load_catalog() as an estimate does, wall", "load", 0)
    load_cpu = line("load_catalog() as an estimate does, CPU", "load", 1)
    line("load_catalog() and make every price, wall", "load", 2)
    counts = int(runs["count before"][0][0]), int(runs["count after"][0][0])
    print(f"prices in the catalog: before {counts[0]}, after {counts[1]}")
    for what, delta in (("wall", cold), ("CPU", cold_cpu), ("catalog load CPU", load_cpu)):
        verdict = "PASS" if delta <= COLD_BUDGET else "MISS"
        print(f"cold estimate, {what}: {delta * 1000:+.0f} ms (budget +50 ms): {verdict}")
    warm = median("warm after", 0)
    verdict = "PASS" if warm <= WARM_TARGET else "MISS"
    print(f"warm estimate {warm:.3f} s wall (target <= {WARM_TARGET} s): {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
