"""Building a large document's objects without Python's cyclic garbage collector running.

Parsing a 38 MB preview, building its graph and pricing it make millions of dicts, lists and
records, none of them garbage and none in a reference cycle. Each collector pass walks every
container made since the last full one, and full passes come each time the heap grows by a
quarter: on 10^5 resources the collector took three quarters of `json.loads`'s time and a
third of the whole command's (benchmarks/README.md, issue 16). Reference counting still frees
everything as usual; the collector runs again when the block ends.
"""

from __future__ import annotations

import gc
from contextlib import ContextDecorator
from types import TracebackType


class collector_paused(ContextDecorator):
    """The block (or each call of the decorated function) runs with the cyclic collector off;
    in nested blocks the outermost turns it back on."""

    def __init__(self) -> None:
        self._was_on: list[bool] = []  # a decorator's one instance may be entered re-entrantly

    def __enter__(self) -> None:
        self._was_on.append(gc.isenabled())
        gc.disable()

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._was_on.pop():
            gc.enable()
