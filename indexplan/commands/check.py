"""`indexplan check STACK`: the security rules of policy/ run offline on a stack's graph."""

from __future__ import annotations

import csv
import io
import json
from enum import StrEnum

import typer

from policy.model import Violation

COLUMNS = ("rule", "enforcement", "resource", "type", "message")


class Format(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


def check(
    stack: str = typer.Argument(
        ..., help="A stack name from stacks/ (e.g. pypi-2021) or a path to a stack file."
    ),
    format: Format = typer.Option(Format.table, "--format", "-f", help="Output format."),
) -> None:
    """Check a stack against the security rules, offline (no credentials, no Pulumi CLI).

    Builds the stack's resource graph under Pulumi's mocks and runs the rules of the policy
    pack in policy/ on it, plus the stack-file rule (no plaintext secrets). Prints each
    violation with its rule, enforcement (mandatory or advisory), resource and message.
    Exit status: 0 when no mandatory rule is violated, 1 when one is, 2 for bad input.

    Examples:

      indexplan check pypi-2021

      indexplan check stacks/Pulumi.all-aws.yaml --format json
    """
    from indexplan.graph import build_graph
    from indexplan.paths import resolve_stack
    from indexplan.stackfile import load_stack_file
    from policy.rules import RULE_IDS
    from policy.rules import check as run_rules

    path = resolve_stack(stack)
    stack_file = load_stack_file(path)
    graph = build_graph(stack_file)
    violations = run_rules(graph, stack_file.config, where=str(path))
    typer.echo(render(format, stack_file.name, violations, len(RULE_IDS), len(graph)), nl=False)
    if not passed(violations):
        raise typer.Exit(1)


def passed(violations: list[Violation]) -> bool:
    return not any(v.enforcement == "mandatory" for v in violations)


def render(fmt: Format, stack: str, violations: list[Violation], rules: int, resources: int) -> str:
    if fmt is Format.json:
        document = {
            "stack": stack,
            "passed": passed(violations),
            "violations": [v.to_dict() for v in violations],
        }
        return json.dumps(document, indent=2) + "\n"
    if fmt is Format.csv:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows([v.to_dict()[c] for c in COLUMNS] for v in violations)
        return out.getvalue()
    summary = _summary(stack, violations, rules, resources)
    if fmt is Format.markdown:
        return _markdown(violations, summary)
    return _table(violations, summary)


def _summary(stack: str, violations: list[Violation], rules: int, resources: int) -> str:
    if not violations:
        return f"{stack}: all {rules} rules passed on {resources} resources"
    mandatory = sum(v.enforcement == "mandatory" for v in violations)
    broken = len({v.rule for v in violations})
    return (
        f"{stack}: {mandatory} mandatory and {len(violations) - mandatory} advisory violations "
        f"of {broken} of {rules} rules, on {resources} resources"
    )


def _markdown(violations: list[Violation], summary: str) -> str:
    if not violations:
        return summary + "\n"

    def cell(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    lines = ["| rule | severity | resource | message |", "|---|---|---|---|"]
    lines += [
        f"| {cell(v.rule)} | {v.enforcement} | {cell(v.resource)} | {cell(v.message)} |"
        for v in violations
    ]
    return "\n".join([*lines, "", summary, ""])


def _table(violations: list[Violation], summary: str) -> str:
    from rich.console import Console
    from rich.table import Table

    console = Console(file=io.StringIO(), width=120, highlight=False, markup=False)
    if violations:
        table = Table("rule", "severity", "resource", "message", show_lines=False)
        for v in violations:
            table.add_row(v.rule, v.enforcement, v.resource, v.message)
        console.print(table)
    console.print(summary)
    return console.file.getvalue()  # type: ignore[attr-defined]
