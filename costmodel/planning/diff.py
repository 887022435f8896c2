"""What a change costs: two priced graphs compared resource by resource, down to the component.

Resources pair by type and name. A URN is `urn:pulumi:<stack>::<project>::<types>::<name>`, so the
same resource in two stacks (a stack file and its edited copy, staging and production, a
preview and the state it would change) differs only in the stack part of the URN, and an
estimate's line items name their resource by type and name. A resource's cost on each side is
the sum of its line items, at list and contracted rates. Sponsors give per provider, not per
resource, so sponsored and out of pocket appear only in the totals.

A component the model cannot price is unknown on that side, and so is its difference: an
unpriced resource added is unknown, never +$0. Free types cost a known $0. The totals hold the
priced parts only; since an unpriced part costs $0 or more, `Diff.bound` says which way the
shown difference bounds the real one. A part unpriced alike on both sides is unchanged, $0,
where it cancels under the rule the budget gate and compare's ranking use
(costmodel/model/change_bound.py): two Fastly services that both pass the end of its list
ladder by the same bandwidth differ by their priced parts, exactly, whatever their backends.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from costmodel.errors import InputError
from costmodel.model.change_bound import Side, uncancelled
from costmodel.model.estimate import Estimate
from costmodel.model.graph import Resource
from costmodel.model.money import usd
from costmodel.planning.compare import holes

Change = Literal["added", "removed", "changed", "same"]
# How the totals' difference relates to the real one (unpriced parts cost $0 or more).
Bound = Literal["exact", "at_least", "at_most", "unknown"]
CHANGES: tuple[Change, ...] = ("added", "removed", "changed", "same")
LEVELS = ("list", "contracted", "sponsored", "out_of_pocket")
# A component key: (component, price zone); (None, None) is a resource priced as a whole.
Key = tuple[str | None, str | None]


@dataclass(frozen=True)
class Priced:
    """One side of a diff: where it came from, its graph and its estimate."""

    label: str
    graph: Sequence[Resource]
    estimate: Estimate


@dataclass(frozen=True)
class Amount:
    """A component's or a resource's cost on one side, and why any part of it has no price."""

    list_cents: int = 0
    contracted_cents: int = 0
    priced: bool = False  # some of it has a price
    unpriced: tuple[str, ...] = ()  # why the rest has none
    quantity: float | None = None  # components only, in the billing unit
    unit: str | None = None

    def plus(self, other: Amount) -> Amount:
        same_unit = self.unit == other.unit and self.quantity is not None
        return Amount(
            self.list_cents + other.list_cents,
            self.contracted_cents + other.contracted_cents,
            self.priced or other.priced,
            self.unpriced + other.unpriced,
            (self.quantity or 0) + (other.quantity or 0) if same_unit else None,
            self.unit if same_unit else None,
        )

    @property
    def unknown(self) -> bool:
        """Nothing of it has a price: its cost is unknown, not $0."""
        return bool(self.unpriced) and not self.priced

    def cents(self, level: str) -> int:
        return self.contracted_cents if level == "contracted" else self.list_cents

    def to_dict(self) -> dict[str, Any]:
        """Money is null where nothing has a price (unknown, not $0)."""
        unknown = self.unknown
        out: dict[str, Any] = {}
        if self.quantity is not None:
            out.update(quantity=round(self.quantity, 6), unit=self.unit)
        out["list_monthly_usd"] = None if unknown else usd(self.list_cents)
        out["contracted_monthly_usd"] = None if unknown else usd(self.contracted_cents)
        if self.unpriced:
            out["unpriced"] = list(self.unpriced)
        return out


def _delta(change: Change, before: Amount | None, after: Amount | None, level: str) -> int | None:
    """after - before in cents; None (unknown) when a side that changed has no price."""
    if change == "same":
        return 0
    if any(side is not None and side.unpriced for side in (before, after)):
        return None
    return (after.cents(level) if after else 0) - (before.cents(level) if before else 0)


def _change(before: object | None, after: object | None) -> Change:
    if before is None:
        return "added"
    if after is None:
        return "removed"
    return "same" if before == after else "changed"


class _Sides:
    """What a resource and a component diff share: the change and the amount on each side
    (None where the side does not have it). A mixin, so each dataclass keeps its field order."""

    change: Change
    before: Amount | None
    after: Amount | None

    def reasons(self) -> list[str]:
        """Why part of it has no price, on either side."""
        sides = (self.before, self.after)
        return sorted({reason for side in sides if side for reason in side.unpriced})

    def sides_dict(self) -> dict[str, Any]:
        return {
            "change": self.change,
            "before": self.before.to_dict() if self.before else None,
            "after": self.after.to_dict() if self.after else None,
        }


@dataclass(frozen=True)
class ComponentDiff(_Sides):
    component: str | None  # None: the whole resource has no price
    region: str | None
    change: Change
    before: Amount | None
    after: Amount | None

    def delta(self, level: str = "contracted") -> int | None:
        return _delta(self.change, self.before, self.after, level)

    def to_dict(self) -> dict[str, Any]:
        return {"component": self.component, "region": self.region, **self.sides_dict()}


@dataclass(frozen=True)
class ResourceDiff(_Sides):
    urn: str | None  # None: a price book's commitment shortfall, no resource of the graph
    type: str
    name: str
    role: str | None
    change: Change
    before: Amount | None
    after: Amount | None
    components: tuple[ComponentDiff, ...] = ()

    def delta(self, level: str = "contracted") -> int | None:
        """The resource's difference in cents, None when any changed part has no price."""
        parts = [c.delta(level) for c in self.components]
        return None if None in parts else sum(p for p in parts if p is not None)

    def reasons(self) -> list[str]:
        """Why its difference is unknown: the reasons of the components whose difference is
        (a part unpriced alike on both sides that cancels is no reason); where none is, why
        any part of it has no price."""
        unknown = [c for c in self.components if c.delta() is None]
        if not unknown:
            return super().reasons()
        return sorted({reason for c in unknown for reason in c.reasons()})

    @property
    def free(self) -> bool:
        """Costs nothing on either side by declaration (no line item, nothing unpriced)."""
        return not self.components

    def to_dict(self) -> dict[str, Any]:
        return {
            "urn": self.urn,
            "type": self.type,
            **self.sides_dict(),
            "components": [c.to_dict() for c in self.components],
        }


