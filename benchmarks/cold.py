"""Cold graph building (issue 15): this checkout against another revision, paired, and where
a cold build's CPU time goes.

Not a test; figures only. `benchmarks/run.py` gives the issue's ratios; this script answers
"did a change to the cold path help", on a machine too busy for two separate runs to compare:

- paired: each round runs `--help`, a cold `estimate pypi-2021` and a cold `compare` of the
  four stacks run.py names, once from a clone of `--base` (run by this environment's Python
  with the clone first on PYTHONPATH) and once from this checkout, alternating. It prints the
  median and the minimum CPU seconds (user + system) of each: the minimum is what a busy
  machine inflates least;
- phases: in fresh interpreters, the CPU seconds of a cold build of the four stacks spent
  importing Pulumi, loading SDK modules, in Pulumi's type hints and running the program;
  the minimum of `--repeat` runs.

    .venv/bin/python benchmarks/cold.py                  # against main, 5 rounds
    .venv/bin/python benchmarks/cold.py --base HEAD~3 --repeat 7
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import COMPARE, ESTIMATE, HELP, ROOT, SHIPPED, machine, run_once

COMMANDS = {
    "--help": HELP,
    "estimate pypi-2021 --no-cache": [*ESTIMATE, "--no-cache"],
    "compare 4 stacks --no-cache": [*COMPARE, "--no-cache"],
}

# One cold build of the stacks in argv, timed by phase (CPU seconds); printed as JSON.
PHASES = """
import functools, json, sys, time
spent = {"SDK modules": 0.0, "type hints": 0.0}
inside = []

def timed(label, function):
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        if inside:  # nested: counted by the outer one
            return function(*args, **kwargs)
        inside.append(label)
        start = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            spent[label] += time.process_time() - start
            inside.pop()
    return wrapper

from indexplan.paths import resolve_stack
from indexplan.stackfile import load_stack_file
import indexplan.sdk_on_demand as sdk
stacks = [load_stack_file(resolve_stack(name)) for name in sys.argv[1:]]
for loader in (sdk._PackageLoader, sdk._ModuleLoader, sdk._TypesLoader):
    loader.exec_module = timed("SDK modules", loader.exec_module)
sdk._TypeExports.define = timed("SDK modules", sdk._TypeExports.define)
from indexplan.graph import build_graph
start = time.process_time()
with sdk.on_demand():
    import pulumi, pulumi.runtime.mocks, indexplan.mocks
spent["Pulumi import"] = time.process_time() - start
import indexplan.hints_on_demand as lazy  # Pulumi's type hints, resolved per key
lazy._ReturnHints._hint = timed("type hints", lazy._ReturnHints._hint)
start = time.process_time()
for stack in stacks:
    build_graph(stack)
spent["builds"] = time.process_time() - start
spent["running the program"] = spent["builds"] - spent["SDK modules"] - spent["type hints"]
print(json.dumps(spent))
"""


@contextlib.contextmanager
def against_base(
    argv: Sequence[str] | None, doc: str, prefix: str
) -> Iterator[tuple[Path, dict[str, str], int]]:
    """The options of a script timing this checkout against `--base` (cold.py, warm.py): the
    base's clone, an environment with its own empty cache, and the rounds; the load at the end."""
    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    parser.add_argument("--base", default="main", help="revision to compare with (main)")
    parser.add_argument("--repeat", type=int, default=5, help="rounds (5)")
    options = parser.parse_args(argv)
    repeat = max(1, options.repeat)
    print(f"{machine()}\nbase: {options.base}; {repeat} rounds\n")
    with tempfile.TemporaryDirectory(prefix=prefix) as temp:
        env = {**os.environ, "INDEXPLAN_CACHE_DIR": str(Path(temp) / "cache")}
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # bytecode written, as on a user's machine
        yield clone(options.base, Path(temp)), env, repeat
    print(f"\nload at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


def clone(base: str, into: Path) -> Path:
    target = into / "base"
    subprocess.run(["git", "clone", "-q", "--no-checkout", str(ROOT), str(target)], check=True)
    subprocess.run(["git", "-C", str(target), "checkout", "-q", base], check=True)
    return target


def paired(base: Path, env: dict[str, str], repeat: int) -> None:
    """Each command from the base clone and from this checkout, alternating."""
    base_env = {**env, "PYTHONPATH": str(base)}
    argv = [sys.executable, "-m", "indexplan"]
    cpu: dict[tuple[str, str], list[float]] = {}
    for _ in range(repeat):
        for what, args in COMMANDS.items():
            for side, side_env, cwd in (("base", base_env, base), ("this", env, ROOT)):
                run = run_once([*argv, *args], side_env, cwd)
                if not run.ok:
                    print(f"    {side} {what}: {run.error}")
                cpu.setdefault((what, side), []).append(run.cpu_seconds)
    print(f"{'command':<34} {'base: median, min CPU':>22} {'this: median, min CPU':>22}")
    for what in COMMANDS:
        cells = [
            f"{statistics.median(cpu[what, side]):6.2f} s, {min(cpu[what, side]):5.2f} s"
            for side in ("base", "this")
        ]
        print(f"{what:<34} {cells[0]:>22} {cells[1]:>22}")
    for what in list(COMMANDS)[1:]:
        ratios = [
            min(cpu[what, side]) / min(cpu["--help", side]) for side in ("base", "this")
        ]  # fmt: skip
        print(f"  {what}: min CPU / min `--help` CPU: base {ratios[0]:.2f}x, this {ratios[1]:.2f}x")


def phases(env: dict[str, str], repeat: int) -> None:
    runs = []
    for _ in range(repeat):
        done = subprocess.run([sys.executable, "-c", PHASES, *SHIPPED], cwd=ROOT, env=env,
                              capture_output=True, text=True, check=True)  # fmt: skip
        runs.append(json.loads(done.stdout))
    print(f"\ncold build of {', '.join(SHIPPED)} in one process (this checkout), min CPU s:")
    for phase in ("Pulumi import", "SDK modules", "type hints", "running the program", "builds"):
        print(f"  {phase:<22} {min(run[phase] for run in runs):6.3f}")


def main(argv: Sequence[str] | None = None) -> int:
    with against_base(argv, __doc__ or "", "cold-") as (base, env, repeat):
        run_once([sys.executable, "-m", "indexplan", *COMMANDS["compare 4 stacks --no-cache"]],
                 {**env, "PYTHONPATH": str(base)}, base)  # fmt: skip
        run_once(
            [sys.executable, "-m", "indexplan", *COMMANDS["compare 4 stacks --no-cache"]], env
        )  # fmt: skip  (one untimed run each: bytecode and SDK stores written)
        paired(base, env, repeat)
        phases(env, repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
