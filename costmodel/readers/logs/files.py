"""The log files a user names: paths or globs, each checked to exist and to hold text, with
its compression told by its first bytes (not its name) and its first lines read for detection.

A file too short to hold its own compressed stream, or not text at all, fails here, named,
before any work is done; one truncated further on fails when DuckDB reaches its end.
"""

from __future__ import annotations

import glob
import gzip
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from costmodel.errors import InputError, printable

if TYPE_CHECKING:
    import duckdb

HEAD_LINES = 20
HEAD_BYTES = 64 * 1024
_MAGIC = {b"\x1f\x8b": "gzip", b"\x28\xb5\x2f\xfd": "zstd"}
# DuckDB expands these in any path it reads: `a?.gz` would also read `ab.gz`.
_DUCKDB_GLOB = "*?["


@dataclass(frozen=True)
class LogFile:
    path: Path
    size: int  # bytes on disk, what the progress bar counts
    compression: str  # gzip | zstd | none
    head: tuple[str, ...] = field(repr=False)  # the first lines, decompressed

    @property
    def name(self) -> str:
        return printable(str(self.path))


def expand(patterns: Sequence[str]) -> list[Path]:
    """Every file the arguments name, in order, each once (a file named twice, or through a
    symbolic or hard link, is the first name given): a path, or a glob (`logs/*.gz`,
    `logs/**/*.gz`) for shells that pass it unexpanded. Paths stay as the user wrote them:
    they are shown in messages and in the scenario's `source`, which an absolute path would
    make leak a home directory."""
    found: dict[tuple[int, int], Path] = {}  # by device and inode: a hard link is the file
    for pattern in patterns:
        if glob.has_magic(pattern):
            matches = sorted(glob.glob(pattern, recursive=True))
            paths = [Path(m) for m in matches if Path(m).is_file()]
            if not paths:
                raise InputError(printable(pattern), "", "no file matches this pattern")
        else:
            path = Path(pattern)
            if not path.exists():
                raise InputError(printable(pattern), "", "no such file")
            if path.is_dir():
                raise InputError(
                    printable(pattern), "", "a directory; give its files, e.g. DIR/*.gz"
                )
            paths = [path]
        for path in paths:
            info = path.stat()
            found.setdefault((info.st_dev, info.st_ino), path)
    if not found:
        raise InputError("FILE", "", "give at least one log file")
    for path in found.values():
        if any(char in str(path) for char in _DUCKDB_GLOB):
            raise InputError(
                printable(str(path)),
                "",
                "DuckDB would read *, ? or [ in this path as a pattern (other files, or none); "
                "rename the file or give a link to it",
            )
    return list(found.values())


def compression_of(path: Path) -> str:
    with path.open("rb") as stream:
        magic = stream.read(4)
    return next((kind for prefix, kind in _MAGIC.items() if magic.startswith(prefix)), "none")


def open_log(path: Path, con: duckdb.DuckDBPyConnection) -> LogFile:
    """`path` with its compression and first lines; a file that is empty, truncated or not
    text is one InputError naming it. `con` reads the head of a zstd file."""
    import duckdb

    where = printable(str(path))
    size = path.stat().st_size
    if size == 0:
        raise InputError(where, "", "empty file")
    compression = compression_of(path)
    try:
        raw = _head_zstd(path, con) if compression == "zstd" else _head(path, compression)
    except (OSError, EOFError, zlib.error, duckdb.Error) as exc:
        raise InputError(where, "", read_error(exc, compression)) from None
    if b"\0" in raw:
        raise InputError(where, "", "binary data; not a text log")
    lines = raw.decode("utf-8", errors="replace").split("\n")
    if len(raw) >= HEAD_BYTES:
        if len(lines) == 1:
            raise InputError(where, "", f"no line break in its first {HEAD_BYTES // 1024} kB")
        lines = lines[:-1]  # the last one may be cut short
    head = tuple(line.removesuffix("\r") for line in lines[:HEAD_LINES])
    if not any(line.strip() for line in head):
        raise InputError(where, "", "empty file (no log lines)")
    return LogFile(path, size, compression, head)


def _head(path: Path, compression: str) -> bytes:
    if compression == "gzip":
        with gzip.open(path, "rb") as stream:
            return stream.read(HEAD_BYTES)
    with path.open("rb") as stream:
        return stream.read(HEAD_BYTES)


def _head_zstd(path: Path, con: duckdb.DuckDBPyConnection) -> bytes:
    """The first lines of a zstd file, as DuckDB (which reads zstd) decompresses them."""
    literal = "'" + str(path).replace("'", "''") + "'"
    rows = con.execute(
        f"SELECT line FROM read_csv({literal}, columns={{'line': 'VARCHAR'}}, delim='\x1f', "
        "quote='', escape='', header=false, auto_detect=false, strict_mode=false, "
        f"null_padding=true, compression='zstd', parallel=false) LIMIT {HEAD_LINES}"
    ).fetchall()
    return "\n".join(row[0] or "" for row in rows).encode()


def read_error(exc: BaseException, compression: str) -> str:
    """What an error reading a file (from Python's gzip or from DuckDB) means to its owner."""
    text = str(exc)
    if isinstance(exc, EOFError) or "Unexpected end of" in text or "ended before" in text:
        return f"truncated {compression} file (it ends before its compressed stream does)"
    if isinstance(exc, gzip.BadGzipFile | zlib.error) or "not a GZIP" in text:
        return f"not valid {compression} data (corrupt or not compressed as its start says)"
    if "zstd" in text.lower() or "frame" in text.lower():
        return f"not valid {compression} data"
    if "unicode" in text.lower() or "utf-8" in text.lower():
        return "not UTF-8 text"
    if "Maximum line size" in text or "maximum_line_size" in text:
        return "a line longer than 2 MB; not a log file"
    first = text.splitlines()[0] if text else type(exc).__name__
    return f"cannot be read: {printable(first)[:200]}"