@dataclass(frozen=True)
class RoleChange:
    role: str
    change: Change
    before: str | None  # the component that plays it, `indexplan:<role>:<Impl>`
    after: str | None


@dataclass(frozen=True)
class Diff:
    base: Priced
    head: Priced
    resources: tuple[ResourceDiff, ...]
    roles: tuple[RoleChange, ...] = field(default=())

    def total(self, side: Priced, level: str) -> int:
        cents: int = getattr(side.estimate, f"{level}_cents")
        return cents

    def complete(self, side: Priced) -> bool:
        """Nothing on that side that costs money went unpriced: its totals are whole."""
        return not holes(side.estimate.unpriced)

    def total_delta(self, level: str = "contracted") -> int:
        return self.total(self.head, level) - self.total(self.base, level)

    def percent(self, level: str = "contracted") -> float | None:
        """The change in percent of the base; None when the base is $0 and the head is not."""
        before, delta = self.total(self.base, level), self.total_delta(level)
        if before == 0:
            return 0.0 if delta == 0 else None
        return 100 * delta / before

    def of(self, *changes: Change) -> list[ResourceDiff]:
        return [r for r in self.resources if r.change in changes]

    @property
    def unknown(self) -> list[ResourceDiff]:
        """Changed resources whose difference is unknown: not in the totals."""
        return [r for r in self.resources if r.delta() is None]

    @property
    def bound(self) -> Bound:
        """`at_least` when the change only adds unpriced cost (a resource added unpriced, a
        component that loses its price: the real difference is the shown one plus an unknown
        amount >= 0), `at_most` when it only takes unpriced cost away, `unknown` when both, or
        when an unpriced part itself changed; `exact` when every change is priced."""
        added = removed = False
        for r in self.unknown:
            for c in r.components:
                if c.delta() is not None:
                    continue
                before = c.before is not None and bool(c.before.unpriced)
                after = c.after is not None and bool(c.after.unpriced)
                if before and after:
                    return "unknown"
                added, removed = added or after, removed or before
        if added and removed:
            return "unknown"
        return "at_least" if added else "at_most" if removed else "exact"

    def percent_bound(self, level: str = "contracted") -> Bound:
        """`bound` for the percent; with unpriced parts in the base its denominator is a lower
        bound too, which keeps the bound only where the shown difference points the other way
        (at least -X% stays true over a larger base, at least +X% does not)."""
        bound, delta = self.bound, self.total_delta(level)
        if self.complete(self.base) or bound in ("exact", "unknown"):
            return bound
        kept = delta <= 0 if bound == "at_least" else delta >= 0
        return bound if kept else "unknown"

    @property
    def bill_level(self) -> str:
        """The level a budget and the headline speak of: the bill before sponsors."""
        books = (self.base.estimate.price_book, self.head.estimate.price_book)
        return "contracted" if any(books) else "list"

    def to_dict(self) -> dict[str, Any]:
        diff: dict[str, Any] = {}
        for level in LEVELS:
            diff[f"{level}_monthly_usd"] = usd(self.total_delta(level))
            percent = self.percent(level)
            diff[f"{level}_percent"] = None if percent is None else round(percent, 4)
        return {
            "base": _side(self.base),
            "head": _side(self.head),
            "totals": {
                "before": self.base.estimate.totals_dict(),
                "after": self.head.estimate.totals_dict(),
                "diff": diff,
                # whole: nothing on that side that costs money went unpriced
                "complete": {"before": self.complete(self.base), "after": self.complete(self.head)},
                # how `diff` bounds the real difference: exact, at_least, at_most or unknown
                "bound": self.bound,
            },
            "resources": [r.to_dict() for r in self.resources],
        }


