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
"""

from __future__ import annotations

from collections.abc import Iterator

from costmodel.readers.logs.files import LogFile

PIECE = 1 << 18  # under MAX_LINE
# Compressed bytes read at a time: each is copied again as the unconsumed tail until spent.
READ = 1 << 16
# Longer lines go the exact way: the line reader refuses them, read_json does not.
MAX_LINE = 1_000_000
_ODD = (b"\r", b"\v", b"\f")


def clean_lines(file: LogFile) -> int | None:
    """The number of lines in `file` if it holds nothing that `read_json` reads otherwise
    than the line reader (see above); None if it does, if it is not gzip or plain, or if it
    does not decompress to its end in one gzip member."""
    import numpy as np

    if file.compression not in ("gzip", "none"):
        return None
    lines = 0
    since_newline = 0  # bytes after the last newline seen
    last = b"\n"
    try:
        for piece in _pieces(file):
            if any(odd in piece for odd in _ODD):
                return None
            first = piece.find(b"\n")  # a piece is shorter than MAX_LINE: a line that long
            if first < 0:  # crosses a piece's end
                since_newline += len(piece)
            elif since_newline + first > MAX_LINE:
                return None
            else:
                since_newline = len(piece) - 1 - piece.rfind(b"\n")
                lines += int(np.count_nonzero(np.frombuffer(piece, np.uint8) == ord("\n")))
            if since_newline > MAX_LINE:
                return None
            last = piece[-1:]
    except _Unclean:
        return None
    return lines + (last != b"\n")


class _Unclean(Exception):
    """Not one complete gzip member: the exact way reports what is wrong."""


def _pieces(file: LogFile) -> Iterator[bytes]:
    """The file's bytes, decompressed, in pieces of at most PIECE bytes."""
    from zlib_ng import zlib_ng

    with file.path.open("rb") as stream:
        if file.compression == "none":
            while piece := stream.read(PIECE):
                yield piece
            return
        inflate = zlib_ng.decompressobj(31)  # gzip
        while data := stream.read(READ):
            while data:
                if piece := inflate.decompress(data, PIECE):
                    yield piece
                data = inflate.unconsumed_tail
            if inflate.unused_data:
                raise _Unclean
        if not inflate.eof:
            raise _Unclean
