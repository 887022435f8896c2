"""A short quote of a log's text (a first line) for a message, escaped by the one rule every
report uses (`costmodel.errors.printable`): a log's author must not be able to move the cursor,
recolour or rewrite a user's terminal through it."""

from __future__ import annotations

from costmodel.errors import printable


def excerpt(text: str, limit: int = 60) -> str:
    """A short, printable quote of `text` for a message."""
    safe = printable(text)
    return repr(safe if len(safe) <= limit else safe[:limit] + "…")
