"""`indexplan project` imports moving's model (costmodel/planning/moving.py, payback.py) only
when a move is asked for (--from): without one it is ~21 M instructions of a warm projection
it does not use (benchmarks/README.md, issue 15). The refusals of --objects and --exit-waiver
without --from are tests/cli/test_cli_moving.py's."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from indexplan.paths import ROOT

PROBE = (
    "import contextlib, io, sys\n"
    "from indexplan import cli\n"
    "with contextlib.redirect_stdout(io.StringIO()):\n"
    "    code = cli.main(sys.argv[1:])\n"
    "print(code, sorted(m for m in ('costmodel.planning.moving', 'costmodel.planning.payback')"
    " if m in sys.modules))\n"
)
ARGS = ["project", "static-index", "all-gcp", "-s", "pypi-2026", "--months", "3"]


def moving_modules(tmp_path: Path, *extra: str) -> str:
    env = {**os.environ, "INDEXPLAN_CACHE_DIR": str(tmp_path), "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", PROBE, *ARGS, *extra], env=env,
                          capture_output=True, text=True, check=True)  # fmt: skip
    return done.stdout.strip()


def test_project_without_a_move_imports_no_moving_model(tmp_path: Path) -> None:
    for fmt in ("table", "json", "csv"):
        assert moving_modules(tmp_path, "-f", fmt) == "0 []"
    # the proof the probe sees them: a move imports both
    moved = moving_modules(tmp_path, "--from", "static-index", "-f", "json")
    assert moved == "0 ['costmodel.planning.moving', 'costmodel.planning.payback']"