def _side(side: Priced) -> dict[str, Any]:
    est = side.estimate
    return {
        "stack": est.stack,
        "source": side.label,
        "scenario": est.scenario,
        "prices_as_of": est.prices_as_of.isoformat(),
        "price_book": est.price_book.name if est.price_book else None,
        "notes": list(est.notes),
    }


def diff(base: Priced, head: Priced, sides: tuple[Side, Side] | None = None) -> Diff:
    """Every resource of either side, paired, with its cost before and after per component.
    `sides`: both as the cancellation rule reads them (what their estimates were given): with
    them a part unpriced alike on both sides is unchanged exactly when it cancels; without,
    when its resource's inputs are unchanged."""
    _same_program(base, head)
    left = None if sides is None else _left_open(*sides)
    before, after = _resources(base), _resources(head)
    costs_before, costs_after = _costs(base.estimate), _costs(head.estimate)
    keys = list(dict.fromkeys([*after, *before, *costs_after, *costs_before]))
    resources = []
    for key in keys:
        resource = after.get(key) or before.get(key)
        in_before = key in before or key in costs_before
        in_after = key in after or key in costs_after
        old = costs_before.get(key, {}) if in_before else None
        new = costs_after.get(key, {}) if in_after else None
        open_ = _moved(before.get(key), after.get(key)) if left is None else left.get(key, ())
        components = _components(old or {}, new or {}, open_)
        change = _change(old, new)
        if change == "same" and any(c.change == "changed" for c in components):
            change = "changed"
        resources.append(
            ResourceDiff(
                urn=resource.urn if resource else None,
                type=key[0],
                name=key[1],
                role=resource.role if resource else None,
                change=change,
                before=_sum(old),
                after=_sum(new),
                components=components,
            )
        )
    rank = {change: i for i, change in enumerate(CHANGES)}
    resources.sort(key=lambda r: (rank[r.change], r.role or "~", r.name, r.type))
    return Diff(base, head, tuple(resources), _roles(base.graph, head.graph))


def _same_program(base: Priced, head: Priced) -> None:
    """Two sides of one program: graphs of two projects have nothing to pair."""
    projects = [
        {r.urn.split("::")[1] for r in side.graph if r.urn.count("::") >= 3}
        for side in (base, head)
    ]
    if all(len(p) == 1 for p in projects) and projects[0] != projects[1]:
        (was,), (now,) = projects
        raise InputError(
            head.label,
            "urn",
            f"a graph of Pulumi project {now!r}, but BASE ({base.label}) is of project {was!r}; "
            "diff compares two versions of one program",
        )


