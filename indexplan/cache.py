"""A disk cache of resource graphs, so a command on an unchanged program and stack file does
not run the program (and never imports Pulumi).

An entry is keyed by a SHA-256 of everything the graph depends on: every file under infra/,
Pulumi.yaml, the modules that run the program under mocks, the stack's name and file content,
and the installed versions of indexplan, the Pulumi SDKs, PyYAML (which reads the stack file)
and pydantic (which checks its config for the program). Any change gives a new key, so an
entry is never stale, only unused; writing a stack's entry removes its older ones.

Location: `costmodel.files.diskcache.cache_dir()` (`$INDEXPLAN_CACHE_DIR`, else
`$XDG_CACHE_HOME/indexplan`, else `~/.cache/indexplan`), folder `graphs`. A per-user directory
rather than one in the checkout: entries depend only on content, so one cache serves every
checkout and survives `git clean`, CI runners cache ~/.cache between jobs, and a read-only
checkout still gets a cache. Set INDEXPLAN_CACHE_DIR=.indexplan-cache (it is
gitignored) to keep it in the repo instead.

The cache can never make a command fail, nor lie: an entry is read only if it is a regular
file (not a symlink or FIFO) of a bounded size, parses within the bounds of any user JSON and
carries the SHA-256 of its own graph; anything else (hand-edited, torn, foreign) is rebuilt.
An unwritable directory is skipped; one that is not the user's own (another owner, or
writable by group or others) is not used at all, and an entry another user owns is not read
(costmodel/files/diskcache.py `usable`). Entries hold graphs exactly as `indexplan resources
--format json` prints them, secrets already `[secret]`, and are named by the exact stack name
and key, so one stack's entries never touch another's (`pypi` and `pypi-2021`).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from costmodel.files import diskcache
from costmodel.files.diskcache import add_part as _add
from costmodel.files.diskcache import cache_dir
from costmodel.files.jsonfile import decode_json
from costmodel.model.graph import Resource, from_dicts
from indexplan.paths import ROOT

if TYPE_CHECKING:
    from indexplan.stackfile import StackFile

NO_CACHE_HELP = "Run the Pulumi program afresh instead of reusing its cached resource graph."
FORMAT = 2  # bump when an entry's layout changes
# The shipped stacks' graphs are about 100 kB; an entry far past that is not one we wrote.
MAX_ENTRY_BYTES = 64 * 1000 * 1000
# What the graph is built from, besides the stack file: the program and the code running it.
HASHED: tuple[Path, ...] = (
    ROOT / "Pulumi.yaml",
    ROOT / "infra",
    ROOT / "indexplan" / "graph.py",
    ROOT / "indexplan" / "hints_on_demand.py",
    ROOT / "indexplan" / "mocks.py",
    ROOT / "indexplan" / "sdk_on_demand.py",
    ROOT / "indexplan" / "registry_on_demand.py",
    ROOT / "indexplan" / "stackfile.py",
    ROOT / "costmodel" / "files",
    ROOT / "costmodel" / "model" / "graph.py",
)
PROGRAM_PARTS = ("Pulumi.yaml", "infra")  # the program; the rest of HASHED runs it
# Distributions whose code shapes the graph: an SDK upgrade can change defaults and inputs;
# the program sees the stack file's values as PyYAML reads them (`storage_gb: 0x258`, `01130`
# and `10:00` are all 600) and as pydantic checks them (`"600"` and `600.0` are 600).
# pydantic refuses to import beside any pydantic-core but the one it pins.
DISTRIBUTIONS = (
    "indexplan",
    "pulumi",
    "pulumi_aws",
    "pulumi_gcp",
    "pulumi_fastly",
    "pulumi_random",
    "pulumi_cloudflare",
    "pulumi_datadog",
    "pulumi_ec",
    "pyyaml",
    "pydantic",
)


def stack_graph(stack: StackFile, use_cache: bool = True) -> list[Resource]:
    """The stack's resource graph: from the cache when its key matches, else built and stored."""
    if not use_cache:
        return _build(stack)
    key = graph_key(stack)
    cached = read_entry(key, stack.name)
    if cached is not None:
        return cached
    built = _build(stack)
    write_entry(key, stack.name, built)
    return built


