"""Renderers shared by every reporting command: a report is titled tables and notes, printed
as a rich table (fits 100 columns), Markdown, CSV or JSON. Commands build the report; the
renderers only lay it out."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

FORMATS = ("table", "json", "csv", "markdown")
Format = Literal["table", "json", "csv", "markdown"]


@dataclass(frozen=True)
class Column:
    header: str
    key: str
    numeric: bool = False  # right-aligned, never wrapped
    no_wrap: bool = False
    fmt: Callable[[Any], str] = str


@dataclass(frozen=True)
class Table:
    title: str | None
    columns: Sequence[Column]
    rows: Sequence[Mapping[str, Any]]
    # subtotal and total rows, set apart from the rows above them
    footer: Sequence[Mapping[str, Any]] = field(default_factory=list)

    def cells(self, row: Mapping[str, Any]) -> list[str]:
        return [("" if row.get(c.key) is None else c.fmt(row[c.key])) for c in self.columns]


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


def short_money(value: float, digits: int | None = None) -> str:
    """$36.66M (or $36.7M with 3 significant `digits`): narrow columns stay narrow."""
    for suffix, size in (("B", 1e9), ("M", 1e6), ("k", 1e3)):
        if abs(value) >= size:
            scaled = value / size
            return f"${scaled:.{digits}g}{suffix}" if digits else f"${scaled:,.2f}{suffix}"
    return f"${value:.{digits}g}" if digits else f"${value:,.2f}"
