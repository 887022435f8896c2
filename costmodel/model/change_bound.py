"""Which unpriced parts a change leaves unknown: those that do not cancel between its sides.

A part with no price costs $0 or more, the same on both sides only when everything its cost
depends on but the price is the same. The model can vouch for that, and the part cancels,
when BASE and HEAD each have it:

- on the same resource (type and name) with the same parent, for the same component and the
  same reason (so the same missing price, or the same type the model lacks), and with the same
  inputs; for a component the estimate prices in part on both sides from a usage it works out
  (a ladder that ends, a zone without a price), the same inputs as far as its price reads them
  is enough (its variant, the zone its quantity comes from, its own free tier), the priced lines
  resting on that usage as much: a Fastly service whose backend changed still sends the same
  bandwidth past the end of the same list ladder, and that tail costs the same on both sides;
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

from costmodel.model.components import PRICED, Component, Context, Unpriceable, holes
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
        comp = _component(item)
        if comp is None:  # the whole resource: what it costs follows from its inputs alone
            return _UNKNOWN_USAGE
        try:
            quantities = comp.usage(resource, self._context(resource))
        except DependsOnUsage:
            return _UNKNOWN_USAGE
        except Unpriceable:
            return None
        return sorted(quantities.items())

    def price_inputs(self, item: Unpriced, resource: Resource) -> Any:
        """What the part's price is chosen by besides its usage, as the estimate reads it from
        the resource (the component's variant, the zone its quantity comes from, its own free
        tier); None where the estimate priced none of the component (nothing to vouch with: a
        price it has no line of, whose usage may follow inputs it does not read)."""
        comp = _component(item)
        if comp is None or not any(
            line.key is not None
            and (line.type, line.resource) == (item.type, item.resource)
            and (line.key.service, line.key.dimension) == (comp.service, comp.dimension)
            for line in self.estimate.line_items
        ):
            return None
        ctx = self._context(resource)
        try:
            return (
                comp.variant(resource) if comp.variant else None,
                comp.source(resource, ctx) if comp.source else None,
                sorted(comp.free(resource, ctx).items()) if comp.free else None,
            )
        except (DependsOnUsage, Unpriceable):
            return None

    def _context(self, resource: Resource) -> Context:
        if self._ctx is None:
            self._ctx = Context(
                scenario=self.scenario, graph=tuple(self.graph), regions=dict(self.regions)
            )
        return context_for(self._ctx, dict(self.usage), resource)


def _component(item: Unpriced) -> Component | None:
    """The priced component the part is of (None: the whole resource is unpriced)."""
    entry = PRICED.get(item.type)
    return next((c for c in entry.components if c.name == item.component), None) if entry else None


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
    if old is None or new is None or old.parent_type != new.parent_type:
        return False
    usage = before.usage_of(item, old)
    if usage is None or usage != after.usage_of(item, new):
        return False
    if old.inputs == new.inputs:
        return True
    # other inputs: alike only where the model works out the usage and the price reads the
    # rest alike (a usage it does not know, or a whole resource, may follow any input)
    chosen = before.price_inputs(item, old)
    return (
        usage != _UNKNOWN_USAGE and chosen is not None and chosen == after.price_inputs(item, new)
    )
