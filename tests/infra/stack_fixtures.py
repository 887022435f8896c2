"""Stack files for tests: the shipped ones, and variants written to a temporary directory."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

from indexplan.paths import STACKS_DIR

SHIPPED = ("pypi-2016", "pypi-2021", "all-aws", "all-gcp")

AWS_SIZING = {
    "indexplan:database": {"instance": "db.t4g.medium", "multi_az": False, "storage_gb": 50},
    "indexplan:cache": {"node_type": "cache.t4g.medium", "nodes": 1},
}
GCP_SIZING = {
    "indexplan:database": {"tier": "db-custom-2-8192", "availability": "ZONAL", "storage_gb": 50},
    "indexplan:cache": {"tier": "BASIC", "memory_gb": 1},
}


def shipped(name: str) -> Path:
    return STACKS_DIR / f"Pulumi.{name}.yaml"


def config_of(name: str) -> dict[str, Any]:
    return copy.deepcopy(yaml.safe_load(shipped(name).read_text())["config"])


def mixed_config(cdn: str, storage: str, backend: str = "aws") -> dict[str, Any]:
    """A stack with the given CDN and storage; database, cache, queue and DNS on `backend`."""
    roles = {"cdn": cdn, "storage": storage, "database": backend, "queue": backend}
    roles |= {"cache": backend, "dns": backend}
    config: dict[str, Any] = {
        "aws:region": "eu-west-1",
        "gcp:project": "test-project",
        "gcp:region": "europe-west1",
        "indexplan:domain": "test-index.org",
        "indexplan:files_hostname": "files.test-index.org",
        "indexplan:roles": roles,
        **(AWS_SIZING if backend == "aws" else GCP_SIZING),
    }
    return config


def write_stack(directory: Path, name: str, config: Any, *, top: Any = None) -> Path:
    path = directory / f"Pulumi.{name}.yaml"
    path.write_text(yaml.safe_dump(top if top is not None else {"config": config}))
    return path
