"""Renderers shared by every reporting command: a report is titled tables and notes, printed
as a rich table (at the terminal's width), Markdown, CSV or JSON. Commands build the report;
the renderers only lay it out.

Money in a table is a `Money` cell, not text, so that the renderer picks one format for the
whole table: in full (`$36,886,049.25`) where it fits, else abbreviated (`$36.9M`) in every
money cell alike.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

FORMATS = ("table", "json", "csv", "markdown")
Format = Literal["table", "json", "csv", "markdown"]
AT_LEAST = "≥ "


@dataclass(frozen=True)
class Money:
    """An amount in cents; `at_least`: a lower bound (some parts unpriced); `mark` follows it
    (`*` for the cheapest)."""

    cents: int
    at_least: bool = False
    mark: str = ""

    def text(self, short: bool = False) -> str:
        shown = short_money(self.cents / 100) if short else money(self.cents / 100)
        return (AT_LEAST if self.at_least else "") + shown + (f" {self.mark}" if self.mark else "")


# A cell: plain text, a value its column formats, Money, parts joined (`$1.2M / $3.4M`) or
# Lines. Text may come from a file: emit escapes it (output.printable_report) before layout.
Cell = Any


@dataclass(frozen=True)
class Lines:
    """A cell of several lines, one under another (a list price over its contracted one): the
    only line breaks a table holds; one inside a text is the file's and is escaped."""

    lines: tuple[Cell, ...]


@dataclass(frozen=True)
class Column:
    header: str
    key: str
    numeric: bool = False  # right-aligned
    no_wrap: bool = False  # names: never wrapped or cut (money never is either)
    fmt: Callable[[Any], str] = str


@dataclass(frozen=True)
class Table:
    title: str | None
    columns: Sequence[Column]
    rows: Sequence[Mapping[str, Any]]
    # subtotal and total rows, set apart from the rows above them
    footer: Sequence[Mapping[str, Any]] = field(default_factory=list)
    # on a terminal: rows that start a group (set apart) and rows in bold
    group_starts: frozenset[int] = frozenset()
    strong: frozenset[int] = frozenset()

    def cells(self, row: Mapping[str, Any], short: bool = False) -> list[str]:
        return [cell_text(row.get(c.key), c, short) for c in self.columns]

    def has_money(self) -> bool:
        return any(
            _holds_money(row.get(c.key)) for row in (*self.rows, *self.footer) for c in self.columns
        )

    def money_column(self, column: Column) -> bool:
        """Whether `column` shows money (Money cells, or amounts formatted by `money`)."""
        return column.fmt is money or any(
            _holds_money(row.get(column.key)) for row in (*self.rows, *self.footer)
        )


def cell_text(value: Cell, column: Column, short: bool = False) -> str:
    if value is None:
        return ""
    if isinstance(value, Money):
        return value.text(short)
    if isinstance(value, tuple):
        return "".join(cell_text(part, column, short) for part in value)
    if isinstance(value, Lines):
        return "\n".join(cell_text(line, column, short) for line in value.lines)
    if isinstance(value, str):
        return value
    return column.fmt(value)


def _holds_money(value: Cell) -> bool:
    if isinstance(value, Lines):
        return any(_holds_money(line) for line in value.lines)
    return isinstance(value, Money) or (
        isinstance(value, tuple) and any(isinstance(v, Money) for v in value)
    )


@dataclass(frozen=True)
class Notes:
    title: str
    lines: Sequence[str]


Section = Table | Notes


@dataclass(frozen=True)
class Report:
    title: str
    sections: Sequence[Section]


def compact(number: float) -> str:
    """1234567.8 -> 1.23M: quantities stay readable in a 100-column table."""
    for suffix, size in (("T", 1e12), ("B", 1e9), ("M", 1e6)):
        if abs(number) >= size:
            return f"{number / size:,.2f}{suffix}"
    return f"{number:,.2f}"


def signed_money(value: float) -> str:
    """-$4.12, +$12.56, $0.00: a difference reads as one."""
    sign = "+" if value > 0 else "-" if value < 0 else ""
    return f"{sign}${abs(value):,.2f}"


def money(value: float) -> str:
    return f"${value:,.2f}"


SCALES = (("T", 1e12), ("B", 1e9), ("M", 1e6), ("k", 1e3), ("", 1.0))


def short_money(value: float) -> str:
    """Three significant figures and a scale: $5.90M, $36.9M, $224k, $786, $7.59, $0.50."""
    sign = "-" if value < 0 else ""
    rounded = float(f"{abs(value):.3g}")
    if rounded < 1:
        return f"{sign}${rounded:.2f}"
    suffix, scale = next((s, size) for s, size in SCALES if rounded >= size)
    scaled = rounded / scale
    decimals = 2 if scaled < 10 else 1 if scaled < 100 else 0
    return f"{sign}${scaled:.{decimals}f}{suffix}"


def format_help(csv_rows: str) -> str:
    """The --format help of a command whose CSV has `csv_rows` (e.g. "one row per setup")."""
    return f"table (readable), json, csv ({csv_rows}) or markdown."
