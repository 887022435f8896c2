"""`indexplan check STACK`: the security rules of policy/ run offline on a stack's graph."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

import typer

from indexplan.cache import NO_CACHE_HELP
from indexplan.render import Column, Notes, Report, Section, Table
from indexplan.render.output import OutputFormat
from policy.model import Violation

if TYPE_CHECKING:
    from costmodel.model.graph import Resource
    from indexplan.stackfile import StackFile

# `kind` last, so a script reading the columns before it by position still reads them
CSV_KEYS = ("rule", "enforcement", "resource", "type", "message", "kind")
VIOLATION = "violation"
NOT_VERIFIABLE = "not verifiable offline"
PRICING_WARNING = "pricing warning"


def check(
    stack: str = typer.Argument(
        ..., help="A stack name from stacks/ (e.g. pypi-2021) or a path to a stack file."
    ),
    format: OutputFormat = typer.Option(
        OutputFormat.table,
        "--format",
        "-f",
        help=(
            "table (readable), json, csv (a row per violation, per rule not verifiable "
            "offline and per pricing warning, told apart by its kind column) or markdown."
        ),
    ),
    no_cache: bool = typer.Option(False, "--no-cache", help=NO_CACHE_HELP),
) -> None:
    """The rules are the policy pack's in policy/ (`pulumi preview --policy-pack policy/`).

    They run on the stack's resource graph, built under Pulumi's mocks, and on its stack file.

    Prints every rule it ran with its result, then each violation's rule, severity,
    resource and message.

    Also warns (never fails) about sizes the price catalog lacks: an instance class, node type
    or tier with no price in the stack's region would be unpriced in every estimate.

    A stack with an indexplan:budget is priced under the budget's scenario, and a breach is a
    mandatory violation of the rule cost-budget. So is a limit the prices cannot verify (parts
    with no price, and the bill's lower bound within the limit): its result is "not
    verified", unless the budget sets allow_unpriced: true (checked on the priced part only,
    an advisory violation says so).

    Exit status: 0 when no mandatory rule is violated, 1 when one is, 2 for bad input.

    Examples:

        indexplan check pypi-2021

        indexplan check stacks/Pulumi.all-aws.yaml --format json
    """
    from costmodel.model.budget import KEY as BUDGET_KEY
    from indexplan.cache import stack_graph
    from indexplan.paths import SCENARIOS_DIR, resolve_stack
    from indexplan.render.output import emit
    from indexplan.stackfile import load_stack_file
    from policy.budget import budget_violations
    from policy.rules import check as run_rules
    from policy.rules import not_verified

    path = resolve_stack(stack)
    stack_file = load_stack_file(path)
    graph = stack_graph(stack_file, use_cache=not no_cache)
    violations = run_rules(graph, stack_file.config, where=str(path), text=stack_file.text)
    violations += budget_violations(graph, stack_file.config, path, SCENARIOS_DIR, stack_file.name)
    found = {v.rule for v in violations}
    unverified = [u for u in not_verified(graph) if u.rule not in found]
    rules = _rules_run(violations, BUDGET_KEY in stack_file.config, unverified)
    unread = len({u.rule for u in unverified})
    summary = _summary(stack_file.name, violations, len(rules), len(graph), unread)
    rows = [v.to_dict() for v in violations]
    warnings = _unpriced_sizes(stack_file, graph)
    data: dict[str, Any] = {
        "stack": stack_file.name,
        "passed": passed(violations),
        "violations": rows,
        "pricing_warnings": warnings,
    }
    lines = [f"{u.rule}: {u.resource}: {u.message}" for u in unverified]
    if unverified:
        data["not_verifiable_offline"] = [
            {"rule": u.rule, "resource": u.resource, "type": u.type, "message": u.message}
            for u in unverified
        ]
    csv_rows = _csv_rows(rows, unverified, warnings, graph)
    emit(format, _report(summary, rows, rules, warnings, lines), data, CSV_KEYS, csv_rows)
    if not passed(violations):
        raise typer.Exit(1)


def passed(violations: list[Violation]) -> bool:
    return not any(v.enforcement == "mandatory" for v in violations)


def _summary(
    stack: str, violations: list[Violation], rules: int, resources: int, unread: int = 0
) -> str:
    if not violations and unread:
        return (
            f"{stack}: {rules - unread} of {rules} rules passed and {unread} not verifiable "
            f"offline, on {resources} resources"
        )
    if not violations:
        return f"{stack}: all {rules} rules passed on {resources} resources"
    mandatory = sum(v.enforcement == "mandatory" for v in violations)
    broken = len({v.rule for v in violations})
    return (
        f"{stack}: {mandatory} mandatory and {len(violations) - mandatory} advisory violations "
        f"of {broken} of {rules} rules, on {resources} resources"
    ) + (f"; {unread} not verifiable offline" if unread else "")


def _csv_rows(
    rows: list[dict[str, str]],
    unverified: list[Violation],
    warnings: list[str],
    graph: list[Resource],
) -> list[dict[str, str]]:
    """Every finding the other formats show, so a script reading the CSV never takes a rule
    it could not verify, or a size with no price, for a clean pass."""
    types = {r.name: r.type for r in graph}
    found = [row | {"kind": VIOLATION} for row in rows]
    found += [u.to_dict() | {"kind": NOT_VERIFIABLE} for u in unverified]
    for warning in warnings:  # `<resource>: <why>`, as unpriced_sizes writes them
        resource, _, why = warning.partition(": ")
        found.append(
            {"resource": resource, "type": types.get(resource, ""), "message": why}
            | {"kind": PRICING_WARNING}
        )
    return found


def _unpriced_sizes(stack_file: StackFile, graph: list[Resource]) -> list[str]:
    from costmodel.model.coverage import unpriced_sizes

    settings = stack_file.settings
    regions = {p: r for p, r in (("aws", settings.aws_region), ("gcp", settings.gcp_region)) if r}
    return unpriced_sizes(graph, regions)


def _rules_run(
    violations: list[Violation], budgeted: bool, unverified: list[Violation]
) -> list[dict[str, str]]:
    """Every rule run, in order, with its result and what it checks (the cost rule only for
    a stack with a budget); a rule that found nothing but could not read all it checks is
    not verifiable offline."""
    from costmodel.model.budget import NOT_VERIFIED
    from policy.accept import is_accepted
    from policy.budget import DESCRIPTION as BUDGET_DESCRIPTION
    from policy.budget import RULE as BUDGET_RULE
    from policy.rules import RULES, STACK_FILE_DESCRIPTION, STACK_FILE_RULE

    found: dict[str, int] = {}
    for v in violations:
        found[v.rule] = found.get(v.rule, 0) + 1
    results = {u.rule: "not verifiable offline" for u in unverified}
    results |= {rule: f"{count} violation(s)" for rule, count in found.items()}
    accepted = Counter(v.rule for v in violations if is_accepted(v))
    results |= {r: f"passed, {n} accepted" for r, n in accepted.items() if found[r] == n}
    budget = [v for v in violations if v.rule == BUDGET_RULE]
    if budget and all(v.enforcement == "advisory" for v in budget):
        results[BUDGET_RULE] = "passed on the priced part only"  # allow_unpriced: true
    elif budget and all(v.message.startswith(NOT_VERIFIED) for v in budget):
        results[BUDGET_RULE] = "not verified"
    described = [(r.id, r.enforcement, r.description) for r in RULES]
    described.append((STACK_FILE_RULE, "mandatory", STACK_FILE_DESCRIPTION))
    if budgeted:
        described.append((BUDGET_RULE, "mandatory", BUDGET_DESCRIPTION))
    return [
        {
            "rule": rule,
            "enforcement": enforcement,
            "result": results.get(rule, "passed"),
            "description": description,
        }
        for rule, enforcement, description in described
    ]


def _report(
    summary: str,
    rows: list[dict[str, str]],
    rules: list[dict[str, str]],
    warnings: list[str],
    unverified: list[str],
) -> Report:
    rule_columns = [
        Column("rule", "rule", no_wrap=True),
        Column("severity", "enforcement", no_wrap=True),
        Column("result", "result", no_wrap=True),
        Column("what it checks", "description"),
    ]
    sections: list[Section] = [Table("Rules run", rule_columns, rules)]
    columns = [
        Column("rule", "rule", no_wrap=True),
        Column("severity", "enforcement", no_wrap=True),
        Column("resource", "resource"),
        Column("message", "message"),
    ]
    if rows:
        sections.append(Table("Violations", columns, rows))
    if unverified:
        sections.append(Notes("Not verifiable offline (secret inputs)", unverified))
    if warnings:
        sections.append(Notes("Sizes the price catalog lacks (unpriced in any estimate)", warnings))
    return Report(summary, sections)
