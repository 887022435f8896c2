"""Mutations of the real plans and of an Infracost usage file, and random documents, through the
CLI. The contract of every loader (tests/validation): exit 0 or 2; on 2 exactly one stderr line
and nothing on stdout; never a traceback."""

from __future__ import annotations

import contextlib
import copy
import io
import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indexplan.cli import main
from tests.terraform.plans import ALL_AWS, INSTANCES

FUZZ = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
WORDS = st.sampled_from(
    [
        "format_version",
        "resource_changes",
        "address",
        "module_address",
        "mode",
        "managed",
        "type",
        "name",
        "change",
        "actions",
        "after",
        "after_unknown",
        "after_sensitive",
        "configuration",
        "provider_config",
        "expressions",
        "region",
        "constant_value",
        "references",
        "root_module",
        "module_calls",
        "resource_usage",
        "resource_type_default_usage",
        "standard",
        "storage_gb",
        "monthly_data_transfer_to_internet_gb",
        "us",
    ]
) | st.text(max_size=8)
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-(10**20), 10**20)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=20)
    | st.sampled_from(["1.2", "aws_s3_bucket.files", "create", "[*]"])
)
DOCUMENTS = st.recursive(
    SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(WORDS, inner, max_size=5)
)
USAGE = {
    "version": "0.1",
    "resource_usage": {
        "aws_s3_bucket.logs[*]": {"standard": {"storage_gb": 1024}},
        "aws_s3_bucket.archive": {"standard": {"storage_gb": 10, "monthly_tier_1_requests": 5}},
    },
    "resource_type_default_usage": {"aws_sqs_queue": {"monthly_requests": 3e6}},
}


@st.composite
def mutated(draw: st.DrawFn, original: Any) -> Any:
    """`original` with one node somewhere inside it dropped, renamed or replaced."""
    doc = copy.deepcopy(original)
    node = doc
    for _ in range(draw(st.integers(0, 7))):
        children = list(node.items()) if isinstance(node, dict) else list(enumerate(node))
        children = [(k, v) for k, v in children if isinstance(v, dict | list) and v]
        if not children:
            break
        node = draw(st.sampled_from(children))[1]
    keys = list(node) if isinstance(node, dict) else list(range(len(node)))
    if keys:
        key = draw(st.sampled_from(keys))
        action = draw(st.sampled_from(["drop", "rename", "replace"]))
        if action == "drop":
            del node[key]
        elif action == "rename" and isinstance(node, dict):
            node[draw(WORDS)] = node.pop(key)
        else:
            node[key] = draw(DOCUMENTS)
    return doc


def assert_contract(args: list[str]) -> None:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(args)  # an exception escaping main fails the test
    assert code in (0, 2), err.getvalue()
    if code == 2:
        assert out.getvalue() == ""
        lines = err.getvalue().splitlines()
        assert len(lines) == 1 and lines[0].strip(), err.getvalue()


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


def written(workdir: Path, name: str, content: str) -> str:
    path = Path(tempfile.mkdtemp(dir=workdir)) / name
    path.write_text(content)
    return str(path)


PLAN = json.loads(Path(INSTANCES).read_text())


@FUZZ
@given(doc=mutated(PLAN) | DOCUMENTS)
def test_plan_reader_contract(workdir, doc):
    plan = written(workdir, "plan.json", json.dumps(doc))
    assert_contract(["estimate", "--from-terraform-plan", plan, "-s", "pypi-2026", "-f", "json"])


@FUZZ
@given(doc=mutated(USAGE) | DOCUMENTS)
def test_usage_file_contract(workdir, doc):
    usage = written(workdir, "usage.yml", yaml.safe_dump(doc))
    args = ["estimate", "--from-terraform-plan", INSTANCES, "-s", "pypi-2026", "--usage", usage]
    assert_contract([*args, "-f", "json"])


@FUZZ
@given(doc=mutated(json.loads(Path(ALL_AWS).read_text())))
def test_compare_contract(workdir, doc):
    plan = written(workdir, "plan.json", json.dumps(doc))
    assert_contract(["compare", plan, "-s", "pypi-2026", "-f", "json"])
