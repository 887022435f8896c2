"""`indexplan sweep`: every setup over a range of one usage figure, and its break-evens."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from indexplan.cache import NO_CACHE_HELP
from indexplan.options import CHART_HELP, PRICES_AS_OF_HELP, SCENARIO_HELP, STACKS_HELP
from indexplan.render.output import FORMAT_HELP, OutputFormat

if TYPE_CHECKING:
    from costmodel.planning.sweep import Sweep
    from indexplan.render import Report

TABLE_ROWS = 11  # grid values shown in the table (json: --emit-points gives every one)


def sweep(
    stacks: list[str] | None = typer.Argument(None, metavar="[STACK]...", help=STACKS_HELP),
    vary: str = typer.Option(
        ...,
        "--vary",
        metavar="QUANTITY=FROM..TO",
        help="egress, requests, cache_hit_ratio, stored or regions.<region>, with units: "
        "egress=1TB..10PB (per month), requests=1e9..1e11, regions.europe=0..0.6.",
    ),
    scenario: str | None = typer.Option(None, "--scenario", "-s", help=SCENARIO_HELP),
    points: int = typer.Option(200, "--points", "-n", help="Grid points, at least 2."),
    log: bool = typer.Option(False, "--log", help="Space the points logarithmically."),
    prices_as_of: str | None = typer.Option(
        None, "--prices-as-of", metavar="DATE", help=PRICES_AS_OF_HELP
    ),
    emit_points: bool = typer.Option(
        False, "--emit-points", help="Include every grid point in json/csv (else a summary)."
    ),
    format: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f", help=FORMAT_HELP),
    chart: Path | None = typer.Option(None, "--chart", metavar="FILE", help=CHART_HELP),
    no_cache: bool = typer.Option(False, "--no-cache", help=NO_CACHE_HELP),
) -> None:
    """Where does the cheapest setup change as one usage figure varies?

    Prices every setup at N values of QUANTITY (the other figures as in the scenario; region
    shares other than the varied one are rescaled to fill the rest) and prints the
    break-even values where the cheapest setup changes, at list price and out of pocket,
    each found exactly by bisection (to a byte or request, 1e-6 for shares), not to the
    grid's spacing. JSON and CSV give the break-evens and each setup's cost at both ends;
    --emit-points adds every grid point.

    Examples:

        indexplan sweep --scenario pypi-2026 --vary egress=1TB..20PB --log

        indexplan sweep all-aws pypi-2021 -s pypi-2021 --vary cache_hit_ratio=0.8..0.999

        indexplan sweep -s pypi-2026 --vary egress=1TB..20PB --points 1000000 --log -f json
    """
    from costmodel.planning.sweep import grid, parse_vary
    from costmodel.planning.sweep import sweep as run
    from indexplan.options import (
        check_chart,
        load_scenario_option,
        load_setups,
        prices_date,
    )
    from indexplan.progress import progress
    from indexplan.render.output import emit

    check_chart(chart)
    varied = parse_vary(vary)
    grid(varied, points, log)  # bad --points or --log fail before the stacks are built
    scn, where = load_scenario_option(scenario)
    as_of, _ = prices_date(prices_as_of, scn, where)
    setups = load_setups(stacks, not no_cache)
    with progress("pricing setups", len(setups), format is not OutputFormat.json) as tick:
        result = run(setups, scn, varied, points=points, log=log, as_of=as_of, tick=tick)
    if chart is not None:
        from indexplan.render.chart import sweep_chart

        sweep_chart(result, chart)
    data = sweep_dict(result, emit_points)
    emit(format, sweep_report(result), data, _csv_keys(result), _csv_rows(result, emit_points))


def _points(result: Sweep, indices: Any) -> list[dict[str, Any]]:
    rows = []
    for k in indices:
        row: dict[str, Any] = {"value": float(result.values[k])}
        for i, name in enumerate(result.names):
            row[f"{name}_list_usd"] = int(result.list_cents[i, k]) / 100
            row[f"{name}_out_of_pocket_usd"] = int(result.out_of_pocket_cents[i, k]) / 100
        rows.append(row)
    return rows


def _ends(result: Sweep, emit_points: bool) -> list[dict[str, Any]]:
    n = len(result.values)
    return _points(result, range(n) if emit_points else (0, n - 1))


def _csv_keys(result: Sweep) -> list[str]:
    keys = ["value"]
    for name in result.names:
        keys += [f"{name}_list_usd", f"{name}_out_of_pocket_usd"]
    return keys


def _csv_rows(result: Sweep, emit_points: bool) -> list[dict[str, Any]]:
    return _ends(result, emit_points)


def sweep_dict(result: Sweep, emit_points: bool) -> dict[str, Any]:
    v = result.vary
    data: dict[str, Any] = {
        "scenario": result.scenario,
        "prices_as_of": result.prices_as_of.isoformat(),
        "vary": {
            "quantity": v.quantity,
            "from": v.low,
            "to": v.high,
            "unit": v.unit,
            "points": len(result.values),
            "log": result.log,
        },
        "break_evens": {
            "list": [b.to_dict(v) for b in result.break_even_list],
            "out_of_pocket": [b.to_dict(v) for b in result.break_even_out_of_pocket],
        },
        "incomplete": list(result.incomplete),
    }
    data["ends" if not emit_points else "points"] = _ends(result, emit_points)
    return data


def sweep_report(result: Sweep) -> Report:
    import numpy as np

    from indexplan.render import Column, Notes, Report, Table, short_money

    v = result.vary
    n = len(result.values)
    picks = sorted(set(np.linspace(0, n - 1, min(TABLE_ROWS, n)).round().astype(int).tolist()))
    # the period goes in the header so the value column stays narrow enough not to be cut
    per_month = v.quantity in ("egress", "requests")
    header = f"{v.quantity} per month" if per_month else v.quantity
    columns = [Column(header, "value", no_wrap=True)] + [
        Column(name, name, numeric=True) for name in result.names
    ]
    rows = []
    for k in picks:
        row: dict[str, object] = {"value": v.show(float(result.values[k])).removesuffix("/month")}
        cheapest_pocket = int(np.argmin(result.out_of_pocket_cents[:, k]))
        for i, name in enumerate(result.names):
            pocket = short_money(int(result.out_of_pocket_cents[i, k]) / 100, digits=3)
            listed = short_money(int(result.list_cents[i, k]) / 100, digits=3)
            mark = "*" if i == cheapest_pocket else " "
            row[name] = f"{pocket} / {listed}{mark}"
        rows.append(row)
    sections: list[Table | Notes] = [Table(None, columns, rows)]
    for label, found in (
        ("at list price", result.break_even_list),
        ("out of pocket", result.break_even_out_of_pocket),
    ):
        lines = [
            f"{v.show(b.value)} ({b.value:.10g} {v.unit}): {b.before} -> {b.after}" for b in found
        ] or ["none: the same setup is cheapest across the range"]
        sections.append(Notes(f"Break-evens {label}", lines))
    notes = ["cells: out of pocket / list, USD per month; * cheapest out of pocket"]
    if result.incomplete:
        notes.append(
            "partly beyond a price's last published tier (that part unpriced) in: "
            + ", ".join(result.incomplete)
        )
    sections.append(Notes("Notes", notes))
    scale = "log" if result.log else "linear"
    title = (
        f"Sweep: {v.quantity} {v.show(v.low)}..{v.show(v.high)}, {n:,} points ({scale}), "
        f"scenario {result.scenario}, prices as of {result.prices_as_of.isoformat()}"
    )
    return Report(title, sections)
