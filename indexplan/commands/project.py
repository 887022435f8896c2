"""`indexplan project`: each setup's monthly cost as traffic grows, and where they cross."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from indexplan.cache import NO_CACHE_HELP
from indexplan.moving import FROM_OPTION, OBJECTS_OPTION, WAIVER_OPTION
from indexplan.options import CHART_HELP, PRICE_BOOK_HELP, SCENARIO_HELP, STACKS_HELP
from indexplan.render import format_help
from indexplan.render.output import OutputFormat

if TYPE_CHECKING:
    from costmodel.planning.project import Projection
    from indexplan.render import Report

CSV_KEYS = (
    "month",
    "stack",
    "list_monthly_usd",
    "contracted_monthly_usd",
    "sponsored_monthly_usd",
    "out_of_pocket_monthly_usd",
    "cumulative_list_usd",
    "cumulative_contracted_usd",
    "cumulative_sponsored_usd",
    "cumulative_out_of_pocket_usd",
    "complete",  # false: the month's amounts are lower bounds
    "unpriced",
)
# With --from: the move to each setup (its one-time cost in the first month's running sum).
MOVE_KEYS = (
    "move_from",
    "move_one_time_usd",
    "move_complete",
    "cumulative_out_of_pocket_with_move_usd",
    "payback_month",
    "payback_bound",
)
FORMAT_HELP = format_help("one row per month and setup")
FULL_TABLE_MONTHS = 36  # longer projections show every 12th month (and crossovers) in the table


def project(
    stacks: list[str] | None = typer.Argument(None, metavar="[STACK]...", help=STACKS_HELP),
    scenario: str | None = typer.Option(None, "--scenario", "-s", help=SCENARIO_HELP),
    months: int = typer.Option(
        24, "--months", "-m", help="How many months to project: 1 to 1,200 (100 years)."
    ),
    start: str | None = typer.Option(
        None,
        "--start",
        metavar="YYYY-MM",
        help="First month, 2000-01 to 2200-12. Default: the scenario's as_of month. The "
        "scenario's figures are its as_of month's: another start grows them (or, before it, "
        "shrinks them) by growth.per_year first.",
    ),
    price_book: Path | None = typer.Option(
        None, "--price-book", metavar="FILE", help=PRICE_BOOK_HELP
    ),
    format: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f", help=FORMAT_HELP),
    chart: Path | None = typer.Option(None, "--chart", metavar="FILE", help=CHART_HELP),
    log: bool = typer.Option(False, "--log", help="Draw the chart's cost axis on a log scale."),
    source: str | None = FROM_OPTION,
    objects: str | None = OBJECTS_OPTION,
    exit_waiver: list[str] | None = WAIVER_OPTION,
    no_cache: bool = typer.Option(False, "--no-cache", help=NO_CACHE_HELP),
) -> None:
    """Egress and requests grow by the scenario's growth.per_year, compounded monthly; stored
    bytes grow by its uploads x storage.upload_size (uploads held). Each month is priced on
    its own, at the prices in force that month (a dated price change shows in its month),
    with sponsor terms ending after their `until` month.
    Prints list and out-of-pocket cost per month and setup, cumulative totals, and every
    month in which one setup's out-of-pocket cost overtakes another's (among the setups
    priced in full). The first month equals `indexplan estimate` when it is the scenario's
    as_of month (the default); a --start after it begins from the traffic grown to that
    month, one before it from the traffic shrunk back (the Assumptions say by how much).
    Money stays exact to the
    cent: a horizon over which traffic would grow past the model's limits is refused with
    the longest one that is not.

    With a price book (--price-book for every setup, else each stack's own
    indexplan:price_book) each month is also priced at the negotiated rates in force on its
    first day (an entry ends after its `until` day); out of pocket and the crossovers are
    then on contracted prices less sponsors.

    With --from SETUP (the setup you run today) each other setup's one-time cost of moving
    the files to it is paid in the first month: the cumulative out-of-pocket cost with the
    move, and the payback month, the first in which moving has cost less in all than staying
    (JSON `move`, CSV `payback_month`).

    Examples:

        indexplan project --scenario pypi-2026 --months 36

        indexplan project pypi-2021 all-gcp -s pypi-2023 --start 2024-01 --months 120 -f csv

        indexplan project -s pypi-2026 --months 60 --chart growth.png --log

        indexplan project all-aws -s pypi-2026 --months 36 --price-book examples/contract.yaml

        indexplan project pypi-2016 all-gcp -s pypi-2026 --from pypi-2016 --objects 2.6e7
    """
    import datetime as dt

    from costmodel.planning.project import PLAIN_MONTHS, check_months, parse_month
    from costmodel.planning.project import project as run
    from indexplan.moving import check_move_options
    from indexplan.options import check_chart, load_scenario_option, load_setups
    from indexplan.progress import progress
    from indexplan.render.output import emit

    check_chart(chart)
    check_months(months)
    count, waivers = None, frozenset[str]()
    if source is not None or objects is not None or exit_waiver:  # else nothing to check
        count, waivers = check_move_options(source, objects, exit_waiver)
    first_month = parse_month(start, "--start") if start is not None else None
    scn, where = load_scenario_option(scenario)
    if first_month is None:
        first_month = (scn.as_of or dt.date.today()).replace(day=1)
    setups = load_setups(stacks, not no_cache, price_book)
    old, terms = None, None
    # moving's model (costmodel/planning/moving.py, payback.py) is imported only with a move:
    # 21 M instructions of a warm projection (benchmarks/README.md, issue 15)
    if source is not None:
        from costmodel.planning.moving import MoveTerms, pick

        old, terms = pick(setups, source, stacks or []), MoveTerms(count, waivers)
    enabled = format is not OutputFormat.json
    with progress("pricing months", len(setups), enabled) as tick:
        result = run(
            setups,
            scn,
            start=first_month,
            months=months,
            first_price_date=scn.as_of,
            start_where="--start" if start is not None else f"{where}: as_of (or give --start)",
            tick=tick,
            move_from=old,
            move_terms=terms,
            # lists are priced without importing NumPy (columns.py): cheaper on short horizons
            arrays=chart is not None or months > PLAIN_MONTHS,
        )
    if chart is not None:  # the chart's module only for a chart
        from indexplan.render.chart import project_chart, write_chart

        write_chart(project_chart(result, log), chart)
    # a table is made from `result`; the JSON and the CSV rows only for the formats they are
    data = project_data(result) if format in (OutputFormat.json, OutputFormat.csv) else None
    keys = CSV_KEYS + (MOVE_KEYS if result.paybacks else ())
    rows = _csv_rows(result, data) if data is not None and format is OutputFormat.csv else ()
    emit(format, lambda: project_report(result), data, keys, rows)


def project_data(result: Projection) -> dict[str, Any]:
    """The JSON output (and what the CSV rows are made of): each setup's months, with the
    move when --from gives one, and the notes."""
    data = {**result.to_dict(), "notes": assumptions(result)}
    for setup, entry in enumerate(data["setups"]):
        paid = result.payback_of(entry["stack"])
        if paid is not None:
            data["setups"][setup] = result.setups[setup].months_with_move(result.months, paid)
    return data


def _csv_rows(result: Projection, data: dict[str, Any]) -> list[dict[str, object]]:
    """Each month of `data` (the JSON), with the running sums (Python integers: exact)."""
    from itertools import accumulate

    from costmodel.model.money import usd

    rows: list[dict[str, object]] = []
    kinds = ("list", "contracted", "sponsored", "out_of_pocket")
    for setup, months in zip(result.setups, data["setups"], strict=True):
        running = {kind: list(accumulate(setup.month_cents(kind))) for kind in kinds}
        for k, month in enumerate(months["months"]):
            row: dict[str, object] = {"stack": setup.name, **month}
            for kind in kinds:
                row[f"cumulative_{kind}_usd"] = usd(running[kind][k])
            row["complete"] = "true" if month["complete"] else "false"
            row["unpriced"] = "; ".join(
                f"{u['resource']} ({u['type']}): {u['reason']}" for u in month["unpriced"]
            )
            if "move" in months:
                row.update(_move_cells(months["move"], result.moved_from or "", month))
            rows.append(row)
    return rows


def _move_cells(move: dict[str, Any], source: str, month: dict[str, Any]) -> dict[str, object]:
    return {
        "move_from": source,
        "move_one_time_usd": move["one_time"]["contracted_usd"],
        "move_complete": "true" if move["one_time"]["complete"] else "false",
        "cumulative_out_of_pocket_with_move_usd": month["cumulative_out_of_pocket_with_move_usd"],
        "payback_month": move["payback_month"] or "",
        "payback_bound": move["payback_bound"],
    }


def _grown_note(result: Projection) -> list[str]:
    """Where the first month's traffic comes from, when it is not the scenario's as given."""
    if not result.grown_months or result.as_of is None:
        return []
    months = abs(result.grown_months)
    how = "grown" if result.grown_months > 0 else "shrunk back"
    return [
        f"the first month's traffic: the scenario's (as_of {result.as_of:%Y-%m}) {how} over "
        f"{months} month{'s' if months != 1 else ''} to {result.months[0]:%Y-%m}, "
        f"x{result.start_factor:.4g}"
    ]


def assumptions(result: Projection) -> list[str]:
    """What the projection assumes, and where a setup's costs are lower bounds (the table's
    Assumptions; JSON's `notes`)."""
    from costmodel.planning.compare import book_notes, missing_roles

    booked = any(s.price_book for s in result.setups)
    lines = [
        f"egress and requests x{result.growth_per_year:g} a year, compounded monthly",
        *([result.stored_growth] if result.stored_growth else []),
        *_grown_note(result),
        "each month at the prices "
        + ("and price book terms " if booked else "")
        + f"in force on its first day (the first month at {result.price_dates[0].isoformat()})",
        *book_notes((s.name, s.price_book) for s in result.setups),
        *(f"{s.name}: {end}" for s in result.setups for end in s.sponsor_ends),
        *result.caveats,
    ]
    for s in result.setups:
        runs = s.parts_runs(result.months)
        if len(runs) == 1 and s.unpriced:
            lines.append(
                f"{s.name}: {len(s.unpriced)} unpriced part(s) that cost money, in "
                f"{', '.join(missing_roles(s.unpriced))}: its costs are lower bounds (≥)"
            )
        elif len(runs) > 1:
            lines.extend(_parts_lines(s.name, runs))
    if not all(s.complete for s in result.setups):
        lines.append(
            "crossovers are found between two setups in months where each is priced in full, "
            "or their unpriced parts are the same parts (as `indexplan diff` cancels them)"
            if result.any_ranked()
            else "no two setups are priced in full, or alike in their unpriced parts, in two "
            "months running: none is ranked, so no crossovers"
        )
    return lines


