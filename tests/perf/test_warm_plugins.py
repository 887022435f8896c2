"""The CLI turns pydantic's plugin lookup off for its own process (indexplan/cli.py, main):
looking plugins up reads every installed distribution's metadata on the first validator, and a
command line has no use for them. A value the user set is kept. Each case runs in a fresh
interpreter, as the `indexplan` script does; no timing is asserted."""

from __future__ import annotations

import json
import subprocess
import sys

from indexplan.paths import ROOT

# Counts the lookups pydantic makes (pydantic/plugin/_loader.py imports `entry_points` from
# importlib.metadata when the first validator is built, after this wrapper is in place).
RUN_CLI = """
import importlib.metadata, json, os, sys
lookups = []
real = importlib.metadata.entry_points
def entry_points(**selection):
    lookups.append(selection)
    return real(**selection)
importlib.metadata.entry_points = entry_points
from indexplan.cli import main
status = main(sys.argv[1:])
print(json.dumps({"status": status, "lookups": lookups,
                  "setting": os.environ.get("PYDANTIC_DISABLE_PLUGINS")}), file=sys.stderr)
"""
# Reads and validates every shipped scenario (pydantic models): no graph, no Pulumi.
SCENARIOS = ["scenarios", "--format", "json"]


def run(tmp_path, **env: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", RUN_CLI, *SCENARIOS],
        cwd=ROOT,
        env={"INDEXPLAN_CACHE_DIR": str(tmp_path), "PATH": "/usr/bin:/bin", **env},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    report = json.loads(done.stderr.strip().splitlines()[-1])
    assert report["status"] == 0, done.stderr
    return report


def test_a_command_never_looks_pydantic_plugins_up(tmp_path):
    report = run(tmp_path)
    assert report == {"status": 0, "lookups": [], "setting": "1"}


def test_the_users_own_setting_is_kept(tmp_path):
    # PYDANTIC_DISABLE_PLUGINS=name disables that plugin alone: pydantic looks the rest up once
    report = run(tmp_path, PYDANTIC_DISABLE_PLUGINS="some-plugin")
    assert report == {"status": 0, "lookups": [{"group": "pydantic"}], "setting": "some-plugin"}
