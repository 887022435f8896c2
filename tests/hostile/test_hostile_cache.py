"""Class 6, a graph cache that cannot lie or hang: an entry edited by hand fails its digest and
is rebuilt; an entry that is a FIFO, a symlink, a directory, huge or deeply nested is rebuilt,
never waited on or trusted; and one stack's entries never touch another's."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import pytest
from hostile_files import deep_json

import indexplan.cache as cache
import indexplan.graph
from costmodel.model.graph import Resource
from indexplan.paths import STACKS_DIR
from indexplan.stackfile import load_stack_file


class Builder:
    """Stands in for the Pulumi program: one bucket whose `build` input counts the builds."""

    def __init__(self) -> None:
        self.builds = 0

    def __call__(self, stack):  # type: ignore[no-untyped-def]
        self.builds += 1
        urn = f"urn:pulumi:{stack.name}::indexplan::aws:s3/bucket:Bucket::files"
        return [Resource(urn, "aws:s3/bucket:Bucket", "files", None, {"build": self.builds})]


@pytest.fixture
def builder(monkeypatch) -> Builder:
    counting = Builder()
    monkeypatch.setattr(indexplan.graph, "build_graph", counting)
    return counting


def stack_file(tmp_path: Path, name: str) -> Path:
    path = tmp_path / f"Pulumi.{name}.yaml"
    path.write_text((STACKS_DIR / "Pulumi.pypi-2021.yaml").read_text())
    return path


def graph(path: Path) -> list[Resource]:
    return cache.stack_graph(load_stack_file(path))


def entry(path: Path) -> Path:
    stack = load_stack_file(path)
    return cache.entry_path(cache.graph_key(stack), stack.name)


def test_a_hand_edited_entry_fails_its_digest_and_is_rebuilt(tmp_path, builder):
    path = stack_file(tmp_path, "pypi")
    graph(path)
    stored = entry(path)
    doc = json.loads(stored.read_text())
    doc["resources"][0]["inputs"]["build"] = 1000  # the issue's: $1,000 instead of $615,283
    stored.write_text(json.dumps(doc))
    assert graph(path)[0].inputs == {"build": 2}
    assert builder.builds == 2


def test_an_entry_whose_digest_is_also_edited_is_still_only_what_was_built(tmp_path, builder):
    # Recomputing the digest needs the key and this code: a hand edit does not.
    path = stack_file(tmp_path, "pypi")
    graph(path)
    stored = entry(path)
    doc = json.loads(stored.read_text())
    doc["resources"][0]["inputs"]["build"] = 1000
    doc["digest"] = "0" * 64
    stored.write_text(json.dumps(doc))
    assert graph(path)[0].inputs == {"build": 2}


def run_with_timeout(function, *args, seconds: float = 20):  # type: ignore[no-untyped-def]
    result: list[object] = []
    worker = threading.Thread(target=lambda: result.append(function(*args)), daemon=True)
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), "hung"
    return result[0]


@pytest.mark.parametrize("kind", ["fifo", "symlink", "directory", "deep", "huge", "duplicate"])
def test_an_odd_entry_is_rebuilt_not_trusted_or_waited_on(tmp_path, builder, kind, monkeypatch):
    path = stack_file(tmp_path, "pypi")
    graph(path)
    stored = entry(path)
    good = stored.read_text()
    stored.unlink()
    if kind == "fifo":
        os.mkfifo(stored)  # no writer: a blocking open would wait for ever
    elif kind == "symlink":
        elsewhere = tmp_path / "elsewhere.json"
        elsewhere.write_text(good)  # even a valid entry, when reached through a link
        stored.symlink_to(elsewhere)
    elif kind == "directory":
        stored.mkdir()
    elif kind == "deep":
        stored.write_text(good[:-1] + ', "x": ' + deep_json(100_000) + "}")
    elif kind == "huge":
        monkeypatch.setattr(cache, "MAX_ENTRY_BYTES", len(good) - 1)
        stored.write_text(good)
    else:
        stored.write_text(good[:1] + '"format": 0, ' + good[1:])
    assert cache.read_entry(cache.graph_key(load_stack_file(path)), "pypi") is None
    rebuilt = run_with_timeout(graph, path)
    assert rebuilt[0].inputs == {"build": 2}


def test_a_stack_named_like_the_start_of_another_keeps_its_entries(tmp_path, builder):
    """`pypi` evicted `pypi-2021`'s entry through the glob `pypi-*.json`."""
    short, long = stack_file(tmp_path, "pypi"), stack_file(tmp_path, "pypi-2021")
    graph(long)
    graph(short)
    (short).write_text(short.read_text() + "# edited\n")  # a new key: pypi's old entry goes
    graph(short)
    assert entry(long).exists()
    graph(long)
    assert builder.builds == 3  # pypi-2021 was still cached


@pytest.mark.parametrize("name", ["a b", "a_b", "x" * 300, "caf\udce9", "../../etc"])
def test_odd_stack_names_get_their_own_entries(tmp_path, builder, name):
    path = stack_file(tmp_path, "plain")
    stack = load_stack_file(path)
    key = cache.graph_key(stack)
    built = builder(stack)
    cache.write_entry(key, name, built)
    stored = cache.entry_path(key, name)
    assert stored.parent == cache.cache_dir() / "graphs" and len(stored.name) < 255
    assert cache.read_entry(key, name) == built
    assert cache.read_entry(key, "a_b" if name == "a b" else "a b") is None
