"""`indexplan diff`: what a change to a stack file, to the program or to a preview costs a month."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from indexplan.budgets import ALLOW_UNPRICED_HELP, FAIL_ABOVE_HELP, FAIL_ABOVE_ON_HELP
from indexplan.cache import NO_CACHE_HELP
from indexplan.options import PRICE_BOOK_HELP, PRICES_AS_OF_HELP
from indexplan.render.output import OutputFormat

if TYPE_CHECKING:
    from collections.abc import Sequence

    from costmodel.model.change_bound import Side
    from costmodel.model.scenario import Scenario
    from costmodel.planning.diff import Diff
    from indexplan.graph_source import GraphSource
    from indexplan.render import Report

SIDE_HELP = (
    "A stack (a name from stacks/ or a Pulumi.STACK.yaml file), `pulumi preview --json` "
    "output, a `pulumi stack export` file or a Terraform plan (`terraform show -json`)."
)
CSV_KEYS = (
    "change",
    "resource",
    "type",
    "urn",
    "component",
    "region",
    "component_change",
    "before_list_monthly_usd",
    "after_list_monthly_usd",
    "before_contracted_monthly_usd",
    "after_contracted_monthly_usd",
    "diff_contracted_monthly_usd",
    "unpriced",
)


def diff(
    base: str = typer.Argument(..., help=f"{SIDE_HELP} With --base-ref: STACK."),
    head: str | None = typer.Argument(None, help=SIDE_HELP),
    base_ref: str | None = typer.Option(
        None,
        "--base-ref",
        metavar="REV",
        help="Diff STACK against itself at git revision REV: the same stack file and the same "
        "infra/ program as they were there (a branch, tag or commit).",
    ),
    scenario: str | None = typer.Option(
        None,
        "--scenario",
        "-s",
        help="A scenario name from scenarios/ or a YAML path. Default: the scenario of HEAD's "
        "indexplan:budget, else the newest PyPI one.",
    ),
    prices_as_of: str | None = typer.Option(
        None, "--prices-as-of", metavar="DATE", help=PRICES_AS_OF_HELP
    ),
    price_book: Path | None = typer.Option(
        None,
        "--price-book",
        metavar="FILE",
        help=f"{PRICE_BOOK_HELP.removesuffix('.')} (each side's own). Given, it prices both.",
    ),
    format: OutputFormat = typer.Option(
        OutputFormat.table,
        "--format",
        "-f",
        help="table (readable), json, csv (one row per component) or markdown (a "
        "pull-request comment).",
    ),
    usage: Path | None = typer.Option(
        None,
        "--usage",
        metavar="FILE",
        help="YAML usage per resource name or URN, with a `default` section per role, for "
        "both sides (a Terraform plan: per address, or Infracost's usage file).",
    ),
    fail_above: str | None = typer.Option(
        None, "--fail-above", metavar="AMOUNT|PERCENT", help=FAIL_ABOVE_HELP
    ),
    fail_above_on: str = typer.Option(
        "bill", "--fail-above-on", metavar="bill|out-of-pocket", help=FAIL_ABOVE_ON_HELP
    ),
    allow_unpriced: bool = typer.Option(False, "--allow-unpriced", help=ALLOW_UNPRICED_HELP),
    allow_new_stack: bool = typer.Option(
        False,
        "--allow-new-stack",
        help="With --base-ref: a stack the revision does not have is diffed against nothing "
        "(every resource added) instead of refused.",
    ),
    no_cache: bool = typer.Option(False, "--no-cache", help=NO_CACHE_HELP),
) -> None:
    """Resources pair by type and name, so two stacks, two previews, a stack and the state it
    would change, or two Terraform plans (by address) compare alike. For each resource
    added, removed or changed: its monthly cost before and after and the difference, per
    component; unchanged resources are one line. Totals before, after, difference and
    percent for list price, contracted (with a price book), sponsored and out of pocket. A
    resource added that the model cannot price is unknown, never +$0. Both sides are priced
    with this checkout's prices, under one scenario, so the difference is the change's alone.

    Exit status: 0; 1 when the change breaks a budget (--fail-above, or HEAD's own
    indexplan:budget when the scenario is its scenario), or when parts with no price leave it
    unverified, after the report; 2 for bad input. Unpriced parts cancel where BASE and HEAD
    have them alike (the same resource, inputs, reason and usage): then the difference is
    exact; any other leaves the rise a bound, and a bound that does not settle the budget
    fails it (priced part only with --allow-unpriced, said in the report).

    Examples:

        indexplan diff stacks/Pulumi.all-aws.yaml ./Pulumi.all-aws-bigger-db.yaml

        indexplan diff pypi-2021 --base-ref main --format markdown > comment.md

        indexplan diff pypi-2021 --base-ref origin/main --fail-above 5%

        indexplan diff pypi-2021 --base-ref main --fail-above 5% --fail-above-on out-of-pocket

        pulumi stack export > state.json && pulumi preview --json > preview.json
        indexplan diff state.json preview.json -s pypi-2026 --fail-above 1000

    Terraform: two plans (resources pair by address), or a plan against a stack:

        terraform show -json main.tfplan > base.json   # on the base branch
        terraform show -json pr.tfplan > head.json     # on the pull request's
        indexplan diff base.json head.json -s pypi-2026 --usage infracost-usage.yml
    """
    from contextlib import ExitStack

    from costmodel.errors import InputError
    from costmodel.model.change_bound import change as change_of
    from costmodel.planning.diff import Priced
    from costmodel.planning.diff import diff as compare
    from indexplan.budgets import check_budgets, exit_if_breached, parse_fail_above, stack_budget
    from indexplan.diff_inputs import diff_input
    from indexplan.options import load_price_book, load_scenario_option, price_source
    from indexplan.options import prices_date as pricing_date
    from policy.posture import posture_changes

    limit = parse_fail_above(fail_above, fail_above_on) if fail_above is not None else None
    if fail_above is None and fail_above_on != "bill":
        raise InputError("--fail-above-on", fail_above_on, "only with --fail-above")
    if base_ref is not None and head is not None:
        raise InputError("diff", "HEAD", "with --base-ref give one STACK: its file here is HEAD")
    if base_ref is None and head is None:
        raise InputError(
            "diff", "HEAD", "give BASE and HEAD, or one STACK with --base-ref REV (git)"
        )
    if allow_new_stack and base_ref is None:
        raise InputError("--allow-new-stack", "", "only with --base-ref")
    with ExitStack() as held:
        if base_ref is not None:
            base_source, base_label, head_source, head_label = _at_revision(
                base, base_ref, not no_cache, allow_new_stack, held, usage
            )
        else:
            assert head is not None  # refused above
            base_source, base_label = diff_input(base, "BASE", not no_cache, usage)
            head_source, head_label = diff_input(head, "HEAD", not no_cache, usage)
        budget = head_source.budget
        default = str(budget.scenario) if budget and budget.scenario else None
        scn, where = load_scenario_option(scenario or default)
        as_of, as_of_where = pricing_date(prices_as_of, scn, where)
        given = load_price_book(price_book) if price_book else None

        def priced(source: GraphSource, label: str) -> tuple[Priced, Side]:
            book = given or load_price_book(None, source.price_book)
            estimate = price_source(source, scn, as_of, as_of_where, book)
            return Priced(label, source.graph, estimate), _side(source, estimate, scn)

        (base_priced, base_side), (head_priced, head_side) = (
            priced(base_source, base_label),
            priced(head_source, head_label),
        )
        result = compare(base_priced, head_priced, (base_side, head_side))
    applied = stack_budget(budget, Path(where))
    increase = applied is not None and (
        applied.limits.max_increase_percent is not None
        or applied.limits.max_out_of_pocket_increase_percent is not None
    )
    change = change_of(base_side, head_side) if limit is not None or increase else None
    checked = check_budgets([applied], result.head.estimate, change, limit, allow_unpriced)
    notes = _notes(result, budget is not None and applied is None)
    security = posture_changes(result.base.graph, result.head.graph)
    _emit(format, result, [b.line() for b in checked.breaches] + checked.notes, notes, security)
    exit_if_breached(checked)


def _side(source: GraphSource, estimate: Any, scenario: Scenario) -> Side:
    """One side as diff's cancellation rule reads it (costmodel/model/change_bound.py): the
    report's unchanged parts and the rise a budget is checked on both rest on it."""
    from costmodel.model.change_bound import Side
    from costmodel.readers.usage_file import apply_usage

    applied = apply_usage(source.graph, scenario, source.usage)
    return Side(estimate, applied.graph, scenario, source.regions, applied.usage)


