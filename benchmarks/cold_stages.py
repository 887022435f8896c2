"""Where a cold `compare` of the four shipped stacks spends its instructions (issue 15), by
cumulative stage, counted by callgrind: deterministic, so it holds on a busy machine.

Not a test; figures only. Each stage is a fresh interpreter that does everything the stages
before it did plus one step, run once untimed (bytecode, SDK class stores and the parse caches
written) and then under `valgrind --tool=callgrind`; a stage's own cost is its count minus the
previous one's. The steps follow a cold `estimate` / `compare` as it runs today: the CLI's
import and the cost model (which the warm path pays too), the stack files read as plain data
from the parse cache, Pulumi's import, the provider SDKs' packages (each `__init__`, whose
`_utilities` imports importlib.metadata, which pydantic imports too: loaded first, its cost is
not counted as pydantic's), then the program's own config (infra/config.py: pydantic
and its models, imported by infra/__main__.py, and the first stack's check, which the program
repeats under the mocks: the only pydantic a cold command with valid, cached inputs loads;
tests/perf/test_cold_imports.py), the first graph build (pypi-2021: the SDK code it needs and
the rest of the program), the other three builds and a second build of pypi-2021 in the same
process (what Pulumi's runtime alone costs a build).

    .venv/bin/python benchmarks/cold_stages.py    # ~11 min at load 8-17 (2026-12-01, 2 cores)
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import ROOT, SHIPPED, machine

FIRST = "pypi-2021"
OTHERS = [name for name in SHIPPED if name != FIRST]

# Each stage: a label and the lines it adds to the script of the stages before it.
STAGES: list[tuple[str, str]] = [
    ("interpreter (`python -c pass`)", "pass"),
    ("import indexplan.cli", "import indexplan.cli"),
    ("the cost model an estimate imports",
     "import costmodel.model.scenario, costmodel.model.prices, costmodel.model.estimate"),
    ("stack-file code (plain data)",
     "from indexplan.paths import resolve_stack\nfrom indexplan.stackfile import load_stack_file"),
    (f"read {FIRST}'s stack file (cached)", f"files = [load_stack_file(resolve_stack({FIRST!r}))]"),
    ("read the other three", f"files += [load_stack_file(resolve_stack(n)) for n in {OTHERS!r}]"),
    ("import Pulumi and the mocks",
     "import indexplan.sdk_on_demand as sdk\nwith sdk.on_demand():\n"
     "    import pulumi, pulumi.runtime.mocks, indexplan.mocks"),
    ("the provider SDKs' packages (`__init__`s)",
     "with sdk.on_demand():\n    import pulumi_aws, pulumi_gcp, pulumi_fastly, pulumi_random"),
    ("the program's config (pydantic, infra/config.py)",
     "import infra.config\nfiles[0].stack_config()"),
    (f"build {FIRST}", "from indexplan.graph import build_graph\nbuild_graph(files[0])"),
    ("build the other three", "for f in files[1:]:\n    build_graph(f)"),
    (f"build {FIRST} again (Pulumi's runtime)", "build_graph(files[0])"),
]  # fmt: skip
_COLLECTED = re.compile(r"Collected : (\d+)")


def instructions(script: str, env: dict[str, str]) -> int:
    command = [sys.executable, "-c", script]
    subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True)  # untimed
    done = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *command],
        cwd=ROOT, env=env, check=True, capture_output=True, text=True,
    )  # fmt: skip
    found = _COLLECTED.search(done.stderr)
    if found is None:
        raise SystemExit(f"no instruction count in valgrind's output:\n{done.stderr[-2000:]}")
    return int(found[1])


def main() -> int:
    if shutil.which("valgrind") is None:
        print("valgrind is not installed: no instruction counts on this machine")
        return 1
    print(f"{machine()}\n")
    with tempfile.TemporaryDirectory(prefix="cold-stages-") as temp:
        env = {**os.environ, "INDEXPLAN_CACHE_DIR": str(Path(temp) / "cache")}
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # bytecode written, as on a user's machine
        env.setdefault("PYDANTIC_DISABLE_PLUGINS", "1")  # as indexplan.cli.main sets it
        print(f"{'stage (cumulative)':<50} {'instructions':>14} {'this stage':>12}")
        script, before = "", 0
        for label, lines in STAGES:
            script += lines + "\n"
            count = instructions(script, env)
            print(f"{label:<50} {count / 1e6:>12,.0f} M {(count - before) / 1e6:>10,.0f} M")
            before = count
    print(f"\nload at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
