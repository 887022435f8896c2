"""A report as GitHub-flavoured Markdown: a heading, pipe tables and bullet lists."""

from __future__ import annotations

from indexplan.render import Notes, Report, Table


def _escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(report: Report) -> str:
    out = [f"# {_escape(report.title)}"]
    for section in report.sections:
        out.append("")
        if isinstance(section, Notes):
            out.append(f"**{_escape(section.title)}**")
            out.append("")
            out.extend(f"- {_escape(line)}" for line in section.lines)
            continue
        out.extend(_table(section))
    return "\n".join(out) + "\n"


def _table(table: Table) -> list[str]:
    lines = [f"## {_escape(table.title)}", ""] if table.title else []
    lines.append("| " + " | ".join(_escape(c.header) for c in table.columns) + " |")
    lines.append("|" + "|".join("---:" if c.numeric else "---" for c in table.columns) + "|")
    for row in table.rows:
        lines.append("| " + " | ".join(_escape(cell) for cell in table.cells(row)) + " |")
    for row in table.footer:
        cells = [f"**{_escape(cell)}**" if cell else "" for cell in table.cells(row)]
        lines.append("| " + " | ".join(cells) + " |")
    return lines