def _parts_lines(name: str, runs: list[Any]) -> list[str]:
    """Where a setup is priced in full and from when which parts are unpriced."""
    from costmodel.planning.compare import parts_line

    return [
        parts_line(
            name,
            f"in {first:%Y-%m}" if first == last else f"from {first:%Y-%m} to {last:%Y-%m}",
            parts,
        )
        for first, last, parts in runs
    ]


def project_report(result: Projection) -> Report:
    from indexplan.render import Column, Money, Notes, Report, Table

    booked = any(s.price_book for s in result.setups)
    crossing = {c.month for c in result.crossovers}
    shown = [
        k
        for k, m in enumerate(result.months)
        if len(result.months) <= FULL_TABLE_MONTHS
        or k % 12 == 0
        or k == len(result.months) - 1
        or m in crossing
    ]
    columns = [Column("Month", "month", no_wrap=True)] + [
        Column(s.name, s.name, numeric=True) for s in result.setups
    ]
    rows = []
    for k in shown:
        row: dict[str, object] = {"month": result.months[k].strftime("%Y-%m")}
        for s in result.setups:
            lower = bool(s.unpriced_in(k))
            contracted = (Money(int(s.contracted_cents[k]), lower), " / ") if booked else ()
            pocket = Money(int(s.out_of_pocket_cents[k]), lower)
            row[s.name] = (pocket, " / ", *contracted, Money(int(s.list_cents[k]), lower))
        rows.append(row)
    totals_columns = [
        Column("Setup", "stack", no_wrap=True),
        Column("List, all months", "list", numeric=True),
        *([Column("Contracted, all months", "contracted", numeric=True)] if booked else []),
        Column("Out of pocket, all months", "pocket", numeric=True),
    ]
    totals = [
        {
            "stack": s.name,
            "list": Money(s.cumulative_list_cents, not s.complete),
            "contracted": Money(s.cumulative_contracted_cents, not s.complete),
            "pocket": Money(s.cumulative_out_of_pocket_cents, not s.complete),
        }
        for s in result.setups
    ]
    lines = [
        f"{c.month.strftime('%Y-%m')}: {c.setup} now costs more out of pocket than {c.overtakes}"
        for c in result.crossovers
    ] or [result.crossover_reason()]
    notes = assumptions(result)
    if len(shown) < len(result.months):
        notes.append("table: every 12th month, the last and crossover months (json/csv: all)")
    cells = "out of pocket / contracted / list" if booked else "out of pocket / list"
    title = (
        f"Project: scenario {result.scenario}, {len(result.months)} months from "
        f"{result.months[0].strftime('%Y-%m')} (USD per month, {cells})"
    )
    return Report(
        title,
        [
            Table(None, columns, rows),
            Table("Cumulative (USD)", totals_columns, totals),
            Notes("Crossovers (out of pocket)", lines),
            *_move_sections(result),
            Notes("Assumptions", notes),
        ],
    )


def _move_sections(result: Projection) -> list[Any]:
    """With --from: each setup's one-time cost, cumulative out of pocket with it (a lower
    bound where the move or a month is) and payback month."""
    from indexplan.moving import Moves, moves_notes, moves_table
    from indexplan.render import Money, Notes

    if not result.paybacks or result.moved_from is None:
        return []
    moves = Moves(result.moved_from, None, (), tuple(p.move for p in result.paybacks))
    extra = {
        p.stack: {
            "payback": "" if p.stack == result.moved_from else p.text(result.months),
            "cumulative": Money(
                p.cumulative_cents[-1],
                not p.move.complete or not result.setups[k].complete,
            ),
        }
        for k, p in enumerate(result.paybacks)
    }
    explained = (
        "payback: the first month in which moving (the one-time cost in the first month, then "
        "the setup's months) has cost less out of pocket in all than staying on "
        f'{result.moved_from}; "not before" where moving is a lower bound (≥), "no later '
        'than" where staying is'
    )
    return [moves_table(moves, extra), Notes("Moving", [*moves_notes(moves), explained])]
