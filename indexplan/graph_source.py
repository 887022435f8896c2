"""What `indexplan estimate` prices: a shipped stack (its program run under mocks), or any
Pulumi program's preview or state export. Each gives a graph, a stack name, the providers'
regions and the sponsors' terms."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from costmodel.errors import InputError
from costmodel.model.graph import Resource

if TYPE_CHECKING:
    from costmodel.model.budget import Budget
    from costmodel.model.sponsorship import SponsorTerms


@dataclass(frozen=True)
class GraphSource:
    name: str
    graph: list[Resource]
    regions: dict[str, str]
    sponsors: dict[str, SponsorTerms]
    notes: tuple[str, ...] = ()
    price_book: Path | None = None  # the stack's own (`indexplan:price_book`), next to its file
    budget: Budget | None = None  # the stack's own (`indexplan:budget`)


def graph_source(
    stack: str | None, from_preview: Path | None, from_state: Path | None, use_cache: bool = True
) -> GraphSource:
    """The one source given (exactly one of STACK, --from-preview, --from-state); a stack's
    graph from the graph cache unless `use_cache` is False."""
    given = [
        option
        for option, value in (
            ("STACK", stack),
            ("--from-preview", from_preview),
            ("--from-state", from_state),
        )
        if value is not None
    ]
    if len(given) != 1:
        raise InputError(
            "estimate",
            "STACK",
            "give exactly one of STACK, --from-preview FILE, --from-state FILE "
            f"(given: {', '.join(given) or 'none'})",
        )
    if stack is not None:
        return _stack(stack, use_cache)
    return _pulumi_file(from_preview, from_state)


def _stack(stack: str, use_cache: bool) -> GraphSource:
    from costmodel.model.budget import parse_budget
    from costmodel.model.sponsorship import parse_sponsors
    from indexplan.cache import stack_graph
    from indexplan.paths import SCENARIOS_DIR, resolve_stack
    from indexplan.stackfile import load_stack_file

    path = resolve_stack(stack)
    stack_file = load_stack_file(path)
    settings = stack_file.settings
    regions = {p: r for p, r in (("aws", settings.aws_region), ("gcp", settings.gcp_region)) if r}
    return GraphSource(
        stack_file.name,
        stack_graph(stack_file, use_cache),
        regions,
        parse_sponsors(stack_file.config, str(path)),
        price_book=path.parent / settings.price_book if settings.price_book else None,
        budget=parse_budget(stack_file.config, str(path), path.parent, SCENARIOS_DIR),
    )


def _pulumi_file(from_preview: Path | None, from_state: Path | None) -> GraphSource:
    from costmodel.model.budget import parse_budget
    from costmodel.model.roles import infer_roles
    from costmodel.model.sponsorship import parse_sponsors
    from costmodel.readers.pulumi_files import read_export, read_preview
    from indexplan.paths import SCENARIOS_DIR

    notes = []
    if from_preview is not None:
        path, read = from_preview, read_preview(from_preview)
    else:
        assert from_state is not None
        path, read = from_state, read_export(from_state)
        notes.append("no sponsors applied: a stack export does not carry the stack's config")
    notes += [f"not priced, as it will not exist: {left}" for left in read.not_priced]
    try:  # a preview carries the stack's config, objects as JSON text
        sponsors = parse_sponsors(read.config, str(path))
    except json.JSONDecodeError as exc:
        raise InputError(str(path), "config.indexplan:sponsors", f"not JSON ({exc.msg})") from None
    budget = parse_budget(read.config, str(path), path.parent, SCENARIOS_DIR)
    return GraphSource(
        read.stack, infer_roles(read.resources), read.regions, sponsors, tuple(notes), budget=budget
    )
