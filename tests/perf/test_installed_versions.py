"""costmodel.files.diskcache.installed_versions lists sys.path once per process (issue 15): each
cached read of a file puts PyYAML's version in its key (parsed.code_key), and a listing of
site-packages per read was ~8 M instructions. Run in a fresh interpreter: the test session's
conftest keeps listings of its own around the function."""

from __future__ import annotations

import json
import subprocess
import sys

from indexplan.paths import ROOT

PROBE = """
import json, sys
from costmodel.files import diskcache
listed = []
real = diskcache._listed_versions
def counting(distributions):
    listed.append(list(distributions))
    return real(distributions)
diskcache._listed_versions = counting
first = diskcache.installed_versions(("pyyaml",))
first["pyyaml"] = "changed by a caller"
again = diskcache.installed_versions(("pyyaml",))
diskcache.installed_versions(("pulumi",))
sys.path.append("/nonexistent-indexplan-test")
diskcache.installed_versions(("pyyaml",))
print(json.dumps([listed, again["pyyaml"] != "changed by a caller"]))
"""


def test_the_versions_are_listed_once_per_distributions_and_sys_path():
    run = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, cwd=ROOT
    )
    listed, unchanged = json.loads(run.stdout)
    # pyyaml listed once for two calls; pulumi is another question; a changed sys.path
    # lists again
    assert listed == [["pyyaml"], ["pulumi"], ["pyyaml"]]
    assert unchanged  # each caller gets its own copy of the answer
