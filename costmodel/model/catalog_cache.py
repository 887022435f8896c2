"""The price catalog's files as parsed, kept on disk as one JSON entry, so that a command reads
one JSON file instead of parsing 25 YAML files: the YAML parse with its checks is most of what
loading the catalog costs (benchmarks/README.md, issue 15).

Only the parse is cached. The catalog is validated from the entry exactly as from the files,
so a cached catalog is the same catalog, down to the messages of a price that does not validate.

- Key: a SHA-256 of every catalog file's name and bytes, of the code that parses them (every
  module of costmodel/files/ and this one), and of the Python and PyYAML versions. Any change
  gives a new key, so an entry is never stale, only unused; writing an entry removes the others.
- JSON, never pickle: a cache restored from elsewhere (a CI cache) must not be able to run code.
  An entry is stored only when the parsed files are plain JSON values (the YAML loader keeps
  dates as strings and refuses non-finite numbers), so JSON gives back exactly what was parsed.
- An entry is read only if it is a regular file (not a symlink) of bounded size whose payload
  has the SHA-256 its header gives, for this key, holding the files asked for; anything else
  is parsed afresh. A file that cannot be read, or that does not parse, is never cached: the
  catalog is then loaded as without a cache, so every message is the one it would be.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from costmodel.errors import InputError
from costmodel.files import diskcache
from costmodel.files.userfile import MAX_BYTES, read_bounded, read_user_bytes

FORMAT = 1  # bump when an entry's layout changes
FOLDER = "catalog"
_ENTRY = re.compile(r"[0-9a-f]{64}\.json")
# The shipped catalog is about 0.2 MB as JSON; an entry far past that is not one we wrote.
MAX_ENTRY_BYTES = 16 * MAX_BYTES
# The code that turns a catalog file into data: the file readers, and this module.
_CODE = (Path(__file__).resolve().parent.parent / "files", Path(__file__).resolve())
_VERSIONS = ("pyyaml",)

Parsed = dict[str, Any]
T = TypeVar("T")


def load_files(
    files: list[Path],
    directory: Path,
    parse: Callable[[Path], Parsed],
    validate: Callable[[Path, Parsed], T],
) -> dict[Path, T]:
    """`validate(path, parse(path))` of each file in turn, the parse read from the cache entry
    of the files' bytes when there is one, and stored in it when there was none."""
    try:
        contents = [read_user_bytes(path, "a price catalog") for path in files]
    except InputError:
        return {path: validate(path, parse(path)) for path in files}  # as without a cache
    names = [path.relative_to(directory).as_posix() for path in files]
    key = _key(names, contents)
    entry = diskcache.cache_dir() / FOLDER / f"{key}.json"
    cached = _read(entry, key, names)
    if cached is not None:
        return {path: validate(path, data) for path, data in zip(files, cached, strict=True)}
    parsed: list[Parsed] = []
    loaded: dict[Path, T] = {}
    for path in files:
        parsed.append(parse(path))
        loaded[path] = validate(path, parsed[-1])
    if _unchanged(files, contents) and all(_plain(data) for data in parsed):
        _write(entry, key, dict(zip(names, parsed, strict=True)))
    return loaded


def _unchanged(files: list[Path], contents: list[bytes]) -> bool:
    """Whether the files still hold the bytes keyed (none was edited while being parsed)."""
    try:
        return all(read_bounded(p, MAX_BYTES) == c for p, c in zip(files, contents, strict=True))
    except OSError:
        return False


def _key(names: list[str], contents: list[bytes]) -> str:
    digest = hashlib.sha256(f"indexplan catalog cache {FORMAT}\n{sys.version}\n".encode())
    for dist, version in diskcache.installed_versions(_VERSIONS).items():
        diskcache.add_part(digest, f"{dist}=={version}")
    for root in _CODE:
        code = sorted(root.glob("*.py")) if root.is_dir() else [root]
        for path in code:
            diskcache.add_part(digest, path.name)
            diskcache.add_part(digest, path.read_bytes())
    for name, content in zip(names, contents, strict=True):
        diskcache.add_part(digest, name)
        diskcache.add_part(digest, content)
    return digest.hexdigest()


def _read(entry: Path, key: str, names: list[str]) -> list[Parsed] | None:
    """The entry's parsed files in the order of `names`, or None when it cannot be trusted."""
    try:
        raw = read_bounded(entry, MAX_ENTRY_BYTES, os.O_NOFOLLOW)
        header, _, payload = raw.partition(b"\n")
        head = json.loads(header)
        if head != {"format": FORMAT, "key": key, "sha256": hashlib.sha256(payload).hexdigest()}:
            return None  # another layout or key, torn, or edited by anything but _write
        files = json.loads(payload)
        if list(files) != names or not all(type(data) is dict for data in files.values()):
            return None
        return list(files.values())
    except (OSError, ValueError, TypeError, AttributeError, RecursionError):
        return None  # missing, odd, or from another layout: parse afresh


def _write(entry: Path, key: str, files: dict[str, Parsed]) -> None:
    payload = json.dumps(files, separators=(",", ":"), allow_nan=False).encode()
    head = {"format": FORMAT, "key": key, "sha256": hashlib.sha256(payload).hexdigest()}
    diskcache.write_entry(entry, json.dumps(head).encode() + b"\n" + payload, _ENTRY)


def _plain(value: Any) -> bool:
    """Whether JSON gives `value` back exactly: only these exact types, string keys, finite
    floats (an int stays an int and a float a float, `1.0` included)."""
    try:
        return _plain_value(value)
    except RecursionError:
        return False


def _plain_value(value: Any) -> bool:
    kind = type(value)
    if kind is dict:
        return all(type(k) is str and _plain_value(v) for k, v in value.items())
    if kind is list:
        return all(_plain_value(v) for v in value)
    if kind is float:
        return value == value and value not in (float("inf"), float("-inf"))
    return kind in (str, int, bool, type(None))
