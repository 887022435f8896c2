"""`indexplan compare`: every hosting setup under one scenario, side by side.

Also home of what compare, project and sweep share: turning STACK names and --scenario into
setups and a scenario, and checking --chart before any work is done.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from indexplan.cache import NO_CACHE_HELP
from indexplan.render.output import FORMAT_HELP, OutputFormat

if TYPE_CHECKING:
    from costmodel.compare import Comparison, Setup
    from costmodel.scenario import Scenario
    from indexplan.render import Report

STACKS_HELP = "Stack names from stacks/ or paths to Pulumi.STACK.yaml files. Default: every stack."
SCENARIO_HELP = "A scenario name from scenarios/ or a YAML path. Default: the newest PyPI one."
CHART_HELP = "Also draw the result to FILE.png or FILE.svg."
PRICES_AS_OF_HELP = "Prices in force on this date (YYYY-MM-DD). Default: the scenario's as_of."
CSV_KEYS = (
    "stack",
    "list_monthly_usd",
    "sponsored_monthly_usd",
    "out_of_pocket_monthly_usd",
    "aws_list_monthly_usd",
    "gcp_list_monthly_usd",
    "fastly_list_monthly_usd",
)


def load_setups(stacks: list[str] | None, use_cache: bool = True) -> list[Setup]:
    """The named stacks (default: all in stacks/), each built under mocks in this process
    (or read from the graph cache)."""
    from costmodel.compare import Setup
    from indexplan.graph_source import graph_source
    from indexplan.paths import stack_names

    setups = []
    for name in stacks or stack_names():
        source = graph_source(name, None, None, use_cache)
        setups.append(Setup(source.name, source.graph, source.regions, source.sponsors))
    return setups


def load_scenario_option(scenario: str | None) -> tuple[Scenario, str]:
    """The scenario given, else the shipped PyPI scenario with the latest as_of; and its path."""
    from costmodel.scenario import load_scenario
    from indexplan.paths import SCENARIOS_DIR, resolve_scenario, scenario_names

    if scenario is not None:
        path = resolve_scenario(scenario)
        return load_scenario(path), str(path)
    shipped = [load_scenario(SCENARIOS_DIR / f"{n}.yaml") for n in scenario_names()]
    pypi = [s for s in shipped if s.name.startswith("pypi") and s.as_of is not None]
    newest = max(pypi, key=lambda s: s.as_of or dt.date.min)
    return newest, str(SCENARIOS_DIR / f"{newest.name}.yaml")


def prices_date(prices_as_of: str | None, scenario: Scenario, where: str) -> tuple[dt.date, str]:
    """The pricing date and where it came from (for error messages), as estimate picks it."""
    from indexplan.commands.estimate import parse_date

    if prices_as_of is not None:
        return parse_date(prices_as_of, "--prices-as-of"), "--prices-as-of"
    if scenario.as_of is not None:
        return scenario.as_of, f"{where}: as_of"
    return dt.date.today(), "prices as of today"


def check_chart(chart: Path | None) -> None:
    from costmodel.errors import InputError

    if chart is None:
        return
    if chart.suffix.lower() not in (".png", ".svg"):
        raise InputError("--chart", str(chart), "must end in .png or .svg")
    if not chart.parent.is_dir():
        raise InputError("--chart", str(chart), f"no such directory {chart.parent}")


def compare(
    stacks: list[str] | None = typer.Argument(None, metavar="[STACK]...", help=STACKS_HELP),
    scenario: str | None = typer.Option(None, "--scenario", "-s", help=SCENARIO_HELP),
    prices_as_of: str | None = typer.Option(
        None, "--prices-as-of", metavar="DATE", help=PRICES_AS_OF_HELP
    ),
    format: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f", help=FORMAT_HELP),
    chart: Path | None = typer.Option(None, "--chart", metavar="FILE", help=CHART_HELP),
    no_cache: bool = typer.Option(False, "--no-cache", help=NO_CACHE_HELP),
) -> None:
    """What each hosting setup costs per month, and who pays it: the main question.

    One row per stack: list price (market value), what sponsors give, what is left out of
    pocket, and each provider's part of the list price. The cheapest setup at list price and
    the cheapest out of pocket are marked. Each row equals `indexplan estimate` for that
    stack, scenario and date.

    Examples:

        indexplan compare

        indexplan compare pypi-2021 all-aws --scenario pypi-2023 --format json

        indexplan compare --scenario pypi-2026 --chart compare.svg
    """
    from costmodel.compare import compare as price_all
    from indexplan.render.output import emit

    check_chart(chart)
    scn, where = load_scenario_option(scenario)
    as_of, as_of_where = prices_date(prices_as_of, scn, where)
    result = price_all(load_setups(stacks, not no_cache), scn, as_of, as_of_where)
    data = result.to_dict()
    rows = [_csv_row(s) for s in data["setups"]]
    if chart is not None:
        from indexplan.render.chart import compare_chart

        compare_chart(result, chart)
    emit(format, compare_report(result), data, CSV_KEYS, rows)


def _csv_row(setup: dict[str, object]) -> dict[str, object]:
    row: dict[str, object] = {"stack": setup["stack"], **setup["totals"]}  # type: ignore[dict-item]
    for p in setup["providers"]:  # type: ignore[attr-defined]
        row[f"{p['provider']}_list_monthly_usd"] = p["list_monthly_usd"]
    return row


def short_money(value: float, digits: int | None = None) -> str:
    """$36.66M (or $36.7M with 3 significant `digits`): narrow columns stay narrow."""
    for suffix, size in (("B", 1e9), ("M", 1e6), ("k", 1e3)):
        if abs(value) >= size:
            scaled = value / size
            return f"${scaled:.{digits}g}{suffix}" if digits else f"${scaled:,.2f}{suffix}"
    return f"${value:.{digits}g}" if digits else f"${value:,.2f}"


def compare_report(result: Comparison) -> Report:
    from costmodel.money import usd
    from indexplan.render import Column, Notes, Report, Table, money

    cheap_list = result.cheapest_list()
    cheap_pocket = result.cheapest_out_of_pocket()
    providers = [
        p
        for p in ("aws", "gcp", "fastly")
        if any(q.provider == p for e in result.estimates for q in e.providers)
    ]
    rows = []
    for est in result.estimates:
        row: dict[str, object] = {
            "stack": est.stack,
            "list": money(usd(est.list_cents)) + (" *" if est is cheap_list else "  "),
            "sponsored": short_money(usd(est.sponsored_cents)),
            "pocket": money(usd(est.out_of_pocket_cents)) + (" *" if est is cheap_pocket else "  "),
        }
        for p in est.providers:
            share = p.list_cents / est.list_cents if est.list_cents else 0.0
            row[p.provider] = f"{short_money(usd(p.list_cents), 3)} {share:.0%}"
        rows.append(row)
    columns = [
        Column("Setup", "stack", no_wrap=True),
        Column("List price", "list", numeric=True),
        Column("Sponsored", "sponsored", numeric=True),
        Column("Out of pocket", "pocket", numeric=True),
        *(Column(p, p, numeric=True) for p in providers),
    ]
    notes = [
        f"cheapest at list price: {cheap_list.stack} ({money(usd(cheap_list.list_cents))}/month)",
        f"cheapest out of pocket: {cheap_pocket.stack} "
        f"({money(usd(cheap_pocket.out_of_pocket_cents))}/month)",
        "* marks the cheapest; provider columns: list price and share of the setup's list",
    ]
    unpriced = sorted({e.stack for e in result.estimates if e.unpriced})
    if unpriced:
        notes.append(
            f"some resources are unpriced (not in the totals) in: {', '.join(unpriced)}; "
            "see `indexplan estimate STACK`"
        )
    title = (
        f"Compare: scenario {result.scenario}, prices as of "
        f"{result.prices_as_of.isoformat()} (USD per month)"
    )
    return Report(title, [Table(None, columns, rows), Notes("Notes", notes)])
