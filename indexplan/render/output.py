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
from typing import Any

from costmodel.errors import printable
from indexplan.render import Notes, Report, Section, Table


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


FORMAT_HELP = "table (readable), json, csv (one row per line item) or markdown."


def emit(
    fmt: OutputFormat,
    report: Report,
    data: Any,
    csv_keys: Sequence[str],
    csv_rows: Sequence[Mapping[str, Any]],
) -> None:
    """Write the whole output at once, so an error never leaves half a report behind."""
    if fmt is OutputFormat.json:
        from indexplan.render.jsonout import render_json

        text = render_json(data)
    elif fmt is OutputFormat.csv:
        from indexplan.render.csvout import render_csv

        text = render_csv(csv_keys, csv_rows)
    elif fmt is OutputFormat.markdown:
        from indexplan.render.markdown import render_markdown

        text = render_markdown(printable_report(report, printable))
    else:
        from indexplan.render.text import render_text

        text = render_text(printable_report(report, printable), color=sys.stdout.isatty())
    sys.stdout.write(text)


def printable_report(report: Report, clean: Callable[[str], str]) -> Report:
    """`report` with every title, header, cell and note line passed through `clean`."""
    return Report(clean(report.title), [_section(s, clean) for s in report.sections])


def _section(section: Section, clean: Callable[[str], str]) -> Section:
    if isinstance(section, Notes):
        return Notes(clean(section.title), [clean(line) for line in section.lines])
    columns = [
        dataclasses.replace(c, header=clean(c.header), fmt=_cleaned(c.fmt, clean))
        for c in section.columns
    ]
    title = None if section.title is None else clean(section.title)
    return Table(title, columns, section.rows, section.footer)


def _cleaned(fmt: Callable[[Any], str], clean: Callable[[str], str]) -> Callable[[Any], str]:
    return lambda value: clean(fmt(value))
