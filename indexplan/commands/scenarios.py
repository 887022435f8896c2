"""`indexplan scenarios`: the shipped traffic scenarios and their headline figures."""

from __future__ import annotations

import typer

from indexplan.render import format_help
from indexplan.render.output import OutputFormat

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
FORMAT_HELP = format_help("one row per scenario")
DEFAULT = " †"
# table column -> the scenario field whose default it may show
DEFAULTED = {
    "requests_per_month": "traffic.requests",
    "cache_hit_ratio": "traffic.cache_hit_ratio",
    "stored_bytes": "storage.stored",
    "growth_per_year": "growth.per_year",
}


def scenarios(
    format: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f", help=FORMAT_HELP),
) -> None:
    """Data in decimal SI units (1 TB = 10^12 bytes), rates per month. A figure the file does
    not give is the model's default, marked †. JSON and CSV give raw bytes and
    counts, with each scenario's description and source.

    Examples:

        indexplan scenarios

        indexplan scenarios --format json
    """
    from costmodel.model.quantities import format_bytes, format_count
    from costmodel.model.scenario import load_scenario
    from indexplan.paths import SCENARIOS_DIR, scenario_names
    from indexplan.render import Column, Notes, Report, Table
    from indexplan.render.output import emit

    rows: list[dict[str, object]] = []
    shown: list[dict[str, str | None]] = []
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
        defaulted = {f for f, _ in s.defaults_used}
        shown.append(
            {
                "name": s.name,
                "as_of": s.as_of.isoformat() if s.as_of else None,
                "egress_bytes_per_month": format_bytes(s.egress),
                "requests_per_month": format_count(s.requests),
                "cache_hit_ratio": f"{s.cache_hit_ratio:.1%}",
                "stored_bytes": format_bytes(s.stored),
                "growth_per_year": f"x{s.growth_per_year:g}",
            }
        )
        for key, field in DEFAULTED.items():
            if field in defaulted:
                shown[-1][key] = f"{shown[-1][key]}{DEFAULT}"
    columns = [
        Column("Scenario", "name", no_wrap=True),
        Column("As of", "as_of", no_wrap=True),
        Column("Egress per month", "egress_bytes_per_month", numeric=True),
        Column("Requests per month", "requests_per_month", numeric=True),
        Column("Cache hit", "cache_hit_ratio", numeric=True),
        Column("Stored", "stored_bytes", numeric=True),
        Column("Growth/yr", "growth_per_year", numeric=True),
    ]
    sections: list[Table | Notes] = [Table(None, columns, shown)]
    if any(DEFAULT in str(v) for r in shown for v in r.values()):
        note = "†: not in the file; the model's default (see `indexplan schema scenario`)"
        sections.append(Notes("Notes", [note]))
    emit(format, Report(f"Scenarios in {SCENARIOS_DIR.name}/", sections), rows, KEYS, rows)