def _build(stack: StackFile) -> list[Resource]:
    # Imported here, on a miss only (the builder pulls in asyncio), and looked up when
    # called, so a builder replaced in indexplan.graph is the one used.
    from indexplan import graph

    return graph.build_graph(stack)


def graph_key(stack: StackFile) -> str:
    return program_key(stack.name, stack.text or stack.path.read_bytes())  # the file as read


def program_key(
    stack_name: str, stack_file: str | bytes, program: Mapping[str, bytes] | None = None
) -> str:
    """The key of a stack's graph: the stack file's content (text is hashed as its UTF-8
    bytes, so a file's text and its bytes key alike), and the program (Pulumi.yaml, infra/) of
    this checkout, or `program` (path -> content, paths as in the checkout) of another revision."""
    versions = sorted(installed_versions().items())
    what = (versions, ROOT, HASHED)
    if program is None and _checkout and _checkout[:2] == [what, _stamp(_checkout[2])]:
        digest = _checkout[3].copy()
    else:
        now = time.time_ns()  # before the listing: a change while the key is made is recent
        watched = _watched() if program is None else []
        stamp = _stamp(watched, now) if program is None else None
        digest = hashlib.sha256(f"indexplan graph cache {FORMAT}\n".encode())
        for name, version in versions:
            digest.update(f"{name}=={version}\n".encode())
        for name, content in _hashed_contents(program):
            _add(digest, name)
            _add(digest, content)
        if stamp is not None:
            _checkout[:] = [what, stamp, watched, digest.copy()]
    _add(digest, stack_name)  # the stack name is part of every URN
    _add(digest, stack_file)
    return digest.hexdigest()


# The checkout's part of the key (versions and hashed files), kept for the next key made in
# this process (a compare makes one key per stack; the tests make thousands) while every
# hashed file and every folder holding one (a file added, removed or renamed changes its
# folder) has the same inode, size, mtime and ctime. Something changed in the last RACY_NS
# may change again within the same timestamp tick, so while anything is that recent nothing
# is kept (git's "racily clean" entries): the files are read and hashed on every key.
RACY_NS = 2 * 10**9
_checkout: list[Any] = []  # [(versions, ROOT, HASHED), stamp, the paths stamped, its sha256]


def _watched() -> list[str]:
    """The hashed files, the folders holding them and each hashed root, as paths."""
    watched: list[str] = []
    for root in HASHED:
        folders, files = _walk(root)
        if folders:
            watched += [*folders, *(path for _, path in _paths(root, files))]
        else:
            watched.append(str(root))  # a file, or nothing yet
    return watched


def _stamp(paths: list[str], now: int | None = None) -> tuple[tuple[object, ...], ...] | None:
    """Each path's device, inode, size, mtime and ctime (only the path when there is none);
    None when one changed since `now` - RACY_NS, too recently to tell from a next change."""
    newest = (time.time_ns() if now is None else now) - RACY_NS
    stamp: list[tuple[object, ...]] = []
    for path in paths:
        try:
            st = os.stat(path)
        except (FileNotFoundError, NotADirectoryError):
            stamp.append((path,))
            continue
        except OSError:
            return None
        if max(st.st_mtime_ns, st.st_ctime_ns) >= newest:
            return None
        stamp.append((path, st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns))
    return tuple(stamp)


def installed_versions() -> dict[str, str]:
    return diskcache.installed_versions(DISTRIBUTIONS)


def entry_path(key: str, stack_name: str) -> Path:
    return cache_dir() / "graphs" / f"{_prefix(stack_name)}-{key}.json"


