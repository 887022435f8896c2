"""What the on-disk caches share (the resource graphs of indexplan/cache.py, the parsed files
of parsed.py and costmodel/model/catalog_cache.py): where they live, how a key is hashed, which
installed versions go into a key, and how an entry is written and read back.

Location: `$INDEXPLAN_CACHE_DIR`, else `$XDG_CACHE_HOME/indexplan`, else `~/.cache/indexplan`.

A JSON entry is a header line, `{"format", "key", "sha256"}`, then its payload. It is read
only if it is a regular file (not a symlink) of bounded size, for the key asked, whose payload
has the SHA-256 its header gives; anything else (torn, hand-edited, foreign) reads as no entry.
JSON, never pickle: a cache restored from elsewhere (a CI cache) must not be able to run code.

Only a folder of our own is used, as ssh treats ~/.ssh: the top folder and each subfolder
must be owned by the effective user and writable by no one else (they are created 0700), and
an entry is read only if that user owns it. A cache another local user could write (a shared
`INDEXPLAN_CACHE_DIR` under /tmp, a self-hosted runner's kept ~/.cache) could otherwise hand a
command a planted graph or price list whose key and digest anyone can compute; instead the
command runs without the cache and says so once on stderr.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

from costmodel.files.userfile import MAX_BYTES, read_bounded

JSON_FORMAT = 1  # bump when a JSON entry's layout changes
# The largest JSON entry, the parsed price catalog, is about 0.2 MB.
MAX_JSON_BYTES = 16 * MAX_BYTES


def cache_dir() -> Path:
    configured = os.environ.get("INDEXPLAN_CACHE_DIR")
    if configured:
        return Path(configured)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "indexplan"


_warned: list[str] = []  # the one warning of this process, once given


def usable(folder: Path, create: bool = False) -> bool:
    """Whether the cache's top folder and `folder` under it are ours alone (created 0700 when
    `create` and missing). A folder of another owner or writable by group or others is not
    used: said once on stderr. A folder that is missing (not `create`) or cannot be made is
    not used either, silently: the cache costs time, never the command."""
    top = cache_dir()
    for path in dict.fromkeys((top, folder)):
        try:
            if create:
                path.mkdir(mode=0o700, parents=path == top, exist_ok=True)
            info = os.stat(path)
        except OSError:
            return False
        problem = (
            f"owned by uid {info.st_uid}, not {os.geteuid()}"
            if info.st_uid != os.geteuid()
            else "writable by group or others"
            if info.st_mode & 0o022
            else None
        )
        if problem:
            if not _warned:
                _warned.append(str(path))
                sys.stderr.write(
                    f"indexplan: not using the cache folder {path}: it is {problem} "
                    "(a folder of your own, mode 0700, is)\n"
                )
            return False
    return True


def read_own(path: Path, limit: int) -> bytes:
    """The entry at `path`, if its folder is usable and the effective user owns it (OSError
    otherwise): a regular file, not a symlink, of at most `limit` bytes."""
    if not usable(path.parent):
        raise PermissionError(path)
    return read_bounded(path, limit, os.O_NOFOLLOW, owner=os.geteuid())


def add_part(digest: Any, value: str | bytes) -> None:
    """Length-prefixed, so no two different sequences of parts hash alike."""
    data = value.encode("utf-8", "surrogateescape") if isinstance(value, str) else value
    digest.update(b"%d:" % len(data))
    digest.update(data)


# installed_versions' answers in this process, by distributions and sys.path: every cached read
# of a file puts PyYAML's version in its key (parsed.code_key), and listing site-packages again
# for each cost ~8 M instructions a read (benchmarks/README.md, issue 15). Nothing is installed
# or removed while one command runs.
_LISTED: dict[tuple[tuple[str, ...], tuple[str, ...]], dict[str, str]] = {}


def installed_versions(distributions: tuple[str, ...]) -> dict[str, str]:
    """Versions from the `.dist-info` directory names on sys.path, first one wins as for
    imports; a directory listing rather than importlib.metadata, which costs ~50 ms to import.
    Names are normalised (`PyYAML` is `pyyaml`, `pulumi-aws` is `pulumi_aws`). Listed once
    per process for each sys.path."""
    key = (distributions, tuple(sys.path))
    if key not in _LISTED:
        _LISTED[key] = _listed_versions(distributions)
    return dict(_LISTED[key])


def _listed_versions(distributions: tuple[str, ...]) -> dict[str, str]:
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
            if dist in distributions and dist not in found:
                found[dist] = version
    return {dist: found.get(dist, "not installed") for dist in distributions}


def write_entry(path: Path, data: bytes, own: re.Pattern[str]) -> None:
    """Store atomically (a temporary file renamed over the entry: a reader sees the old entry
    or the whole new one, never half), then remove the other entries in the folder whose names
    match `own`. A cache that cannot be written costs time, never the command."""
    if not usable(path.parent, create=True):
        return
    try:
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            os.replace(temp, path)
        except BaseException:
            os.unlink(temp)
            raise
        for older in path.parent.iterdir():
            if older != path and own.fullmatch(older.name):
                older.unlink(missing_ok=True)
    except (OSError, ValueError):
        pass


def read_json(path: Path, key: str) -> Any:
    """The payload of the JSON entry at `path` if it was written for `key`, else None."""
    try:
        raw = read_own(path, MAX_JSON_BYTES)
        header, _, payload = raw.partition(b"\n")
        sha = hashlib.sha256(payload).hexdigest()
        if json.loads(header) != {"format": JSON_FORMAT, "key": key, "sha256": sha}:
            return None
        return json.loads(payload)
    except (OSError, ValueError, RecursionError):
        return None  # missing, odd, torn or from another layout


def write_json(path: Path, key: str, value: Any, own: re.Pattern[str]) -> None:
    """Store `value` under `key` when JSON gives it back exactly (see `plain`), else nothing."""
    if not plain(value):
        return
    payload = json.dumps(value, separators=(",", ":"), allow_nan=False).encode()
    head = {"format": JSON_FORMAT, "key": key, "sha256": hashlib.sha256(payload).hexdigest()}
    write_entry(path, json.dumps(head).encode() + b"\n" + payload, own)


def plain(value: Any) -> bool:
    """Whether JSON gives `value` back exactly: only these exact types, string keys, finite
    floats (an int stays an int and a float a float, `1.0` included)."""
    try:
        return _plain(value)
    except RecursionError:
        return False


def _plain(value: Any) -> bool:
    kind = type(value)
    if kind is dict:
        return all(type(k) is str and _plain(v) for k, v in value.items())
    if kind is list:
        return all(_plain(v) for v in value)
    if kind is float:
        return value == value and value not in (float("inf"), float("-inf"))
    return kind in (str, int, bool, type(None))