def _resources(side: Priced) -> dict[tuple[str, str], Resource]:
    """The graph by (type, name); Pulumi lets two parents each have a child of one type and
    name, and the estimate cannot tell their lines apart, so the first stands for both."""
    out: dict[tuple[str, str], Resource] = {}
    for r in side.graph:
        out.setdefault((r.type, r.name), r)
    return out


def _costs(est: Estimate) -> dict[tuple[str, str], dict[Key, Amount]]:
    """Per resource (type, name), its components' amounts: line items and what is unpriced."""
    out: dict[tuple[str, str], dict[Key, Amount]] = {}

    def add(resource: tuple[str, str], key: Key, amount: Amount) -> None:
        parts = out.setdefault(resource, {})
        parts[key] = parts[key].plus(amount) if key in parts else amount

    for line in est.line_items:
        amount = Amount(line.cents, line.contracted_cents, True, (), line.quantity, line.unit)
        add((line.type, line.resource), (line.component, line.region), amount)
    for item in est.unpriced:
        add((item.type, item.resource), (item.component, None), Amount(unpriced=(item.reason,)))
    return out


def _left_open(before: Side, after: Side) -> dict[tuple[str, str], set[str | None]]:
    """Per resource (type, name), the components with a part unpriced on either side that the
    other side does not cancel (None: the whole resource)."""
    added, removed, _ = uncancelled(before, after)
    out: dict[tuple[str, str], set[str | None]] = {}
    for item in (*added, *removed):
        out.setdefault((item.type, item.resource), set()).add(item.component)
    return out


def _moved(before: Resource | None, after: Resource | None) -> bool:
    """The resource is on both sides with other inputs or another parent."""
    if before is None or after is None:
        return False
    return (before.inputs, before.parent_type) != (after.inputs, after.parent_type)


def _components(
    old: dict[Key, Amount], new: dict[Key, Amount], open_: bool | Collection[str | None] = False
) -> tuple[ComponentDiff, ...]:
    """Components paired by name and price zone; one left on each side under the same name
    (a database that moved region, an instance class the catalog lacks, priced as a whole)
    is that component changed, not one removed and one added. A part with no price on both
    sides alike in its reasons is changed too where it does not cancel (`open_`: the names of
    the components that do not, or True, every one, for a resource whose inputs changed: an
    instance class the catalog lacks, made larger): what it costs may have."""
    pairs: dict[Key, tuple[Key | None, Key | None]] = {k: (k if k in old else None, k) for k in new}
    pairs.update({k: (k, None) for k in old if k not in new})
    for name in {k[0] for k in pairs}:
        lone = [
            k for k, (was, now) in pairs.items() if k[0] == name and (was is None or now is None)
        ]
        gone = [k for k in lone if pairs[k][1] is None]
        came = [k for k in lone if pairs[k][0] is None]
        if len(gone) == len(came) == 1:
            pairs[came[0]] = (gone[0], came[0])
            del pairs[gone[0]]
    out = []
    for (component, region), (was, now) in pairs.items():
        before = old[was] if was else None
        after = new[now] if now else None
        region = region or (was[1] if was else None)  # a zone, where either side has one
        change = _change(before, after)
        if change == "same" and before is not None and before.unpriced:
            kept = open_ if isinstance(open_, bool) else component in open_
            change = "changed" if kept else change
        out.append(ComponentDiff(component, region, change, before, after))
    return tuple(out)


def _sum(parts: dict[Key, Amount] | None) -> Amount | None:
    if parts is None:
        return None
    total = Amount()
    for a in parts.values():  # quantities of different components do not add up
        total = total.plus(Amount(a.list_cents, a.contracted_cents, a.priced, a.unpriced))
    return total


def _roles(before: Iterable[Resource], after: Iterable[Resource]) -> tuple[RoleChange, ...]:
    def played(graph: Iterable[Resource]) -> dict[str, str]:
        roles: dict[str, str] = {}
        for r in graph:
            token = r.type if r.type.startswith("indexplan:") else r.parent_type
            if r.role and token and token.startswith("indexplan:"):
                roles.setdefault(r.role, token)
        return roles

    old, new = played(before), played(after)
    changes = []
    for role in sorted(old.keys() | new.keys()):
        change = _change(old.get(role), new.get(role))
        changes.append(RoleChange(role, change, old.get(role), new.get(role)))
    return tuple(changes)
