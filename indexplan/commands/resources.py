"""`indexplan resources`: what `pulumi up` would create for a stack, built offline."""

from __future__ import annotations

import json
import sys
from enum import StrEnum

import typer

from indexplan.cache import NO_CACHE_HELP
from indexplan.paths import resolve_stack


class Format(StrEnum):
    table = "table"
    json = "json"


def resources(
    stack: str = typer.Argument(
        ..., help="A stack name from stacks/ (pypi-2021) or a path to a Pulumi.STACK.yaml file."
    ),
    format: Format = typer.Option(Format.table, "--format", "-f", help="table (readable) or json."),
    no_cache: bool = typer.Option(False, "--no-cache", help=NO_CACHE_HELP),
) -> None:
    r"""List every resource the Pulumi program declares for STACK, without the cloud.

    Runs infra/ under Pulumi's mocks with the stack's config: no Pulumi CLI, no credentials.
    The table groups resources under their component (key inputs only).
    JSON is a list of {urn, type, name, parent_type, inputs}, inputs in Pulumi's wire names.
    Generated secrets show as \[secret].

    Examples:

        indexplan resources pypi-2021

        indexplan resources all-aws --format json > all-aws.json

        indexplan resources ./my-stacks/Pulumi.staging.yaml
    """
    from indexplan.cache import stack_graph
    from indexplan.stackfile import load_stack_file

    graph = stack_graph(load_stack_file(resolve_stack(stack)), use_cache=not no_cache)
    if format is Format.json:
        json.dump([r.to_dict() for r in graph], sys.stdout, indent=2)
        sys.stdout.write("\n")
        return
    from indexplan.resource_table import print_table

    print_table(stack, graph)
