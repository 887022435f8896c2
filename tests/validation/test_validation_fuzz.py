"""Random YAML documents, random JSON documents, mutations of the shipped files and random bytes
thrown at every loader through the CLI. The contract: exit status 0 or 2; on 2 exactly one
stderr line and nothing on stdout; never a traceback, never an exception escaping `main`."""

from __future__ import annotations

import contextlib
import copy
import io
import json
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from bad_input import PREVIEW
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import indexplan.graph
from costmodel.model.prices import CATALOG_DIR, catalog_files
from indexplan.cli import main
from indexplan.paths import ROOT, SCENARIOS_DIR, STACKS_DIR

FIXTURES = ROOT / "tests" / "fixtures"
FUZZ = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
# Loaders that read the whole price catalog (pure-Python YAML, about 0.1 s a run) get fewer.
FUZZ_CATALOG = settings(FUZZ, max_examples=20)

# Words the loaders know, so random documents often get past the first check.
KEY_WORDS = (
    "traffic",
    "egress",
    "egres",
    "requests",
    "cache_hit_ratio",
    "regions",
    "europe",
    "storage",
    "stored",
    "uploads",
    "config",
    "indexplan:roles",
    "cdn",
    "aws:region",
    "prices",
    "provider",
    "tiers",
    "versions",
    "source",
    "steps",
    "op",
    "urn",
    "type",
    "newState",
    "inputs",
    "deployment",
    "resources",
    "products",
    "terms",
    "skus",
    "serves_cdn",
    "default",
    "name",
    "as_of",
    "format_version",
    "resource_changes",
    "address",
    "change",
    "after",
    "after_unknown",
    "after_sensitive",
    "resource_usage",
    "resource_type_default_usage",
)
KEYS = st.sampled_from(KEY_WORDS) | st.text(max_size=8)
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-(10**20), 10**20)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=20)
    | st.sampled_from(["5 TB/month", "-5 TB", "1e9/day", "nan TB", "2021-04-30", "aws", "gcp"])
)
JSON_SCALARS = st.none() | st.booleans() | st.integers(-(10**9), 10**9) | st.text(max_size=20)
DOCUMENTS = st.recursive(
    SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=5)
)
JSON_DOCUMENTS = st.recursive(
    JSON_SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=5),
)


def mutated(original: Any) -> st.SearchStrategy[Any]:
    """`original` with one node somewhere inside it dropped, renamed or replaced."""

    @st.composite
    def build(draw: st.DrawFn) -> Any:
        doc = copy.deepcopy(original)
        node = doc
        for _ in range(draw(st.integers(0, 6))):
            children = list(node.items()) if isinstance(node, dict) else list(enumerate(node))
            children = [(k, v) for k, v in children if isinstance(v, dict | list) and v]
            if not isinstance(node, dict | list) or not children:
                break
            node = draw(st.sampled_from(children))[1]
        keys = list(node) if isinstance(node, dict) else list(range(len(node)))
        if not keys:
            return doc
        key = draw(st.sampled_from(keys))
        action = draw(st.sampled_from(["drop", "rename", "replace"]))
        if action == "drop":
            del node[key]
        elif action == "rename" and isinstance(node, dict):
            node[draw(KEYS)] = node.pop(key)
        else:
            node[key] = draw(DOCUMENTS)
        return doc

    return build()


def yaml_of(path: Path) -> Any:
    return yaml.safe_load(path.read_text())


def json_of(path: Path) -> Any:
    return json.loads(path.read_text())


def as_yaml(doc: Any) -> bytes:
    return yaml.safe_dump(doc, allow_unicode=True).encode()


def as_json(doc: Any) -> bytes:
    return json.dumps(doc).encode()


RAW = st.binary(max_size=200) | st.text(max_size=200).map(str.encode)
YAML_INPUTS = DOCUMENTS.map(as_yaml) | RAW
JSON_INPUTS = JSON_DOCUMENTS.map(as_json) | RAW


def assert_contract(args: list[str]) -> None:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in args])  # an exception escaping main fails the test
    assert "Traceback" not in err.getvalue()
    assert code in (0, 2), err.getvalue()
    if code == 2:
        assert out.getvalue() == ""
        lines = err.getvalue().splitlines()
        assert len(lines) == 1 and lines[0].strip(), err.getvalue()


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@pytest.fixture(autouse=True)
def _no_program_runs(monkeypatch):
    # A mutated stack file that is still valid would run the Pulumi program (a second each);
    # the loaders are what is fuzzed here, the program has its own tests.
    monkeypatch.setattr(indexplan.graph, "build_graph", lambda stack: [])


def fresh(workdir: Path, name: str, content: bytes) -> Path:
    path = Path(tempfile.mkdtemp(dir=workdir)) / name
    path.write_bytes(content)
    return path


# (file name, how to run the CLI on it) per loader
Runner = Callable[[Path], list[Any]]
SCENARIO: Runner = lambda p: ["estimate", "--from-preview", PREVIEW, "-s", p]  # noqa: E731
STACK: Runner = lambda p: ["resources", p, "--format", "json"]  # noqa: E731
USAGE: Runner = lambda p: [*SCENARIO(SCENARIOS_DIR / "pypi-2021.yaml"), "--usage", p]  # noqa: E731
PREVIEW_RUN: Runner = lambda p: ["estimate", "--from-preview", p, "-s", "pypi-2021"]  # noqa: E731
STATE_RUN: Runner = lambda p: ["estimate", "--from-state", p, "-s", "pypi-2021"]  # noqa: E731
# Plans are priced after Glacier IR's launch: before it, an archive bucket without usage makes
# costmodel/model/no_usage.py let NotLaunched escape (a model bug, reported with issue 17).
PLAN = FIXTURES / "terraform" / "instances.plan.json"
PLAN_RUN: Runner = lambda p: ["estimate", "--from-terraform-plan", p, "-s", "pypi-2026"]  # noqa: E731
PLAN_USAGE: Runner = lambda p: [*PLAN_RUN(PLAN), "--usage", p]  # noqa: E731
COMPARE_PLAN: Runner = lambda p: ["compare", p, "-s", "pypi-2026", "--format", "json"]  # noqa: E731


