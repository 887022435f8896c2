"""Whether DuckDB's JSON reader would see a file's lines as the line reader does.

The exact path reads a JSON-lines file line by line (`read_csv`), so every line is a row and
a line that is not one JSON object is a malformed row. DuckDB's `read_json` is cheaper, and
strict: a line that is not JSON, two objects on one line, an object split over lines, an
invalid UTF-8 byte or a key given twice stops it with an error. It differs silently only in
the white space between lines, measured byte by byte (tests/logs/test_logs_fastpath.py):
  - an empty or blank line is skipped, where the line reader counts it malformed;
  - a carriage return alone ends a line for the line reader, not for JSON;
  - a vertical tab or form feed next to an object is white space to `read_json` only;
  - a line over the line reader's limit (somewhere between 1 and 2 MB) is read whole.
`clean_lines` decompresses the file once (zlib-ng: about 3x zlib's speed) and counts its
lines; the engine checks that `read_json` gave exactly that many rows, which no blank line
can pass, and that none of the rest occurs.

`Checks` runs clean_lines ahead of need. from-logs starts it as soon as it has the file
names: its own start-up (importing DuckDB, reading each file's head, recognising formats) is
serial and would leave a core idle, which one thread of checks fills. Once the engine waits
for a batch's counts, one thread per core works on them.
"""

from __future__ import annotations

import os
import stat
import threading
import zlib
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from functools import partial
from pathlib import Path
from types import TracebackType
from typing import BinaryIO, cast

from costmodel.errors import InputError, printable
from costmodel.readers.logs.files import LogFile, compression_of, read_error

PIECE = 1 << 18  # under MAX_LINE
# Compressed bytes read at a time: each is copied again as the unconsumed tail until spent.
READ = 1 << 16
# Longer lines go the exact way: the line reader refuses them, read_json does not.
MAX_LINE = 1_000_000
_ODD = (b"\r", b"\v", b"\f")
# What may come before the first `{` of a JSON-lines file: JSON's white space, a byte order mark.
_LEADING = b" \t\n\r\xef\xbb\xbf"


class _GivenUp:
    """A check stopped before the file's end: see Checks."""


GIVEN_UP = _GivenUp()
Count = int | None | _GivenUp


def clean_lines(file: LogFile) -> int | None:
    """The number of lines in `file` if it holds nothing that `read_json` reads otherwise
    than the line reader (see above); None if it does, if it is not gzip or plain, or if it
    does not decompress to its end in one gzip member. Corrupt gzip data is an InputError."""
    count = _count(file.path, file.compression, lambda: False, lambda: False)
    assert not isinstance(count, _GivenUp)
    return count


def _count(
    path: Path, compression: str | None, ahead: Callable[[], bool], stop: Callable[[], bool]
) -> Count:
    """clean_lines of `path` (its compression told by its first bytes if not given); GIVEN_UP
    at its first bytes if they do not start a JSON object and it is only checked `ahead` of
    need, or at any piece once told to `stop`."""
    lines = 0
    since_newline = 0  # bytes after the last newline seen
    last = b"\n"
    started = False  # a byte other than leading white space seen
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            return None  # a pipe or a device: opening it could wait for a writer forever
        compression = compression or compression_of(path)
        if compression not in ("gzip", "none"):
            return None
        for piece in _pieces(path, compression):
            if stop():
                return GIVEN_UP
            if not started and (text := piece.lstrip(_LEADING)):
                started = True
                if not text.startswith(b"{") and ahead():
                    return GIVEN_UP  # not JSON lines: only the JSON formats use the count
            if any(odd in piece for odd in _ODD):
                return None
            first = piece.find(b"\n")  # a piece is shorter than MAX_LINE: a line that long
            if first < 0:  # crosses a piece's end
                since_newline += len(piece)
            elif since_newline + first > MAX_LINE:
                return None
            else:
                import numpy as np  # here: a file given up at its start needs none

                since_newline = len(piece) - 1 - piece.rfind(b"\n")
                lines += int(np.count_nonzero(np.frombuffer(piece, np.uint8) == ord("\n")))
            if since_newline > MAX_LINE:
                return None
            last = piece[-1:]
    except (_Unclean, OSError):  # the exact way names what is wrong
        return None
    return lines + (last != b"\n")


class _Unclean(Exception):
    """Not one complete gzip member: the exact way reports what is wrong."""


def _pieces(path: Path, compression: str) -> Iterator[bytes]:
    """The file's bytes, decompressed, in pieces of at most PIECE bytes; _Unclean past the
    first gzip member."""
    with path.open("rb") as stream:
        if compression == "none":
            while piece := stream.read(PIECE):
                yield piece
            return
        yield from _inflated(stream, path, members=False)


