"""`indexplan sweep`: every setup over a range of one usage figure, and its break-evens."""

from __future__ import annotations

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
    from costmodel.planning.payback import PointPayback
    from costmodel.planning.sweep import Sweep
    from indexplan.render import Report

    Paybacks = list[list[PointPayback]]

TABLE_ROWS = 11  # grid values shown in the table (json: --emit-points gives every one)
FORMAT_HELP = format_help("the ends, or every point with --emit-points, one row each")
VARY_HELP = (
    "traffic (egress, requests and uploads together, in multiples of the scenario's), "
    "egress, requests, cache_hit_ratio, stored or regions.REGION, with units: "
    "traffic=0.1x..10x, egress=1TB..10PB (per month), requests=1e9..1e11, "
    "regions.europe=0..0.6."
)


def sweep(
    stacks: list[str] | None = typer.Argument(None, metavar="[STACK]...", help=STACKS_HELP),
    vary: list[str] = typer.Option(..., "--vary", metavar="QUANTITY=FROM..TO", help=VARY_HELP),
    scenario: str | None = typer.Option(None, "--scenario", "-s", help=SCENARIO_HELP),
    points: int = typer.Option(
        200,
        "--points",
        "-n",
        help="Grid points, 2 to 100,000,000 (--emit-points: 100,000 for 4 stacks).",
    ),
    log: bool = typer.Option(False, "--log", help="Space the points logarithmically."),
    prices_as_of: str | None = typer.Option(
        None, "--prices-as-of", metavar="DATE", help=PRICES_AS_OF_HELP
    ),
    price_book: Path | None = typer.Option(
        None, "--price-book", metavar="FILE", help=PRICE_BOOK_HELP
    ),
    emit_points: bool = typer.Option(
        False, "--emit-points", help="Include every grid point in json/csv (else the ends)."
    ),
    format: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f", help=FORMAT_HELP),
    chart: Path | None = typer.Option(None, "--chart", metavar="FILE", help=CHART_HELP),
    source: str | None = FROM_OPTION,
    objects: str | None = OBJECTS_OPTION,
    exit_waiver: list[str] | None = WAIVER_OPTION,
    no_cache: bool = typer.Option(False, "--no-cache", help=NO_CACHE_HELP),
) -> None:
    """Prices every setup over a range of QUANTITY, the other figures held as in the scenario
    (the notes say which; region shares other than the varied one are rescaled to fill the
    rest), and prints the break-evens where the cheapest setup changes, at list price and
    out of pocket. A break-even is where the unrounded costs cross, found to a byte or
    request (1e-6 for shares), whatever --points: the grid only sets the values shown. Only
    setups priced in full are ranked, as in compare. JSON and CSV give the break-evens and
    each setup's cost at both ends; --emit-points adds every grid point.

    With a price book (--price-book for every setup, else each stack's own
    indexplan:price_book) the break-evens are also found at contracted prices, and out of
    pocket is contracted less sponsored.

    With --from SETUP (the setup you run today) each point also gives every other setup's
    one-time cost of moving the files to it and the months it takes to pay back at that
    point's monthly bills (JSON/CSV `<setup>_move_one_time_usd`, `<setup>_payback_months`).

    Examples:

        indexplan sweep --scenario pypi-2026 --vary egress=1TB..20PB --log

        indexplan sweep -s pypi-2026 --vary traffic=0.01x..10x --log --chart traffic.svg

        indexplan sweep all-aws pypi-2021 -s pypi-2021 --vary cache_hit_ratio=0.8..0.999

        indexplan sweep all-aws all-gcp -s pypi-2026 --vary traffic=0.1x..2x \\
            --price-book examples/contract.yaml

        indexplan sweep crates-io -s pypi-2026 --vary cdn.fastly=0..1   # a CDN mix's weight

        indexplan sweep pypi-2016 all-gcp -s pypi-2026 --vary stored=100TB..1PB --from pypi-2016
    """
    from costmodel.errors import InputError
    from costmodel.planning.sweep import check_grid, parse_vary
    from costmodel.planning.sweep import sweep as run
    from indexplan.moving import check_move_options
    from indexplan.options import (
        check_chart,
        load_scenario_option,
        load_setups,
        prices_date,
    )
    from indexplan.progress import progress
    from indexplan.render.chart import write_chart
    from indexplan.render.output import emit

    check_chart(chart)
    count, waivers = None, frozenset[str]()
    if source is not None or objects is not None or exit_waiver:  # moving.py only with a move
        count, waivers = check_move_options(source, objects, exit_waiver)
    if len(vary) > 1:  # typer would keep the last silently: one sweep varies one figure
        given = f"given {len(vary)} times: {', '.join(vary)}"
        raise InputError("--vary", given, "give it once (a sweep varies one figure)")
    varied = parse_vary(vary[0])
    check_grid(varied, points, log)  # bad --points or --log fail before the stacks are built
    scn, where = load_scenario_option(scenario)
    as_of, _ = prices_date(prices_as_of, scn, where)
    setups = load_setups(stacks, not no_cache, price_book)
    every = emit_points and format in (OutputFormat.json, OutputFormat.csv)
    with progress("pricing setups", len(setups), format is not OutputFormat.json) as tick:
        result = None
        if chart is None and source is None and not every:  # these need every kept point
            from costmodel.planning.sweep_plain import plain_sweep

            shown = TABLE_ROWS if format in (OutputFormat.table, OutputFormat.markdown) else 2
            result = plain_sweep(
                setups, scn, varied, points=points, log=log, as_of=as_of, rows=shown, tick=tick
            )
        if result is None:
            result = run(
                setups,
                scn,
                varied,
                points=points,
                log=log,
                as_of=as_of,
                every_point=every,
                tick=tick,
            )
    paybacks = None
    if source is not None:
        from costmodel.planning.moving import MoveTerms, pick
        from costmodel.planning.sweep import sweep_paybacks

        old = pick(setups, source, stacks or [])
        paybacks = sweep_paybacks(setups, scn, result, old, MoveTerms(count, waivers))
    if chart is not None:
        from indexplan.render.chart import sweep_chart

        write_chart(sweep_chart(result), chart)
    # one list for json or csv: it may hold 100,000 points
    rows = _rows(result, every, format is OutputFormat.csv, paybacks)
    data = sweep_dict(result, every, rows)
    if paybacks is not None:
        data["moves_from"] = source
    keys = _csv_keys(result, paybacks is not None)
    emit(format, lambda: sweep_report(result, paybacks), data, keys, rows)


