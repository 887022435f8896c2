"""A progress bar for long runs: on a terminal only, never with --format json or when piped."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator


@contextlib.contextmanager
def progress(description: str, total: int, enabled: bool) -> Iterator[Callable[[], None]]:
    """Yields a function to call once per step done; a no-op unless `enabled` on a TTY."""
    if not (enabled and sys.stderr.isatty()):
        yield lambda: None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:  # stdout stays clean
        task = bar.add_task(description, total=total)
        yield lambda: bar.advance(task)
