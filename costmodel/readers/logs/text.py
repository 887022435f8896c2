"""Text from a log (a file name, a POP code, a first line) made safe to print: a log's author
must not be able to move the cursor, recolour or rewrite a user's terminal through it."""

from __future__ import annotations

import unicodedata


def printable(text: str) -> str:
    """`text` with control, format (bidi overrides) and separator characters escaped."""
    return "".join(
        ch
        if unicodedata.category(ch)[0] not in "CZ" or ch == " "
        else f"\\x{ord(ch):02x}"
        if ord(ch) < 0x100
        else f"\\u{ord(ch):04x}"
        for ch in text
    )


def excerpt(text: str, limit: int = 60) -> str:
    """A short, printable quote of `text` for a message."""
    safe = printable(text)
    return repr(safe if len(safe) <= limit else safe[:limit] + "…")
