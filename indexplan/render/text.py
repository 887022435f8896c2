"""A report as rich tables for a terminal, at the terminal's width, with nothing cut.

Names and money are never wrapped or truncated; other text, figures included, wraps between
words. A table that does not fit is laid out again, in order: money abbreviated in every cell
alike; then the columns other than the first and the money moved to a second table below,
keyed by the first column again; at last each row as a list of `header: value` lines.
"""

from __future__ import annotations

import io
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from indexplan.render import Column, Notes, Report, Table

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table as RichTable

DEFAULT_WIDTH = 100  # when the output is not a terminal and COLUMNS is not set
MIN_WIDTH = 20
MAX_PARTS = 2  # a table split further reads better as a list


def terminal_width() -> int:
    return max(MIN_WIDTH, shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns)


def render_text(report: Report, color: bool = False, width: int | None = None) -> str:
    from rich.console import Console
    from rich.padding import Padding
    from rich.text import Text

    width = width or terminal_width()
    out = io.StringIO()
    console = Console(file=out, width=width, force_terminal=color, no_color=not color)
    console.print(Text(report.title, style="bold"))
    for section in report.sections:
        console.print()
        if isinstance(section, Notes):
            console.print(Text(section.title, style="bold"))
            for line in section.lines:
                console.print(
                    Padding(Text(line), (0, 0, 0, 2), expand=False)
                )  # wrapped lines stay indented
            continue
        _print_table(console, section, width)
    return out.getvalue()


@dataclass(frozen=True)
class Layout:
    table: Table
    short: bool  # money abbreviated
    widths: list[int]


def _print_table(console: Console, table: Table, width: int) -> None:
    layouts = layout(table, width)
    if layouts is None:
        _print_stacked(console, table)
        return
    from rich.text import Text

    for i, part in enumerate(layouts):
        if i:
            console.print()
        if part.table.title:  # above the table, not in it: rich would wrap it to its width
            console.print(Text(part.table.title, style="bold"))
        console.print(_rich_table(part))


def layout(table: Table, width: int) -> list[Layout] | None:
    """The tables to print for `table` within `width`, or None when it takes more than two."""
    formats = (False, True) if table.has_money() else (False,)
    for short in formats:
        widths = fit(table, short, width)
        if widths is not None:
            return [Layout(table, short, widths)]
    short = formats[-1]
    key, rest = table.columns[0], list(table.columns[1:])
    # money stays beside the names; the other columns are the first to move below
    rest.sort(key=lambda c: not table.money_column(c))
    groups: list[list[Column]] = []
    for column in rest:
        if groups and fit(_part(table, [key, *groups[-1], column], 0), short, width):
            groups[-1].append(column)
        elif fit(_part(table, [key, column], 0), short, width):
            groups.append([column])
        else:
            return None
    if len(groups) > MAX_PARTS:
        return None
    order = list(table.columns).index
    parts = [_part(table, [key, *sorted(g, key=order)], i) for i, g in enumerate(groups)]
    return [Layout(p, short, fit(p, short, width) or []) for p in parts]


def _part(table: Table, columns: Sequence[Column], index: int) -> Table:
    title = table.title if index == 0 else f"{table.title or ''} (continued)".lstrip()
    return Table(title, columns, table.rows, table.footer, table.group_starts, table.strong)


def _cell_lines(table: Table, short: bool) -> list[list[str]]:
    """Per column, every line of every cell."""
    lines: list[list[str]] = [[] for _ in table.columns]
    for row in (*table.rows, *table.footer):
        for i, text in enumerate(table.cells(row, short)):
            lines[i].extend(text.splitlines())
    return lines


def _longest_word(lines: Sequence[str]) -> int:
    return max((len(word) for line in lines for word in line.split()), default=0)


def fit(table: Table, short: bool, width: int) -> list[int] | None:
    """Column widths that show every cell whole within `width`, or None. Names and money
    take their full length, other text at least its longest word; headers may wrap."""
    natural, least = [], []
    for column, lines in zip(table.columns, _cell_lines(table, short), strict=True):
        header = column.header.splitlines()
        widest = max((len(line) for line in lines), default=0)
        natural.append(max(widest, *(len(h) for h in header)))
        whole = column.no_wrap or table.money_column(column)
        least.append(max(widest if whole else _longest_word(lines), _longest_word(header), 1))
    # the rich layout below: two spaces between columns, one at either edge
    room = width - 2 * len(table.columns)
    if sum(natural) <= room:
        return natural
    if sum(least) > room:
        return None
    widths, spare = list(least), room - sum(least)
    while spare:
        growing = [i for i, w in enumerate(widths) if w < natural[i]]
        if not growing:
            break
        for i in growing[:spare]:
            widths[i] += 1
        spare -= min(spare, len(growing))
    return widths


def _rich_table(part: Layout) -> RichTable:
    from rich import box
    from rich.table import Table as RichTable
    from rich.text import Text

    table = part.table
    rich = RichTable(
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        collapse_padding=True,
    )
    for column, width in zip(table.columns, part.widths, strict=True):
        # never no_wrap: rich would crop a long header; the width already holds every cell
        rich.add_column(
            Text(column.header),
            justify="right" if column.numeric else "left",
            width=width,
            overflow="fold",
        )
    last = len(table.rows) - 1
    for i, row in enumerate(table.rows):
        # a rule between the rows and their totals, a gap before a group
        rich.add_row(
            *(Text(c) for c in table.cells(row, part.short)),
            end_section=(i == last and bool(table.footer)) or (i + 1) in table.group_starts,
            style="bold" if i in table.strong else None,
        )
    for row in table.footer:
        rich.add_row(*(Text(c) for c in table.cells(row, part.short)), style="bold")
    return rich


def _print_stacked(console: Console, table: Table) -> None:
    """Each row as its first cell, then `header: value` lines: nothing is cut at any width."""
    from rich.padding import Padding
    from rich.text import Text

    if table.title:
        console.print(Text(table.title, style="bold"))
    for row in (*table.rows, *table.footer):
        first, *rest = (cell.strip() for cell in table.cells(row, short=table.has_money()))
        console.print(Text(first, style="bold"))
        for column, text in zip(table.columns[1:], rest, strict=True):
            if text:
                console.print(Padding(Text(f"{column.header}: {text}"), (0, 0, 0, 2), expand=False))
