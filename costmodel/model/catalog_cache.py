"""The price catalog's files as parsed, kept on disk as one JSON entry, so that a command reads
one JSON file instead of parsing 25 YAML files: the YAML parse with its checks is most of what
loading the catalog costs (benchmarks/README.md, issue 15).

Only the parse is cached. The catalog is validated from the entry exactly as from the files,
so a cached catalog is the same catalog, down to the messages of a price that does not validate.

- Key: a SHA-256 of every catalog file's name and bytes, of the code that parses them (every
  module of costmodel/files/ and this one), and of the Python and PyYAML versions. Any change
  gives a new key, so an entry is never stale, only unused; writing an entry removes the others.
- An entry is stored only when every file parsed and JSON gives back exactly what was parsed
  (the YAML loader keeps dates as strings and refuses non-finite numbers), and is read as
  costmodel/files/diskcache.py says. A file that cannot be read or parsed is never cached: the
  catalog is then loaded as without a cache, so every message is the one it would be.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from costmodel.errors import InputError
from costmodel.files import diskcache, parsed
from costmodel.files.userfile import MAX_BYTES, read_bounded, read_user_bytes

FOLDER = "catalog"
_ENTRY = re.compile(r"[0-9a-f]{64}\.json")
_CODE = (Path(__file__).resolve(),)  # besides costmodel/files/ (parsed.code_key)

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
    datas: list[Parsed] = []
    loaded: dict[Path, T] = {}
    for path in files:
        datas.append(parse(path))
        loaded[path] = validate(path, datas[-1])
    if _unchanged(files, contents):
        diskcache.write_json(entry, key, dict(zip(names, datas, strict=True)), _ENTRY)
    return loaded


def _unchanged(files: list[Path], contents: list[bytes]) -> bool:
    """Whether the files still hold the bytes keyed (none was edited while being parsed)."""
    try:
        return all(read_bounded(p, MAX_BYTES) == c for p, c in zip(files, contents, strict=True))
    except OSError:
        return False


def _key(names: list[str], contents: list[bytes]) -> str:
    digest = hashlib.sha256(f"indexplan catalog cache\n{parsed.code_key(_CODE)}\n".encode())
    for name, content in zip(names, contents, strict=True):
        diskcache.add_part(digest, name)
        diskcache.add_part(digest, content)
    return digest.hexdigest()


def _read(entry: Path, key: str, names: list[str]) -> list[Parsed] | None:
    """The entry's parsed files in the order of `names`, or None when there is none for them."""
    files = diskcache.read_json(entry, key)
    if not isinstance(files, dict) or list(files) != names:
        return None
    if not all(type(data) is dict for data in files.values()):
        return None
    return list(files.values())
