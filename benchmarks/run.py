"""Measure the figures of issue 6 and print each with its target: PASS or MISS.

Not a test: it never fails a build (exit status 0 unless the script itself breaks). Each
figure is a fresh `indexplan` process, timed from start to exit, with the peak resident
memory the kernel reports for that child (os.wait4). The graph cache lives in a temporary
directory, so "cold" and "warm" mean exactly that and the user's own cache is not touched.

    .venv/bin/python benchmarks/run.py                 # everything (the test suite: minutes)
    .venv/bin/python benchmarks/run.py --skip-tests    # all but the test suite
    .venv/bin/python benchmarks/run.py --skip-scaling --repeat 3
"""

from __future__ import annotations

import argparse
import functools
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ("all-aws", "all-gcp", "pypi-2016", "pypi-2021")
ESTIMATE = ["estimate", "pypi-2021", "--scenario", "pypi-2021", "--format", "json"]
COMPARE = ["compare", "--scenario", "pypi-2026", "--format", "json"]
PROJECT = ["project", "--scenario", "pypi-2026", "--months", "120", "--format", "json"]
SWEEP = ["sweep", "--scenario", "pypi-2026", "--vary", "egress=1TB..20PB", "--log", "-f", "json"]
GB = 10**9


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_bytes: int
    ok: bool
    error: str = ""


@dataclass(frozen=True)
class Figure:
    what: str
    command: str
    seconds: float
    peak_bytes: int
    target_seconds: float | None = None
    target_bytes: int | None = None
    error: str = ""

    @property
    def verdict(self) -> str:
        if self.error:
            return "MISS (failed)"
        time_ok = self.target_seconds is None or self.seconds <= self.target_seconds
        memory_ok = self.target_bytes is None or self.peak_bytes <= self.target_bytes
        if self.target_seconds is None and self.target_bytes is None:
            return "-"
        return "PASS" if time_ok and memory_ok else "MISS"

    @property
    def target(self) -> str:
        parts = []
        if self.target_seconds is not None:
            parts.append(f"<= {self.target_seconds:g} s")
        if self.target_bytes is not None:
            parts.append(f"<= {self.target_bytes / GB:g} GB")
        return ", ".join(parts) or "(scaling)"


def indexplan_command() -> list[str]:
    """The `indexplan` script beside this Python (what a user runs), else `-m indexplan`."""
    script = Path(sys.executable).with_name("indexplan")
    return [str(script)] if script.exists() else [sys.executable, "-m", "indexplan"]


def run_once(argv: Sequence[str], env: dict[str, str]) -> Run:
    with tempfile.TemporaryFile() as err:  # both streams: the test suite reports on stdout
        start = time.perf_counter()
        child = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=err, stderr=err)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        err.seek(0)
        lines = err.read().decode(errors="replace").strip().splitlines()
    ok = child.returncode == 0
    error = "" if ok else f"exit {child.returncode}: {lines[-1].strip() if lines else ''}"
    return Run(seconds, usage.ru_maxrss * 1024, ok, error)  # ru_maxrss is in KiB on Linux


def measure(
    what: str,
    args: Sequence[str],
    env: dict[str, str],
    repeat: int,
    target_seconds: float | None = None,
    target_bytes: int | None = None,
    before: Sequence[str] | None = None,
    prepare: Callable[[], object] | None = None,
) -> Figure:
    """Median time and largest peak memory of `repeat` runs; `before` runs once first,
    untimed (to fill the graph cache), `prepare` before each run, untimed."""
    argv = [*indexplan_command(), *args]
    if before is not None:
        run_once([*indexplan_command(), *before], env)
    runs = []
    for _ in range(repeat):
        if prepare is not None:
            prepare()
        runs.append(run_once(argv, env))
    failed = [r.error for r in runs if not r.ok]
    figure = Figure(
        what,
        "indexplan " + " ".join(args),
        statistics.median(r.seconds for r in runs),
        max(r.peak_bytes for r in runs),
        target_seconds,
        target_bytes,
        failed[0] if failed else "",
    )
    print(row(figure), flush=True)
    return figure


def measure_tests(env: dict[str, str]) -> Figure:
    argv = ["bash", "scripts/test.sh"]
    result = run_once(argv, env)
    figure = Figure(
        "whole test suite (ruff, format, mypy, pytest)",
        " ".join(argv),
        result.seconds,
        result.peak_bytes,
        target_seconds=180,
        error=result.error,
    )
    print(row(figure), flush=True)
    return figure


def row(figure: Figure) -> str:
    measured = f"{figure.seconds:7.2f} s  {figure.peak_bytes / 10**6:6.0f} MB"
    line = f"{figure.what:<58} {measured}  {figure.target:<22} {figure.verdict}"
    return line + (f"\n    {figure.error}" if figure.error else "")


