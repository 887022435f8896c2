"""The few git plumbing commands a revision needs: resolve it, list its files, copy them out."""

from __future__ import annotations

import os
import posixpath
import subprocess
from collections.abc import Iterable, Mapping
from pathlib import Path

from costmodel.errors import InputError

OPTION = "--base-ref"
_BLOB_MODES = ("100644", "100755")  # regular files; symlinks and submodules are not copied


class Repo:
    def __init__(self, top: Path, rev: str) -> None:
        self.top = top
        self.rev = rev  # as the user gave it, for messages

    @classmethod
    def of(cls, path: Path, rev: str) -> Repo:
        """The repository holding `path`, for the revision `rev` (not yet resolved)."""
        if not rev or rev.startswith("-") or any(ord(c) < 32 or ord(c) == 127 for c in rev):
            raise InputError(OPTION, repr(rev), "expected a git revision (a branch, tag, commit)")
        done = _git(path, rev, "rev-parse", "--show-toplevel")
        if done.returncode != 0:
            raise InputError(OPTION, rev, f"{path} is not in a git repository")
        return cls(Path(done.stdout.decode().strip()), rev)

    def commit(self) -> str:
        """The commit the revision names."""
        done = _git(
            self.top, self.rev, "rev-parse", "--verify", "--quiet", f"{self.rev}^{{commit}}"
        )
        if done.returncode != 0:
            raise InputError(
                OPTION, self.rev, f"unknown revision in the git repository at {self.top}"
            )
        return done.stdout.decode().strip()

    def relative(self, path: Path) -> str:
        """`path` as git names it in this repository (posix, from the top)."""
        resolved = path.resolve()
        if not resolved.is_relative_to(self.top.resolve()):
            raise InputError(
                str(path), OPTION, f"not in the git repository at {self.top}; it has no revisions"
            )
        return resolved.relative_to(self.top.resolve()).as_posix()

    def changed_since(self, commit: str) -> list[str]:
        """Paths the work tree's commit changes since it left `commit`'s line (`REV...HEAD`,
        as a pull request shows its changes); a rename is a deletion and an addition."""
        done = _git(
            self.top, self.rev, "diff", "--name-only", "--no-renames", "-z", f"{commit}...HEAD"
        )
        return [
            p for p in _output(done, self.rev).decode("utf-8", "surrogateescape").split("\0") if p
        ]

    def read(self, commit: str, paths: Iterable[str]) -> dict[str, bytes]:
        """The files at `paths` (files or folders) in `commit`, by their path in the
        repository; regular files only."""
        wanted = [p for p in paths if p]
        listing = _output(
            _git(self.top, self.rev, "ls-tree", "-r", "-z", "--full-tree", commit, "--", *wanted),
            self.rev,
        )
        files: dict[str, str] = {}
        for entry in listing.split(b"\0"):
            if not entry:
                continue
            meta, _, name = entry.partition(b"\t")
            mode, kind, oid = meta.decode().split(" ")
            path = name.decode("utf-8", "surrogateescape")
            if kind == "blob" and mode in _BLOB_MODES and _inside(path):
                files[path] = oid
        contents = self._blobs(list(files.values()))
        return {path: contents[oid] for path, oid in files.items()}

    def _blobs(self, oids: list[str]) -> dict[str, bytes]:
        """Every object's content from one `git cat-file --batch`."""
        if not oids:
            return {}
        batch = "".join(f"{oid}\n" for oid in oids)
        out = _output(_git(self.top, self.rev, "cat-file", "--batch", stdin=batch), self.rev)
        contents: dict[str, bytes] = {}
        at = 0
        for oid in oids:
            header_end = out.index(b"\n", at)
            _, _, size = out[at:header_end].decode().split(" ")
            start = header_end + 1
            contents[oid] = out[start : start + int(size)]
            at = start + int(size) + 1  # the content is followed by a newline
        return contents


def write_tree(files: Mapping[str, bytes], dest: Path) -> None:
    """`files` (path -> content) written under `dest`."""
    for path, content in files.items():
        target = dest / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)


def join(base: str, relative: str) -> str | None:
    """`relative` (a path a file in folder `base` names) from the repository's top; None when
    it leaves the repository."""
    joined = posixpath.normpath(posixpath.join(base, relative))
    return joined if _inside(joined) and not posixpath.isabs(relative) else None


def _inside(path: str) -> bool:
    return not (path.startswith("/") or path == ".." or path.startswith("../"))


def _git(
    cwd: Path, rev: str, *args: str, stdin: str | None = None
) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
    try:
        return subprocess.run(
            ["git", "-C", str(cwd), *args],
            input=stdin.encode() if stdin is not None else None,
            capture_output=True,
            env=env,
            check=False,
        )
    except FileNotFoundError:
        raise InputError(OPTION, rev, "needs git, and there is no `git` on PATH") from None


def _output(done: subprocess.CompletedProcess[bytes], rev: str) -> bytes:
    """What git printed; its own last word when it failed where it should not (a damaged
    repository, an object missing from a shallow clone)."""
    if done.returncode != 0:
        said = done.stderr.decode(errors="replace").strip().splitlines()
        raise InputError(OPTION, rev, said[-1] if said else f"git exited {done.returncode}")
    return done.stdout
