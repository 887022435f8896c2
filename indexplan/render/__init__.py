"""Renderers shared by every reporting command: a report is titled tables and notes, printed
as a rich table (at the terminal's width), Markdown, CSV or JSON. Commands build the report;
the renderers only lay it out.

Money in a table is a `Money` cell, not text, so that the renderer picks one format for the
whole table: in full (`$36,886,049.25`) where it fits, else abbreviated (`$36.9M`) in every
money cell alike.

The report's classes are in report.py, imported here on first use: a command writing JSON or
CSV builds no report, and each class made at import costs a warm command a few million
instructions (benchmarks/README.md, issue 15).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from indexplan.render.report import (
        Cell,
        Column,
        Lines,
        Money,
        Notes,
        Report,
        Section,
        Table,
        cell_text,
    )

__all__ = [
    "Cell",
    "Column",
    "Lines",
    "Money",
    "Notes",
    "Report",
    "Section",
    "Table",
    "cell_text",
]

FORMATS = ("table", "json", "csv", "markdown")
Format = Literal["table", "json", "csv", "markdown"]
AT_LEAST = "≥ "


def __getattr__(name: str) -> Any:
    """`from indexplan.render import Money` and the like: the class from report.py (a submodule's
    name, asked for by `from indexplan.render import chart`, is not one and imports nothing)."""
    if name in __all__:
        return getattr(importlib.import_module("indexplan.render.report"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
