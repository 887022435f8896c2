"""A warm sweep imports no NumPy (issue 15): its pieces settle the benchmark's sweep
(benchmarks/run.py's SWEEP: the 4 shipped stacks, egress 1 TB..20 PB, log, 10^6 points) in
plain Python (costmodel/planning/sweep_plain.py), and importing NumPy alone costs about half of
`indexplan --help`. A chart still takes NumPy's path (the proof the probe sees it). Each case
runs in a fresh interpreter, as the `indexplan` script does; no timing is asserted."""

from __future__ import annotations

import json
import subprocess
import sys

from indexplan.paths import ROOT

RUN_CLI = """
import json, sys
from indexplan.cli import main
status = main(sys.argv[1:])
sys.stdout.flush()
print(json.dumps({"status": status, "modules": sorted(sys.modules)}), file=sys.stderr)
"""
SWEEP = ["sweep", "all-aws", "all-gcp", "pypi-2016", "pypi-2021", "--scenario", "pypi-2026",
         "--vary", "egress=1TB..20PB", "--log", "--points", "1000000"]  # fmt: skip


def run(cache, argv: list[str]) -> tuple[str, list[str]]:
    done = subprocess.run(
        [sys.executable, "-c", RUN_CLI, *argv],
        cwd=ROOT,
        env={"INDEXPLAN_CACHE_DIR": str(cache), "PATH": "/usr/bin:/bin", "COLUMNS": "100"},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    report = json.loads(done.stderr.strip().splitlines()[-1])
    assert report["status"] == 0, done.stderr
    return done.stdout, report["modules"]


def test_the_benchmarks_sweep_imports_no_numpy(tmp_path):
    run(tmp_path, [*SWEEP, "-f", "json"])  # fills the graph cache: the next runs are warm
    for fmt in ("json", "markdown"):
        out, modules = run(tmp_path, [*SWEEP, "-f", fmt])
        assert not any(m == "numpy" or m.startswith("numpy.") for m in modules), fmt
        assert "costmodel.planning.sweep_plain" in modules
        assert "costmodel.planning.moving" not in modules  # only with --from
        assert "all-gcp" in out
    data = json.loads(run(tmp_path, [*SWEEP, "-f", "json"])[0])
    assert data["ends"][0]["value"] == 1e12 and data["ends"][-1]["value"] == 2e16


def test_a_chart_still_takes_numpys_path(tmp_path):
    _, modules = run(tmp_path, [*SWEEP, "-f", "json", "--chart", str(tmp_path / "s.svg")])
    assert "numpy" in modules
