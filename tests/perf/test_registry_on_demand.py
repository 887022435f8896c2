"""The SDKs' resource modules registered with Pulumi at its first lookup
(indexplan/registry_on_demand.py): until then nothing is parsed or registered, and the first
lookup finds exactly what an eager import registers, in the same order."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from indexplan.paths import ROOT
from indexplan.registry_on_demand import defer_registrations

# Imports the SDKs named (on demand, as a build does, or as `pulumi up` does), then describes
# Pulumi's registries before any lookup and after the first one.
REGISTRIES = """
import contextlib, importlib, json, sys
from pulumi.runtime import rpc
import indexplan.sdk_on_demand as sdk

mode, packages = sys.argv[1], sys.argv[2:]
with sdk.on_demand() if mode == "on-demand" else contextlib.nullcontext():
    for package in packages:
        importlib.import_module(package)

def described():
    def of(entries, info):
        return [[type(e).__module__, type(e).__name__, getattr(e, info)] for e in entries]
    return {
        "modules": [[key, of(found, "mod_info")] for key, found in rpc._RESOURCE_MODULES.items()],
        "packages": [[key, of(found, "pkg_info")] for key, found in rpc._RESOURCE_PACKAGES.items()],
    }

before = described()
module = rpc.get_resource_module("random", "index/randomPassword", "")
after = described()
provider = rpc.get_resource_package("fastly", "")
print(json.dumps({
    "before": before,
    "after": after,
    "module": [type(module).__module__, module.mod_info],
    "provider": [type(provider).__module__, provider.pkg_info],
}))
"""
PACKAGES = ("pulumi_random", "pulumi_fastly")


def registries(mode: str) -> dict:
    env = {**os.environ, "INDEXPLAN_CACHE_DIR": os.devnull}
    done = subprocess.run(
        [sys.executable, "-c", REGISTRIES, mode, *PACKAGES],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)


def test_the_first_lookup_finds_what_an_eager_import_registered():
    lazy = registries("on-demand")
    eager = registries("eager")
    # On demand, neither SDK's list was parsed nor registered at import ...
    assert lazy["before"] == {"modules": [], "packages": []}
    # ... while an import as under `pulumi up` registers both, random's first (imported first).
    keys = [key for key, _ in eager["before"]["modules"]]
    assert "random:index/randomPassword" in keys and "fastly:index/serviceVcl" in keys
    assert keys.index("random:index/randomPassword") < keys.index("fastly:index/serviceVcl")
    # The first lookup registers everything kept: the same keys in the same order, the same
    # `_utilities.Module`/`Package` objects with the same information.
    assert lazy["after"] == eager["before"] == eager["after"]
    assert lazy["module"] == eager["module"]
    assert lazy["module"][0] == "pulumi_random._utilities"
    assert lazy["module"][1]["classes"] == {
        "random:index/randomPassword:RandomPassword": "RandomPassword"
    }
    assert lazy["provider"] == eager["provider"]
    assert lazy["provider"][1]["token"] == "pulumi:providers:fastly"


def test_a_register_of_another_shape_is_left_as_it_is():
    def register(modules, packages):  # not the generated parameters' names
        raise AssertionError("not called here")

    utilities = {"register": register}
    defer_registrations(utilities)
    assert utilities["register"] is register
    defer_registrations({})  # no register at all: nothing to do
