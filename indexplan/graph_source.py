"""What `indexplan estimate` prices: a shipped stack (its program run under mocks), any
Pulumi program's preview or state export, or a Terraform plan. Each gives a graph, a stack
name, the providers' regions and the sponsors' terms."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from costmodel.errors import InputError
from costmodel.model.graph import Resource

if TYPE_CHECKING:
    from costmodel.model.budget import Budget
    from costmodel.model.sponsorship import SponsorTerms
    from costmodel.readers.usage_file import UsageFile


@dataclass(frozen=True)
class GraphSource:
    name: str
    graph: list[Resource]
    regions: dict[str, str]
    sponsors: dict[str, SponsorTerms]
    notes: tuple[str, ...] = ()
    price_book: Path | None = None  # the stack's own (`indexplan:price_book`), next to its file
    budget: Budget | None = None  # the stack's own (`indexplan:budget`)
    usage: UsageFile | None = None  # a Terraform plan's --usage file, read against its addresses


def graph_source(
    stack: str | None,
    from_preview: Path | None,
    from_state: Path | None,
    use_cache: bool = True,
    from_terraform_plan: Path | None = None,
    usage: Path | None = None,
) -> GraphSource:
    """The one source given (exactly one of STACK, --from-preview, --from-state,
    --from-terraform-plan); a stack's graph from the graph cache unless `use_cache` is False.
    `usage` is read here only for a Terraform plan, where it may be Infracost's format."""
    given = [
        option
        for option, value in (
            ("STACK", stack),
            ("--from-preview", from_preview),
            ("--from-state", from_state),
            ("--from-terraform-plan", from_terraform_plan),
        )
        if value is not None
    ]
    if len(given) != 1:
        raise InputError(
            "estimate",
            "STACK",
            "give exactly one of STACK, --from-preview FILE, --from-state FILE, "
            f"--from-terraform-plan FILE (given: {', '.join(given) or 'none'})",
        )
    if stack is not None:
        return _stack(stack, use_cache)
    if from_terraform_plan is not None:
        return terraform_plan(from_terraform_plan, usage)
    return _pulumi_file(from_preview, from_state)


def terraform_plan(
    path: Path, usage: Path | None = None, doc: Mapping[str, Any] | None = None
) -> GraphSource:
    """A plan's graph, with roles from role-named modules or types; no sponsors (a plan does
    not carry indexplan's sponsor terms). `doc` is the file's JSON when already read."""
    from costmodel.model.roles import infer_roles
    from costmodel.readers.terraform import read_plan
    from costmodel.readers.terraform.infracost_usage import load_plan_usage
    from costmodel.readers.terraform.plan import plan_from_json, printable

    plan = read_plan(path) if doc is None else plan_from_json(doc, str(path), printable(path.name))
    graph = infer_roles(plan.resources)
    notes = [*plan.notes, "no sponsors applied: a Terraform plan does not carry sponsor terms"]
    notes += [f"not priced: {left}" for left in plan.not_priced]
    usage_file = None
    if usage is not None:
        usage_file, usage_notes = load_plan_usage(usage, graph)
        notes += usage_notes
    return GraphSource(plan.name, graph, plan.regions, {}, tuple(notes), usage=usage_file)


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
        price_book=_price_book(path, settings.price_book),
        budget=parse_budget(stack_file.config, str(path), path.parent, SCENARIOS_DIR),
    )


def _price_book(stack: Path, named: str | None) -> Path | None:
    """The stack's own price book, named relative to the stack file."""
    if named is None:
        return None
    check_book_name(str(stack), named)
    return stack.parent / named


def check_book_name(where: str, named: str) -> None:
    """A stack's own price book is a YAML file: a stack file someone sent must not make
    indexplan read (and quote in an error) any file on the machine or in the repository."""
    if Path(named).suffix.lower() not in (".yaml", ".yml"):
        raise InputError(
            where, "indexplan:price_book", f"expected a .yaml or .yml file, got {named!r}"
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
    notes += read.notes
    sponsors = parse_sponsors(read.config, str(path))  # a preview carries the stack's config
    budget = parse_budget(read.config, str(path), path.parent, SCENARIOS_DIR)
    return GraphSource(
        read.stack, infer_roles(read.resources), read.regions, sponsors, tuple(notes), budget=budget
    )
