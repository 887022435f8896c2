"""Reading a file a user hands us: every way the file itself can be wrong is one InputError line.
The format-specific loaders (yamlfile, jsonfile) parse what this returns."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from costmodel.errors import InputError

# Scenarios, catalogs, usage files and Pulumi previews are at most a few MB; refusing anything
# larger before reading keeps a mistaken 50 MB argument from stalling the CLI.
MAX_BYTES = 10 * 1000 * 1000
# YAML files (scenarios, stacks, usage files, price books, the catalog) are written by hand and
# weigh a few kB (the largest shipped, 14 kB). Their bound is tighter because a YAML parser
# composes a node for every scalar before any check can run: 6 MB of keys took 13 s and 460 MB
# to refuse, 2 MB takes a fifth of that (benchmarks/README.md, issue 16).
MAX_YAML_BYTES = 2 * 1000 * 1000
# Opened without blocking (a FIFO with no writer), without becoming our terminal, and closed in
# any program the CLI starts.
_OPEN_FLAGS = os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC


def read_bounded(path: Path, limit: int, flags: int = 0, owner: int | None = None) -> bytes:
    """At most `limit` bytes of the regular file at `path`; OSError for anything else (a
    directory, FIFO or device; a file growing past `limit` while read, as /proc files do; a
    file not owned by `owner`, when given)."""
    fd = os.open(path, _OPEN_FLAGS | flags)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise IsADirectoryError if stat.S_ISDIR(info.st_mode) else _NotRegular
        if owner is not None and info.st_uid != owner:
            raise PermissionError(path)
        if info.st_size > limit:
            raise _TooLarge
        chunks, size = [], 0
        while chunk := os.read(fd, min(1 << 20, limit + 1 - size)):
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                raise _TooLarge
        return b"".join(chunks)
    finally:
        os.close(fd)


class _NotRegular(OSError):
    pass


class _TooLarge(OSError):
    pass


def read_user_bytes(path: Path, what: str, limit: int = MAX_BYTES) -> bytes:
    """The bytes of `path`, a readable regular file of a sane size; `what` names the expected
    file in messages. Every OS error (missing, unreadable, a FIFO or /proc file, a name too
    long) is one line naming the file."""
    where = str(path)
    try:
        return read_bounded(path, limit)
    except FileNotFoundError:
        raise InputError(where, "", "no such file") from None
    except IsADirectoryError:
        raise InputError(where, "", f"not a file (expected {what})") from None
    except _NotRegular:
        raise InputError(
            where, "", f"not a file (a FIFO, socket or device; expected {what})"
        ) from None
    except _TooLarge:
        raise InputError(where, "", f"larger than {limit // 1000**2} MB; not {what}") from None
    except (OSError, ValueError) as exc:  # ValueError: a NUL byte in the name
        reason = getattr(exc, "strerror", None) or str(exc)
        raise InputError(where, "", f"cannot read it ({reason}); expected {what}") from None


def read_user_text(path: Path, what: str, syntax: str, limit: int | None = None) -> str:
    """The text of `path`, checked to be a readable, non-empty UTF-8 file of at most `limit`
    bytes (by default MAX_YAML_BYTES for YAML, else MAX_BYTES); `what` names the expected file
    and `syntax` its format (YAML, JSON) in messages."""
    where = str(path)
    if limit is None:
        limit = MAX_YAML_BYTES if syntax == "YAML" else MAX_BYTES
    raw = read_user_bytes(path, what, limit)
    if b"\0" in raw:
        raise InputError(where, "", f"binary file; expected {what} in {syntax}")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(where, "", f"not UTF-8 text (byte {exc.start})") from None
    if not text.strip():
        raise InputError(where, "", f"empty file; expected {what}")
    return text
