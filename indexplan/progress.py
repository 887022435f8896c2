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


@contextlib.contextmanager
def file_progress(
    description: str, files: int, size: int, enabled: bool
) -> Iterator[Callable[[int, int], None]]:
    """Yields `advance(files, bytes)` for work done; shows files done and bytes read against
    the totals, on stderr and on a terminal only."""
    if not (enabled and sys.stderr.isatty()):
        yield lambda files, size: None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.fields[done]:,}/{task.fields[files]:,} files"),
        DownloadColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(description, total=size, done=0, files=files)

        def advance(done: int, read: int) -> None:
            current = bar.tasks[0].fields["done"]
            bar.update(task, advance=read, done=current + done)

        yield advance