FUZZED_CATALOG_FILE = Path("aws", "route53.yaml")


def catalog_run(path: Path) -> list[Any]:
    """The fuzzed file as the catalog's aws/route53.yaml, beside the other shipped files."""
    catalog = path.parent / "catalog"
    for shipped in catalog_files(CATALOG_DIR):
        relative = shipped.relative_to(CATALOG_DIR)
        (catalog / relative).parent.mkdir(parents=True, exist_ok=True)
        if relative != FUZZED_CATALOG_FILE:
            (catalog / relative).symlink_to(shipped)
    path.replace(catalog / FUZZED_CATALOG_FILE)
    return ["prices", "check", "--catalog", catalog, "--format", "json"]


def import_run(provider: str) -> Runner:
    def run(path: Path) -> list[Any]:
        # --dry-run writes nothing, so every example can share one copy of the catalog.
        catalog = path.parent.parent / "catalog"
        if not catalog.exists():
            shutil.copytree(CATALOG_DIR, catalog)
        return ["prices", "import", provider, path, "--catalog", catalog, "--dry-run"]

    return run


YAML_LOADERS = {
    "scenario": ("s.yaml", SCENARIO, yaml_of(SCENARIOS_DIR / "pypi-2021.yaml")),
    "stack": ("Pulumi.fuzz.yaml", STACK, yaml_of(STACKS_DIR / "Pulumi.pypi-2021.yaml")),
    "usage": ("usage.yaml", USAGE, {"default": {"storage": {"storage": {"stored": "1 TB"}}}}),
    "infracost usage": (
        "usage.yml",
        PLAN_USAGE,
        {
            "version": "0.1",
            "resource_usage": {"aws_s3_bucket.logs[*]": {"standard": {"storage_gb": 1024}}},
            "resource_type_default_usage": {"aws_sqs_queue": {"monthly_requests": 3e6}},
        },
    ),
}
JSON_LOADERS = {
    "preview": ("p.json", PREVIEW_RUN, json_of(PREVIEW)),
    "state": ("s.json", STATE_RUN, json_of(FIXTURES / "pulumi" / "pypi-2021.export.json")),
    "terraform plan": ("plan.json", PLAN_RUN, json_of(PLAN)),
    "compare plan": (
        "plan.json",
        COMPARE_PLAN,
        json_of(FIXTURES / "terraform" / "all-aws.plan.json"),
    ),
}
CATALOG_LOADERS = {
    "catalog": (
        "aws.yaml",
        catalog_run,
        yaml_of(CATALOG_DIR / FUZZED_CATALOG_FILE),
        YAML_INPUTS,
        as_yaml,
    ),
    "aws prices": (
        "a.json",
        import_run("aws"),
        json_of(FIXTURES / "prices" / "aws-s3-offer.json"),
        JSON_INPUTS,
        as_json,
    ),
    "gcp prices": (
        "g.json",
        import_run("gcp"),
        json_of(FIXTURES / "prices" / "gcp-skus.json"),
        JSON_INPUTS,
        as_json,
    ),
}


@pytest.mark.parametrize("loader", list(YAML_LOADERS))
@FUZZ
@given(data=st.data())
def test_yaml_loaders_keep_the_contract(workdir, loader, data):
    name, run, shipped = YAML_LOADERS[loader]
    content = data.draw(YAML_INPUTS | mutated(shipped).map(as_yaml))
    assert_contract(run(fresh(workdir, name, content)))


@pytest.mark.parametrize("loader", list(JSON_LOADERS))
@FUZZ
@given(data=st.data())
def test_json_loaders_keep_the_contract(workdir, loader, data):
    name, run, shipped = JSON_LOADERS[loader]
    content = data.draw(JSON_INPUTS | mutated(shipped).map(as_json))
    assert_contract(run(fresh(workdir, name, content)))


@pytest.mark.parametrize("loader", list(CATALOG_LOADERS))
@FUZZ_CATALOG
@given(data=st.data())
def test_catalog_reading_loaders_keep_the_contract(workdir, loader, data):
    name, run, shipped, inputs, dump = CATALOG_LOADERS[loader]
    content = data.draw(inputs | mutated(shipped).map(dump))
    assert_contract(run(fresh(workdir, name, content)))


@FUZZ_CATALOG
@given(value=st.text(max_size=30))
def test_option_values_keep_the_contract(value):
    for args in (
        ["estimate", "--from-preview", PREVIEW, "-s", "pypi-2021", "--prices-as-of", value],
        ["estimate", "--from-preview", PREVIEW, "-s", "pypi-2021", "--format", value],
        ["sweep", "pypi-2021", "-s", "pypi-2021", "--points", "3", "--vary", value],
        ["project", "pypi-2021", "-s", "pypi-2021", "--months", "2", "--start", value],
        ["prices", "show", value],
    ):
        assert_contract(args)
