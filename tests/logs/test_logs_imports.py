"""What from-logs imports, and when: the scenario model (pydantic) loads in a thread while
DuckDB scans (costmodel/readers/logs/read.py, `_importing`), so nothing the command imports
before the scan may pull it in. No timing is asserted."""

from __future__ import annotations

import subprocess
import sys
import threading

import pytest

from costmodel.readers.logs import read
from indexplan.paths import ROOT

# What `scenario from-logs` has imported when it calls `read.from_logs`.
BEFORE_SCAN = """
import sys
import indexplan.commands.scenario
from costmodel.readers.logs.read import Options, from_logs
from costmodel.readers.logs.scenario_out import check_output
print(" ".join(sorted(sys.modules)))
"""


def test_the_scenario_model_is_not_imported_before_the_scan():
    done = subprocess.run(
        [sys.executable, "-c", BEFORE_SCAN],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    modules = set(done.stdout.split())
    assert "costmodel.readers.logs.read" in modules  # the probe ran
    assert "costmodel.model.scenario" not in modules
    assert "costmodel.readers.logs.derive" not in modules


def test_importing_loads_the_modules_and_joins_its_thread():
    threads = threading.active_count()
    with read._importing(["costmodel.readers.logs.derive", "no_such_module_anywhere"]):
        pass  # a module that cannot be imported is left to fail where it is used
    assert threading.active_count() == threads
    assert "costmodel.readers.logs.derive" in sys.modules


def test_an_error_in_the_scan_still_joins_the_import_thread():
    threads = threading.active_count()
    with (
        pytest.raises(RuntimeError, match="scan failed"),
        read._importing(["costmodel.readers.logs.scenario_out"]),
    ):
        raise RuntimeError("scan failed")
    assert threading.active_count() == threads
