"""The BASE of `indexplan diff STACK --base-ref REV`: the stack file and the program at REV,
their graph from the cache or built in a child process (see the package's docstring)."""

from __future__ import annotations

import json
import os
import posixpath
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from costmodel.errors import InputError
from costmodel.model.budget import config_regions
from costmodel.model.graph import Resource, from_dicts
from costmodel.model.sponsorship import parse_sponsors
from indexplan.cache import program_key, read_entry, write_entry
from indexplan.graph_source import GraphSource, check_book_name
from indexplan.paths import ROOT
from indexplan.revision.git import OPTION, Repo, join, write_tree
from indexplan.stackfile import read_stack_config, stack_name

BASE_SUFFIX = "@base"  # the cache keeps a stack's base graph beside its own, not in its place


@contextmanager
def base_source(
    stack: Path, rev: str, use_cache: bool = True, allow_new: bool = False
) -> Iterator[tuple[GraphSource, str]]:
    """The stack file `stack` (of this checkout) and the program as they were at `rev`, and
    the report's label for them. Files are read from git into memory; a temporary folder holds
    them only where a file is needed (to build the graph, or for the stack's price book), lives
    until the caller is done, and an error naming a file in it names it as git does, `REV:path`.
    """
    repo = Repo.of(ROOT, rev)
    commit = repo.commit()
    where = repo.relative(stack)
    root = repo.relative(ROOT)  # "." unless the project is a folder of a larger repository
    prefix = "" if root == "." else f"{root}/"
    files = repo.read(commit, [f"{prefix}Pulumi.yaml", f"{prefix}infra", where])
    name = stack_name(stack)
    label = f"{where} at {rev} ({commit[:10]})"
    with tempfile.TemporaryDirectory(prefix="indexplan-base-") as tmp, _relabelled(Path(tmp), rev):
        tree = Path(tmp)
        if where not in files:
            if not allow_new:
                raise InputError(
                    f"{rev}:{where}",
                    OPTION,
                    "no such stack file at that revision (a new stack? --allow-new-stack "
                    "diffs it against nothing)",
                )
            yield GraphSource(name, [], {}, {}), f"{where}: none at {rev} (a new stack)"
            return
        write_tree({where: files[where]}, tree)
        base_file = tree / where
        config = read_stack_config(base_file)
        sponsors = parse_sponsors(config, str(base_file))
        program = {p.removeprefix(prefix): content for p, content in files.items() if p != where}
        graph = _graph(name, base_file, files[where], program, tree / root, use_cache, rev)
        book = _price_book(repo, commit, config, where, tree)
        yield GraphSource(name, graph, config_regions(config), sponsors, price_book=book), label


@contextmanager
def _relabelled(tree: Path, rev: str) -> Iterator[None]:
    try:
        yield
    except InputError as exc:
        parts = (exc.where, exc.field, exc.expected)
        where, field, expected = (p.replace(f"{tree}{os.sep}", f"{rev}:") for p in parts)
        raise InputError(where, field, expected) from None


def _graph(
    name: str,
    stack: Path,
    content: bytes,
    program: dict[str, bytes],
    program_root: Path,
    use_cache: bool,
    rev: str,
) -> list[Resource]:
    """From the cache (keyed by the stack file's `content` and the `program` as read from
    git), else built from `program` written out under `program_root`."""
    key = program_key(name, content, program)
    if use_cache:
        # the checkout's own entry has the same key when the stack and program are unchanged
        cached = read_entry(key, name + BASE_SUFFIX) or read_entry(key, name)
        if cached is not None:
            return cached
    write_tree(program, program_root)
    graph = _build(stack, program_root, rev)
    if use_cache:
        write_entry(key, name + BASE_SUFFIX, graph)
    return graph


def _build(stack: Path, program_root: Path, rev: str) -> list[Resource]:
    """The graph, built by `indexplan.revision.child` in a fresh interpreter."""
    out = program_root / ".indexplan-graph.json"
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)
    done = subprocess.run(
        [sys.executable, "-m", "indexplan.revision.child", str(program_root), str(stack), str(out)],
        cwd=program_root,
        env={**os.environ, "PYTHONPATH": path},
        capture_output=True,
        text=True,
        check=False,
    )
    said = done.stderr.strip().splitlines()
    if done.returncode == 2 and said:
        raise InputError("", "", said[-1])
    if done.returncode != 0:
        raise RuntimeError(f"building the graph at {rev} failed: {said[-1] if said else ''}")
    return from_dicts(json.loads(out.read_text(encoding="utf-8")))


def _price_book(
    repo: Repo, commit: str, config: dict[str, Any], where: str, tree: Path
) -> Path | None:
    """The stack's own price book as it was at the revision, written into the tree."""
    named = config.get("indexplan:price_book")
    if not isinstance(named, str):
        return None
    check_book_name(f"{repo.rev}:{where}", named)
    path = join(posixpath.dirname(where), named)
    book = repo.read(commit, [path]) if path is not None else {}
    if path is None or path not in book:
        raise InputError(
            f"{repo.rev}:{where}",
            "indexplan:price_book",
            f"no file {named!r} beside the stack at that revision",
        )
    write_tree(book, tree)
    return tree / path
