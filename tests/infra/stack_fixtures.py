"""Stack files for tests: the shipped ones, and variants written to a temporary directory."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

from indexplan.paths import STACKS_DIR

SHIPPED = ("pypi-2016", "pypi-2021", "all-aws", "all-gcp")
# Issue 12's stacks: the whole index, a weighted CDN mix, a private index, a static one.
SHIPPED_WHOLE = ("pypi-2024", "crates-io", "private-small", "static-index")
SHIPPED_ALL = SHIPPED + SHIPPED_WHOLE
CLOUDFLARE_ACCOUNT = "0123456789abcdef0123456789abcdef"

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
    if storage == "b2":
        config["indexplan:storage"] = {"region": "us-west-004"}
    if cdn == "cloudflare":
        del roles["dns"]  # Cloudflare's CDN serves the zone itself
        config["indexplan:cloudflare_account_id"] = CLOUDFLARE_ACCOUNT
    return config


def whole_gcp_config() -> dict[str, Any]:
    """all-gcp plus the application on Cloud Run, search on Elastic Cloud and Datadog."""
    config = config_of("all-gcp")
    del config["indexplan:app_routes"]  # its app is in the stack now: it answers its routes
    config["indexplan:roles"] |= {"app": "gcp", "search": "elastic", "monitoring": "datadog"}
    config["indexplan:app"] = {
        "image": "us-docker.pkg.dev/example-index/app/web:1.0",
        "vcpu": 2,
        "memory_gb": 4,
        "min_instances": 1,
        "max_instances": 20,
        "concurrency": 40,
    }
    config["indexplan:search"] = {"size_gb": 4, "zones": 2}
    return config


def write_stack(directory: Path, name: str, config: Any, *, top: Any = None) -> Path:
    path = directory / f"Pulumi.{name}.yaml"
    path.write_text(yaml.safe_dump(top if top is not None else {"config": config}))
    return path
