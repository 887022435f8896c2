"""Warm commands (issue 15): this checkout against another revision, paired.

Not a test; figures only. `benchmarks/run.py` gives the issue's ratios, but takes half an hour
on a busy machine and measures one checkout; this script answers "did a change to the warm
path help" in one loop. Each round runs `--help` and then each of run.py's warm commands
(estimate pypi-2021, compare and project of its four stacks; graph cache filled by one untimed
run), once from a clone of `--base` (this environment's Python, the clone first on PYTHONPATH)
and once from this checkout, alternating. It prints, per side, the median CPU seconds
(user + system), the minimum (what a busy machine inflates least) and the median of the
per-round ratios of wall times to that side's `--help` of the same round, as run.py does.

    .venv/bin/python benchmarks/warm.py                  # against main, 5 rounds
    .venv/bin/python benchmarks/warm.py --base HEAD~3 --repeat 7
"""

from __future__ import annotations

import statistics
import sys
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cold import against_base
from run import COMPARE, ESTIMATE, HELP, PROJECT, ROOT, Run, run_once

COMMANDS = {"--help": HELP, "estimate, warm": ESTIMATE, "compare, warm": COMPARE,
            "project, warm": PROJECT}  # fmt: skip
SIDES = ("base", "this")


def paired(base: Path, env: dict[str, str], repeat: int) -> dict[tuple[str, str], list[Run]]:
    argv = [sys.executable, "-m", "indexplan"]
    sides = dict(zip(SIDES, environments(base, env), strict=True))
    runs: dict[tuple[str, str], list[Run]] = {}
    for _ in range(repeat):
        for what, args in COMMANDS.items():
            for side in SIDES:
                run = run_once([*argv, *args], *sides[side])
                if not run.ok:
                    print(f"    {side} {what}: {run.error}")
                runs.setdefault((what, side), []).append(run)
    return runs


def environments(base: Path, env: dict[str, str]) -> list[tuple[dict[str, str], Path]]:
    """Each side's environment and directory. Each has a cache of its own: a graph entry is
    kept per stack, so two revisions of infra/ sharing one cache would evict each other's
    entries and every "warm" run would build its graph."""
    cache = Path(env["INDEXPLAN_CACHE_DIR"])
    return [
        ({**env, "PYTHONPATH": str(base), "INDEXPLAN_CACHE_DIR": str(cache / "base")}, base),
        ({**env, "INDEXPLAN_CACHE_DIR": str(cache / "this")}, ROOT),
    ]


def report(runs: dict[tuple[str, str], list[Run]]) -> None:
    print(f"{'command':<16} {'side':<5} {'median CPU':>10} {'min CPU':>8} {'wall / --help':>14}")
    for what in COMMANDS:
        for side in SIDES:
            cpu = [run.cpu_seconds for run in runs[what, side]]
            helps = runs["--help", side]
            ratio = statistics.median(
                run.seconds / floor.seconds
                for run, floor in zip(runs[what, side], helps, strict=True)
            )
            shown = f"{ratio:13.2f}x" if what != "--help" else ""
            print(f"{what:<16} {side:<5} {statistics.median(cpu):8.2f} s {min(cpu):6.2f} s {shown}")


def main(argv: Sequence[str] | None = None) -> int:
    with against_base(argv, __doc__ or "", "warm-") as (base, env, repeat):
        for side_env, cwd in environments(base, env):
            # untimed: bytecode written and every stack's graph cached, for each side
            run_once([sys.executable, "-m", "indexplan", *COMPARE], side_env, cwd)
        report(paired(base, env, repeat))
    return 0


if __name__ == "__main__":
    sys.exit(main())
