"""Files as parsed, kept on disk as JSON keyed by their bytes: a command on unchanged files
neither parses them again nor imports PyYAML, whose import alone costs about a sixth of the
instructions of `indexplan --help` (benchmarks/README.md, issue 15).

Only a successful parse is stored, and only when JSON gives it back exactly (diskcache.plain);
what reads it validates it as it would the file's. A file that does not parse is parsed, and
fails with its own message, every time.

Key: a SHA-256 of the content, of what the value is (`kind`), of the code that parses it (every
module of costmodel/files/, and the caller's own modules), and of the Python and PyYAML
versions. Any change gives a new key, so an entry is never stale, only unused. Entries live in
`<cache>/parsed/`, one per kind and file path: a path's new entry replaces its older one.
"""

from __future__ import annotations

import hashlib
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from costmodel.files import diskcache
from costmodel.files.userfile import read_user_text

FOLDER = "parsed"
CODE = Path(__file__).resolve().parent  # the file readers: costmodel/files/
VERSIONS = ("pyyaml",)


def code_key(code: tuple[Path, ...] = ()) -> str:
    """A SHA-256 of the parsing code (costmodel/files/ and `code`) and of the versions of
    Python and PyYAML."""
    digest = hashlib.sha256(f"{sys.version}\n".encode())
    for dist, version in diskcache.installed_versions(VERSIONS).items():
        diskcache.add_part(digest, f"{dist}=={version}")
    for path in [*sorted(CODE.glob("*.py")), *code]:
        diskcache.add_part(digest, path.name)
        diskcache.add_part(digest, path.read_bytes())
    return digest.hexdigest()


def memo(
    kind: str,
    where: str,
    content: bytes,
    compute: Callable[[], Any],
    code: tuple[Path, ...] = (),
    valid: Callable[[Any], bool] = lambda value: isinstance(value, dict),
) -> Any:
    """`compute()`, the parse of `content` (the file `where`) by `code`, from the cache when it
    was stored before (and is `valid`: the shape `compute` returns), else computed and stored."""
    digest = hashlib.sha256(f"indexplan parsed {kind}\n{code_key(code)}\n".encode())
    diskcache.add_part(digest, content)
    key = digest.hexdigest()
    prefix = f"{kind}-{hashlib.sha256(where.encode('utf-8', 'surrogatepass')).hexdigest()[:16]}-"
    path = diskcache.cache_dir() / FOLDER / f"{prefix}{key}.json"
    cached = diskcache.read_json(path, key)
    if cached is not None and valid(cached):
        return cached
    value = compute()
    diskcache.write_json(path, key, value, re.compile(re.escape(prefix) + r"[0-9a-f]{64}\.json"))
    return value


def yaml_mapping(text: str, where: str, what: str) -> dict[str, Any]:
    """costmodel.files.yamlfile.yaml_mapping of `text`, parsed once per content."""

    def parse() -> dict[str, Any]:
        from costmodel.files import yamlfile  # imports PyYAML: only on a miss

        return yamlfile.yaml_mapping(text, where, what)

    mapping: dict[str, Any] = memo("yaml", where, text.encode("utf-8", "surrogatepass"), parse)
    return mapping


def load_yaml_mapping(path: Path, what: str) -> dict[str, Any]:
    """costmodel.files.yamlfile.load_yaml_mapping, parsed once per content."""
    return yaml_mapping(read_user_text(path, what, "YAML"), str(path), what)