def _rows(
    result: Sweep, every: bool, text: bool = False, paybacks: Paybacks | None = None
) -> list[dict[str, Any]]:
    """Every grid point kept, or both ends: the value, each setup's three costs and whether
    they are whole (else lower bounds; `text`: "true"/"false", as compare's CSV), and with
    --from each setup's move and payback."""
    points = range(len(result.values)) if every else (0, len(result.values) - 1)
    columns: dict[str, list[Any]] = {"value": [float(result.values[k]) for k in points]}
    for i, name in enumerate(result.names):  # cents below 2^53: int / 100 is exact division
        for kind, cents in _costs(result):
            columns[f"{name}_{kind}_usd"] = [int(cents[i, k]) / 100 for k in points]
        whole = [result.complete_at(i, k) for k in points]
        columns[f"{name}_complete"] = [str(w).lower() for w in whole] if text else whole
        if paybacks is not None:
            columns.update(_move_columns(name, [paybacks[i][k] for k in points], text))
    return [dict(zip(columns, cells, strict=True)) for cells in zip(*columns.values(), strict=True)]


def _move_columns(name: str, found: list[PointPayback], text: bool) -> dict[str, list[Any]]:
    """`<setup>_move_one_time_usd` (contracted), `_move_complete` (false: a lower bound),
    `_payback_months` (none: never or unknown) and `_payback_bound`."""
    from costmodel.model.money import usd

    complete = [p.move.complete for p in found]
    return {
        f"{name}_move_one_time_usd": [usd(p.move.contracted_cents) for p in found],
        f"{name}_move_complete": [str(c).lower() for c in complete] if text else complete,
        f"{name}_payback_months": [p.months for p in found],
        f"{name}_payback_bound": [p.bound for p in found],
    }


MOVE_COLUMNS = ("move_one_time_usd", "move_complete", "payback_months", "payback_bound")


def _costs(result: Sweep) -> list[tuple[str, Any]]:
    return [
        ("list", result.list_cents),
        ("contracted", result.contracted_cents),
        ("out_of_pocket", result.out_of_pocket_cents),
    ]


