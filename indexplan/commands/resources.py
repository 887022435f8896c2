"""`indexplan resources`: what `pulumi up` would create for a stack, built offline."""

from __future__ import annotations

import typer

from indexplan.cache import NO_CACHE_HELP
from indexplan.paths import resolve_stack
from indexplan.render.output import OutputFormat

# CSV: one row per resource, its inputs as one JSON cell
CSV_KEYS = ("urn", "type", "name", "parent_type", "inputs")


def resources(
    stack: str = typer.Argument(
        ..., help="A stack name from stacks/ (pypi-2021) or a path to a Pulumi.STACK.yaml file."
    ),
    format: OutputFormat = typer.Option(
        OutputFormat.table,
        "--format",
        "-f",
        help="table (readable), json (the resource graph), csv (one row per resource, inputs "
        "as JSON) or markdown.",
    ),
    no_cache: bool = typer.Option(False, "--no-cache", help=NO_CACHE_HELP),
) -> None:
    r"""Runs infra/ under Pulumi's mocks with the stack's config: no Pulumi CLI, no credentials.
    The table groups resources under their component (key inputs only), at the
    terminal's width.
    JSON is a list of {urn, type, name, parent_type, inputs}, inputs in Pulumi's wire names.
    Generated secrets show as \[secret].

    Examples:

        indexplan resources pypi-2021

        indexplan resources all-aws --format json > all-aws.json

        indexplan resources all-gcp --format csv > all-gcp.csv

        indexplan resources ./my-stacks/Pulumi.staging.yaml
    """
    import json

    from indexplan.cache import stack_graph
    from indexplan.render.output import emit
    from indexplan.resource_table import resource_report, resource_tree
    from indexplan.stackfile import load_stack_file

    graph = stack_graph(load_stack_file(resolve_stack(stack)), use_cache=not no_cache)
    items = [r.to_dict() for r in graph]
    rows = [{**item, "inputs": json.dumps(item["inputs"], sort_keys=True)} for item in items]
    tree = format is OutputFormat.table  # markdown: one flat table, the component as a column
    report = resource_tree(stack, graph) if tree else resource_report(stack, graph)
    emit(format, report, items, CSV_KEYS, rows)