def machine() -> str:
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{os.cpu_count()} CPUs ({cpu}), {memory / GB:.1f} GB memory, "
        f"Python {platform.python_version()}, {platform.system()} {platform.release()}"
    )


def copies_of_the_stacks(into: Path) -> list[str]:
    """The 4 shipped stack files copied under other names: 8 distinct stacks for compare."""
    paths = []
    for name in SHIPPED:
        copy = into / f"Pulumi.{name}-copy.yaml"
        shutil.copy(ROOT / "stacks" / f"Pulumi.{name}.yaml", copy)
        paths.append(str(copy))
    return paths


def append_comment(path: Path) -> None:
    with path.open("a") as out:
        out.write("# changed\n")


def scaling(env: dict[str, str], repeat: int, temp: Path) -> None:
    print("\nscaling: sweep over the 4 shipped stacks (graph cache warm)")
    for points in (10**4, 10**5, 10**6, 10**7):
        args = [*SWEEP, "--points", str(points)]
        measure(f"sweep, {points:,} points", args, env, repeat, before=COMPARE)
    print("\nscaling: compare over N stacks (cold: --no-cache; warm: graph cache filled)")
    stacks = [*SHIPPED, *copies_of_the_stacks(temp)]
    for count in (1, 2, 4, 8):
        args = [*COMPARE, *stacks[:count]]
        measure(f"compare, {count} stacks, cold", [*args, "--no-cache"], env, repeat)
        measure(f"compare, {count} stacks, warm", args, env, repeat, before=args)
    print("\nCI on a change to one stack file: compare over 4 stacks, the others cached")
    copies = [*COMPARE, *stacks[4:]]
    for name in ("all-aws", "all-gcp", "pypi-2021"):
        edit = functools.partial(append_comment, temp / f"Pulumi.{name}-copy.yaml")
        measure(f"compare, 4 stacks, {name} changed", copies, env, repeat, before=copies,
                prepare=edit)  # fmt: skip


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per figure (median)")
    parser.add_argument("--skip-tests", action="store_true", help="do not time the test suite")
    parser.add_argument(
        "--skip-scaling", action="store_true", help="skip the points and stacks scaling"
    )
    options = parser.parse_args(argv)
    repeat = max(1, options.repeat)

    print(f"{time.strftime('%Y-%m-%d')} on {machine()}")
    print(f"median of {repeat} runs; peak memory is the largest child's maximum RSS\n")
    with tempfile.TemporaryDirectory(prefix="indexplan-bench-") as temp:
        env = {**os.environ, "INDEXPLAN_CACHE_DIR": str(Path(temp) / "cache")}
        fill = COMPARE  # run once before a "warm" figure: every shipped stack's graph cached
        figures = [
            measure("estimate pypi-2021, cold (--no-cache)", [*ESTIMATE, "--no-cache"], env,
                    repeat, target_seconds=1.0),
            measure("estimate pypi-2021, graph cache warm", ESTIMATE, env, repeat,
                    target_seconds=0.4, before=fill),
            measure("compare 4 stacks, cold (--no-cache)", [*COMPARE, "--no-cache"], env,
                    repeat, target_seconds=2.0),
            measure("compare 4 stacks, graph cache warm", COMPARE, env, repeat,
                    target_seconds=2.0, before=fill),
            measure("sweep 4 stacks x 1,000,000 points, graph cache warm",
                    [*SWEEP, "--points", "1000000"], env, repeat, target_seconds=2.0,
                    target_bytes=GB, before=fill),
            measure("sweep 4 stacks x 1,000,000 points, cold (--no-cache)",
                    [*SWEEP, "--points", "1000000", "--no-cache"], env, repeat,
                    target_seconds=2.0, target_bytes=GB),
            measure("project 120 months x 4 stacks, graph cache warm", PROJECT, env, repeat,
                    target_seconds=1.5, before=fill),
            measure("project 120 months x 4 stacks, cold (--no-cache)",
                    [*PROJECT, "--no-cache"], env, repeat, target_seconds=1.5),
        ]  # fmt: skip
        if not options.skip_tests:
            figures.append(measure_tests(env))
        if not options.skip_scaling:
            scaling(env, repeat, Path(temp))
    missed = [f.what for f in figures if f.verdict.startswith("MISS")]
    print(f"\n{len(figures) - len(missed)} of {len(figures)} targets met", end="")
    print(f"; missed: {'; '.join(missed)}" if missed else "")
    return 0


if __name__ == "__main__":
    sys.exit(main())