def _at_revision(
    stack: str, rev: str, use_cache: bool, allow_new: bool, held: Any, usage: Path | None
) -> tuple[GraphSource, str, GraphSource, str]:
    from indexplan.diff_inputs import diff_input, with_usage
    from indexplan.paths import resolve_stack
    from indexplan.revision.source import base_source

    # the revision first: a bad one is refused before anything is built
    at_rev = base_source(resolve_stack(stack), rev, use_cache, allow_new)
    base, base_label = held.enter_context(at_rev)
    head, head_label = diff_input(stack, "STACK", use_cache, usage)
    return with_usage(base, usage), base_label, head, f"{head_label} (working tree)"


def _notes(result: Diff, budget_elsewhere: bool) -> list[str]:
    head = result.head.estimate
    notes = [
        f"BASE: {result.base.label}",
        f"HEAD: {result.head.label}",
        f"scenario {head.scenario}, prices as of {head.prices_as_of.isoformat()}: both sides "
        "at this checkout's prices, so the difference is the change's alone",
    ]
    if budget_elsewhere:
        notes.append("HEAD's indexplan:budget not checked: it is for another scenario")
    if result.base.graph and result.head.graph and not result.of("same", "changed"):
        notes.append(
            "BASE and HEAD share no resource (a Terraform plan names resources by address, a "
            "Pulumi program by its own names): each is added or removed, and the totals compare "
            "the two setups"
        )
    seen = set(notes)
    for note in (*result.base.estimate.notes, *head.notes):
        if note not in seen:
            seen.add(note)
            notes.append(note)
    return notes


