"""A report: titled tables and notes, and the cells and money formats they hold (the
package's docstring says how the renderers use them)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from indexplan.render import AT_LEAST, money, short_money


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
