"""What the on-disk caches share (the resource graphs of indexplan/cache.py, the parsed price
catalog of costmodel/model/catalog_cache.py): where they live, how a key is hashed, which
installed versions go into a key, and how an entry is written.

Location: `$INDEXPLAN_CACHE_DIR`, else `$XDG_CACHE_HOME/indexplan`, else `~/.cache/indexplan`.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
from pathlib import Path
from typing import Any


def cache_dir() -> Path:
    configured = os.environ.get("INDEXPLAN_CACHE_DIR")
    if configured:
        return Path(configured)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "indexplan"


def add_part(digest: Any, value: str | bytes) -> None:
    """Length-prefixed, so no two different sequences of parts hash alike."""
    data = value.encode("utf-8", "surrogateescape") if isinstance(value, str) else value
    digest.update(b"%d:" % len(data))
    digest.update(data)


def installed_versions(distributions: tuple[str, ...]) -> dict[str, str]:
    """Versions from the `.dist-info` directory names on sys.path, first one wins as for
    imports; a directory listing rather than importlib.metadata, which costs ~50 ms to import.
    Names are normalised (`PyYAML` is `pyyaml`, `pulumi-aws` is `pulumi_aws`)."""
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
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
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
