"""A disk cache of resource graphs, so a command on an unchanged program and stack file does
not run the program (and never imports Pulumi).

An entry is keyed by a SHA-256 of everything the graph depends on: every file under infra/,
Pulumi.yaml, the modules that run the program under mocks, the stack's name and file content,
and the installed versions of indexplan and the Pulumi SDKs. Any change gives a new key, so
an entry is never stale, only unused; writing a stack's entry removes its older ones.

Location: `$INDEXPLAN_CACHE_DIR`, else `$XDG_CACHE_HOME/indexplan`, else `~/.cache/indexplan`.
A per-user directory rather than one in the checkout: entries depend only on content, so one
cache serves every checkout and survives `git clean`, CI runners cache ~/.cache between jobs,
and a read-only checkout still gets a cache. Set INDEXPLAN_CACHE_DIR=.indexplan-cache (it is
gitignored) to keep it in the repo instead.

The cache can never make a command fail: an unreadable, corrupt or foreign entry is ignored
(and rebuilt), an unwritable directory is skipped. Entries hold graphs exactly as
`indexplan resources --format json` prints them, secrets already `[secret]`.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from costmodel.model.graph import Resource, from_dicts
from indexplan.paths import ROOT

if TYPE_CHECKING:
    from indexplan.stackfile import StackFile

NO_CACHE_HELP = "Run the Pulumi program afresh instead of reusing its cached resource graph."
FORMAT = 1  # bump when an entry's layout changes
# What the graph is built from, besides the stack file: the program and the code running it.
HASHED: tuple[Path, ...] = (
    ROOT / "Pulumi.yaml",
    ROOT / "infra",
    ROOT / "indexplan" / "graph.py",
    ROOT / "indexplan" / "mocks.py",
    ROOT / "indexplan" / "stackfile.py",
    ROOT / "costmodel" / "model" / "graph.py",
)
PROGRAM_PARTS = ("Pulumi.yaml", "infra")  # the program; the rest of HASHED runs it
# Distributions whose code shapes the graph (an SDK upgrade can change defaults and inputs).
DISTRIBUTIONS = (
    "indexplan",
    "pulumi",
    "pulumi_aws",
    "pulumi_gcp",
    "pulumi_fastly",
    "pulumi_random",
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


def cache_dir() -> Path:
    configured = os.environ.get("INDEXPLAN_CACHE_DIR")
    if configured:
        return Path(configured)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "indexplan"


def graph_key(stack: StackFile) -> str:
    return program_key(stack.name, stack.path.read_bytes())


def program_key(
    stack_name: str, stack_file: bytes, program: Mapping[str, bytes] | None = None
) -> str:
    """The key of a stack's graph: the stack file, and the program (Pulumi.yaml, infra/) of
    this checkout, or `program` (path -> content, paths as in the checkout) of another revision."""
    digest = hashlib.sha256(f"indexplan graph cache {FORMAT}\n".encode())
    for name, version in sorted(installed_versions().items()):
        digest.update(f"{name}=={version}\n".encode())
    for name, content in _hashed_files(program):
        _add(digest, name)
        _add(digest, content)
    _add(digest, stack_name)  # the stack name is part of every URN
    _add(digest, stack_file)
    return digest.hexdigest()


def installed_versions() -> dict[str, str]:
    """Versions from the `.dist-info` directory names on sys.path, first one wins as for
    imports; a directory listing rather than importlib.metadata, which costs ~50 ms to import."""
    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for name in names:
            if not name.endswith(".dist-info"):
                continue
            dist, _, version = name.removesuffix(".dist-info").partition("-")
            dist = dist.lower().replace("-", "_").replace(".", "_")
            if dist in DISTRIBUTIONS and dist not in found:
                found[dist] = version
    return {dist: found.get(dist, "not installed") for dist in DISTRIBUTIONS}


def entry_path(key: str, stack_name: str) -> Path:
    return cache_dir() / "graphs" / f"{_safe(stack_name)}-{key}.json"


def read_entry(key: str, stack_name: str) -> list[Resource] | None:
    """The graph stored under `key`, or None when there is none or it cannot be trusted."""
    try:
        doc = json.loads(entry_path(key, stack_name).read_text(encoding="utf-8"))
        if not (isinstance(doc, dict) and doc.get("format") == FORMAT and doc.get("key") == key):
            return None
        return _resources(doc["resources"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None  # missing, torn, hand-edited or from another layout: build afresh


def write_entry(key: str, stack_name: str, graph: list[Resource]) -> None:
    """Store atomically (a temporary file renamed over the entry: a reader sees the old entry
    or the whole new one, never half) and remove the stack's older entries."""
    path = entry_path(key, stack_name)
    doc = {"format": FORMAT, "key": key, "resources": [r.to_dict() for r in graph]}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(doc, out, separators=(",", ":"))
            os.replace(temp, path)
        except BaseException:
            os.unlink(temp)
            raise
        for older in path.parent.glob(f"{_safe(stack_name)}-*.json"):
            if older != path:
                older.unlink(missing_ok=True)
    except OSError:
        pass  # a cache that cannot be written costs time, never the command


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


def _hashed_files(program: Mapping[str, bytes] | None) -> Iterator[tuple[str, bytes]]:
    """Each hashed file's name and content, in a fixed order; the program's from `program`
    when it is given, in the order the checkout's own would come."""
    for root in HASHED:
        name = _name(root)
        if program is not None and name.split("/")[0] in PROGRAM_PARTS:
            inside = [n for n in program if n == name or n.startswith(f"{name}/")]
            for given in sorted(inside, key=lambda n: n.split("/")):  # as Path objects sort
                yield given, program[given]
        elif root.is_dir():
            for path in sorted(
                p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts
            ):
                yield _name(path), path.read_bytes()
        elif root.exists():
            yield name, root.read_bytes()


def _name(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def _add(digest: Any, value: str | bytes) -> None:
    """Length-prefixed, so no two different sequences of parts hash alike."""
    data = value.encode() if isinstance(value, str) else value
    digest.update(b"%d:" % len(data))
    digest.update(data)


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]", "_", name)
