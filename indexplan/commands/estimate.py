"""`indexplan estimate`: a stack's monthly bill under a traffic scenario, line by line."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from indexplan.budgets import ALLOW_UNPRICED_HELP, BUDGET_HELP
from indexplan.cache import NO_CACHE_HELP
from indexplan.options import PRICE_BOOK_HELP
from indexplan.render.output import FORMAT_HELP, OutputFormat

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Collection

    from costmodel.model.estimate import Estimate, LineItem, ProviderTotal
    from costmodel.model.pricebook import PriceBook
    from costmodel.model.sponsorship import SponsorTerms
    from indexplan.render import Money, Notes, Report


class EstimateFormat(StrEnum):
    """Every report format, and FOCUS rows."""

    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"
    focus = "focus"


CONTRACT_KEYS = ("contracted_unit_price_usd", "contracted_monthly_usd")
# CSV: a priced line is `priced`; an unpriced part (a "depends on usage" one too) is a row of
# its own, `unpriced` with the reason and its amounts empty, never 0 (a spreadsheet's sum is
# then the printed total, and the file still says what it leaves out). A line priced in one
# column only (a ladder ended in the other) is `priced at list only` or `priced at contracted
# only`, with the reason and the other column's amounts empty.
STATUS_KEYS = ("status", "reason")

LINE_ITEM_KEYS = (
    "resource",
    "type",
    "provider",
    "role",
    "component",
    "region",
    "quantity",
    "unit",
    "unit_price_usd",
    "monthly_usd",
)


def unit_price(value: float) -> str:
    """$0.50, $0.085, $0.0000025: cents always shown, and as many decimals as the price has
    (to 10: Cloud Run's $0.0000025 a GiB-second cut to 6 read as $0.000003)."""
    whole, _, decimals = f"{value:,.10f}".rstrip("0").partition(".")
    return f"${whole}.{decimals.ljust(2, '0')}"


def estimate(
    stack: str | None = typer.Argument(
        None, help="A stack name from stacks/ (pypi-2021) or a path to a Pulumi.STACK.yaml file."
    ),
    scenario: str = typer.Option(
        ..., "--scenario", "-s", help="A scenario name from scenarios/ (pypi-2023) or a YAML path."
    ),
    prices_as_of: str | None = typer.Option(
        None,
        "--prices-as-of",
        metavar="DATE",
        help="Use the prices in force on this date (YYYY-MM-DD). "
        "Default: the scenario's as_of, else today.",
    ),
    format: EstimateFormat = typer.Option(
        EstimateFormat.table,
        "--format",
        "-f",
        help=f"{FORMAT_HELP.removesuffix('.')}, or focus (FinOps FOCUS 1.2 rows, CSV).",
    ),
    output: Path | None = typer.Option(
        None,
        "--output",
        "-o",
        metavar="FILE",
        help="With --format focus: write the rows to FILE, Parquet if it ends in .parquet.",
    ),
    price_book: Path | None = typer.Option(
        None, "--price-book", metavar="FILE", help=PRICE_BOOK_HELP
    ),
    budget: str | None = typer.Option(None, "--budget", metavar="AMOUNT", help=BUDGET_HELP),
    allow_unpriced: bool = typer.Option(False, "--allow-unpriced", help=ALLOW_UNPRICED_HELP),
    from_preview: Path | None = typer.Option(
        None,
        "--from-preview",
        metavar="FILE",
        help="Price `pulumi preview --json` output (any Pulumi program) instead of STACK.",
    ),
    from_state: Path | None = typer.Option(
        None,
        "--from-state",
        metavar="FILE",
        help="Price a `pulumi stack export` deployment (any Pulumi program) instead of STACK.",
    ),
    from_terraform_plan: Path | None = typer.Option(
        None,
        "--from-terraform-plan",
        metavar="PLAN.json",
        help="Price a Terraform plan (`terraform show -json PLANFILE`) instead of STACK.",
    ),
    usage: Path | None = typer.Option(
        None,
        "--usage",
        metavar="FILE",
        help="YAML usage per resource name or URN, with a `default` section per role "
        "(with a Terraform plan: per address, or Infracost's usage file).",
    ),
    no_cache: bool = typer.Option(False, "--no-cache", help=NO_CACHE_HELP),
) -> None:
    """Every resource the stack provisions is priced line by line (a tiered price gives one
    line per tier used), grouped by provider, then list price, sponsored and out-of-pocket
    totals. Resources the model cannot price are listed as unpriced, never as $0; the
    defaults and price versions used are listed at the end.

    Examples:

        indexplan estimate pypi-2021 --scenario pypi-2021

        indexplan estimate all-aws -s pypi-2026 --prices-as-of 2026-05-01 --format json

        indexplan estimate ./Pulumi.staging.yaml -s ./my-traffic.yaml --format csv > bill.csv

    Negotiated rates (a price book) give a contracted level between list and sponsored;
    FOCUS rows carry all of them for FinOps tools:

        indexplan estimate pypi-2021 -s pypi-2021 --price-book examples/contract.yaml

        indexplan estimate all-aws -s pypi-2026 --format focus --output estimate.parquet

    Any Pulumi program, from its preview or its state (exactly one of STACK, --from-preview,
    --from-state). Roles come from type tokens (a CloudFront distribution is a CDN); where
    the scenario cannot say which resource it describes (two buckets), --usage names them,
    else their usage-based costs are listed as "depends on usage" with their unit price:

        pulumi preview --json > preview.json
        indexplan estimate --from-preview preview.json -s pypi-2021 --usage my-usage.yaml

        indexplan estimate --from-preview examples/preview.json -s pypi-2021 \\
            --usage examples/usage.yaml   # the shipped pair; the usage file's keys documented

        pulumi stack export > state.json
        indexplan estimate --from-state state.json -s pypi-2021

    A Terraform plan, its resources named by address; --usage may be Infracost's usage file:

        terraform plan -out tf.plan && terraform show -json tf.plan > plan.json
        indexplan estimate --from-terraform-plan plan.json -s pypi-2026 --usage infracost-usage.yml

    Budgets: exit status 1, after the report, when the bill is over --budget or over the
    stack's own indexplan:budget (checked whenever SCENARIO is the budget's scenario). all-aws
    costs about $5.9M a month under pypi-2026, so this one reports the breach and exits 1:

        indexplan estimate all-aws -s pypi-2026 --budget 650000
    """
    import dataclasses

    from costmodel.files.collector import collector_paused
    from costmodel.model.scenario import load_scenario, period_note
    from costmodel.readers.usage_file import load_usage_file
    from indexplan.budgets import (
        check_budgets,
        exit_if_breached,
        parse_budget_option,
        stack_budget,
    )
    from indexplan.graph_source import graph_source
    from indexplan.options import load_price_book, price_source, prices_date
    from indexplan.paths import named_files, require_file, resolve_scenario
    from indexplan.render.output import emit, say

    # a preview of 10^5 resources makes millions of objects, none in a cycle: the cyclic
    # collector walking them cost a third of the command (costmodel/files/collector.py)
    with collector_paused():
        check_output(
            output, format, [*named_files(stack, scenario), from_preview, from_state,
                             from_terraform_plan, usage, price_book]
        )  # fmt: skip
        for option, given in (
            ("--from-preview", from_preview),
            ("--from-state", from_state),
            ("--from-terraform-plan", from_terraform_plan),
            ("--usage", usage),
        ):
            require_file(given, option)
        limit = parse_budget_option(budget) if budget is not None else None
        scenario_path = resolve_scenario(scenario)
        scn = load_scenario(scenario_path)
        as_of, as_of_where = prices_date(prices_as_of, scn, str(scenario_path))
        # every file checked before any work (a plan's usage file is read against its addresses)
        usage_file = load_usage_file(usage) if usage and not from_terraform_plan else None
        source = graph_source(
            stack, from_preview, from_state, not no_cache, from_terraform_plan, usage
        )
        book = load_price_book(price_book, source.price_book)
        result = price_source(source, scn, as_of, as_of_where, book, usage_file)
        budgets = [limit, stack_budget(source.budget, scenario_path)]
        checked = check_budgets(budgets, result, allow_unpriced=allow_unpriced)
        if checked.notes:  # a budget kept on the priced part only: the report says so
            result = dataclasses.replace(result, notes=result.notes + tuple(checked.notes))
        if format in (EstimateFormat.csv, EstimateFormat.focus) and (note := period_note(scn)):
            say(f"note: {note}")  # rows only, no notes section: the note goes to stderr (F6)
        if format is EstimateFormat.focus:
            write_focus(result, source.sponsors, output)
        else:
            # each format builds only what it writes (the table of a 10^5-resource preview is
            # seconds of work; benchmarks/README.md, issue 16)
            fmt = OutputFormat(format.value)
            data = result.to_dict() if fmt is OutputFormat.json else None
            rows = csv_rows(result) if fmt is OutputFormat.csv else []
            keys = LINE_ITEM_KEYS + CONTRACT_KEYS + STATUS_KEYS
            emit(fmt, lambda: estimate_report(result), data, keys, rows)
    exit_if_breached(checked)


def csv_rows(est: Estimate) -> list[dict[str, object]]:
    """Every line item (`priced`), then every unpriced part (`unpriced`, amounts empty)."""
    rows: list[dict[str, object]] = [
        {**item.to_dict(), "status": _status(item.unpriced_column)} for item in est.line_items
    ]
    rows.extend({**u.to_dict(), "status": "unpriced"} for u in est.unpriced)
    return rows


def _status(unpriced_column: str | None) -> str:
    other = {"list": "contracted", "contracted": "list"}
    return f"priced at {other[unpriced_column]} only" if unpriced_column else "priced"


def bounds(bill: Estimate | ProviderTotal, lower: Collection[str]) -> dict[str, Money]:
    """A bill's four levels as Money, each a lower bound ("≥") when in `lower` (levels, as
    `Estimate.lower_levels`): an unpriced part would add to list or contracted, to a sponsor's
    share of it or to what is left."""
    from indexplan.render import Money

    return {
        f"{level}_monthly_usd": Money(getattr(bill, f"{level}_cents"), level in lower)
        for level in ("list", "contracted", "sponsored", "out_of_pocket")
    }


def check_output(output: Path | None, format: EstimateFormat, inputs: list[Path | None]) -> None:
    from costmodel.errors import InputError
    from costmodel.files import output as output_file

    if output is None:
        return
    if format is not EstimateFormat.focus:
        raise InputError("--output", str(output), "only with --format focus (redirect the rest)")
    output_file.check_output(output, "--output", inputs)


def write_focus(result: Estimate, sponsors: dict[str, SponsorTerms], output: Path | None) -> None:
    import sys

    from costmodel.files.output import write_output
    from indexplan.render.focus import focus_rows, render_focus_csv, write_focus_parquet
    from indexplan.render.output import say

    rows = focus_rows(result, sponsors)
    if output is None:
        sys.stdout.write(render_focus_csv(rows))
    else:
        if output.suffix.lower() == ".parquet":
            write_focus_parquet(rows, output)
        else:
            write_output(output, "--output", render_focus_csv(rows))
        say(f"wrote {output}: {len(rows)} FOCUS rows")  # as a chart says what it wrote
    if result.unpriced:
        # FOCUS's cost columns may not be null, and a $0 row would read as free: unpriced
        # parts get no row, and this note says the rows are not the whole bill
        sys.stdout.flush()
        say(
            f"note: {len(result.unpriced)} part(s) unpriced, not in these FOCUS rows "
            "(listed by `indexplan estimate` in any other format)"
        )


def _book_notes(book: PriceBook, on: dt.date) -> Notes:
    """The book's entries in force on `on`; when none is, says so and when one starts (or the
    last ended), so a year mistyped in `effective` does not read as "no discount"."""
    from indexplan.render import Notes

    lines = [f"{book.name} ({book.where}): {book.source}"]
    for i, entry in enumerate(book.entries):
        if entry.in_force(on):
            lines.append(
                f"entries.{i}: {entry.label()}" + (f"; {entry.note}" if entry.note else "")
            )
    if len(lines) > 1:
        return Notes("Price book in force", lines)
    from costmodel.planning.compare import idle_since

    when = idle_since(book, on)
    return Notes("Price book", [*lines, f"no entry in force on {on.isoformat()}{when}"])


def _line_cells(item: LineItem) -> dict[str, object]:
    """A line's unit prices ("a > b" where a book changes it) and amounts under a book, a
    column a ladder's end leaves unpriced reading `unpriced`, never $0."""
    from indexplan.render import Lines

    hole = item.unpriced_column
    contracted = item.contracted_unit_price_usd
    shown = ["unpriced" if hole == "list" else unit_price(item.unit_price_usd)]
    if hole == "contracted":
        shown.append("> unpriced")
    elif contracted is not None and (hole or contracted != item.unit_price_usd):
        shown.append(f"> {unit_price(contracted)}")
    cells: dict[str, object] = {"unit_prices": Lines(tuple(shown))}
    if hole:
        cells[{"list": "monthly_usd", "contracted": "contracted_monthly_usd"}[hole]] = "unpriced"
    return cells


def estimate_report(est: Estimate) -> Report:
    from costmodel.model.estimate import price_used
    from costmodel.model.money import usd
    from indexplan.render import Column, Notes, Report, Table, compact, money

    sections: list[Table | Notes] = []
    book = est.price_book
    line_columns = [
        Column("Resource / component", "component"),
        Column("Region", "region", no_wrap=True),
        Column("Quantity", "quantity", numeric=True),
        Column("Unit price", "unit_price_usd", numeric=True, fmt=unit_price),
        Column("Monthly", "monthly_usd", numeric=True, fmt=money),
    ]
    if book:  # list and contracted side by side; a unit price the book changes reads "a > b"
        line_columns[1] = Column("Region", "region")
        line_columns[3:] = [
            Column("Unit price", "unit_prices", numeric=True),
            Column("List", "monthly_usd", numeric=True, fmt=money),
            Column("Contracted", "contracted_monthly_usd", numeric=True, fmt=money),
        ]
    for provider in est.providers:
        items: list[dict[str, object]] = []
        for item in est.line_items:
            if item.provider != provider.provider:
                continue
            if not items or items[-1]["resource"] != item.resource:
                items.append({"resource": item.resource, "component": item.resource})
            quantity = f"{compact(item.quantity)} {item.unit}"
            row = {**item.to_dict(), "component": f"  {item.component}", "quantity": quantity}
            items.append({**row, **_line_cells(item)})
        # the sum of the lines above; "≥" is in the totals table (two more characters here
        # would crowd a price book's "> $0.405" off its line at 100 columns)
        subtotal = {
            "component": f"{provider.provider} subtotal",
            "monthly_usd": usd(provider.list_cents),
            "contracted_monthly_usd": usd(provider.contracted_cents),
        }
        sections.append(Table(provider.provider, line_columns, items, [subtotal]))
    total_columns = [
        Column("Provider", "provider"),
        Column("List price", "list_monthly_usd", numeric=True, fmt=money),
        *(
            [Column("Contracted", "contracted_monthly_usd", numeric=True, fmt=money)]
            if book
            else []
        ),
        Column("Sponsored", "sponsored_monthly_usd", numeric=True, fmt=money),
        Column("Out of pocket", "out_of_pocket_monthly_usd", numeric=True, fmt=money),
    ]
    provider_rows = [
        {"provider": p.provider, **bounds(p, est.lower_levels(p.provider))} for p in est.providers
    ]
    totals = {"provider": "total", **bounds(est, est.lower_levels())}
    sections.append(Table("Monthly totals (USD)", total_columns, provider_rows, [totals]))
    if est.unpriced:
        unpriced_columns = [
            Column("Resource", "resource"),
            Column("Component", "component"),
            Column("Why it is not priced", "reason"),
        ]
        rows = [u.to_dict() for u in est.unpriced]
        title = "Unpriced (not in the totals" + ("" if est.complete else ", so they are ≥)")
        if any(u.column for u in est.unpriced):  # a ladder ended in one column only: which
            unpriced_columns.insert(2, Column("Unpriced at", "at"))
            rows = [
                {**r, "at": u.column or "list and contracted"}
                for r, u in zip(rows, est.unpriced, strict=True)
            ]
            title = "Unpriced (not in the totals of the columns they are unpriced at, so ≥)"
        sections.append(Table(title, unpriced_columns, rows))
    if est.defaults_used:
        lines = [f"{field}: {value}" for field, value in est.defaults_used]
        sections.append(Notes("Scenario defaults used", lines))
    price_columns = [
        Column("Price", "price"),
        Column("Effective", "effective"),
        Column("Confidence", "confidence"),
        Column("Source", "source"),
    ]
    prices = [
        {**p, "source": f"{p['source']}; {p['note']}" if p["note"] else p["source"]}
        for p in map(price_used, est.prices_used)
    ]
    sections.append(Table("Price versions used", price_columns, prices))
    if book:
        sections.append(_book_notes(book, est.prices_as_of))
    if est.notes:
        sections.append(Notes("Assumptions", est.notes))
    title = (
        f"Estimate: stack {est.stack}, scenario {est.scenario}, "
        f"prices as of {est.prices_as_of.isoformat()} (USD per month)"
    )
    return Report(title, sections)
