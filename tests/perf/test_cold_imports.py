"""Who imports pydantic on a cold command (issue 15): a cold estimate and compare (`--no-cache`:
the graph is built, the Pulumi program runs under the mocks) import it only through the
program's own config, infra/config.py's models, which `infra/__main__.py` validates the stack
with exactly as under `pulumi up`. The stack file's settings, the scenario, the sponsors' terms
and the price catalog come from the parse caches as plain data, as on a warm command
(test_warm_plain_data.py). pydantic's import and the program's check were 359 M of a cold
estimate's 2,005 M instructions on 2026-12-01 (benchmarks/cold_stages.py; benchmarks/README.md,
issue 15, s11-cold), all of it the program's: what is left is a plain-data stack config in
infra/config.py itself.

The probe names the file of every import statement in this repository that names pydantic or
infra.config; the program's own files (infra/) are the expected ones. When infra/config.py
holds plain data, the expected list becomes empty."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from indexplan.paths import ROOT

pytestmark = pytest.mark.usefixtures("own_cache")  # an empty cache of its own (conftest)

# Runs the whole CLI in one process with an import hook; prints the exit code and the files
# (relative to the repository; installed packages left out) of every import statement that
# names pydantic or infra.config.
PROBE = """
import builtins, contextlib, io, json, os, sys
root = sys.argv[1]
importers = set()
real_import = builtins.__import__

def watch(name, globals=None, *args, **kwargs):
    if name.split(".")[0] == "pydantic" or name.startswith("infra.config"):
        importer = os.path.relpath((globals or {}).get("__file__") or "?", root)
        if not importer.startswith("..") and "site-packages" not in importer:
            importers.add(importer.replace(os.sep, "/"))
    return real_import(name, globals, *args, **kwargs)

builtins.__import__ = watch
from indexplan import cli
with contextlib.redirect_stdout(io.StringIO()):
    code = cli.main(sys.argv[2:])
print(json.dumps([code, sorted(importers)]))
"""

COLD_ESTIMATE = ["estimate", "pypi-2021", "--scenario", "pypi-2021", "--no-cache"]
COLD_COMPARE = ["compare", "all-aws", "pypi-2021", "--scenario", "pypi-2026", "--no-cache"]
# The program (infra/__main__.py) imports infra.config, and infra.config imports pydantic.
THE_PROGRAMS_OWN = ["infra/__main__.py", "infra/config.py"]


def importers(args: list[str], cache: Path) -> tuple[int, list[str]]:
    env = {**os.environ, "INDEXPLAN_CACHE_DIR": str(cache), "PYTHONPATH": str(ROOT)}
    run = subprocess.run(
        [sys.executable, "-c", PROBE, str(ROOT), *args],
        env=env, capture_output=True, text=True, check=True, cwd=ROOT,
    )  # fmt: skip
    code, found = json.loads(run.stdout.strip().splitlines()[-1])
    # The program's other modules (infra/storage/b2.py ...) take their models from infra.config:
    # they are the program too, as are the two files named.
    return code, [path for path in found if not path.startswith("infra/")
                  or path in THE_PROGRAMS_OWN]  # fmt: skip


@pytest.mark.parametrize("args", [COLD_ESTIMATE, COLD_COMPARE], ids=["estimate", "compare"])
def test_a_cold_command_imports_pydantic_only_through_the_program(args, tmp_path):
    cache = tmp_path / "cache"
    code, first = importers(args, cache)  # an empty cache: every file is validated
    assert code == 0 and "indexplan/stackfile.py" in first
    assert importers(args, cache) == (0, THE_PROGRAMS_OWN)


def test_the_probe_sees_a_stack_file_the_cache_does_not_hold(tmp_path):
    """The proof the probe would see the stack-file check: a changed stack file is validated
    by infra.config's models from indexplan/stackfile.py before the program runs."""
    cache = tmp_path / "cache"
    stack = tmp_path / "Pulumi.pypi-2021.yaml"
    stack.write_text((ROOT / "stacks" / "Pulumi.pypi-2021.yaml").read_text() + "\n# edited\n")
    args = ["estimate", str(stack), "--scenario", "pypi-2021", "--no-cache"]
    importers(args, cache)
    assert importers(args, cache) == (0, THE_PROGRAMS_OWN)
    stack.write_text(stack.read_text() + "# again\n")
    assert importers(args, cache) == (0, ["indexplan/stackfile.py", *THE_PROGRAMS_OWN])


def test_the_probe_sees_a_scenario_the_cache_does_not_hold(tmp_path):
    cache = tmp_path / "cache"
    scenario = tmp_path / "edited.yaml"
    scenario.write_text((ROOT / "scenarios" / "pypi-2021.yaml").read_text() + "\n# edited\n")
    args = ["estimate", "pypi-2021", "--scenario", str(scenario), "--no-cache"]
    importers(args, cache)
    scenario.write_text(scenario.read_text() + "# again\n")
    code, found = importers(args, cache)
    assert code == 0 and "costmodel/model/scenario_file.py" in found
