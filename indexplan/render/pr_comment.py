"""A diff as a pull-request comment (GitHub-flavoured Markdown): a one-line headline with the
monthly difference and percent, a table of the changed resources, unpriced changes called out
on their own, and the full breakdown folded under `<details>`.

Also the cell texts the terminal table shares with it: an amount that has no price reads
"unknown", never $0. Every name from an input file is escaped (`markdown.inline`): it can
neither break the table nor inject HTML, links or emphasis into the comment, and its control
characters show as escapes. A stack's name (a file name) is a code span (`code_span`): a name
such as www.evil.com, which escaping leaves a link, shows as written.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from costmodel.errors import printable
from costmodel.model.money import usd
from indexplan.render import AT_LEAST, money, signed_money
from indexplan.render.markdown import inline

if TYPE_CHECKING:
    from costmodel.planning.diff import Amount, Diff, Priced, ResourceDiff

LEVEL_NAMES = {
    "list": "List price",
    "contracted": "Contracted",
    "sponsored": "Sponsored",
    "out_of_pocket": "Out of pocket",
}


def percent(value: float | None) -> str:
    """+5.0%, -0.0042%, 0.0%; `new` when the base was $0."""
    if value is None:
        return "new"
    if value == 0:
        return "0.0%"
    return f"{value:+.1f}%" if abs(value) >= 0.1 else f"{value:+.2g}%"


def amount_cell(amount: Amount | None, level: str = "contracted") -> str:
    """Absent: empty; nothing priced: unknown; part priced: `$12.00 + unknown`."""
    if amount is None:
        return ""
    if amount.unknown:
        return "unknown"
    shown = money(usd(amount.cents(level)))
    return f"{shown} + unknown" if amount.unpriced else shown


def delta_cell(cents: int | None) -> str:
    return "unknown" if cents is None else signed_money(usd(cents))


# The totals hold priced parts only: how each shown figure bounds the real one.
BOUND_MARKS = {"exact": "", "at_least": AT_LEAST, "at_most": "≤ "}


def bounded(text: str, bound: str) -> str:
    """`text` marked as the bound it is; `unknown` when it bounds nothing."""
    return "unknown" if bound == "unknown" else BOUND_MARKS[bound] + text


def levels(diff: Diff) -> list[str]:
    """The levels worth a row: contracted only when a price book makes it differ from list."""
    from costmodel.planning.diff import LEVELS

    return [level for level in LEVELS if level != "contracted" or diff.bill_level == level]


def code_span(text: object) -> str:
    """A name from a file (a path, a stack's name) as a GitHub-flavoured Markdown code span,
    shown exactly as written and never a link, a mention or a tag. By the GFM spec (0.29-gfm,
    github.github.com/gfm): a code span's content is not parsed, so no escape, entity, emphasis
    or HTML acts in it (6.1), and the extended autolinks (www.x.com, https://..., a@b.c) are
    found in text, never in a code span (6.9); a code span that opens before a `<` holds it
    (6.1's precedence examples), so no tag or autolink can start inside. The fence is a run of
    backticks longer than any inside; a space pads content that starts or ends with a backtick
    or with a space at both ends, as 6.1 strips one space from each end. Control characters
    are escaped (`printable`), so the span stays on its line. Not for table cells, where a `|`
    ends the cell even inside a code span."""
    shown = printable(str(text))
    if not shown:
        return ""
    fence = "`" * (max((len(run) for run in re.findall("`+", shown)), default=0) + 1)
    spaced = shown.startswith(" ") and shown.endswith(" ") and shown.strip(" ")
    pad = " " if shown[0] == "`" or shown[-1] == "`" or spaced else ""
    return f"{fence}{pad}{shown}{pad}{fence}"


def headline(diff: Diff) -> str:
    """`pypi-2021: +$1,234.56 a month (+5.0%) at list price, $24,690.00 -> ...`."""
    return f"{diff.head.estimate.stack}: {change(diff)}"


def change(diff: Diff) -> str:
    """The headline after the stack's name."""
    level, bound = diff.bill_level, diff.bound
    before, after = diff.total(diff.base, level), diff.total(diff.head, level)
    name = "list price" if level == "list" else "contracted"
    if before == after and bound == "exact":
        text = f"no change to the monthly bill, {side_total(diff, diff.head, level)} at {name}"
    elif bound == "unknown":
        text = f"unknown change a month at {name} (priced parts: {delta_cell(after - before)})"
    else:
        text = (
            f"{bounded(delta_cell(after - before), bound)} a month "
            f"({bounded(percent(diff.percent(level)), diff.percent_bound(level))}) at {name}, "
            f"{side_total(diff, diff.base, level)} to {side_total(diff, diff.head, level)}"
        )
    pocket = diff.total_delta("out_of_pocket")
    # the same dollars can be a very different share of what sponsors leave to pay
    differs = pocket != diff.total_delta(level) or (
        diff.percent("out_of_pocket") != diff.percent(level)
    )
    if differs and bound != "unknown":
        share = bounded(percent(diff.percent("out_of_pocket")), diff.percent_bound("out_of_pocket"))
        text += f"; out of pocket {bounded(delta_cell(pocket), bound)} ({share})"
    if diff.unknown:
        text += f"; and {len(diff.unknown)} unpriced (see below)"
    return text


def resource_label(r: ResourceDiff) -> str:
    return f"{r.name} ({r.role})" if r.role else r.name


def costed_changes(diff: Diff) -> list[ResourceDiff]:
    """Resources added, removed or changed that cost something (or are unpriced) on a side."""
    return [r for r in diff.resources if r.change != "same" and not r.free]


def free_changes(diff: Diff) -> list[tuple[str, str]]:
    """(change, one line) for the resources added or removed that cost nothing on purpose
    (configuration, identities, records), so they do not crowd the table."""
    lines = []
    for change in ("added", "removed"):
        names = [r.name for r in diff.of(change) if r.free]
        if names:
            shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
            lines.append((change, f"{len(names)} that cost nothing: {shown}"))
    return lines


def unchanged_line(diff: Diff) -> tuple[int, int]:
    """How many resources are the same on both sides, and what they cost together."""
    same = diff.of("same")
    return len(same), sum(r.after.contracted_cents for r in same if r.after)


def role_lines(diff: Diff) -> list[str]:
    """The roles a change adds, removes or moves to another provider."""
    told = {
        "added": "role {role} added ({after})",
        "removed": "role {role} removed (was {before})",
        "changed": "role {role} moved from {before} to {after}",
    }
    return [
        told[c.change].format(role=c.role, before=c.before, after=c.after)
        for c in diff.roles
        if c.change != "same"
    ]


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _table(headers: list[str], numeric: int, rows: list[list[str]]) -> list[str]:
    """A pipe table whose last `numeric` columns are right-aligned."""
    align = ["---"] * (len(headers) - numeric) + ["---:"] * numeric
    return [_row(headers), "|" + "|".join(align) + "|", *(_row(r) for r in rows)]


def render_pr_comment(
    diff: Diff, budget_lines: list[str], notes: list[str], security: Sequence[str] = ()
) -> str:
    out = [f"### {code_span(diff.head.estimate.stack)}: {inline(change(diff))}", ""]
    # each on its own line, before the money: a protection removed can read as a saving
    out += [f"> **{inline(line)}**" for line in security] + ([""] if security else [])
    changed = costed_changes(diff)
    count, cents = unchanged_line(diff)
    rows = [
        [
            r.change,
            inline(resource_label(r)),
            inline(r.type),
            amount_cell(r.before),
            amount_cell(r.after),
            delta_cell(r.delta()),
        ]
        for r in changed
    ]
    rows += [[change, inline(line), "", "", "", "$0.00"] for change, line in free_changes(diff)]
    same = money(usd(cents))
    rows.append(["same", f"{count} resources unchanged", "", same, same, "$0.00"])
    out += _table(["Change", "Resource (role)", "Type", "Before", "After", "Difference"], 3, rows)
    if diff.unknown:
        out += ["", "**Unpriced changes** (not in the totals; their cost is unknown, not $0):", ""]
        for r in diff.unknown:
            reasons = inline("; ".join(r.reasons()))
            out.append(f"- {r.change} {inline(resource_label(r))}, {inline(r.type)}: {reasons}")
    if budget_lines:
        out += ["", *(f"> {inline(line)}" for line in budget_lines)]
    out += ["", "<details><summary>Full breakdown</summary>", ""]
    out += _totals(diff)
    out += ["", *_components(changed)]
    lines = role_lines(diff) + notes
    if lines:
        out += ["", *(f"- {inline(line)}" for line in lines)]
    out += ["", "</details>", ""]
    return "\n".join(out)


def total_rows(diff: Diff) -> list[dict[str, str]]:
    """Per level worth showing: its name, before, after, difference and percent."""
    rows = []
    for level in levels(diff):
        before, after = diff.total(diff.base, level), diff.total(diff.head, level)
        rows.append(
            {
                "level": LEVEL_NAMES[level],
                "before": side_total(diff, diff.base, level),
                "after": side_total(diff, diff.head, level),
                "diff": bounded(delta_cell(after - before), diff.bound),
                "percent": bounded(percent(diff.percent(level)), diff.percent_bound(level)),
            }
        )
    return rows


def side_total(diff: Diff, side: Priced, level: str) -> str:
    """A side's total at `level`, `≥` when part of it has no price at that level."""
    shown = money(usd(diff.total(side, level)))
    return shown if side.estimate.complete_at(level) else AT_LEAST + shown


def _totals(diff: Diff) -> list[str]:
    rows = [list(row.values()) for row in total_rows(diff)]
    return _table(["Monthly (USD)", "Before", "After", "Difference", "%"], 4, rows)


def _components(changed: list[ResourceDiff]) -> list[str]:
    rows = []
    for r in changed:
        for c in r.components:
            if c.change == "same":
                continue
            name = c.component or "(the whole resource)"
            rows.append(
                [
                    c.change,
                    inline(f"{r.name}: {name}"),
                    inline(c.region or ""),
                    amount_cell(c.before),
                    amount_cell(c.after),
                    delta_cell(c.delta()),
                ]
            )
    if not rows:
        return ["No component of any resource changed cost."]
    headers = ["Change", "Resource: component", "Region", "Before", "After", "Difference"]
    return _table(headers, 3, rows)
