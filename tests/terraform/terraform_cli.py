"""Running the real Terraform CLI on the fixture configurations, offline.

`terraform init -plugin-dir DIR` installs hashicorp/aws from a local provider mirror, and
the configurations' provider blocks skip every AWS call, so `terraform plan` needs no network
and no credentials (mock ones in the environment). Used by tests/terraform/test_replan.py
and by tests/fixtures/terraform/generate.py, which wrote the committed plans.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "terraform"
PROVIDER = Path("registry.terraform.io/hashicorp/aws/5.100.0")
# Where a filesystem mirror of the provider may be; INDEXPLAN_TF_PLUGIN_DIR names another.
PLUGIN_DIRS = (
    Path("/opt/tf-plugins"),
    Path.home() / ".terraform.d/plugins",
    Path.home() / ".local/share/terraform/plugins",
    Path("/usr/share/terraform/plugins"),
)
TIMEOUT_SECONDS = 120


@dataclass(frozen=True)
class Configuration:
    """A fixture configuration: its variables and, for some, a prior state written by hand."""

    name: str
    variables: dict[str, str] = field(default_factory=dict)
    state: str | None = None  # relative to the configuration; planned with -refresh=false
    root: Path = FIXTURES  # the folder holding the configuration's

    @property
    def directory(self) -> Path:
        return self.root / self.name

    @property
    def plan_file(self) -> Path:
        return FIXTURES / f"{self.name}.plan.json"


# The cache AUTH tokens are fixture values, sensitive in the plan; no output may show them.
CONFIGURATIONS = {
    "all-aws": Configuration(
        "all-aws", {"cache_auth_token": "fixture-token-not-a-secret-0123456789abcdef"}
    ),
    "instances": Configuration(
        "instances",
        {"cache_auth_token": "fixture-token-not-a-secret-instances-000"},
        state="state/terraform.tfstate",
    ),
    "load-balancers": Configuration("load-balancers"),
    "cdn-origin-modules": Configuration("cdn-origin-modules"),
    "cdn-origin-root": Configuration("cdn-origin-root"),
    "nat-gateway": Configuration("nat-gateway"),
    "ecs-cluster": Configuration("ecs-cluster"),
}


def plugin_dir() -> Path | None:
    given = os.environ.get("INDEXPLAN_TF_PLUGIN_DIR")
    candidates = [Path(given)] if given else list(PLUGIN_DIRS)
    return next((d for d in candidates if (d / PROVIDER).is_dir()), None)


def unavailable() -> str | None:
    """Why a real plan cannot be made here, or None when it can."""
    if shutil.which("terraform") is None:
        return "the Terraform CLI is not installed (terraform not on PATH)"
    if plugin_dir() is None:
        places = ", ".join(str(d) for d in PLUGIN_DIRS)
        return (
            f"no local mirror of hashicorp/aws 5.100.0 (looked in {places}; "
            "set INDEXPLAN_TF_PLUGIN_DIR)"
        )
    return None


def plan(configuration: Configuration, work: Path) -> dict[str, Any]:
    """`terraform plan` + `terraform show -json` of a copy of the configuration in `work`."""
    directory = work / configuration.name
    shutil.copytree(configuration.directory, directory)
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(work),
        "TF_CLI_CONFIG_FILE": os.devnull,  # no user config, no network mirror
        "TF_IN_AUTOMATION": "1",
        "CHECKPOINT_DISABLE": "1",
        "AWS_ACCESS_KEY_ID": "mock",
        "AWS_SECRET_ACCESS_KEY": "mock",
        # Go's collector, for terraform and the provider it starts, at a quarter of the
        # collections: ~20% less CPU for a plan (~9.5 against ~12 s, 2026-11-30), 393 against
        # 312 MB at the peak; the plan is the same.
        "GOGC": "400",
        **{f"TF_VAR_{k}": v for k, v in configuration.variables.items()},
    }
    flags = ["-input=false", "-lock=false", "-no-color"]
    if configuration.state:
        flags += [f"-state={configuration.state}", "-refresh=false"]
    steps = [
        ["init", f"-plugin-dir={plugin_dir()}", "-input=false", "-no-color"],
        ["plan", *flags, "-out=tf.plan"],
        ["show", "-json", "tf.plan"],
    ]
    out = ""
    for step in steps:
        done = subprocess.run(
            ["terraform", *step],
            cwd=directory,
            env=env,
            capture_output=True,
            text=True,
            timeout=TIMEOUT_SECONDS,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"terraform {step[0]} failed:\n{done.stderr}")
        out = done.stdout
    doc: dict[str, Any] = json.loads(out)
    return doc
