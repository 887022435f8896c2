"""A report as GitHub-flavoured Markdown: a heading, pipe tables and bullet lists.

Every heading, cell and note goes through `inline`: nothing in it can be a link, an image,
emphasis or a tag, in any report (names come from files a user may not have written), and a
note line that starts like a list item, heading or quote is escaped as well (`- x`, `1. x`).
"""

from __future__ import annotations

import re

from costmodel.errors import printable
from indexplan.render import Notes, Report, Table

_BLOCK_START = re.compile(r"^(\s*\d*)([*+\-#>.)])")
_INLINE_SYNTAX = re.compile(r"([\\`*_\[\]<>|~#!])")
# Where GitHub's autolink extension starts a link in plain text (GFM 0.29-gfm 6.9: `www.`, and
# `scheme://`): the `.` or `:` written as a character reference, which it does not match, so
# `www.evil.com/login` and `https://e` show as written, not as links.
_AUTOLINK = re.compile(r"(?i)(?<=www)\.|:(?=//)")


def inline(text: object) -> str:
    """Text from an input file as inert inline Markdown, safe in a table cell: every control or
    format character written as `printable` escapes it (`\\x1b`, `\\u202e`: shown, never acted
    on, never a new line), each character Markdown or HTML reads as syntax backslash-escaped,
    `&` as `&amp;` (no entity), a zero-width space after `@`, so that a name such as
    `@org/team` in a pull-request comment notifies no one (GitHub links mentions in the
    rendered text, where `\\@` is a plain `@`), and no autolink (`_AUTOLINK`)."""
    text = _INLINE_SYNTAX.sub(r"\\\1", printable(str(text))).replace("&", "&amp;")
    text = _AUTOLINK.sub(lambda m: "&#46;" if m.group() == "." else "&#58;", text)
    return text.replace("@", "@&#8203;")


def _escape(text: str) -> str:
    """A cell, heading or note as inert inline Markdown (`inline`): a name from a file cannot
    become an image, a link or a tag in any report. A line break is a `Lines` cell's (a file's
    own is escaped before layout): its lines are joined with a space."""
    return " ".join(inline(part) for part in text.split("\n"))


def _escape_line(text: str) -> str:
    """`text` as the start of a block: a leading list, heading or quote marker escaped."""
    text = _escape(text)
    match = _BLOCK_START.match(text)
    if match is None or (match.group(2) in ".)") != match.group(1).strip().isdigit():
        return text  # `1. x` and `* x` are markers; `.5` and `x` are not
    return text[: match.end(1)] + "\\" + text[match.end(1) :]


def render_markdown(report: Report) -> str:
    out = [f"# {_escape(report.title)}"]
    for section in report.sections:
        out.append("")
        if isinstance(section, Notes):
            out.append(f"**{_escape(section.title)}**")
            out.append("")
            out.extend(f"- {_escape_line(line)}" for line in section.lines)
            continue
        out.extend(_table(section))
    return "\n".join(out) + "\n"


def _table(table: Table) -> list[str]:
    lines = [f"## {_escape(table.title)}", ""] if table.title else []
    lines.append("| " + " | ".join(_escape(c.header) for c in table.columns) + " |")
    lines.append("|" + "|".join("---:" if c.numeric else "---" for c in table.columns) + "|")
    for row in table.rows:
        lines.append("| " + " | ".join(_escape(cell.strip()) for cell in table.cells(row)) + " |")
    for row in table.footer:
        cells = [f"**{_escape(cell)}**" if cell else "" for cell in table.cells(row)]
        lines.append("| " + " | ".join(cells) + " |")
    return lines
