"""The cost rule: a stack priced under its budget's scenario stays within `indexplan:budget`.

`indexplan check` runs it on the stack's graph built offline; the policy pack runs it during
`pulumi preview --policy-pack policy/` on the resources Pulumi plans, so an over-budget change
is rejected inside Pulumi's own workflow. Both price exactly as `indexplan estimate` does for
the stack: its sponsors, its regions, its own price book, the budget's scenario, and prices in
force on the scenario's `as_of` (today without one). A limit on the increase needs a base to
compare with, which only `indexplan diff` has; this rule checks the monthly limits.

Parts with no price make the bill a lower bound: a limit it does not already exceed is "not
verified", a mandatory violation too, unless the budget says `allow_unpriced: true`; the
limit is then checked on the priced part, and an advisory violation says so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from costmodel.model.graph import Resource
from policy.model import Violation

if TYPE_CHECKING:
    from costmodel.model.budget import Budget
    from costmodel.model.estimate import Estimate

RULE = "cost-budget"
DESCRIPTION = (
    "The stack's monthly cost under its budget's scenario stays within indexplan:budget "
    "(monthly_usd, out_of_pocket_monthly_usd)."
)

_STACK = "pulumi:pulumi:Stack"


def budget_violations(
    graph: Sequence[Resource],
    config: Mapping[str, Any],
    stack_file: Path,
    scenarios_dir: Path,
    stack: str,
) -> list[Violation]:
    """A mandatory violation per limit of the stack's budget that its estimate exceeds or
    cannot be told to keep, an advisory one per limit kept on its priced part only (as the
    budget allows); none when the stack has no budget."""
    from costmodel.model.budget import breaches, parse_budget

    budget = parse_budget(config, str(stack_file), stack_file.parent, scenarios_dir)
    if budget is None:
        return []
    found = breaches(budget, price_for_budget(graph, config, stack_file, budget, stack))
    return [Violation(RULE, "mandatory", stack, _STACK, b.line()) for b in found.breaches] + [
        Violation(RULE, "advisory", stack, _STACK, note) for note in found.notes
    ]


def price_for_budget(
    graph: Sequence[Resource],
    config: Mapping[str, Any],
    stack_file: Path,
    budget: Budget,
    stack: str,
) -> Estimate:
    from costmodel.model.budget import config_regions
    from costmodel.model.estimate import estimate
    from costmodel.model.pricebook import KEY as BOOK
    from costmodel.model.pricebook import load_price_book
    from costmodel.model.prices import default_catalog
    from costmodel.model.roles import ambiguous, infer_roles
    from costmodel.model.scenario import load_scenario
    from costmodel.model.sponsorship import parse_sponsors

    assert budget.scenario is not None  # a stack's budget names its scenario
    scenario = load_scenario(budget.scenario)
    book_path = config.get(BOOK)
    book = (
        load_price_book(stack_file.parent / book_path, default_catalog())
        if isinstance(book_path, str)
        else None
    )
    planned = infer_roles(r for r in graph if r.type != _STACK)
    return estimate(
        planned,
        scenario,
        stack=stack,
        as_of=scenario.as_of or dt.date.today(),
        sponsors=parse_sponsors(config, str(stack_file)),
        regions=config_regions(config),
        as_of_where=f"{budget.scenario}: as_of",
        # resources of another program the scenario cannot tell apart: "depends on usage"
        usage=dict.fromkeys(ambiguous(planned)),
        price_book=book,
    )
