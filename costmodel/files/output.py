"""Writing a file the user names (`-o`, `--write-*`, `--chart`): never over one of the command's
own inputs, never over anything but a regular file (a FIFO would block, a device or a
directory would be replaced), atomically, and with nothing left behind on failure."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from costmodel.errors import InputError


def check_output(path: Path, option: str, inputs: Iterable[Path | None] = ()) -> None:
    """Refuse `path` as the target of `option` unless it is absent or a regular file that is
    none of `inputs` (compared as files, so a symlink or another name for an input counts)."""
    where = str(path)
    try:
        info: os.stat_result | None = os.stat(path)
    except FileNotFoundError:  # absent, or a dangling symlink, which the rename replaces
        info = None
    except (OSError, ValueError) as exc:  # ValueError: a NUL byte in the name
        raise InputError(option, where, f"cannot write it: {_reason(exc)}") from None
    if not path.parent.is_dir():
        raise InputError(option, where, f"no such directory {path.parent}")
    if info is None:
        return
    if stat.S_ISDIR(info.st_mode):
        raise InputError(option, where, "a directory; give a file name")
    if not stat.S_ISREG(info.st_mode):
        raise InputError(
            option, where, "not a regular file (a FIFO, socket or device); give a file name"
        )
    for given in inputs:
        if given is not None and _same_file(info, given):
            raise InputError(
                option, where, f"is an input of this command ({given}); "
                "give another name"
            )  # fmt: skip


def write_output(
    path: Path,
    option: str,
    content: str | bytes | Callable[[Path], object],
    inputs: Iterable[Path | None] = (),
) -> None:
    """Put `content` (text, bytes, or a function writing the file it is given) at `path`:
    checked by `check_output`, written beside it and renamed into place. On any failure the
    partial file is removed and the target is as it was; an OS error is one InputError line
    naming `option` and `path`."""
    inputs = list(inputs)
    check_output(path, option, inputs)
    temp: Path | None = None
    try:
        # beside the target (one file system, so the rename is atomic); a short name: the
        # target's may be as long as a name can be
        fd, name = tempfile.mkstemp(
            dir=path.parent, prefix=f".{path.name[:40]}.", suffix=".partial"
        )
        temp = Path(name)
        with os.fdopen(fd, "wb") as out:
            if not callable(content):
                out.write(content.encode("utf-8") if isinstance(content, str) else content)
        if callable(content):
            content(temp)
        _sync(temp)  # on disk before it replaces anything
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temp, 0o666 & ~umask)  # as a plain open() would have made it
        check_output(path, option, inputs)  # again: the path may have changed meanwhile
        os.replace(temp, path)
        temp = None
    except OSError as exc:
        raise InputError(option, str(path), f"cannot write it: {_reason(exc)}") from None
    finally:
        if temp is not None:
            with contextlib.suppress(OSError):
                temp.unlink()


def _sync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _same_file(info: os.stat_result, given: Path) -> bool:
    try:
        return os.path.samestat(info, os.stat(given))  # os.path.samefile, one stat fewer
    except (OSError, ValueError):  # an input that is not there (a name, a glob) is not this file
        return False


def _reason(exc: Exception) -> str:
    return getattr(exc, "strerror", None) or str(exc)