def _csv_keys(result: Sweep, moves: bool = False) -> list[str]:
    per_setup = [*(f"{{}}_{kind}_usd" for kind, _ in _costs(result)), "{}_complete"]
    per_setup += [f"{{}}_{key}" for key in MOVE_COLUMNS] if moves else []
    return ["value", *(key.format(n) for n in result.names for key in per_setup)]


def sweep_dict(result: Sweep, every: bool, rows: list[dict[str, Any]]) -> dict[str, Any]:
    from costmodel.planning.compare import book_ref, unpriced_dict

    v = result.vary
    data: dict[str, Any] = {
        "scenario": result.scenario,
        "prices_as_of": result.prices_as_of.isoformat(),
        "vary": {
            "quantity": v.quantity,
            "from": v.low,
            "to": v.high,
            "unit": v.unit,
            "points": result.points,
            "log": result.log,
        },
        "break_evens": {
            measure: [b.to_dict(v) for b in found] for measure, found in result.break_evens.items()
        },
        "incomplete": list(result.incomplete),  # unpriced parts somewhere in the range
        # per setup, each stretch of the range over which its unpriced parts stay the same
        "completeness": {
            name: [
                {
                    "from": low,
                    "to": high,
                    "complete": not parts,
                    "unpriced": [unpriced_dict(u) for u in parts],
                }
                for low, high, parts in result.parts_runs(i)
            ]
            for i, name in enumerate(result.names)
        },
        "notes": sweep_notes(result),
        "price_books": {n: book_ref(b) for n, b in zip(result.names, result.books, strict=True)},
    }
    data["points" if every else "ends"] = rows
    return data


def _exact(result: Sweep, value: float) -> str:
    """A break-even to its resolution: every byte or request, 7 figures of a share or factor."""
    v = result.vary
    return f"{value:,.0f} {v.unit}" if v.integral else v.show(value, digits=7)


def sweep_report(result: Sweep, paybacks: Paybacks | None = None) -> Report:
    from costmodel.planning.compare import lower_text
    from costmodel.planning.grids import sample_indices
    from costmodel.planning.ranking import Lower
    from indexplan.render import Column, Money, Notes, Report, Table

    v = result.vary
    booked = result.any_book
    n = len(result.values)
    picks = sample_indices(n, TABLE_ROWS)  # as np.linspace(...).round(), in plain Python
    # the period goes in the header so the value column stays narrow
    per_month = v.quantity in ("egress", "requests")
    header = f"{v.label} per month" if per_month else v.label
    columns = [Column(header, "value", no_wrap=True)] + [
        Column(name, name, numeric=True) for name in result.names
    ]
    rows = []
    lowers: dict[tuple[int, int], list[tuple[int, Lower]]] = {}
    for k in picks:
        row: dict[str, object] = {"value": v.show(float(result.values[k])).removesuffix("/month")}
        standing = result.standing(k, "out_of_pocket")
        cheapest = min(
            standing.cheapest, key=lambda i: int(result.out_of_pocket_cents[i, k]), default=-1
        )
        for below in standing.lower:
            lowers.setdefault((below.setup, below.than), []).append((k, below))
        for i, name in enumerate(result.names):
            lower = not result.complete_at(i, k)
            pocket = Money(int(result.out_of_pocket_cents[i, k]), lower)
            contracted = (Money(int(result.contracted_cents[i, k]), lower), " / ")
            listed = Money(int(result.list_cents[i, k]), lower, "*" if i == cheapest else " ")
            row[name] = (pocket, " / ", *(contracted if booked else ()), listed)
        rows.append(row)
    sections: list[Table | Notes] = [Table(None, columns, rows)]
    if paybacks is not None:
        sections += _move_sections(result, paybacks, picks, header)
    measures = [("at list price", result.break_even_list)]
    if booked:
        measures.append(("at contracted prices", result.break_even_contracted))
    measures.append(("out of pocket", result.break_even_out_of_pocket))
    for label, found in measures:
        lines = [
            f"{v.show(b.value)} ({_exact(result, b.value)}): {b.before} -> {b.after}" for b in found
        ] or [_no_break_even(result)]
        sections.append(Notes(f"Break-evens {label}", lines))
    notes = sweep_notes(result)
    for pairs in lowers.values():
        k, below = pairs[0]
        bound = int(result.out_of_pocket_cents[below.setup, k])
        more = f" (and at {len(pairs) - 1} more point(s) shown)" if len(pairs) > 1 else ""
        notes.append(
            f"no star at {v.show(float(result.values[k]))}{more}: "
            + lower_text(result.names, below, bound, "out of pocket")
        )
    sections.append(Notes("Notes", notes))
    scale = "log" if result.log else "linear"
    title = (
        f"Sweep: {v.label} {v.show(v.low)}..{v.show(v.high)}, {result.points:,} points "
        f"({scale}), scenario {result.scenario}, prices as of {result.prices_as_of.isoformat()}"
    )
    return Report(title, sections)


