"""The `--format` option every reporting command takes, and writing a report in it.

Everything a report shows passes through here, so this is where text from files (a scenario's
name, a resource's, a YAML key) is made safe once for every command: control characters are
escaped in tables and Markdown, JSON escapes them, CSV cells cannot start a formula.
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Callable, Mapping, Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from costmodel.errors import error_line, printable

if TYPE_CHECKING:
    from indexplan.render import Cell, Report, Section


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


FORMAT_HELP = "table (readable), json, csv (one row per line item) or markdown."


def emit(
    fmt: OutputFormat,
    report: Report | Callable[[], Report],
    data: Any,
    csv_keys: Sequence[str],
    csv_rows: Sequence[Mapping[str, Any]],
) -> None:
    """Write the whole output at once, so an error never leaves half a report behind.
    `report` may be a function building it: only table and Markdown output call it."""
    if fmt is OutputFormat.json:
        from indexplan.render.jsonout import render_json

        text = render_json(data)
    elif fmt is OutputFormat.csv:
        from indexplan.render.csvout import render_csv

        text = render_csv(csv_keys, csv_rows)
    elif fmt is OutputFormat.markdown:
        from indexplan.render.markdown import render_markdown

        text = render_markdown(_shown(report))
    else:
        from indexplan.render.text import render_text

        text = render_text(_shown(report), color=sys.stdout.isatty())
    sys.stdout.write(text)


def _shown(report: Report | Callable[[], Report]) -> Report:
    # the report's classes only here: JSON and CSV are written from plain data, and each class
    # made at import is a few million instructions of a warm command (benchmarks/README.md, 15)
    from indexplan.render import Report

    return printable_report(report if isinstance(report, Report) else report())


def say(text: str) -> None:
    """One line on stderr (an error, a note, `wrote FILE`), as `error_line` makes it: whatever
    a file or an option put in it, no control character reaches the terminal and no word
    runs on for pages."""
    if sys.stderr is not None:  # closed at start: print would fall back to stdout
        print(error_line(text), file=sys.stderr)


def printable_report(report: Report) -> Report:
    """`report` with every text in it escaped by `printable`: its title, each section's title,
    header, note line and cell (text, Money's mark, the parts of a joined cell or of Lines),
    and whatever a column's `fmt` makes of a value. The layout then measures what is shown."""
    from indexplan.render import Report

    return Report(printable(report.title), [_section(s) for s in report.sections])


def _section(section: Section) -> Section:
    from indexplan.render import Notes

    if isinstance(section, Notes):
        return Notes(printable(section.title), [printable(line) for line in section.lines])
    return dataclasses.replace(
        section,
        title=None if section.title is None else printable(section.title),
        columns=[
            dataclasses.replace(c, header=printable(c.header), fmt=_printable_fmt(c.fmt))
            for c in section.columns
        ],
        rows=[_row(row) for row in section.rows],
        footer=[_row(row) for row in section.footer],
    )


def _row(row: Mapping[str, Cell]) -> dict[str, Cell]:
    return {key: _cell(value) for key, value in row.items()}


def _cell(value: Cell) -> Cell:
    from indexplan.render import Lines, Money

    if isinstance(value, str):
        return printable(value)
    if isinstance(value, tuple):
        return tuple(_cell(part) for part in value)
    if isinstance(value, Lines):
        return Lines(tuple(_cell(line) for line in value.lines))
    if isinstance(value, Money):
        return dataclasses.replace(value, mark=printable(value.mark))
    return value  # shown through its column's fmt, escaped below


def _printable_fmt(fmt: Callable[[Any], str]) -> Callable[[Any], str]:
    return lambda value: printable(fmt(value))
