"""Warm commands (issue 15): this checkout against another revision, paired.

Not a test; figures only. `benchmarks/run.py` gives the issue's ratios, but takes half an hour
on a busy machine and measures one checkout; this script answers "did a change to the warm
path help" in one loop. Each round runs `--help` and then each of run.py's warm commands
(estimate pypi-2021, compare and project of its four stacks, and its sweep of them over 1e6
points; graph cache filled by one untimed run), once from a clone of `--base` (this
environment's Python, the clone first on PYTHONPATH) and once from this checkout, alternating.
It prints, per side, the median CPU seconds (user + system), the minimum (what a busy machine
inflates least) and the median of the per-round ratios of wall times to that side's `--help`
of the same round, as run.py does.

    .venv/bin/python benchmarks/warm.py                  # against main, 5 rounds
    .venv/bin/python benchmarks/warm.py --base HEAD~3 --repeat 7
    .venv/bin/python benchmarks/warm.py --instructions   # and callgrind's counts
    .venv/bin/python benchmarks/warm.py --floors         # and what any command must import

With `--instructions`, each command also runs once per side under valgrind's callgrind, which
counts the instructions it executes: the same on a busy machine as on a quiet one, so a change
of 1% shows (wall and CPU times at a load of 10 vary by more than that).

With `--floors`, this checkout's start-up stages are counted the same way, each a `python -c`
importing more of what every warm command imports before any of indexplan's own models,
against `--help`: the floor that no change to indexplan's own modules can go under.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cold import against_base
from run import COMPARE, ESTIMATE, HELP, PROJECT, ROOT, SWEEP, Run, run_once

COMMANDS = {"--help": HELP, "estimate, warm": ESTIMATE, "compare, warm": COMPARE,
            "project, warm": PROJECT, "sweep, warm": [*SWEEP, "--points", "1000000"]}  # fmt: skip
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


def instructions(base: Path, env: dict[str, str]) -> None:
    """Each command's instruction count on each side (callgrind), and its ratio to that side's
    `--help`: run.py's floor, counted the same way."""
    if shutil.which("valgrind") is None:
        print("\ninstructions: valgrind is not installed")
        return
    counts = {
        (what, side): _count([sys.executable, "-m", "indexplan", *args], *environment)
        for what, args in COMMANDS.items()
        for side, environment in zip(SIDES, environments(base, env), strict=True)
    }
    print(f"\n{'command':<16} {'base, M instr.':>15} {'this, M instr.':>15} {'change':>7}"
          f" {'base / --help':>14} {'this / --help':>14}")  # fmt: skip
    for what in COMMANDS:
        old, new = counts[what, "base"], counts[what, "this"]
        ratios = [counts[what, side] / counts["--help", side] for side in SIDES]
        shown = "".join(f" {r:13.2f}x" for r in ratios) if what != "--help" else ""
        print(f"{what:<16} {old / 1e6:15,.0f} {new / 1e6:15,.0f} {new / old - 1:+7.1%}{shown}")


# Cumulative: each stage imports what the one before did, and more.
FLOORS = {
    "python -c pass": "pass",
    "import typer, indexplan.cli": "import typer, indexplan.cli",
    "+ typer._adapters": "import typer, indexplan.cli, typer._adapters",  # options via pydantic
    "+ pydantic.plugin._loader": "import typer, indexplan.cli, typer._adapters, "
    "pydantic.plugin._loader",  # imports importlib.metadata at its top
    "+ one pydantic model": "import typer, indexplan.cli, typer._adapters, "
    "pydantic.plugin._loader, pydantic\n"
    "class M(pydantic.BaseModel, defer_build=True):\n    a: int",
}


def floors(env: dict[str, str]) -> None:
    """What every warm command imports before indexplan's own models, in instructions, as a
    ratio to `--help` (this checkout)."""
    if shutil.which("valgrind") is None:
        print("\nfloors: valgrind is not installed")
        return
    this_env, cwd = environments(ROOT, env)[1]
    this_env = {**this_env, "PYDANTIC_DISABLE_PLUGINS": "1"}  # as indexplan.cli.main sets it
    helps = _count([sys.executable, "-m", "indexplan", *HELP], this_env, cwd)
    print(f"\n{'stage (this checkout)':<28} {'M instr.':>9} {'/ --help':>9}")
    print(f"{'--help':<28} {helps / 1e6:9,.0f}")
    for what, code in FLOORS.items():
        count = _count([sys.executable, "-c", code], this_env, cwd)
        print(f"{what:<28} {count / 1e6:9,.0f} {count / helps:8.2f}x")


def _count(argv: list[str], env: dict[str, str], cwd: Path) -> int:
    done = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *argv],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    found = re.search(r"Collected : (\d+)", done.stderr)
    if done.returncode != 0 or found is None:
        raise SystemExit(f"callgrind run failed: {' '.join(argv)}\n{done.stderr[-500:]}")
    return int(found.group(1))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--instructions", action="store_true")
    parser.add_argument("--floors", action="store_true")
    own, rest = parser.parse_known_args(argv)
    with against_base(rest, __doc__ or "", "warm-") as (base, env, repeat):
        for side_env, cwd in environments(base, env):
            # untimed: bytecode written and every stack's graph cached, for each side
            run_once([sys.executable, "-m", "indexplan", *COMPARE], side_env, cwd)
        report(paired(base, env, repeat))
        if own.instructions:
            instructions(base, env)
        if own.floors:
            floors(env)
    return 0


if __name__ == "__main__":
    sys.exit(main())