def _inflated(stream: BinaryIO, path: Path, members: bool) -> Iterator[bytes]:
    """A gzip stream inflated, in pieces of at most PIECE bytes, every member in turn with
    `members`, else _Unclean at data past the first; _Unclean at a truncated end, and an
    InputError naming `path` at corrupt data or a wrong CRC (DuckDB's reader checks neither,
    and would read on, corrupt lines and all)."""
    from zlib_ng import zlib_ng

    corrupt = cast("type[Exception]", zlib_ng.error)  # typed as an instance in its stubs
    inflate = zlib_ng.decompressobj(31)
    try:
        while data := stream.read(READ):
            while data:
                if piece := inflate.decompress(data, PIECE):
                    yield piece
                data = inflate.unconsumed_tail
                if inflate.eof and inflate.unused_data:  # the next member
                    if not members:
                        raise _Unclean
                    # zlib-ng keeps the rest in unconsumed_tail too: take it once
                    data, inflate = inflate.unused_data, zlib_ng.decompressobj(31)
    except corrupt:
        raise InputError(printable(str(path)), "", read_error(zlib.error(), "gzip")) from None
    if not inflate.eof:
        raise _Unclean


def verify_gzip(file: LogFile) -> None:
    """Inflate a gzip file to its end only to check its data and CRC (see `_inflated`): a
    file read the exact way with corrupt data inside would otherwise give garbage lines
    counted as malformed, and a scenario. A truncated file is left to DuckDB, which names it."""
    try:
        with file.path.open("rb") as stream:
            for _ in _inflated(stream, file.path, members=True):
                pass
    except (_Unclean, OSError):
        return  # DuckDB's own read names what is wrong


class Checks:
    """clean_lines of files, worked through in order by background threads: one from the
    start, one per core once `counts` waits. A file checked ahead of need is given up at its
    first bytes unless they start a JSON object (only the JSON formats use the counts), and
    at any piece once `keep` leaves it out; `counts` checks whole the files it asks for.
    Leaving the context stops every thread at its next piece."""

    def __init__(self, paths: Sequence[Path] = ()) -> None:
        self._state = threading.Condition()
        self._todo: deque[tuple[Path, str | None]] = deque((path, None) for path in paths)
        self._wanted: set[Path] = set()
        self._kept: set[Path] | None = None  # None: every file may be wanted
        self._running: set[Path] = set()
        self._done: dict[Path, Count | BaseException] = {}
        self._workers = 0
        self._threads: list[threading.Thread] = []
        self._closed = False
        with self._state:
            self._spawn(1)

    def counts(self, files: Sequence[LogFile]) -> dict[LogFile, int | None]:
        """clean_lines of each of `files`, checked first where it was not yet."""
        with self._state:
            self._wanted.update(file.path for file in files)
            fresh = []
            for file in files:
                if isinstance(self._done.get(file.path), _GivenUp):
                    del self._done[file.path]
                if file.path not in self._done and file.path not in self._running:
                    fresh.append((file.path, file.compression))
            paths = {path for path, _ in fresh}
            self._todo = deque(fresh + [job for job in self._todo if job[0] not in paths])
            self._spawn((os.cpu_count() or 1) - self._workers)
            self._state.wait_for(lambda: all(self._finished(file.path) for file in files))
            found = {file: self._done[file.path] for file in files}
        counts: dict[LogFile, int | None] = {}
        for file, count in found.items():
            if isinstance(count, BaseException):
                raise count
            assert not isinstance(count, _GivenUp)
            counts[file] = count
        return counts

    def keep(self, paths: Sequence[Path]) -> None:
        """Check no other file ahead of need: the others are read without their counts."""
        with self._state:
            self._kept = set(paths)
            self._todo = deque(job for job in self._todo if job[0] in self._kept)

    def __enter__(self) -> Checks:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        with self._state:
            self._closed = True
            self._todo.clear()
        for thread in self._threads:
            thread.join()

    def _ahead(self, path: Path) -> bool:
        return path not in self._wanted

    def _stop(self, path: Path) -> bool:
        kept = self._kept is None or path in self._kept or path in self._wanted
        return self._closed or not kept

    def _finished(self, path: Path) -> bool:
        return path in self._done and not isinstance(self._done[path], _GivenUp)

    def _spawn(self, count: int) -> None:
        """Start `count` more threads (the caller holds the state)."""
        for _ in range(max(0, count)):
            thread = threading.Thread(target=self._work, name="indexplan-linecheck", daemon=True)
            self._workers += 1
            self._threads.append(thread)
            thread.start()

    def _work(self) -> None:
        while True:
            with self._state:
                if self._closed or not self._todo:
                    self._workers -= 1
                    self._state.notify_all()
                    return
                path, compression = self._todo.popleft()
                self._running.add(path)
            count: Count | BaseException
            try:
                ahead, stop = partial(self._ahead, path), partial(self._stop, path)
                count = _count(path, compression, ahead, stop)
            except BaseException as exc:  # corrupt data, or a bug: raised where it is asked for
                count = exc
            with self._state:
                self._running.discard(path)
                self._done[path] = count
                if isinstance(count, _GivenUp) and path in self._wanted and not self._closed:
                    self._todo.appendleft((path, compression))  # wanted since it gave up
                self._state.notify_all()
