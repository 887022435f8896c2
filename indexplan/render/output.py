"""The `--format` option every reporting command takes, and writing a report in it."""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from enum import StrEnum
from typing import Any

from indexplan.render import Report


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

        text = render_markdown(report)
    else:
        from indexplan.render.text import render_text

        text = render_text(report, color=sys.stdout.isatty())
    sys.stdout.write(text)
