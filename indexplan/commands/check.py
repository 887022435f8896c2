"""`indexplan check STACK`: the security rules of policy/ run offline on a stack's graph."""

from __future__ import annotations

import typer

from indexplan.cache import NO_CACHE_HELP
from indexplan.render import Column, Report, Table
from indexplan.render.output import OutputFormat
from policy.model import Violation

CSV_KEYS = ("rule", "enforcement", "resource", "type", "message")


def check(
    stack: str = typer.Argument(
        ..., help="A stack name from stacks/ (e.g. pypi-2021) or a path to a stack file."
    ),
    format: OutputFormat = typer.Option(
        OutputFormat.table,
        "--format",
        "-f",
        help="table (readable), json, csv (one row per violation) or markdown.",
    ),
    no_cache: bool = typer.Option(False, "--no-cache", help=NO_CACHE_HELP),
) -> None:
    """Check STACK against the security rules, offline (no credentials, no Pulumi CLI).

    The rules are the policy pack's in policy/ (`pulumi preview --policy-pack policy/`).

    They run on the stack's resource graph, built under Pulumi's mocks, and on its stack file.

    Prints each violation's rule, severity, resource and message, or one line if all pass.

    A stack with an indexplan:budget is priced under the budget's scenario, and a breach is a
    mandatory violation of the rule cost-budget.

    Exit status: 0 when no mandatory rule is violated, 1 when one is, 2 for bad input.

    Examples:

        indexplan check pypi-2021

        indexplan check stacks/Pulumi.all-aws.yaml --format json
    """
    from indexplan.cache import stack_graph
    from indexplan.paths import SCENARIOS_DIR, resolve_stack
    from indexplan.render.output import emit
    from indexplan.stackfile import load_stack_file
    from policy.budget import budget_violations
    from policy.rules import RULE_IDS
    from policy.rules import check as run_rules

    path = resolve_stack(stack)
    stack_file = load_stack_file(path)
    graph = stack_graph(stack_file, use_cache=not no_cache)
    violations = run_rules(graph, stack_file.config, where=str(path))
    violations += budget_violations(graph, stack_file.config, path, SCENARIOS_DIR, stack_file.name)
    summary = _summary(stack_file.name, violations, len(RULE_IDS), len(graph))
    rows = [v.to_dict() for v in violations]
    data = {"stack": stack_file.name, "passed": passed(violations), "violations": rows}
    emit(format, _report(summary, rows), data, CSV_KEYS, rows)
    if not passed(violations):
        raise typer.Exit(1)


def passed(violations: list[Violation]) -> bool:
    return not any(v.enforcement == "mandatory" for v in violations)


def _summary(stack: str, violations: list[Violation], rules: int, resources: int) -> str:
    if not violations:
        return f"{stack}: all {rules} rules passed on {resources} resources"
    mandatory = sum(v.enforcement == "mandatory" for v in violations)
    broken = len({v.rule for v in violations})
    return (
        f"{stack}: {mandatory} mandatory and {len(violations) - mandatory} advisory violations "
        f"of {broken} of {rules} rules, on {resources} resources"
    )


def _report(summary: str, rows: list[dict[str, str]]) -> Report:
    columns = [
        Column("rule", "rule", no_wrap=True),
        Column("severity", "enforcement", no_wrap=True),
        Column("resource", "resource"),
        Column("message", "message"),
    ]
    return Report(summary, [Table(None, columns, rows)] if rows else [])