def _emit(
    format: OutputFormat,
    result: Diff,
    budget_lines: list[str],
    notes: list[str],
    security: list[str],
) -> None:
    import sys

    from indexplan.render.output import emit
    from indexplan.render.pr_comment import render_pr_comment

    if format is OutputFormat.markdown:
        sys.stdout.write(render_pr_comment(result, budget_lines, notes, security))
        return
    # the budget's lines, where a limit failed or was checked on the priced part only; the
    # security lines (policy/posture.py), where the change weakens or strengthens a protection
    data = {
        **result.to_dict(),
        **({"budget": budget_lines} if budget_lines else {}),
        **({"security": security} if security else {}),
    }
    report = diff_report(result, budget_lines, notes, security)
    emit(format, report, data, CSV_KEYS, _csv(result))


def _csv(result: Diff) -> list[dict[str, Any]]:
    from costmodel.model.money import usd

    def money(amount: Any, level: str) -> float | None:
        if amount is None:
            return 0.0
        return None if amount.unknown else usd(amount.cents(level))

    rows = []
    for r in result.resources:
        resource = {"change": r.change, "resource": r.name, "type": r.type, "urn": r.urn}
        for c in r.components or [None]:
            before, after = (c.before, c.after) if c else (r.before, r.after)
            delta = c.delta() if c else r.delta()
            reasons = c.reasons() if c else r.reasons()
            rows.append(
                {
                    **resource,
                    "component": c.component if c else None,
                    "region": c.region if c else None,
                    "component_change": c.change if c else r.change,
                    "before_list_monthly_usd": money(before, "list"),
                    "after_list_monthly_usd": money(after, "list"),
                    "before_contracted_monthly_usd": money(before, "contracted"),
                    "after_contracted_monthly_usd": money(after, "contracted"),
                    "diff_contracted_monthly_usd": None if delta is None else usd(delta),
                    "unpriced": "; ".join(reasons) or None,
                }
            )
    return rows


