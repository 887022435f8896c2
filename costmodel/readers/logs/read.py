"""`scenario from-logs` end to end, short of printing: name the files, recognise their format,
scan them in parallel with DuckDB and derive the scenario's figures."""

from __future__ import annotations

import contextlib
import importlib
import os
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from costmodel.errors import InputError, printable
from costmodel.readers.logs import detect, engine, fastly, files, linecheck, mixture
from costmodel.readers.logs.base import LocationKind, LogFormat
from costmodel.readers.logs.engine import FileCount

if TYPE_CHECKING:
    import duckdb

    from costmodel.readers.logs.derive import Figures

# What deriving and writing the scenario import (pydantic's scenario model, mostly): loaded
# in a thread while DuckDB scans, not before or after it, serially (see `_importing`).
LATER = ("costmodel.readers.logs.derive", "costmodel.readers.logs.scenario_out")


@dataclass(frozen=True)
class Options:
    log_format: str = "auto"
    fields: Mapping[str, str] | None = None  # Fastly NAME -> KEY
    regions_by: LocationKind | None = None
    month: str | None = None
    locations: Sequence[str] = ()  # CODE=REGION
    strict: bool = False
    threads: int | None = None  # DuckDB's; default: one per core


@dataclass(frozen=True)
class LogRun:
    figures: Figures
    counts: list[FileCount]
    cdn_format: str
    origin_format: str | None

    def source(self) -> str:
        """The scenario's `source:` line: files, time span, line counts and method."""
        fig = self.figures
        parts = []
        for side, fmt in (("cdn", self.cdn_format), ("origin", self.origin_format)):
            counts = [c for c in self.counts if c.format == fmt]
            if fmt is None or not counts:
                continue
            lines = sum(c.lines for c in counts)
            bad = sum(c.bad + c.unreadable for c in counts)
            skipped = f" ({bad:,} malformed, skipped)" if bad else ""
            parts.append(f"{fmt} logs ({side}): {describe(counts)}, {lines:,} lines{skipped}")
        parts.append(f"covering {fig.coverage()}")
        parts.append(f"cache hit ratio: {fig.hit_basis}")
        if fig.uploads_basis:
            parts.append(f"uploads: {fig.uploads_basis}")
        parts.append(f"regions by {fig.located_by}")
        return "; ".join(parts)


def from_logs(
    patterns: Sequence[str],
    options: Options,
    on_start: Callable[[int, int], None] = lambda files, size: None,
    on_files: Callable[[Sequence[files.LogFile]], None] = lambda _: None,
) -> LogRun:
    """Read the logs and derive their scenario; `on_start(files, bytes)` and `on_files(done)`
    report progress. Any bad input is one InputError before anything is written."""
    chosen = _chosen(options)  # the options' errors first, before any file's
    paths = files.expand(patterns)
    with linecheck.Checks(paths) as checks:  # beside the start-up, which keeps one core busy
        return _from_paths(paths, options, chosen, checks, on_start, on_files)


@dataclass(frozen=True)
class _Chosen:
    allowed: tuple[LogFormat, ...]  # what --log-format allows
    custom: fastly.Fastly | None  # Fastly with --field/--regions-by
    extra: Mapping[str, str]  # --location CODE=REGION


def _chosen(options: Options) -> _Chosen:
    extra: Mapping[str, str] = {}
    if options.locations:
        from costmodel.readers.logs.regions import parse_extra

        extra = parse_extra(list(options.locations))
    custom = None
    if options.fields or options.regions_by:
        custom = fastly.with_options(options.fields or {}, options.regions_by)
    return _Chosen(detect.candidates(options.log_format, custom), custom, extra)


def _from_paths(
    paths: list[Path],
    options: Options,
    chosen: _Chosen,
    checks: linecheck.Checks,
    on_start: Callable[[int, int], None],
    on_files: Callable[[Sequence[files.LogFile]], None],
) -> LogRun:
    allowed, custom, extra = chosen.allowed, chosen.custom, chosen.extra
    con = engine.database(options.threads)
    on_start(len(paths), sum(p.stat().st_size for p in paths))
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:  # heads: mostly I/O
        opened = list(pool.map(lambda p: _open(con, p), paths))
    formats = detect.detect(opened, allowed)
    cdn = next(f for f in formats if f.side == "cdn")
    if custom is not None and cdn.name != "fastly":
        option = "--field" if options.fields else "--regions-by"
        raise InputError(option, "", f"applies to Fastly logs only; these are {cdn.name} logs")
    with _importing(LATER):
        counts = engine.scan(con, opened, formats, on_files, checks=checks)
    from costmodel.readers.logs.derive import base_figures, with_log_fields

    mixture.refuse_mixed(con, counts)  # before --strict: a mixture is not damage
    if options.strict:
        _refuse_malformed(counts)
    origin = next((f.name for f in formats if f.side == "origin"), None)
    kind = cdn.location or "pop"
    fig = with_log_fields(con, base_figures(con, kind, options.month, extra))
    return LogRun(fig, counts, cdn.name, origin)


def describe(counts: Sequence[FileCount]) -> str:
    """A few files by name, or how many in which folder, first and last."""
    names = [c.file.name for c in counts]
    if len(names) <= 3:
        return ", ".join(names)
    folders = {str(c.file.path.parent) for c in counts}
    folder = folders.pop() if len(folders) == 1 else "."  # several folders: none is named
    where = f" in {printable(folder)}" if folder != "." else ""
    first, last = Path(names[0]).name, Path(names[-1]).name
    return f"{len(names):,} files{where} ({first} ... {last})"


@contextlib.contextmanager
def _importing(modules: Sequence[str]) -> Iterator[None]:
    """Import `modules` in a thread while the body runs: DuckDB releases the GIL while it
    scans, so the imports run beside the scan rather than after it, on the critical path
    (about 0.2 s of CPU). A module that fails to import fails again where it is used."""

    def load() -> None:
        for name in modules:
            with contextlib.suppress(Exception):
                importlib.import_module(name)

    thread = threading.Thread(target=load, name="indexplan-imports")
    thread.start()
    try:
        yield
    finally:
        thread.join()


def _open(con: duckdb.DuckDBPyConnection, path: Path) -> files.LogFile:
    cursor = con.cursor()
    try:
        return files.open_log(path, cursor)
    finally:
        cursor.close()


def _refuse_malformed(counts: Sequence[FileCount]) -> None:
    flawed = [c for c in counts if c.bad or c.unreadable]
    if flawed:
        total = sum(c.bad + c.unreadable for c in flawed)
        raise InputError(
            flawed[0].file.name,
            "",
            f"{flawed[0].bad + flawed[0].unreadable:,} malformed line(s) ({total:,} in "
            f"{len(flawed)} file(s)): too few fields, or one that does not parse; --strict "
            "refuses any",
        )
