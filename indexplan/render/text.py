"""A report as rich tables for a terminal, at most 100 columns wide."""

from __future__ import annotations

import io
import shutil
from typing import Any

from indexplan.render import Notes, Report, Table

MAX_WIDTH = 100


def render_text(report: Report, color: bool = False) -> str:
    from rich import box
    from rich.console import Console
    from rich.table import Table as RichTable

    width = min(MAX_WIDTH, shutil.get_terminal_size((MAX_WIDTH, 24)).columns)
    out = io.StringIO()
    console = Console(file=out, width=width, force_terminal=color, no_color=not color)
    console.print(report.title, style="bold", highlight=False)
    for section in report.sections:
        console.print()
        if isinstance(section, Notes):
            console.print(section.title, style="bold")
            for line in section.lines:
                console.print(f"  {line}", highlight=False)
            continue
        console.print(_table(section, RichTable, box.SIMPLE_HEAD))
    return out.getvalue()


def _table(section: Table, rich_table: Any, box_style: Any) -> Any:
    table = rich_table(
        title=section.title, title_justify="left", title_style="bold", box=box_style, pad_edge=False
    )
    for column in section.columns:
        justify = "right" if column.numeric else "left"
        no_wrap = column.numeric or column.no_wrap
        table.add_column(column.header, justify=justify, overflow="fold", no_wrap=no_wrap)
    last = len(section.rows) - 1
    for i, row in enumerate(section.rows):
        # a rule between the rows and their totals
        table.add_row(*section.cells(row), end_section=i == last and bool(section.footer))
    for row in section.footer:
        table.add_row(*section.cells(row), style="bold")
    return table
