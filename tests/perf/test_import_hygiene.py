"""Each command imports only what it needs: `--help` and `estimate` on a cached graph never
load matplotlib or Pulumi, and costmodel never imports Pulumi. Each case runs in a fresh
interpreter and reads its sys.modules after the command; no timing is asserted."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from indexplan.cli import COMMANDS, load_command
from indexplan.paths import ROOT

# Runs the CLI as the `indexplan` script does, then prints the loaded modules.
RUN_CLI = """
import json, sys
from indexplan.cli import main
status = main(sys.argv[1:])
print(json.dumps({"status": status, "modules": sorted(sys.modules)}), file=sys.stderr)
"""
HEAVY = {"matplotlib", "pulumi", "pulumi_aws", "pulumi_gcp", "pulumi_fastly", "numpy"}
ESTIMATE = ["estimate", "pypi-2021", "--scenario", "pypi-2021", "--format", "json"]


def loaded_after(argv: list[str], cache_dir: str) -> set[str]:
    """The top-level packages loaded by running the CLI with `argv` in a fresh interpreter."""
    return {m.split(".")[0] for m in modules_after(argv, cache_dir)}


def modules_after(argv: list[str], cache_dir: str) -> set[str]:
    env = {"INDEXPLAN_CACHE_DIR": cache_dir, "PATH": "/usr/bin:/bin", "HOME": cache_dir}
    done = subprocess.run(
        [sys.executable, "-c", RUN_CLI, *argv],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    report = json.loads(done.stderr.strip().splitlines()[-1])
    assert report["status"] == 0, done.stderr
    return set(report["modules"])


@pytest.mark.parametrize("argv", [["--help"], ["estimate", "--help"], ["sweep", "--help"]])
def test_help_loads_no_heavy_package(argv, tmp_path):
    assert loaded_after(argv, str(tmp_path)) & HEAVY == set()


def test_the_top_level_help_lists_the_commands_without_importing_them(tmp_path):
    """The command list comes from indexplan.cli.COMMANDS: no command module, nothing of the
    cost model but its errors, no YAML reader, no pydantic (only the commands validate input)."""
    modules = modules_after(["--help"], str(tmp_path))
    assert "indexplan.cli" in modules  # the run happened
    ours = {m for m in modules if m.split(".")[0] in ("indexplan", "costmodel", "infra", "policy")}
    # indexplan.coercion: how typer coerces option values, installed as the CLI is imported
    cli = {"indexplan", "indexplan.cli", "indexplan.coercion"}
    assert ours == {*cli, "costmodel", "costmodel.errors"}
    assert {m.split(".")[0] for m in modules} & {"yaml", "pydantic"} == set()


def test_estimate_on_a_cached_graph_loads_neither_pulumi_nor_matplotlib(tmp_path):
    cold = loaded_after(ESTIMATE, str(tmp_path))
    # The first run builds the graph, so it must run the program: proof the check can see it.
    assert {"pulumi", "pulumi_fastly"} <= cold
    assert "matplotlib" not in cold
    warm = modules_after(ESTIMATE, str(tmp_path))
    assert {m.split(".")[0] for m in warm} & HEAVY == set()
    # Its own command alone, and no help renderer (markdown, syntax highlighting, tracebacks)
    commands = {m for m in warm if m.startswith("indexplan.commands.")}
    assert commands == {"indexplan.commands.estimate"}
    assert {m.split(".")[0] for m in warm} & {"rich", "markdown_it", "pygments", "attr"} == set()
    assert "typer.rich_utils" not in warm
    # No YAML parser: the first run stored the parse of the scenario, the stack file and the
    # catalog (costmodel/files/parsed.py, costmodel/model/catalog_cache.py)
    assert "yaml" in cold
    assert "yaml" not in {m.split(".")[0] for m in warm}


@pytest.mark.parametrize("name", list(COMMANDS))
def test_each_command_is_listed_by_its_summary_and_says_it_first(name):
    """A command's summary is written once, in COMMANDS: `indexplan --help` lists it, and the
    command's own help opens with it (a function's docstring goes on from there)."""
    command = load_command(name)
    assert command.name == name
    assert (command.help or "").startswith(COMMANDS[name].summary)
    assert (command.help or "").count(COMMANDS[name].summary) == 1


def test_costmodel_never_imports_pulumi():
    """Every costmodel module, imported in a fresh interpreter: no Pulumi package loaded."""
    code = """
import json, pkgutil, sys, importlib
import costmodel
names = [m.name for m in pkgutil.walk_packages(costmodel.__path__, "costmodel.")]
for name in names:
    importlib.import_module(name)
print(json.dumps({"count": len(names), "modules": sorted(sys.modules)}))
"""
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    report = json.loads(done.stdout)
    assert report["count"] > 20  # the walk found the package's modules, not an empty list
    assert [m for m in report["modules"] if m.split(".")[0].startswith("pulumi")] == []


def test_a_cold_build_loads_only_the_sdk_modules_the_program_uses(tmp_path):
    """all-gcp uses 9 of the 288 modules of pulumi_gcp.compute (Cloud CDN, the network), with
    its input and output types."""
    modules = modules_after(
        ["resources", "all-gcp", "--no-cache", "--format", "json"], str(tmp_path)
    )
    assert "pulumi_gcp.compute.backend_bucket" in modules  # the program ran
    assert "pulumi_gcp.compute.autoscaler" not in modules  # nobody uses it
    assert len([m for m in modules if m.startswith("pulumi_gcp.compute.")]) < 30
    assert "dill" not in modules  # pulumi.dynamic's, loaded only if a program uses it
