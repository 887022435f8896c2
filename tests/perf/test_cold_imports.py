"""Who imports pydantic on a cold command (issue 15): a cold estimate and compare (`--no-cache`:
the graph is built, the Pulumi program runs under the mocks) do not import it at all once the
parse caches hold their files. The stack file's settings, the scenario, the sponsors' terms and
the price catalog come from the parse caches as plain data, as on a warm command
(test_warm_plain_data.py), and the program's own config (infra/config.py, which
`infra/__main__.py` checks the stack with exactly as under `pulumi up`) is plain objects checked
by plain code; only a block that check leaves to a model imports infra/config_models.py and
pydantic. Before, pydantic's import and the program's check were 359 M of a cold estimate's
2,005 M instructions (2026-12-01, benchmarks/cold_stages.py; benchmarks/README.md, issue 15,
s11-cold and s11-config).

The probe names the file of every import statement in this repository that names pydantic or
infra.config_models, and says whether pydantic was imported at all (by anyone)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from indexplan.paths import ROOT

pytestmark = pytest.mark.usefixtures("own_cache")  # an empty cache of its own (conftest)

# Runs the whole CLI in one process with an import hook; prints the exit code, the files
# (relative to the repository; installed packages left out) of every import statement that
# names pydantic or infra.config_models, and whether pydantic is in sys.modules at the end.
PROBE = """
import builtins, contextlib, io, json, os, sys
root = sys.argv[1]
importers = set()
real_import = builtins.__import__

def watch(name, globals=None, locals=None, fromlist=(), level=0):
    names = [name, *(f"{name}.{item}" for item in fromlist or ())]
    if any(n.split(".")[0] == "pydantic" or n == "infra.config_models" for n in names):
        importer = os.path.relpath((globals or {}).get("__file__") or "?", root)
        if not importer.startswith("..") and "site-packages" not in importer:
            importers.add(importer.replace(os.sep, "/"))
    return real_import(name, globals, locals, fromlist, level)

builtins.__import__ = watch
from indexplan import cli
with contextlib.redirect_stdout(io.StringIO()):
    code = cli.main(sys.argv[2:])
print(json.dumps([code, sorted(importers), "pydantic" in sys.modules]))
"""

COLD_ESTIMATE = ["estimate", "pypi-2021", "--scenario", "pypi-2021", "--no-cache"]
COLD_COMPARE = ["compare", "all-aws", "pypi-2021", "--scenario", "pypi-2026", "--no-cache"]


def importers(args: list[str], cache: Path) -> tuple[int, list[str], bool]:
    env = {**os.environ, "INDEXPLAN_CACHE_DIR": str(cache), "PYTHONPATH": str(ROOT)}
    run = subprocess.run(
        [sys.executable, "-c", PROBE, str(ROOT), *args],
        env=env, capture_output=True, text=True, check=True, cwd=ROOT,
    )  # fmt: skip
    code, found, imported = json.loads(run.stdout.strip().splitlines()[-1])
    return code, found, imported


@pytest.mark.parametrize("args", [COLD_ESTIMATE, COLD_COMPARE], ids=["estimate", "compare"])
def test_a_cold_command_does_not_import_pydantic(args, tmp_path):
    cache = tmp_path / "cache"
    code, first, imported = importers(args, cache)  # an empty cache: every file is validated
    assert code == 0 and imported and "costmodel/model/scenario_file.py" in first
    assert importers(args, cache) == (0, [], False)


def test_the_probe_sees_a_stack_block_the_plain_check_leaves_to_its_model(tmp_path):
    """The proof the probe would see the program's models: a cache block whose `nodes` is the
    text "2" (the plain check takes only a number; pydantic's lax mode reads it as 2, as it
    always did) is read by infra/config_models.py, from infra/config.py, in the stack-file
    check before the program runs and in the program itself."""
    cache = tmp_path / "cache"
    stack = tmp_path / "Pulumi.pypi-2021.yaml"
    text = (ROOT / "stacks" / "Pulumi.pypi-2021.yaml").read_text()
    stack.write_text(text + "\n# edited\n")
    args = ["estimate", str(stack), "--scenario", "pypi-2021", "--no-cache"]
    importers(args, cache)
    assert importers(args, cache) == (0, [], False)
    assert "    nodes: 2\n" in text
    stack.write_text(text.replace("    nodes: 2\n", '    nodes: "2"\n'))
    assert importers(args, cache) == (0, ["infra/config.py", "infra/config_models.py"], True)


def test_the_probe_sees_a_scenario_the_cache_does_not_hold(tmp_path):
    cache = tmp_path / "cache"
    scenario = tmp_path / "edited.yaml"
    scenario.write_text((ROOT / "scenarios" / "pypi-2021.yaml").read_text() + "\n# edited\n")
    args = ["estimate", "pypi-2021", "--scenario", str(scenario), "--no-cache"]
    importers(args, cache)
    scenario.write_text(scenario.read_text() + "# again\n")
    code, found, imported = importers(args, cache)
    assert code == 0 and imported and "costmodel/model/scenario_file.py" in found
