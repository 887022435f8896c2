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

Above it, an index of the catalog as loaded (`load_indexed`): every price, table row and
unpriced block as the JSON of its validated model, stored only once the whole catalog loaded
without an error. A warm command then decodes the index's list of keys alone, and each price
it asks for is validated from its JSON when first asked for (a warm estimate asks for ~20 of
~2,000): the values are checked by the same models, the files are not parsed or validated as a
whole again. Its key adds the catalog's model code and pydantic's versions.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from costmodel.errors import InputError
from costmodel.files import diskcache, parsed
from costmodel.files.userfile import MAX_BYTES, read_bounded, read_user_bytes

FOLDER = "catalog"
INDEX_FOLDER = "catalog-index"
_ENTRY = re.compile(r"[0-9a-f]{64}\.json")
_CODE = (Path(__file__).resolve(),)  # besides costmodel/files/ (parsed.code_key)

Parsed = dict[str, Any]
T = TypeVar("T")
C = TypeVar("C")


class CatalogIndex(NamedTuple):
    """A loaded catalog as JSON gives it back (prices.Catalog.index): rows that start with a
    key's [provider, service, dimension, zone, variant or None], and models' JSON."""

    prices: list[list[Any]]  # key, file, the price's JSON
    rows: list[list[Any]]  # key, table (in tables), rates, file, field
    tables: list[str]  # each table's JSON
    unpriced: list[list[Any]]  # key, block (in blocks)
    blocks: list[str]  # each unpriced block's JSON
    zone_maps: list[list[Any]]  # provider, name, {key: zone}


def load_indexed(
    files: list[Path],
    directory: Path,
    load: Callable[[], C],
    index: Callable[[C], CatalogIndex],
    indexed: Callable[[CatalogIndex], C],
    code: tuple[Path, ...],
    versions: str,
) -> C:
    """`indexed` of the index of the files' bytes when there is one, else `load()` (and its
    index stored when it loaded without an error)."""
    try:
        contents = [read_user_bytes(path, "a price catalog") for path in files]
    except InputError:
        return load()  # its own message
    names = [path.relative_to(directory).as_posix() for path in files]
    # the files' paths are in the index (messages name them): the directory is in the key
    key = _key(names, contents, f"index\n{directory}\n{versions}", code)
    entry = diskcache.cache_dir() / INDEX_FOLDER / f"{key}.json"
    found = _read_index(entry, key)
    if found is not None:
        try:
            return indexed(found)
        except (TypeError, ValueError):
            pass  # not an index `index` wrote: the files are loaded and indexed again
    catalog = load()
    if _unchanged(files, contents):
        diskcache.write_json(entry, key, index(catalog)._asdict(), _ENTRY)
    return catalog


def _read_index(entry: Path, key: str) -> CatalogIndex | None:
    """The entry's index when it has `CatalogIndex`'s parts (each row is checked as the
    catalog is made from it, each model's JSON validated when read), else None."""
    data = diskcache.read_json(entry, key)
    if type(data) is not dict or list(data) != list(CatalogIndex._fields):
        return None
    if not all(type(part) is list for part in data.values()):
        return None
    return CatalogIndex(**data)


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


def _key(
    names: list[str], contents: list[bytes], more: str = "", code: tuple[Path, ...] = ()
) -> str:
    head = f"indexplan catalog cache\n{parsed.code_key((*_CODE, *code))}\n{more}"
    digest = hashlib.sha256(head.encode())
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
