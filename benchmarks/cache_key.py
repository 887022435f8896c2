"""The graph cache's key (issue 15, the test command): CPU per `graph_key` call, this checkout
against another revision's indexplan/cache.py, paired and alternated in one process.

Not a test; figures only. A warm command makes one key per stack, and the test suite (every
in-process CLI run on a stack) about 1,500, so its cost per call is what this measures:

- `--base` (default main): that revision's cache.py loaded from git beside this one, both
  keying the same stack file against this checkout's program; the keys must be equal;
- this checkout, kept (the checkout's part of the key reused while the hashed files' stat is
  unchanged) and afresh (the kept part dropped before every call: the first key of a process).

    .venv/bin/python benchmarks/cache_key.py
    .venv/bin/python benchmarks/cache_key.py --base HEAD~3 --calls 500 --rounds 7
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from indexplan import cache  # noqa: E402
from indexplan.paths import resolve_stack  # noqa: E402
from indexplan.stackfile import load_stack_file  # noqa: E402


def revision_module(rev: str, folder: Path) -> ModuleType:
    source = subprocess.run(["git", "show", f"{rev}:indexplan/cache.py"], cwd=ROOT,
                            capture_output=True, check=True).stdout  # fmt: skip
    path = folder / "cache_at_base.py"
    path.write_bytes(source)
    spec = importlib.util.spec_from_file_location("cache_at_base", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def cpu_ms(call: Callable[[], object], calls: int) -> float:
    start = time.process_time()
    for _ in range(calls):
        call()
    return (time.process_time() - start) / calls * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="main")
    parser.add_argument("--stack", default="pypi-2021")
    parser.add_argument("--calls", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=5)
    options = parser.parse_args()
    stack = load_stack_file(resolve_stack(options.stack))
    with tempfile.TemporaryDirectory() as temp:
        base = revision_module(options.base, Path(temp))
        if base.graph_key(stack) != cache.graph_key(stack):
            print(f"the keys differ: {options.base}'s and this checkout's", file=sys.stderr)
            return 1

        def afresh() -> object:
            cache._checkout.clear()
            return cache.graph_key(stack)

        ways = {
            f"{options.base}": lambda: base.graph_key(stack),
            "this checkout, kept": lambda: cache.graph_key(stack),
            "this checkout, afresh": afresh,
        }
        times: dict[str, list[float]] = {name: [] for name in ways}
        for _ in range(options.rounds):
            for name, way in ways.items():
                times[name].append(cpu_ms(way, options.calls))
    floor = statistics.median(times[options.base])
    print(f"graph_key of {options.stack}: CPU ms a call, median (min) of {options.rounds} "
          f"rounds of {options.calls} calls, alternated")  # fmt: skip
    for name, values in times.items():
        middle = statistics.median(values)
        print(
            f"  {name:24} {middle:6.2f} ({min(values):5.2f})  {middle / floor:5.2f}x {options.base}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
