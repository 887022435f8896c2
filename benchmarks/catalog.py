"""What the grown price catalog costs an estimate: this checkout against another (main).

    .venv/bin/python benchmarks/catalog.py                  # against the branch main, 9 runs
    .venv/bin/python benchmarks/catalog.py --base main --repeat 15

"Before" is `git archive <base>` unpacked in a temporary directory and run with this venv's
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
LOAD = (
    "import time; t = time.perf_counter(); from costmodel.model.prices import load_catalog; "
    "c = load_catalog(); n = sum(1 for _ in c.prices()); "
    "print(time.perf_counter() - t, n)"
)
COLD_BUDGET = 0.050
WARM_TARGET = 0.4


def timed(argv: Sequence[str], cwd: Path, env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def in_process(cwd: Path, env: dict[str, str]) -> tuple[float, int]:
    """Seconds to import the loader and load every price (made into objects), and how many."""
    out = subprocess.run(
        [sys.executable, "-c", LOAD], cwd=cwd, env=env, check=True, capture_output=True, text=True
    ).stdout.split()
    return float(out[0]), int(out[1])


def checkout(base: str, into: Path) -> Path:
    archive = subprocess.run(["git", "archive", base], cwd=ROOT, check=True, capture_output=True)
    into.mkdir()
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive.stdout, check=True)
    return into


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="main", help="the git revision to compare with")
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        before = checkout(args.base, Path(tmp) / "before")
        sides = {"before": before, "after": ROOT}
        envs = {
            name: {**os.environ, "PYTHONPATH": str(path), "INDEXPLAN_CACHE_DIR": f"{tmp}/{name}"}
            for name, path in sides.items()
        }
        command = [sys.executable, "-m", "indexplan", *ESTIMATE]
        floor, cold, warm, load = [], {s: [] for s in sides}, {s: [] for s in sides}, {}
        for name, path in sides.items():
            timed(command, path, envs[name])  # fill the graph cache (and the OS's file cache)
        for _ in range(args.repeat):
            floor.append(timed([sys.executable, "-c", "pass"], ROOT, os.environ.copy()))
            for name, path in sides.items():
                cold[name].append(timed([*command, "--no-cache"], path, envs[name]))
                warm[name].append(timed(command, path, envs[name]))
                seconds, count = in_process(path, envs[name])
                load.setdefault(name, ([], count))[0].append(seconds)
    base = statistics.median(floor)
    print(f"floor (python -c pass): {base:.3f} s; median of {args.repeat} runs each")
    print(f"{'':34} {'before':>17} {'after':>17} {'change':>9}")

    def line(what: str, b: float, a: float) -> None:
        print(f"{what:34} {b:7.3f} s {b / base:5.1f}x  {a:7.3f} s {a / base:5.1f}x  {a - b:+.3f} s")

    for what, runs in (("estimate, cold (--no-cache)", cold), ("estimate, graph cache warm", warm)):
        line(what, statistics.median(runs["before"]), statistics.median(runs["after"]))
    line(
        "load every price (in process)",
        statistics.median(load["before"][0]),
        statistics.median(load["after"][0]),
    )
    print(f"prices in the catalog: before {load['before'][1]}, after {load['after'][1]}")
    delta = statistics.median(cold["after"]) - statistics.median(cold["before"])
    verdict = "PASS" if delta <= COLD_BUDGET else "MISS"
    print(f"cold estimate slower by {delta * 1000:+.0f} ms (budget +50 ms): {verdict}")
    after_warm = statistics.median(warm["after"])
    verdict = "PASS" if after_warm <= WARM_TARGET else "MISS"
    print(f"warm estimate {after_warm:.3f} s (target <= {WARM_TARGET} s): {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