def diff_report(
    result: Diff, budget_lines: list[str], notes: list[str], security: Sequence[str] = ()
) -> Report:
    from costmodel.model.money import usd
    from indexplan.render import Column, Notes, Report, Table, money
    from indexplan.render.pr_comment import (
        costed_changes,
        delta_cell,
        free_changes,
        headline,
        resource_label,
        role_lines,
        total_rows,
        unchanged_line,
    )

    rows: list[dict[str, str]] = []
    for r in costed_changes(result):
        rows.append(_row(r.change, resource_label(r), r.before, r.after, delta_cell(r.delta())))
        if len(r.components) > 1 or r.change == "changed":
            for c in r.components:
                if c.change != "same":
                    name = f"  {c.component or '(the whole resource)'}"
                    name += f", {c.region}" if c.region else ""
                    rows.append(_row("", name, c.before, c.after, delta_cell(c.delta())))
    rows += [
        {"change": change, "name": line, "diff": "$0.00"} for change, line in free_changes(result)
    ]
    count, cents = unchanged_line(result)
    unchanged = f"{count} resources unchanged"
    same = money(usd(cents))
    footer = [{"change": "same", "name": unchanged, "before": same, "after": same, "diff": "$0.00"}]
    columns = [
        Column("Change", "change", no_wrap=True),
        Column("Resource (role) / component", "name"),
        Column("Before", "before", numeric=True),
        Column("After", "after", numeric=True),
        Column("Difference", "diff", numeric=True),
    ]
    sections: list[Table | Notes] = [Notes("Security", list(security))] if security else []
    sections.append(Table("Changed resources", columns, rows, footer))
    if result.unknown:
        unpriced_columns = [
            Column("Change", "change", no_wrap=True),
            Column("Resource", "name"),
            Column("Why its cost is unknown", "reason"),
        ]
        unpriced = [
            {
                "change": r.change,
                "name": f"{r.name} ({r.type})",
                "reason": "; ".join(r.reasons()),
            }
            for r in result.unknown
        ]
        sections.append(Table("Unpriced changes (not in the totals)", unpriced_columns, unpriced))
    total_columns = [
        Column("Monthly", "level"),
        Column("Before", "before", numeric=True),
        Column("After", "after", numeric=True),
        Column("Difference", "diff", numeric=True),
        Column("Percent", "percent", numeric=True),
    ]
    totals = total_rows(result)
    sections.append(Table("Totals (USD per month)", total_columns, totals))
    if budget_lines:
        sections.append(Notes(budget_heading(budget_lines), budget_lines))
    sections.append(Notes("Notes", role_lines(result) + notes))
    return Report(f"Diff: {headline(result)}", sections)


def budget_heading(lines: list[str]) -> str:
    """`Budget exceeded`, `Budget not verified`, `Budget checked on the priced part only`,
    or what of them the lines say."""
    kinds = dict.fromkeys(line.split(":", 1)[0].removeprefix("budget ") for line in lines)
    return "Budget " + " or ".join(kinds)


def _row(change: str, name: str, before: Any, after: Any, delta: str) -> dict[str, str]:
    from indexplan.render.pr_comment import amount_cell

    return {
        "change": change,
        "name": name,
        "before": amount_cell(before),
        "after": amount_cell(after),
        "diff": delta,
    }