def _move_sections(result: Sweep, paybacks: Paybacks, picks: list[int], header: str) -> list[Any]:
    """The one-time cost of each move and its payback in months at the values shown."""
    from indexplan.moving import Moves, moves_notes
    from indexplan.render import Column, Money, Notes, Table

    v = result.vary
    columns = [Column(header, "value", no_wrap=True)] + [
        Column(name, name, numeric=True) for name in result.names
    ]
    rows = []
    for k in picks:
        row: dict[str, object] = {"value": v.show(float(result.values[k])).removesuffix("/month")}
        for i, name in enumerate(result.names):
            p = paybacks[i][k]
            shown = p.text()
            row[name] = (
                (Money(p.move.contracted_cents, not p.move.complete), f" / {shown}")
                if shown
                else ""
            )
        rows.append(row)
    first = [found[0].move for found in paybacks]
    source = next(m.source for m in first)
    at_first = (
        [
            f"the notes below are the move's at {v.show(float(result.values[0]))}: its cost "
            "changes with the bytes stored"
        ]
        if v.quantity == "stored"
        else []
    )
    notes = [
        *at_first,
        *moves_notes(Moves(source, None, (), tuple(first))),
        "cells: the one-time cost of moving / months until moving has cost less in all than "
        f"staying on {source}, at the point's monthly out-of-pocket bills held",
    ]
    return [
        Table(f"Moving the files from {source} (one-time, USD)", columns, rows),
        Notes("Moving", notes),
    ]


def sweep_notes(result: Sweep) -> list[str]:
    """The report's notes that hold over the whole range (JSON's `notes` too)."""
    from costmodel.planning.compare import book_notes

    cells = "out of pocket / contracted / list" if result.any_book else "out of pocket / list"
    among = ""
    if len(result.stretches) > 1 or result.ranked_on_difference:
        among = " among the setups ranked at that point (see the notes)"
    elif result.incomplete:
        among = " among the setups priced in full"
    marked = "; * cheapest out of pocket" + among
    notes = [
        f"cells: {cells}, USD per month" + (marked if result.ranked else ""),
        *result.held_fixed,
        *book_notes(zip(result.names, result.books, strict=True)),
        *result.caveats,
    ]
    ranked = result.ranked
    for i in range(len(result.names)):
        notes.extend(_parts_notes(result, i, i in ranked))
    if result.ranked_on_difference:
        notes.append(
            "setups whose unpriced parts are the same parts (resource, component, reason and "
            "usage, as `indexplan diff` cancels them) are ranked on their difference"
        )
    if not ranked:
        notes.append("every setup has unpriced parts: none is marked cheapest, no break-evens")
    return notes


def _no_break_even(result: Sweep) -> str:
    """What no break-even means: nothing ranked, or the same setup cheapest (within each
    stretch of the range priced alike)."""
    from costmodel.planning.ranking import UNRANKED

    if not result.ranked:
        return UNRANKED
    if len(result.stretches) > 1:
        return "none: within each stretch priced alike (see the notes) the same setup is cheapest"
    return "none: the same setup is cheapest across the range"


def _parts_notes(result: Sweep, i: int, ranked: bool) -> list[str]:
    """Setup `i`'s unpriced parts: one line when they are the same over the range, else
    where it is priced in full and from where which parts are unpriced."""
    from costmodel.planning.compare import missing_roles, parts_line

    name, v = result.names[i], result.vary
    runs = result.parts_runs(i)
    if len(runs) <= 1:
        missing = result.unpriced[i]
        if not missing:
            return []
        return [
            f"{name}: {len(missing)} unpriced part(s) that cost money, in "
            f"{', '.join(missing_roles(missing))}: its costs are lower bounds (≥)"
            + ("" if ranked else " and it is not ranked")
        ]
    return [
        parts_line(
            name,
            f"from {v.show(low)} to {v.show(high)} "
            f"({_exact(result, low)} to {_exact(result, high)})",
            parts,
        )
        for low, high, parts in runs
    ]
