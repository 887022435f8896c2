"""Which unpriced parts a change leaves unknown: those that do not cancel between its sides.

A part with no price costs $0 or more, the same on both sides only when everything its cost
depends on but the price is the same. The model can vouch for that, and the part cancels,
when BASE and HEAD each have it:

- on the same resource (type and name) with the same inputs and parent, for the same
  component and the same reason (so the same missing price, or the same type the model lacks);
- at the same usage: a component's quantity, worked out as the estimate works it out (from the
  scenario, the resource's usage-file entry and the rest of the graph: traffic shared by live
  buckets, a CDN in front, a queue's dead letters), is equal on both sides; usage the model
  does not know (a type it lacks, a resource the scenario cannot describe) is taken to be the
  same, since both sides are priced under one scenario and one usage file;
- under the same price book, for a bill that is contracted (a discount on an unknown list
  price is unknown, and two books discount it differently), and one with no commitment in
  force: an unpriced part's spend counts toward a commitment, so the shortfall charged on
  each side, and with it the rise, would depend on what the part costs.

Every other unpriced part of HEAD adds $0 or more to the rise, every other one of BASE takes
$0 or more from it (`budget.Change`). A resource whose inputs changed (an instance class the
catalog lacks, made larger) keeps its part on both sides, and the rise is then unknown either
way, however alike the two reasons read.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from costmodel.model.components import PRICED, Context, Unpriceable, holes
from costmodel.model.estimate import Estimate, Unpriced
from costmodel.model.graph import Resource
from costmodel.model.no_usage import DependsOnUsage, context_for
from costmodel.model.scenario import Scenario

if TYPE_CHECKING:
    from costmodel.model.budget import Change

_UNKNOWN_USAGE = "usage unknown to the model"


@dataclass
class Side:
    """One side of a change as priced: its estimate and what the estimate was given (the
    graph with usage applied, the scenario, the stack's regions, the usage per URN)."""

    estimate: Estimate
    graph: Sequence[Resource]
    scenario: Scenario
    regions: Mapping[str, str]
    usage: Mapping[str, Scenario | None]
    _by_name: dict[tuple[str, str], Resource] | None = field(default=None, repr=False)
    _ctx: Context | None = field(default=None, repr=False)

    def resource(self, item: Unpriced) -> Resource | None:
        if self._by_name is None:  # the first of a type and name, as the diff pairs them
            self._by_name = {}
            for r in self.graph:
                self._by_name.setdefault((r.type, r.name), r)
        return self._by_name.get((item.type, item.resource))

    def usage_of(self, item: Unpriced, resource: Resource) -> Any:
        """The quantities the estimate would price the part at (None: cannot be worked out,
        so nothing to vouch with); `_UNKNOWN_USAGE` where the model knows none."""
        entry = PRICED.get(item.type)
        comp = (
            next((c for c in entry.components if c.name == item.component), None) if entry else None
        )
        if comp is None:  # the whole resource: what it costs follows from its inputs alone
            return _UNKNOWN_USAGE
        if self._ctx is None:
            self._ctx = Context(
                scenario=self.scenario, graph=tuple(self.graph), regions=dict(self.regions)
            )
        try:
            quantities = comp.usage(resource, context_for(self._ctx, dict(self.usage), resource))
        except DependsOnUsage:
            return _UNKNOWN_USAGE
        except Unpriceable:
            return None
        return sorted(quantities.items())


def change(before: Side, after: Side) -> Change:
    """The change from `before` to `after`, with the unpriced parts of each side that the
    other does not cancel (see the module's docstring)."""
    from costmodel.model.budget import Change  # its pydantic models only a budget needs

    added, left, books = uncancelled(before, after)
    return Change(before.estimate, after.estimate, added, left, books)


def uncancelled(
    before: Side, after: Side
) -> tuple[tuple[Unpriced, ...], tuple[Unpriced, ...], str]:
    """The unpriced parts of `after` and of `before` that the other side does not cancel,
    and why none may cancel ("": the price books do not stand in the way)."""
    left = list(holes(before.estimate.unpriced))
    added = []
    books = _books_differ(before.estimate, after.estimate)
    for item in holes(after.estimate.unpriced):
        twin = None
        if not books:
            twin = next((b for b in left if b == item and _same_part(item, before, after)), None)
        if twin is None:
            added.append(item)
        else:
            left.remove(twin)
    return tuple(added), tuple(left), books


def _books_differ(before: Estimate, after: Estimate) -> str:
    """Why the price books let no unpriced part cancel ("": they do not stand in the way)."""
    book = after.price_book
    if book is None and before.price_book is None:
        return ""
    if before.price_book != book:
        return "BASE and HEAD are under different price books"
    assert book is not None
    if book.commitments(after.prices_as_of):
        moves = "each part's spend moves its shortfall"
        return f"price book {book.name} has a commitment in force: {moves}"
    return ""


def _same_part(item: Unpriced, before: Side, after: Side) -> bool:
    old, new = before.resource(item), after.resource(item)
    if old is None or new is None:
        return False
    if (old.inputs, old.parent_type) != (new.inputs, new.parent_type):
        return False
    usage = before.usage_of(item, old)
    return usage is not None and usage == after.usage_of(item, new)
