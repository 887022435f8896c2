"""Hostile YAML and JSON, generated (hostile_strategies.py), against every loader and every
command that reads a user file: estimate (scenario, usage, preview, state, stack), compare,
project and sweep (scenario, stack), resources and check (stack), prices check, show and
import (catalog, AWS and Google price files). The contract for each: exit 0 with sane output
or exit 2 with one line, within a bounded time."""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hostile_cli import EXPORT, PREVIEW, assert_sane, bounded, cli
from hostile_files import aws_catalog
from hostile_strategies import json_documents, yaml_documents
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from costmodel.model.prices import CATALOG_DIR
from indexplan.paths import ROOT, SCENARIOS_DIR

SCENARIO = SCENARIOS_DIR / "pypi-2021.yaml"
PRICES = ROOT / "tests" / "fixtures" / "prices"
FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

Commands = Callable[[Path], list[list[Any]]]


def catalog_with(path: Path) -> Path:
    """A catalog directory: the fuzzed file as aws/cloudfront.yaml beside the shipped rest."""
    return aws_catalog(path.parent, path.read_bytes())


def shipped_catalog_copy(path: Path) -> Path:
    catalog = path.parent / "catalog"
    shutil.copytree(CATALOG_DIR, catalog)
    return catalog


def yaml_of(path: Path) -> Any:
    return yaml.safe_load(path.read_text())


STACK = yaml_of(ROOT / "stacks" / "Pulumi.pypi-2021.yaml")
USAGE = {
    "default": {"storage": {"storage": {"stored": "1 TB"}}},
    "storage-files": {"serves_cdn": True, "storage": {"stored": "2 TB", "uploads": "5e4/month"}},
}
# loader -> (file name, the real document mutated, the commands that read it)
YAML_LOADERS: dict[str, tuple[str, Any, Commands]] = {
    "scenario": (
        "s.yaml",
        yaml_of(SCENARIO),
        lambda p: [
            ["estimate", "--from-preview", PREVIEW, "-s", p, "-f", "json"],
            ["compare", "pypi-2021", "-s", p, "-f", "json"],
            ["project", "pypi-2021", "-s", p, "--months", "3", "-f", "json"],
            [
                "sweep",
                "pypi-2021",
                "-s",
                p,
                "--points",
                "3",
                "--vary",
                "egress=1TB..2TB",
                "-f",
                "json",
            ],
        ],
    ),
    "stack": (
        "Pulumi.fuzz.yaml",
        STACK,
        lambda p: [
            ["resources", p, "-f", "json"],
            ["check", p, "-f", "json"],
            ["estimate", p, "-s", SCENARIO, "-f", "json"],
            ["compare", p, "-s", SCENARIO, "-f", "csv"],
        ],
    ),
    "usage": (
        "u.yaml",
        USAGE,
        lambda p: [
            ["estimate", "--from-preview", PREVIEW, "-s", SCENARIO, "--usage", p, "-f", "json"]
        ],
    ),
    "catalog": (
        "cloudfront.yaml",
        yaml_of(CATALOG_DIR / "aws" / "cloudfront.yaml"),
        lambda p: [
            ["prices", "check", "--catalog", (catalog := catalog_with(p)), "-f", "json"],
            ["prices", "show", "cloudfront", "--catalog", catalog, "-f", "json"],
        ],
    ),
}
JSON_LOADERS: dict[str, tuple[Path, Commands]] = {
    "preview": (
        PREVIEW,
        lambda p: [["estimate", "--from-preview", p, "-s", SCENARIO, "-f", "json"]],
    ),
    "state": (EXPORT, lambda p: [["estimate", "--from-state", p, "-s", SCENARIO, "-f", "json"]]),
    "aws prices": (
        PRICES / "aws-s3-offer.json",
        lambda p: [
            ["prices", "import", "aws", p, "--catalog", shipped_catalog_copy(p), "--dry-run"]
        ],
    ),
    "gcp prices": (
        PRICES / "gcp-skus.json",
        lambda p: [
            ["prices", "import", "gcp", p, "--catalog", shipped_catalog_copy(p), "--dry-run"]
        ],
    ),
}


def fresh(name: str, content: str) -> Path:
    path = Path(tempfile.mkdtemp()) / name
    path.write_bytes(content.encode("utf-8", "surrogatepass"))
    return path


def run_all(commands: list[list[Any]]) -> None:
    for command in commands:
        with bounded(60):
            assert_sane(cli(*command))


@pytest.mark.parametrize("loader", list(YAML_LOADERS))
@FUZZ
@given(data=st.data())
def test_hostile_yaml_keeps_the_contract(loader, data):
    name, base, commands = YAML_LOADERS[loader]
    path = fresh(name, data.draw(yaml_documents(base)))
    try:
        run_all(commands(path))
    finally:
        shutil.rmtree(path.parent)


@pytest.mark.parametrize("loader", list(JSON_LOADERS))
@FUZZ
@given(data=st.data())
def test_hostile_json_keeps_the_contract(loader, data):
    source, commands = JSON_LOADERS[loader]
    text = data.draw(json_documents(json.loads(source.read_text())))
    path = fresh("f.json", text)
    try:
        run_all(commands(path))
    finally:
        shutil.rmtree(path.parent)


@FUZZ
@given(text=st.text(max_size=40))
def test_hostile_option_values_keep_the_contract(text):
    for command in (
        ["estimate", "--from-preview", PREVIEW, "-s", text],
        ["estimate", "--from-preview", PREVIEW, "-s", SCENARIO, "--prices-as-of", text],
        ["resources", text],
        ["prices", "show", text],
        ["check", text],
    ):
        with bounded(60):
            assert_sane(cli(*command))
