"""`indexplan compare`: every hosting setup under one scenario, side by side."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from indexplan.cache import NO_CACHE_HELP
from indexplan.moving import FROM_OPTION, OBJECTS_OPTION, WAIVER_OPTION
from indexplan.options import (
    CHART_HELP,
    PRICE_BOOK_HELP,
    PRICES_AS_OF_HELP,
    SCENARIO_HELP,
    STACKS_HELP,
)
from indexplan.render import format_help
from indexplan.render.output import OutputFormat

if TYPE_CHECKING:
    from costmodel.model.estimate import Estimate
    from costmodel.planning.compare import Comparison
    from indexplan.moving import Moves
    from indexplan.render import Report

TOTAL_KEYS = (
    "stack",
    "list_monthly_usd",
    "contracted_monthly_usd",
    "sponsored_monthly_usd",
    "out_of_pocket_monthly_usd",
)
FORMAT_HELP = format_help("one row per setup")


def compare(
    stacks: list[str] | None = typer.Argument(None, metavar="[STACK]...", help=STACKS_HELP),
    scenario: str | None = typer.Option(None, "--scenario", "-s", help=SCENARIO_HELP),
    prices_as_of: str | None = typer.Option(
        None, "--prices-as-of", metavar="DATE", help=PRICES_AS_OF_HELP
    ),
    price_book: Path | None = typer.Option(
        None, "--price-book", metavar="FILE", help=PRICE_BOOK_HELP
    ),
    format: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f", help=FORMAT_HELP),
    chart: Path | None = typer.Option(None, "--chart", metavar="FILE", help=CHART_HELP),
    source: str | None = FROM_OPTION,
    objects: str | None = OBJECTS_OPTION,
    exit_waiver: list[str] | None = WAIVER_OPTION,
    no_cache: bool = typer.Option(False, "--no-cache", help=NO_CACHE_HELP),
) -> None:
    """One row per stack: list price (market value), what sponsors give, what is left out of
    pocket, and each provider's part of the list price. The cheapest setup at list price and
    the cheapest out of pocket are marked, among the setups priced in full: a setup with an
    unpriced part that costs money shows its totals as "≥ $X" (a lower bound) and is never
    named cheapest over one without. When no setup is priced in full none is named cheapest
    (two lower bounds with different holes cannot be ranked): JSON and CSV then give the
    lowest lower bound apart, as `lowest_lower_bound`. Each row equals `indexplan estimate`
    for that stack, scenario and date (and price book).

    With a price book (--price-book for every setup, else each stack's own
    indexplan:price_book) a Contracted column shows the bill at the negotiated rates;
    sponsors give out of it, so out of pocket is contracted less sponsored.

    With --from SETUP (the setup you run today) a second table gives each other setup's
    one-time cost of moving the files to it: the stored bytes out of the old storage at its
    transfer-out rate and one write per file into the new (JSON `moves`, CSV `move_*`).

    Examples:

        indexplan compare

        indexplan compare pypi-2021 all-aws --scenario pypi-2023 --format json

        indexplan compare --scenario pypi-2026 --chart compare.svg

        indexplan compare all-aws all-gcp -s pypi-2026 --price-book examples/contract.yaml

        indexplan compare pypi-2016 all-gcp -s pypi-2026 --from pypi-2016 --objects 2.6e7
    """
    from costmodel.planning.compare import compare as price_all
    from indexplan.moving import check_move_options, price_moves
    from indexplan.options import check_chart, load_scenario_option, load_setups, prices_date
    from indexplan.render.output import emit

    check_chart(chart)
    count, waivers = check_move_options(source, objects, exit_waiver)
    scn, where = load_scenario_option(scenario)
    as_of, as_of_where = prices_date(prices_as_of, scn, where)
    setups = load_setups(stacks, not no_cache, price_book)
    given = stacks or [s.name for s in setups]
    moves = None
    if source is not None:
        moves = price_moves(setups, source, given, scn, as_of, count, waivers)
    result = price_all(setups, scn, as_of, as_of_where)
    data = result.to_dict()
    if moves is not None:
        data["moves"] = moves.to_dict()
    lowest = data.get("lowest_lower_bound")
    rows = [_csv_row(s, data["cheapest"], lowest) for s in data["setups"]]
    if moves is not None:
        for row, move in zip(rows, data["moves"]["setups"], strict=True):
            row.update(_move_cells(move, moves.source))
    if chart is not None:
        from indexplan.render.chart import compare_chart, write_chart

        write_chart(compare_chart(result), chart)
    keys = csv_keys(result.providers, lowest is not None) + (MOVE_KEYS if moves else [])
    emit(format, lambda: compare_report(result, given, moves), data, keys, rows)


# With --from: the move to each setup (false in move_complete: its amounts are lower bounds).
MOVE_KEYS = [
    "move_from",
    "move_one_time_list_usd",
    "move_one_time_contracted_usd",
    "move_complete",
    "move_unpriced",
]


def _move_cells(move: dict[str, Any], source: str) -> dict[str, object]:
    return {
        "move_from": source,
        "move_one_time_list_usd": move["list_usd"],
        "move_one_time_contracted_usd": move["contracted_usd"],
        "move_complete": "true" if move["complete"] else "false",
        "move_unpriced": "; ".join(
            f"{u['resource']} ({u['type']}): {u['reason']}" for u in move["unpriced"]
        ),
    }


def csv_keys(providers: list[str], lower_bounds: bool) -> list[str]:
    """The totals, each provider's list and contracted part (`aws_list_monthly_usd`), and
    the holes: one column per provider some setup is billed by. When no setup is complete,
    `cheapest` stays empty and `lowest_lower_bound` says which is lowest."""
    parts = [f"{p}_{kind}_monthly_usd" for kind in ("list", "contracted") for p in providers]
    apart = ["lowest_lower_bound"] if lower_bounds else []
    return [*TOTAL_KEYS, *parts, "complete", "unpriced", "cheapest", *apart]


def _csv_row(
    setup: dict[str, Any],
    cheapest: dict[str, list[str]],
    lowest: dict[str, list[str]] | None,
) -> dict[str, object]:
    row: dict[str, object] = {"stack": setup["stack"], **setup["totals"]}
    for p in setup["providers"]:
        row[f"{p['provider']}_list_monthly_usd"] = p["list_monthly_usd"]
        row[f"{p['provider']}_contracted_monthly_usd"] = p["contracted_monthly_usd"]
    row["complete"] = "true" if setup["complete"] else "false"
    row["unpriced"] = "; ".join(
        f"{u['resource']} ({u['type']}): {u['reason']}" for u in setup["unpriced"]
    )
    row["cheapest"] = _levels(setup["stack"], cheapest)
    if lowest is not None:
        row["lowest_lower_bound"] = _levels(setup["stack"], lowest)
    return row


def _levels(stack: str, named: dict[str, list[str]]) -> str:
    """The levels `stack` is named at, "(tied)" when another is named with it."""
    return "; ".join(
        level + (" (tied)" if len(names) > 1 else "")
        for level, names in named.items()
        if stack in names
    )


def compare_report(
    result: Comparison, given: Sequence[str] = (), moves: Moves | None = None
) -> Report:
    """`given`: each stack as the user gave it (a path or a name), for the notes' commands;
    `moves`: with --from, the one-time cost of moving to each setup."""
    from costmodel.planning.compare import book_notes, missing_roles
    from indexplan.render import Column, Money, Notes, Report, Table

    cheap_list = result.cheapest("list")
    cheap_contracted = result.cheapest("contracted")
    cheap_pocket = result.cheapest("out_of_pocket")
    booked = result.any_book
    rows = []
    for est in result.estimates:
        # each level a lower bound when a hole is in its column (a ladder's end may leave
        # one column priced: segments.py)
        holed = {level: not est.complete_at(level) for level in ("list", "contracted")}
        row: dict[str, object] = {
            "stack": est.stack,
            "list": Money(est.list_cents, holed["list"], "*" if est in cheap_list else " "),
            "contracted": Money(
                est.contracted_cents, holed["contracted"], "*" if est in cheap_contracted else " "
            ),
            "sponsored": Money(est.sponsored_cents, result.sponsored_is_bound(est)),
            "pocket": Money(
                est.out_of_pocket_cents, holed["contracted"], "*" if est in cheap_pocket else " "
            ),
            "unpriced": str(len(result.holes(est))),
        }
        for p in est.providers:
            share = p.list_cents / est.list_cents if est.list_cents else 0.0
            row[p.provider] = (Money(p.list_cents), f" {share:.0%}")
        rows.append(row)
    columns = [
        Column("Setup", "stack", no_wrap=True),
        Column("List price", "list", numeric=True),
        *([Column("Contracted", "contracted", numeric=True)] if booked else []),
        Column("Sponsored", "sponsored", numeric=True),
        Column("Out of pocket", "pocket", numeric=True),
        Column("Unpriced", "unpriced", numeric=True),
        *(Column(p, p, numeric=True) for p in result.providers),
    ]
    levels = [
        ("at list price", "list"),
        *([("at contracted prices", "contracted")] if booked else []),
        ("out of pocket", "out_of_pocket"),
    ]
    # each level ranks on its own column's holes (ranking.Holes.at): a hole at list only
    # leaves the contracted and out-of-pocket verdicts standing
    ranked = {level: result.ranked(level) for _, level in levels}
    unranked = [at for at, level in levels if not ranked[level]]
    firm = len(unranked) < len(levels)
    cannot = "lower bounds with different unpriced parts cannot be ranked"
    notes = []
    if not firm:
        notes.append(f"no setup is priced in full, so none is named cheapest: {cannot}")
    elif unranked:
        notes.append(
            f"{' or '.join(unranked)} no setup is priced in full, so none is named cheapest "
            f"there: {cannot}"
        )
    notes += [line for at, level in levels for line in _named(result, at, level)]
    on_difference = [(at, level) for at, level in levels if result.ranked_on_difference(level)]
    # a setup priced in full in one column only (a book pricing a "contact sales" tail)
    per_column = any(len({e.complete_at(lv) for _, lv in levels}) > 1 for e in result.estimates)
    among = (
        "ranked (see below)"
        if on_difference
        else "priced in full" + (" at that level" if per_column else "")
    )
    partial = any(0 < len(r) < len(rows) for r in ranked.values())
    marked = "cheapest marked *" + (f" among the setups {among}" if partial else "")
    notes += [
        (f"{marked}; " if firm else "")
        + "provider columns: list price and share of the setup's list",
        *book_notes((e.stack, e.price_book) for e in result.estimates),
        *result.book_warnings(),
        *result.caveats(),
    ]
    if on_difference:
        alike = ", ".join(
            e.stack for e in result.estimates if any(e in ranked[lv] for _, lv in on_difference)
        )
        every = len(on_difference) == len(levels)
        at = "" if every else " " + ", ".join(a for a, _ in on_difference)
        notes.append(
            f"{alike}: ranked on their difference{at}, their unpriced parts being the same "
            "parts (resource, component, reason and usage, as `indexplan diff` cancels them)"
        )
    shown = dict(zip((e.stack for e in result.estimates), given, strict=False))
    for est in result.estimates:
        missing = result.holes(est)
        if missing:
            notes.append(
                f"{est.stack}: {len(missing)} unpriced part(s) that cost money, in "
                f"{', '.join(missing_roles(missing))}: {_bounds(est, levels, ranked)}; see "
                f"`indexplan estimate {shown.get(est.stack, est.stack)}`"
            )
    title = (
        f"Compare: scenario {result.scenario}, prices as of "
        f"{result.prices_as_of.isoformat()} (USD per month)"
    )
    sections: list[Any] = [Table(None, columns, rows), Notes("Notes", notes)]
    if moves is not None:
        from indexplan.moving import moves_notes, moves_table

        sections += [moves_table(moves), Notes("Moving", moves_notes(moves))]
    return Report(title, sections)


def _bounds(
    est: Estimate, levels: Sequence[tuple[str, str]], ranked: dict[str, list[Estimate]]
) -> str:
    """`its totals are lower bounds (≥) and it is not ranked`, naming the levels when a hole
    in one column only (a ladder that ends, priced by a book) leaves the others exact."""
    holed = [at for at, level in levels if not est.complete_at(level)]
    bound = (
        "its totals are lower bounds (≥)"
        if len(holed) == len(levels)
        else f"its total {' and '.join(holed)} is a lower bound (≥), the others exact"
    )
    unranked = [at for at, level in levels if est not in ranked[level]]
    if not unranked:
        return bound
    if len(unranked) == len(levels):
        return f"{bound} and it is not ranked"
    return f"{bound}, and it is not ranked {' or '.join(unranked)}"


def _named(result: Comparison, at: str, level: str) -> list[str]:
    """`cheapest at list price: a ($X/month)` (a tie names every setup in it); when a lower
    bound is below the lowest ranked setup, what its unpriced parts would have to cost; with
    nothing ranked, the lowest lower bound."""
    from costmodel.planning.compare import lower_text
    from indexplan.render import Money

    standing = result.standing(level)
    if standing.ranked:
        setups = [result.estimates[i] for i in standing.lowest]
        what = "cheapest"
    else:
        setups, what = result.lowest_lower_bound(level), "lowest lower bound"
    names = ", ".join(e.stack for e in setups) + (", tied" if len(setups) > 1 else "")
    first = setups[0]
    amount = Money(getattr(first, f"{level}_cents"), not first.complete_at(level)).text()
    if not standing.lower:
        return [f"{what} {at}: {names} ({amount}/month)"]
    stacks = [e.stack for e in result.estimates]
    lower = "; ".join(
        lower_text(stacks, b, getattr(result.estimates[b.setup], f"{level}_cents"), than=False)
        for b in standing.lower
    )
    return [f"{at}: {names} ({amount}/month) is not named cheapest, as {lower}"]
