"""`indexplan schema`: JSON Schemas of indexplan's input files, for editors and validators."""

from __future__ import annotations

import typer

app = typer.Typer(
    help="Print the JSON Schema of an input file (for editors and validators).",
    no_args_is_help=True,
)


@app.command("scenario")
def scenario() -> None:
    """Print the JSON Schema of a traffic scenario file (scenarios/NAME.yaml).

    Example:

        indexplan schema scenario > scenario.schema.json

    Editors with the YAML language server then check a scenario file that starts with the
    comment `# yaml-language-server: $schema=./scenario.schema.json`.
    """
    from costmodel.model.scenario import json_schema
    from indexplan.render.jsonout import render_json

    typer.echo(render_json(json_schema()), nl=False)


@app.command("price-book")
def price_book() -> None:
    """Print the JSON Schema of a price book (negotiated rates for `--price-book FILE`).

    Example:

        indexplan schema price-book > price-book.schema.json

    A price book lists entries, each scoped to a provider, a service or one dimension
    (optionally one zone or variant), with a discount_percent, a negotiated rate (flat or
    tiered, in the catalog's billing unit) or a commitment (monthly_usd and its discount).
    """
    from costmodel.model.pricebook import json_schema
    from indexplan.render.jsonout import render_json

    typer.echo(render_json(json_schema()), nl=False)
