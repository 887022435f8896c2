"""A bill CSV with a row of more or fewer fields than its header has columns (a cell with an
unquoted comma in it, a line cut short): named by its row, where DuckDB's sniffer would take
the whole file for one column of text (so no format's columns) or its scan would stop on it.
Only read when a CSV has already failed, so a good bill is never scanned twice."""

from __future__ import annotations

import csv
import gzip
from pathlib import Path

from costmodel.errors import InputError
from costmodel.readers.bills.formats import CUR, FOCUS, GCP


def refuse_ragged(path: Path) -> None:
    """Refuses `path` at its first row whose field count is not its header's, when the header
    is a bill's (it names a format's marker column); returns when there is none."""
    opened = gzip.open if path.name.lower().endswith(".gz") else open
    try:
        with opened(path, "rt", encoding="utf-8-sig", newline="") as text:
            rows = csv.reader(text)
            header = next(rows, [])
            if not {FOCUS.marker, CUR.marker, GCP.marker} & set(header):
                return
            # counted from 1 without the header, and without blank lines, as DuckDB reads
            for number, row in enumerate(filter(None, rows), start=1):
                if len(row) != len(header):
                    raise InputError(str(path), f"row {number}", _said(len(row), len(header)))
    except (OSError, UnicodeDecodeError, csv.Error, EOFError):
        return  # unreadable as CSV text: the caller's own message stands


def _said(fields: int, columns: int) -> str:
    why = " (a cell with a comma in it is written in double quotes)" if fields > columns else ""
    said = f"{fields} fields, where the header has {columns} columns"
    return f"{said}; expected a field per column{why}"