def read_entry(key: str, stack_name: str) -> list[Resource] | None:
    """The graph stored under `key`, or None when there is none or it cannot be trusted."""
    try:
        raw = diskcache.read_own(entry_path(key, stack_name), MAX_ENTRY_BYTES)
        doc = decode_json(raw.decode("utf-8"))
        if not (isinstance(doc, dict) and doc.get("format") == FORMAT and doc.get("key") == key):
            return None
        if doc.get("digest") != _digest(key, doc["resources"]):
            return None  # edited by hand, or by anything else but write_entry
        return _resources(doc["resources"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return None  # missing, odd, torn or from another layout: build afresh


def write_entry(key: str, stack_name: str, graph: list[Resource]) -> None:
    """Store atomically and remove the stack's older entries."""
    path = entry_path(key, stack_name)
    resources = [r.to_dict() for r in graph]
    doc = {"format": FORMAT, "key": key, "digest": _digest(key, resources), "resources": resources}
    own = re.compile(re.escape(_prefix(stack_name)) + r"-[0-9a-f]{64}\.json")
    diskcache.write_entry(path, json.dumps(doc, separators=(",", ":")).encode(), own)


def _digest(key: str, resources: Any) -> str:
    canonical = json.dumps(resources, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(f"{key}\n{canonical}".encode("utf-8", "surrogatepass")).hexdigest()


def _resources(items: Any) -> list[Resource]:
    """Entries are checked field by field: a wrong type raises TypeError, caught as corrupt."""
    if not isinstance(items, list):
        raise TypeError("resources is not a list")
    for item in items:
        fields = (item["urn"], item["type"], item["name"])
        if not all(isinstance(f, str) for f in fields) or not isinstance(item["inputs"], dict):
            raise TypeError("malformed resource")
        if item["parent_type"] is not None and not isinstance(item["parent_type"], str):
            raise TypeError("malformed parent_type")
    return from_dicts(items)


def _hashed_contents(program: Mapping[str, bytes] | None) -> Iterator[tuple[str, bytes]]:
    """Each hashed file's name and content, in a fixed order; the program's from `program`
    when it is given, in the order the checkout's own would come."""
    for root in HASHED:
        name = _name(root)
        if program is not None and name.split("/")[0] in PROGRAM_PARTS:
            inside = [n for n in program if n == name or n.startswith(f"{name}/")]
            for given in sorted(inside, key=lambda n: n.split("/")):  # as Path objects sort
                yield given, program[given]
        else:
            for name, path in _paths(root):
                with open(path, "rb") as file:
                    yield name, file.read()


def _hashed_files() -> Iterator[Path]:
    for root in HASHED:
        yield from (root / inner for inner in _files(root))


def _paths(root: Path, files: list[str] | None = None) -> Iterator[tuple[str, str]]:
    """Each file's name in the key and its path, for a hashed file or folder."""
    name = _name(root)
    for inner in _files(root) if files is None else files:
        yield (f"{name}/{inner}", os.path.join(root, inner)) if inner else (name, str(root))


def _files(root: Path) -> list[str]:
    return _walk(root)[1]


def _walk(root: Path) -> tuple[list[str], list[str]]:
    """The folders under a hashed folder (itself included), as paths, and its files, as paths
    relative to it, sorted as Path objects sort (part by part), `__pycache__` left out; for a
    hashed file, no folders and [""]. Strings and os.walk, not Path.rglob: the key is made on
    every graph lookup, and pathlib took two thirds of it."""
    if not os.path.isdir(root):
        return [], [""] if os.path.exists(root) else []
    top = os.fspath(root)
    folders: list[str] = []
    found: list[str] = []
    for folder, subfolders, names in os.walk(top):  # as rglob: symlinked folders not entered
        subfolders[:] = [s for s in subfolders if s != "__pycache__"]
        folders.append(folder)
        inner = folder[len(top) + 1 :]  # "" for the top itself
        for file in names:
            if file != "__pycache__" and os.path.isfile(os.path.join(folder, file)):
                found.append(f"{inner}/{file}" if inner else file)
    return folders, sorted(found, key=lambda n: n.split("/"))


def _name(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def _prefix(stack_name: str) -> str:
    """The stack's part of its entries' names, one per stack name: the name itself when it is
    short and plain, else a plain form of it and a hash of the exact name (after a `~`, which
    no plain name holds)."""
    plain = re.sub(r"[^A-Za-z0-9_.-]", "_", stack_name)[:64]
    if plain == stack_name:
        return plain
    exact = hashlib.sha256(stack_name.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return f"{plain}~{exact}"
