"""The resource-graph cache: a hit skips the program, any change to what the graph is built
from is a miss, --no-cache always builds, and a broken entry or directory is never a crash.

The program is replaced by a counting stand-in except in the round-trip test, which builds
the real pypi-2021 graph once; the hashed tree is a temporary copy of infra/ and Pulumi.yaml.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

import indexplan.cache as cache
import indexplan.graph
from costmodel.model.graph import SECRET, Resource
from indexplan.cli import main
from indexplan.paths import ROOT, STACKS_DIR
from indexplan.stackfile import load_stack_file

STACK = "Pulumi.pypi-2021.yaml"
CHECKOUT_HASHED = cache.HASHED


class CountingBuilder:
    """Stands in for running the program: counts builds, returns a one-bucket graph."""

    def __init__(self) -> None:
        self.builds = 0

    def __call__(self, stack):  # type: ignore[no-untyped-def]
        self.builds += 1
        qualified = "indexplan:storage:S3Bucket$aws:s3/bucket:Bucket"
        urn = f"urn:pulumi:{stack.name}::indexplan::{qualified}::files"
        inputs = {"bucket": "files", "tags": {"build": self.builds}, "password": SECRET}
        return [
            Resource(urn, "aws:s3/bucket:Bucket", "files", "indexplan:storage:S3Bucket", inputs)
        ]


@pytest.fixture
def tree(tmp_path, monkeypatch):
    """A copy of the program and a stack file; the cache hashes the copy instead of the repo."""
    root = tmp_path / "repo"
    shutil.copytree(ROOT / "infra", root / "infra", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "Pulumi.yaml", root / "Pulumi.yaml")
    (root / "stacks").mkdir()
    shutil.copy(STACKS_DIR / STACK, root / "stacks" / STACK)
    monkeypatch.setattr(cache, "ROOT", root)
    monkeypatch.setattr(cache, "HASHED", (root / "Pulumi.yaml", root / "infra"))
    monkeypatch.setenv("INDEXPLAN_CACHE_DIR", str(tmp_path / "cache"))
    return root


@pytest.fixture
def builder(monkeypatch):
    counting = CountingBuilder()
    monkeypatch.setattr(indexplan.graph, "build_graph", counting)
    return counting


def graph_of(tree: Path, use_cache: bool = True) -> list[Resource]:
    return cache.stack_graph(load_stack_file(tree / "stacks" / STACK), use_cache)


def entries(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "cache" / "graphs").glob("*.json"))


def test_second_run_is_a_hit_and_returns_the_same_graph(tree, builder, tmp_path):
    first = graph_of(tree)
    second = graph_of(tree)
    assert builder.builds == 1
    assert second == first  # inputs survive the JSON round trip, [secret] included
    assert [p.name[: len("pypi-2021-")] for p in entries(tmp_path)] == ["pypi-2021-"]


@pytest.mark.parametrize(
    "change",
    [
        lambda root: (root / "infra" / "cdn" / "fastly.py").open("a").write("\n# edited\n"),
        lambda root: (root / "infra" / "new_module.py").write_text("X = 1\n"),
        lambda root: (root / "Pulumi.yaml").open("a").write("# edited\n"),
        lambda root: (root / "stacks" / STACK).open("a").write("# edited\n"),
    ],
    ids=["infra file edited", "infra file added", "Pulumi.yaml edited", "stack file edited"],
)
def test_any_change_is_a_miss_and_replaces_the_old_entry(tree, builder, tmp_path, change):
    graph_of(tree)
    change(tree)
    rebuilt = graph_of(tree)
    assert builder.builds == 2
    assert rebuilt[0].inputs["tags"] == {"build": 2}  # the new graph, not the stored one
    assert len(entries(tmp_path)) == 1  # the stack's stale entry was removed
    graph_of(tree)
    assert builder.builds == 2  # and the new entry is a hit


def _same_size_edit(path: Path, replace: bool) -> None:
    """One byte changed: written over in place, or as a new file renamed over it."""
    data = path.read_bytes()
    edited = data.replace(b"a", b"A", 1)
    assert len(edited) == len(data) and edited != data
    target = path.with_name(path.name + ".new") if replace else path
    target.write_bytes(edited)
    if replace:
        os.replace(target, path)


CHANGES_KEPT_KEY_SEES = [
    lambda root: (root / "infra" / "cdn" / "fastly.py").open("a").write("\n# edited\n"),
    lambda root: (root / "infra" / "new_module.py").write_text("X = 1\n"),
    lambda root: (root / "Pulumi.yaml").open("a").write("# edited\n"),
    lambda root: _same_size_edit(root / "infra" / "cdn" / "fastly.py", replace=False),
    lambda root: _same_size_edit(root / "Pulumi.yaml", replace=True),
    lambda root: (root / "infra" / "new_module.py").unlink(),
    lambda root: (root / "infra" / "cdn" / "new_cdn.py").write_text("X = 1\n"),  # a subfolder
    lambda root: (root / "infra" / "new").mkdir() or (root / "infra" / "new" / "a.py").touch(),
]


def test_a_key_kept_for_the_process_sees_every_change(tree, monkeypatch):
    # The checkout's part of the key is kept between keys while the stat of its files and
    # folders is unchanged. RACY_NS 0 lets it be kept at once (this tree was just written);
    # the pauses stand in for what RACY_NS ensures, that a change comes in a later timestamp
    # tick than the stat kept. Every change below must then be a new key.
    reads = []
    real = cache._hashed_contents
    monkeypatch.setattr(cache, "_hashed_contents", lambda p: reads.append(1) or real(p))
    monkeypatch.setattr(cache, "RACY_NS", 0)
    stack = load_stack_file(tree / "stacks" / STACK)
    keys = [cache.graph_key(stack)]
    for change in CHANGES_KEPT_KEY_SEES:
        before = len(reads)
        assert cache.graph_key(stack) == keys[-1] and len(reads) == before  # kept: no reads
        time.sleep(0.05)
        os.utime(tree / "Pulumi.yaml")  # a touch alone moves the stamp, never the key
        assert cache.graph_key(stack) == keys[-1] and len(reads) == before + 1
        time.sleep(0.05)
        change(tree)
        keys.append(cache.graph_key(stack))
        assert len(reads) == before + 2
    assert len(set(keys)) == len(keys)  # each change, a new key
    monkeypatch.setattr(cache, "_checkout", [])  # and each is the key made afresh
    assert cache.graph_key(stack) == keys[-1]


def test_a_kept_key_is_for_its_own_program_only(tree, monkeypatch):
    # kept for the copy of the program (RACY_NS 0), then asked for the checkout's own
    monkeypatch.setattr(cache, "RACY_NS", 0)
    monkeypatch.setattr(cache, "_checkout", [])
    stack = load_stack_file(tree / "stacks" / STACK)
    in_copy = cache.graph_key(stack)
    assert cache._checkout  # kept
    monkeypatch.setattr(cache, "ROOT", ROOT)
    monkeypatch.setattr(cache, "HASHED", CHECKOUT_HASHED)
    own = cache.graph_key(stack)
    monkeypatch.setattr(cache, "_checkout", [])
    assert own == cache.graph_key(stack) != in_copy


def test_a_just_written_file_is_read_on_every_key(tree, monkeypatch):
    reads = []
    real = cache._hashed_contents
    monkeypatch.setattr(cache, "_hashed_contents", lambda p: reads.append(1) or real(p))
    stack = load_stack_file(tree / "stacks" / STACK)
    assert cache.graph_key(stack) == cache.graph_key(stack)
    assert len(reads) == 2  # the tree is seconds old: nothing kept


# An SDK's code declares the resources; PyYAML reads the stack file the program is given
# and pydantic checks it: `storage_gb: 0x258` (PyYAML) and `"600"` (pydantic) are 600.
@pytest.mark.parametrize("distribution", ["pulumi_aws", "pulumi", "pyyaml", "pydantic"])
def test_another_version_of_what_shapes_the_graph_is_a_miss(
    tree, builder, monkeypatch, distribution
):
    graph_of(tree)
    versions = cache.installed_versions()
    assert versions[distribution] != "not installed"
    monkeypatch.setattr(
        cache, "installed_versions", lambda: {**versions, distribution: "0.0.1-other"}
    )
    graph_of(tree)
    assert builder.builds == 2


def test_no_cache_always_builds_and_leaves_the_cache_alone(tree, builder, tmp_path, capsys):
    stack = str(tree / "stacks" / STACK)
    assert main(["resources", stack, "--format", "json"]) == 0
    assert main(["resources", stack, "--format", "json"]) == 0
    assert builder.builds == 1
    assert main(["resources", stack, "--format", "json", "--no-cache"]) == 0
    assert builder.builds == 2
    outputs = capsys.readouterr().out
    # the third run printed the fresh graph (build 2), the first two the stored one (build 1)
    assert outputs.count('"build": 1') == 2 and outputs.count('"build": 2') == 1
    assert len(entries(tmp_path)) == 1


@pytest.mark.parametrize(
    "content",
    [
        "",
        '{"format": 1, "key": "',  # torn write
        "\x00\xff binary",
        "[]",
        '{"format": 1, "key": "KEY", "resources": [{"urn": 5}]}',
        '{"format": 1, "key": "KEY", "resources": {"not": "a list"}}',
        '{"format": 1, "key": "another key", "resources": []}',
        '{"format": 99, "key": "KEY", "resources": []}',
    ],
    ids=["empty", "torn", "binary", "not an object", "bad urn", "not a list", "key", "format"],
)
def test_a_corrupt_entry_is_rebuilt_not_a_crash(tree, builder, tmp_path, content):
    graph_of(tree)
    (entry,) = entries(tmp_path)
    key = entry.stem.removeprefix("pypi-2021-")
    entry.write_bytes(content.replace("KEY", key).encode("latin-1"))
    assert graph_of(tree)[0].inputs["tags"] == {"build": 2}
    assert json.loads(entry.read_text())["resources"][0]["inputs"]["tags"] == {"build": 2}
    assert graph_of(tree)[0].inputs["tags"] == {"build": 2}  # the rewritten entry is used
    assert builder.builds == 2


def test_an_unwritable_cache_directory_only_costs_time(tree, builder, tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("INDEXPLAN_CACHE_DIR", str(blocker))
    assert graph_of(tree)[0].inputs["tags"] == {"build": 1}
    assert graph_of(tree)[0].inputs["tags"] == {"build": 2}  # nothing was stored to reuse
    assert blocker.read_text() == "not a directory"


def test_no_temporary_files_are_left_behind(tree, builder, tmp_path):
    graph_of(tree)
    (tree / "stacks" / STACK).open("a").write("# edited\n")
    graph_of(tree)
    names = [p.name for p in (tmp_path / "cache" / "graphs").iterdir()]
    assert len(names) == 1 and not names[0].startswith(".tmp-")


def test_cache_directory_precedence(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("INDEXPLAN_CACHE_DIR")
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    assert cache.cache_dir() == tmp_path / "home" / ".cache" / "indexplan"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.cache_dir() == tmp_path / "xdg" / "indexplan"
    monkeypatch.setenv("INDEXPLAN_CACHE_DIR", str(tmp_path / "mine"))
    assert cache.cache_dir() == tmp_path / "mine"


def test_the_installed_sdk_versions_are_found():
    """The directory listing agrees with importlib.metadata, the slow but standard way."""
    from importlib.metadata import version

    found = cache.installed_versions()
    assert found == {dist: version(dist) for dist in cache.DISTRIBUTIONS}


def test_the_real_graph_round_trips_through_the_cache(tmp_path, monkeypatch):
    """The shipped pypi-2021 program, built for real once: what a hit returns is what the
    program declared, generated secrets still hidden."""
    monkeypatch.setenv("INDEXPLAN_CACHE_DIR", str(tmp_path / "cache"))
    stack = load_stack_file(STACKS_DIR / STACK)
    built = cache.stack_graph(stack)
    assert cache.read_entry(cache.graph_key(stack), stack.name) == built
    assert any(SECRET in json.dumps(r.to_dict()) for r in built)


# Project modules a build loads that cannot change the graph it builds: package docstrings,
# where the checkout is, error messages (an error builds no graph), the cache itself (its
# FORMAT is part of the key).
NOT_SHAPING_GRAPHS = {
    "costmodel/__init__.py",
    "costmodel/errors.py",
    "costmodel/model/__init__.py",
    "indexplan/__init__.py",
    "indexplan/cache.py",
    "indexplan/paths.py",
}


def test_every_project_module_a_build_runs_is_part_of_the_key(tmp_path):
    """Builds each shipped stack in a fresh interpreter and lists the project files it loaded:
    each is hashed into the key (an edit to any of them is a miss), or listed above."""
    code = """
import json, sys
from indexplan.cache import stack_graph
from indexplan.paths import STACKS_DIR, stack_names
from indexplan.stackfile import load_stack_file
for name in stack_names():
    stack_graph(load_stack_file(STACKS_DIR / f"Pulumi.{name}.yaml"), use_cache=False)
print(json.dumps(sorted(m.__file__ for m in list(sys.modules.values())
                        if getattr(m, "__file__", None))))
"""
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**os.environ, "INDEXPLAN_CACHE_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    project = [Path(f) for f in json.loads(done.stdout) if Path(f).is_relative_to(ROOT)]
    project = [p for p in project if ".venv" not in p.parts]
    hashed = set(cache._hashed_files())
    assert any(p.parts[-2:] == ("cdn", "fastly.py") for p in project)  # the program did run
    unhashed = {str(p.relative_to(ROOT)) for p in project if p not in hashed}
    assert unhashed <= NOT_SHAPING_GRAPHS
