"""A cache folder another local user can write is not trusted (s8-review-sec finding 9): a
planted graph changed `estimate` and passed `check`, since an entry's key and digest are plain
SHA-256s anyone can compute. Only folders of the effective user's own, writable by no one
else, are used; an entry is read only if that user owns it. The tests run as root, so another
owner is uid 65534 (nobody), made with os.chown."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

import pytest

import indexplan.cache as cache
from costmodel.files import diskcache
from costmodel.model.graph import Resource

NOBODY = 65534
KEY = "0" * 64
OWN = re.compile(r"x-[0-9a-f]{64}\.json")


@pytest.fixture
def top(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("INDEXPLAN_CACHE_DIR", str(folder))
    monkeypatch.setattr(diskcache, "_warned", [])  # each test is a process of its own
    return folder


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def store(top: Path, value: object = None) -> Path:
    path = top / "parsed" / f"x-{KEY}.json"
    diskcache.write_json(path, KEY, value or {"a": 1}, OWN)
    return path


def test_the_cache_folders_are_created_0700_top_included(top, capsys):
    path = store(top)
    assert (mode(top), mode(path.parent)) == (0o700, 0o700)
    assert diskcache.read_json(path, KEY) == {"a": 1}
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize("which", ["top", "subfolder"])
@pytest.mark.parametrize("how", ["another owner", "group-writable", "world-writable"])
def test_a_folder_that_is_not_ours_alone_is_not_used_and_said_once(top, capsys, which, how):
    path = store(top)
    folder = top if which == "top" else path.parent
    if how == "another owner":
        os.chown(folder, NOBODY, -1)
    else:
        folder.chmod(0o770 if how == "group-writable" else 0o777)
    # what is there is not read, nothing is written there, and the command goes on
    assert diskcache.read_json(path, KEY) is None
    other = top / "parsed" / f"x-{'1' * 64}.json"
    diskcache.write_json(other, "1" * 64, {"b": 2}, OWN)
    assert not other.exists() and path.exists()  # the old entry is not removed either
    assert diskcache.read_json(path, KEY) is None
    err = capsys.readouterr().err
    problem = f"owned by uid {NOBODY}, not 0" if how == "another owner" else "writable by group"
    assert err == (
        f"indexplan: not using the cache folder {folder}: it is {problem}"
        + (" or others" if how != "another owner" else "")
        + " (a folder of your own, mode 0700, is)\n"
    )


def test_an_entry_another_user_owns_is_not_read(top, capsys):
    path = store(top)
    os.chown(path, NOBODY, -1)
    assert diskcache.read_json(path, KEY) is None
    assert capsys.readouterr().err == ""  # the folder is ours: nothing to warn about


def test_a_planted_graph_is_not_read_and_the_stack_is_built(top, capsys, monkeypatch):
    # the reviewer's attack: a graph entry with a valid key and digest, in a folder nobody
    # owns, given to the victim's process
    planted = [
        Resource(
            "urn:pulumi:s::indexplan::aws:s3/bucket:Bucket::x",
            "aws:s3/bucket:Bucket",
            "x",
            None,
            {},
        )
    ]
    cache.write_entry(KEY, "static-index", planted)
    entry = cache.entry_path(KEY, "static-index")
    assert cache.read_entry(KEY, "static-index") == planted  # ours: read
    os.chown(entry.parent, NOBODY, -1)
    entry.parent.chmod(0o777)
    os.chown(entry, NOBODY, -1)
    assert cache.read_entry(KEY, "static-index") is None
    assert capsys.readouterr().err.startswith(
        f"indexplan: not using the cache folder {entry.parent}: it is owned by uid {NOBODY}"
    )
    # a folder of ours, but the entry is another's
    os.chown(entry.parent, 0, -1)
    entry.parent.chmod(0o700)
    assert cache.read_entry(KEY, "static-index") is None


def test_a_missing_folder_is_made_only_to_write(top):
    assert diskcache.read_json(top / "parsed" / f"x-{KEY}.json", KEY) is None
    assert not top.exists()
