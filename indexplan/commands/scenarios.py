"""`indexplan scenarios`: the shipped traffic scenarios and their headline figures."""

from __future__ import annotations

import typer

from indexplan.render.output import FORMAT_HELP, OutputFormat

KEYS = (
    "name",
    "as_of",
    "egress_bytes_per_month",
    "requests_per_month",
    "cache_hit_ratio",
    "stored_bytes",
    "growth_per_year",
    "description",
    "source",
)


def scenarios(
    format: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f", help=FORMAT_HELP),
) -> None:
    """List the traffic scenarios in scenarios/ with their headline figures.

    Data in decimal SI units (1 TB = 10^12 bytes), rates per month. JSON and CSV give raw
    bytes and counts, with each scenario's description and source.

    Examples:

        indexplan scenarios

        indexplan scenarios --format json
    """
    from costmodel.model.quantities import format_bytes, format_count
    from costmodel.model.scenario import load_scenario
    from indexplan.paths import SCENARIOS_DIR, scenario_names
    from indexplan.render import Column, Report, Table
    from indexplan.render.output import emit

    rows = []
    for name in scenario_names():
        s = load_scenario(SCENARIOS_DIR / f"{name}.yaml")
        rows.append(
            {
                "name": s.name,
                "as_of": s.as_of.isoformat() if s.as_of else None,
                "egress_bytes_per_month": s.egress,
                "requests_per_month": s.requests,
                "cache_hit_ratio": s.cache_hit_ratio,
                "stored_bytes": s.stored,
                "growth_per_year": s.growth_per_year,
                "description": s.description,
                "source": s.source,
            }
        )
    columns = [
        Column("Scenario", "name"),
        Column("As of", "as_of", no_wrap=True),
        Column("Egress/month", "egress_bytes_per_month", numeric=True, fmt=format_bytes),
        Column("Requests/month", "requests_per_month", numeric=True, fmt=format_count),
        Column("Cache hit", "cache_hit_ratio", numeric=True, fmt=lambda r: f"{r:.1%}"),
        Column("Stored", "stored_bytes", numeric=True, fmt=format_bytes),
        Column("Growth/yr", "growth_per_year", numeric=True, fmt=lambda g: f"x{g:g}"),
    ]
    report = Report(f"Scenarios in {SCENARIOS_DIR.name}/", [Table(None, columns, rows)])
    emit(format, report, rows, KEYS, rows)
