"""`indexplan diff STACK --base-ref REV` for the four shipped stacks, the graph cache warm, next
to floors measured in the same run, as ratios (issue 18: four stacks in <= 3 s).

    .venv/bin/python benchmarks/diff.py              # median of 5 runs of each figure
    .venv/bin/python benchmarks/diff.py --repeat 3

It runs in a temporary copy of the project with a git history: the one the tests use
(tests/diff/fixture_repo.py), plus a last commit that edits the four shipped stack files.
Against HEAD~3 the program itself differs too (an archive rule), so every stack's base graph
is a graph of its own, not the working tree's. Each command is a
fresh process (`python -m indexplan`, the copy first on PYTHONPATH, bytecode cached as for an
installed package), as the CI job runs it, timed from start to exit, with its CPU time (user +
system) beside it since other jobs share the machine. "Warm" means one untimed run of the same
command filled the cache first.

Figures:
- floor: `indexplan --help`, four times (the CLI's own start-up);
- floor: `indexplan estimate STACK --format markdown` of each stack, warm;
- diff: `indexplan diff STACK --base-ref HEAD~3 --format markdown` of each stack, warm;
- the CI job: `python -m indexplan.ci.cost_comment --base-ref HEAD~1`, which diffs the four
  stacks the last commit changes in one process, warm;
- what building the base in a child process costs, cold (`--no-cache`): `diff all-aws
  --base-ref HEAD~3` (the working tree's graph built in the process, the base's in a child)
  against `diff BASE_FILE all-aws` of the same two stack files built in one process.
Not a test: it never fails a build.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "diff"))
from actuals import timed  # noqa: E402  (benchmarks/actuals.py: wall, peak RSS, CPU of a child)
from fixture_repo import commit, git, make  # noqa: E402  (the tests' repository)

STACKS = ("all-aws", "all-gcp", "pypi-2016", "pypi-2021")
SCENARIO = "pypi-2026"
TARGET_SECONDS = 3.0


def four(run: Callable[[str], list[str]], env: dict[str, str], repeat: int) -> tuple[float, float]:
    """Median over `repeat` rounds of the four commands' summed wall and CPU seconds."""
    walls, cpus = [], []
    for _ in range(repeat):
        results = [timed(run(stack), env) for stack in STACKS]
        walls.append(sum(r[0] for r in results))
        cpus.append(sum(r[2] for r in results))
    return statistics.median(walls), statistics.median(cpus)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="indexplan-diff-bench-"))
    try:
        repo = make(work / "repo")
        for stack in STACKS:  # a change to each shipped stack, for the CI job to find
            with (repo / "stacks" / f"Pulumi.{stack}.yaml").open("a") as edited:
                edited.write("# reviewed\n")
        commit(repo, "c4")
        env = {
            # as an installed package runs: compiled modules cached in __pycache__ (a sandbox
            # may turn that off, and every process then compiles every module it imports)
            **{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
            "PYTHONPATH": str(repo),
            "INDEXPLAN_CACHE_DIR": str(work / "cache"),
            "COLUMNS": "100",
        }
        os.chdir(repo)
        python = [sys.executable, "-m", "indexplan"]

        def diff(stack: str) -> list[str]:
            return [
                *python,
                "diff",
                stack,
                "--base-ref",
                "HEAD~3",
                "-s",
                SCENARIO,
                "-f",
                "markdown",
            ]

        def estimate(stack: str) -> list[str]:
            return [*python, "estimate", stack, "-s", SCENARIO, "-f", "markdown"]

        job = [sys.executable, "-m", "indexplan.ci.cost_comment", "--base-ref", "HEAD~1"]
        job += ["--scenario", SCENARIO, "--output", str(work / "comment.md")]
        for stack in STACKS:  # fill the cache: the base's graphs and the working tree's
            timed(diff(stack), env)
        timed(job, env)
        help_wall, help_cpu = four(lambda _: [*python, "--help"], env, args.repeat)
        est_wall, est_cpu = four(estimate, env, args.repeat)
        diff_wall, diff_cpu = four(diff, env, args.repeat)
        runs = [timed(job, env) for _ in range(args.repeat)]
        job_wall = statistics.median(r[0] for r in runs)
        job_cpu = statistics.median(r[2] for r in runs)

        base_file = work / "Pulumi.all-aws.yaml"
        base_file.write_text(git(repo, "show", "HEAD~3:stacks/Pulumi.all-aws.yaml") + "\n")
        child = [*diff("all-aws"), "--no-cache"]
        one_process = [*python, "diff", str(base_file), "all-aws", "-s", SCENARIO, "--no-cache"]
        cold_child = statistics.median(timed(child, env)[0] for _ in range(args.repeat))
        cold_one = statistics.median(timed(one_process, env)[0] for _ in range(args.repeat))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(
        f"machine: {platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
    )
    print(f"load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"median of {args.repeat}; wall seconds (CPU seconds)")
    print(f"floor  --help x4:                     {help_wall:6.2f} s ({help_cpu:.2f})")
    print(f"floor  estimate, 4 stacks, warm:      {est_wall:6.2f} s ({est_cpu:.2f})")
    verdict = "PASS" if diff_wall <= TARGET_SECONDS else "MISS"
    print(
        f"diff --base-ref, 4 stacks, warm:     {diff_wall:6.2f} s ({diff_cpu:.2f})  "
        f"target <= {TARGET_SECONDS:.0f} s: {verdict}; "
        f"{diff_wall / help_wall:.2f}x --help, {diff_wall / est_wall:.2f}x estimate"
    )
    verdict = "PASS" if job_wall <= TARGET_SECONDS else "MISS"
    print(
        f"CI job, 4 stacks in one process:     {job_wall:6.2f} s ({job_cpu:.2f})  "
        f"target <= {TARGET_SECONDS:.0f} s: {verdict}; {job_wall / help_wall:.2f}x --help x4"
    )
    print(
        f"cold all-aws, base built in a child: {cold_child:6.2f} s; both built in one process: "
        f"{cold_one:.2f} s ({cold_child / cold_one:.2f}x)"
    )


if __name__ == "__main__":
    main()
