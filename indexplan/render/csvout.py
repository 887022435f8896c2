"""Rows as CSV: one header line of keys, then raw values (numbers unformatted).

A cell a spreadsheet would run as a formula (text starting with = + - @, a tab or a carriage
return, as OWASP's "CSV Injection" page lists them) gets a leading single quote, which the
spreadsheet shows as text; control characters are escaped. Numbers are written as they are:
a number cannot hold a formula, and a negative price is still a number.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from typing import Any

from costmodel.errors import printable

# OWASP's list, plus their full-width forms, which some spreadsheets also read as formulas.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


_NUMBERS = (bool, int, float)


def safe_cell(value: Any) -> Any:
    """A value as one CSV cell that no spreadsheet runs and no terminal obeys."""
    if value is None:
        return ""
    if type(value) in _NUMBERS:
        return value
    text = str(value)
    if text.lstrip(" ").startswith(FORMULA_STARTS):
        text = "'" + text
    return printable(text)


def render_csv(keys: Sequence[str], rows: Sequence[Mapping[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([safe_cell(k) for k in keys])
    for row in rows:
        writer.writerow([safe_cell(row.get(k)) for k in keys])
    return buffer.getvalue()
