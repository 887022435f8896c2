"""Estimate versus actual: one month's estimate set against the operator's bill, price by price.

For each catalog price both have (a component), the estimated and billed quantity (in the
price's billing unit) and cost (the estimate's contracted level: after any price book, before
sponsors; the bill's usage after its discounts, before credits). The difference splits into a
quantity variance (the usage differs: the estimate's own price function at the billed quantity
less at the estimated one) and a rate variance (the rest: the price paid differs), so the two
add up to the total, in cents. Then what was billed but not modelled, what was modelled but not
billed, the credits against the stack's sponsors, and a one-line verdict.

Why the price function, not the estimate's average rate: on a tiered price (CloudFront's
ladder, S3's storage tiers, a free allowance) the units a month adds or lacks are billed at the
marginal tier's rate, not the average. The average would call part of a pure usage difference
a rate difference: a bill at exactly the estimate's rates for more gigabytes would show a rate
variance. Valued by the price function, such a bill's variance is all quantity, and the rate
variance is what the bill's prices add beyond the estimate's at the billed quantity.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from costmodel.errors import InputError
from costmodel.model.bill import Bill, BillLine
from costmodel.model.estimate import Estimate, contract
from costmodel.model.limits import EXACT_USD
from costmodel.model.money import round_cents, usd
from costmodel.model.prices import PriceKey
from costmodel.model.segments import NOT_PRORATED
from costmodel.model.sponsorship import SponsorTerms
from costmodel.model.tiers import Tier, allowance_shares, split


@dataclass(frozen=True)
class Component:
    key: PriceKey
    unit: str
    estimated_quantity: float
    estimated_cents: int
    billed_quantity: float
    billed_cents: int | None  # None: the bill states no money for it (usage only)
    quantity_variance_cents: int | None  # the usage difference at the estimate's prices
    rate_variance_cents: int | None

    @property
    def total_variance_cents(self) -> int | None:
        return None if self.billed_cents is None else self.billed_cents - self.estimated_cents

    def to_dict(self) -> dict[str, Any]:
        def money(cents: int | None) -> float | None:
            return None if cents is None else usd(cents)

        return {
            "price": str(self.key),
            "provider": self.key.provider,
            "unit": self.unit,
            "estimated_quantity": round(self.estimated_quantity, 6),
            "billed_quantity": round(self.billed_quantity, 6),
            "estimated_usd": usd(self.estimated_cents),
            "billed_usd": money(self.billed_cents),
            "variance_usd": money(self.total_variance_cents),
            "quantity_variance_usd": money(self.quantity_variance_cents),
            "rate_variance_usd": money(self.rate_variance_cents),
        }


@dataclass(frozen=True)
class Unmodelled:
    """Billed, but no priced component of the stack accounts for it."""

    provider: str
    what: str
    kind: str
    quantity: float
    unit: str
    cents: int | None
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "provider": self.provider,
            "billed": self.what,
            "kind": self.kind,
            "quantity": round(self.quantity, 6),
            "unit": self.unit,
            "billed_usd": None if self.cents is None else usd(self.cents),
            "reason": self.reason,
        }


@dataclass(frozen=True)
class Credit:
    """A provider's credits on the bill against what the stack's sponsor was estimated to give."""

    provider: str
    sponsor: str  # the stack's terms, or "" when the stack names no sponsor for the provider
    estimated_cents: int
    billed_cents: int | None  # given, positive; None when the bill states no money
    names: tuple[str, ...]

    @property
    def status(self) -> str:
        if self.billed_cents is None:
            return "not on this bill (usage only)"
        if not self.sponsor:
            return "no sponsor in the stack" if self.billed_cents else "none"
        if not self.billed_cents:
            return "sponsor's credit not on the bill"
        return "matched" if self.billed_cents == self.estimated_cents else "matched, differs"

    def to_dict(self) -> dict[str, Any]:
        return {
            "provider": self.provider,
            "sponsor": self.sponsor,
            "estimated_usd": usd(self.estimated_cents),
            "billed_usd": None if self.billed_cents is None else usd(self.billed_cents),
            "status": self.status,
            "credits": list(self.names),
        }


@dataclass(frozen=True)
class Reconciliation:
    stack: str
    scenario: str
    month: str
    prices_as_of: str
    files: tuple[str, ...]
    components: tuple[Component, ...]
    billed_not_modelled: tuple[Unmodelled, ...]
    modelled_not_billed: tuple[Component, ...]
    not_in_bills: tuple[str, ...]  # providers the stack uses that the files do not cover
    other_charges: tuple[Unmodelled, ...]  # tax, fees, adjustments: not usage
    credits: tuple[Credit, ...]
    # a price book's terms that change inside the month, which the estimate does not prorate:
    # a rate variance on such a month is partly the book's own change (s11-audit F4)
    book_notes: tuple[str, ...] = ()

    @property
    def billed_usage_cents(self) -> int:
        known = [c.billed_cents for c in self.components if c.billed_cents is not None]
        return sum(known) + sum(u.cents or 0 for u in self.billed_not_modelled)

    @property
    def invoice_cents(self) -> int | None:
        """What the bills charge in all, as the report's lines give it: usage after discounts,
        tax, refunds and other charges, less credits (None: they state no money)."""
        others = [u.cents for u in self.other_charges if u.cents is not None]
        given = [c.billed_cents for c in self.credits if c.billed_cents is not None]
        stated = [c for c in self.components if c.billed_cents is not None]
        if not (stated or others or given or any(u.cents for u in self.billed_not_modelled)):
            return None
        return self.billed_usage_cents + sum(others) - sum(given)

    @property
    def explained_cents(self) -> int:
        """What the estimate matches of the bill: per component, the billed cost less the
        absolute variance (never below zero); what is billed outside the model matches nothing.
        Not the model's coverage (`covered_share`): a price it models but misses by half
        covers all its billed cost and matches half of it."""
        return sum(
            max(0, c.billed_cents - abs(c.billed_cents - c.estimated_cents))
            for c in self.components
            if c.billed_cents is not None
        )

    def totals(self) -> dict[str, int]:
        priced = [c for c in self.components if c.billed_cents is not None]
        return {
            "billed_usage": self.billed_usage_cents,
            "billed_in_components": sum(c.billed_cents or 0 for c in priced),
            "estimated_in_components": sum(c.estimated_cents for c in priced),
            "variance": sum(c.total_variance_cents or 0 for c in priced),
            "quantity_variance": sum(c.quantity_variance_cents or 0 for c in priced),
            "rate_variance": sum(c.rate_variance_cents or 0 for c in priced),
            "billed_not_modelled": sum(u.cents or 0 for u in self.billed_not_modelled),
            "modelled_not_billed": sum(c.estimated_cents for c in self.modelled_not_billed),
            "explained": self.explained_cents,
            **({} if self.invoice_cents is None else {"invoice_total": self.invoice_cents}),
        }

    @property
    def verdict(self) -> str:
        t = self.totals()
        billed = t["billed_usage"]
        if not billed:
            return (
                f"The bills for {self.month} state no money for usage; only quantities are "
                "compared."
            )
        quantities = "".join(
            f" {p}: usage only, billed quantities {_share(q)} of the estimate's."
            for p, q in self.usage_only_shares().items()
        )
        estimated = t["estimated_in_components"] + t["modelled_not_billed"]
        whole = "bill" if billed >= estimated else "estimate, which is larger than the bill"
        # two shares, not one "explains": what the model prices of the bill, and how much of
        # the bill the estimate got right price by price (s12 review, finding 6)
        return (
            f"Of the {_usd(billed)} billed for usage in {self.month}, the prices the model "
            f"covers billed {_usd(t['billed_in_components'])} "
            f"({_share(self.covered_share or 0.0)}) against "
            f"{_usd(t['estimated_in_components'])} estimated (variance "
            f"{_signed(t['variance'])}: quantity {_signed(t['quantity_variance'])}, rate "
            f"{_signed(t['rate_variance'])}); the estimate matches "
            f"{_share(self.matched_share or 0.0)} of the {whole} (per price, the billed cost "
            f"less its variance's size: {_usd(t['explained'])}); "
            f"{_usd(t['billed_not_modelled'])} "
            f"billed is outside the model; {_usd(t['modelled_not_billed'])} estimated was not "
            "billed." + quantities
        )

    @property
    def covered_share(self) -> float | None:
        """The share of the money billed for usage that the prices the model covers account for
        (None: the bills state no money for usage)."""
        billed = self.billed_usage_cents
        priced = [c.billed_cents or 0 for c in self.components if c.billed_cents is not None]
        return sum(priced) / billed if billed else None

    @property
    def matched_share(self) -> float | None:
        """`explained_cents` over the larger of the money billed for usage and the estimate's
        (None: none billed): an estimate eleven times its bill, its excess on prices billed $0,
        matches little of it (s12-review2), though each price's match is at most its bill."""
        billed = self.billed_usage_cents
        if not billed:
            return None
        t = self.totals()
        return self.explained_cents / max(
            billed, t["estimated_in_components"] + t["modelled_not_billed"]
        )

    def usage_only_shares(self) -> dict[str, float]:
        """For a provider whose bill states no money: billed over estimated cost, valuing the
        billed quantities at the estimate's rates."""
        shares = {}
        for provider in sorted({c.key.provider for c in self.components}):
            mine = [c for c in self.components if c.key.provider == provider]
            estimated = sum(c.estimated_cents for c in mine)
            if estimated and all(c.billed_cents is None for c in mine):
                delta = sum(c.quantity_variance_cents or 0 for c in mine)
                shares[provider] = (estimated + delta) / estimated
        return shares

    def to_dict(self) -> dict[str, Any]:
        return {
            "stack": self.stack,
            "scenario": self.scenario,
            "month": self.month,
            "prices_as_of": self.prices_as_of,
            "bills": list(self.files),
            "currency": "USD",
            "cost_basis": COST_BASIS,
            "verdict": self.verdict,
            "totals": {f"{k}_usd": usd(v) for k, v in self.totals().items()},
            # shares of totals.billed_usage_usd: billed_in_components, and explained (what the
            # estimate matches, price by price), to 4 decimals; null when no money is billed
            "covered_share": _rounded(self.covered_share),
            "matched_share": _rounded(self.matched_share),
            "components": [c.to_dict() for c in self.components],
            "billed_not_modelled": [u.to_dict() for u in self.billed_not_modelled],
            "modelled_not_billed": [c.to_dict() for c in self.modelled_not_billed],
            "not_in_bills": list(self.not_in_bills),
            "other_charges": [u.to_dict() for u in self.other_charges],
            "credits": [c.to_dict() for c in self.credits],
            "notes": list(self.book_notes),
        }


# What a billed usage cost is (readers/bills/formats.py reads it so), said in every report
COST_BASIS = "amortised"
COST_BASIS_NOTE = (
    "Usage is read amortised (FinOps's effective cost): a commitment's fee (reserved instances "
    "and nodes, Savings Plans) spread over the usage it covers, as FOCUS's EffectiveCost and the "
    "CUR's reservation_effective_cost / savings_plan_savings_plan_effective_cost give it; the "
    "invoice total is what the bills charge."
)


def _usd(cents: int) -> str:
    return f"${usd(cents):,.2f}"


def _share(ratio: float) -> str:
    return f"{ratio:.1%}"


def _rounded(share: float | None) -> float | None:
    return None if share is None else round(share, 4)


def _signed(cents: int) -> str:
    return ("+" if cents > 0 else "-" if cents < 0 else "") + _usd(abs(cents))


class _BeyondExact(Exception):
    """A price function's value passes EXACT_USD (bounds.BeyondExact would bring in NumPy)."""


@dataclass(frozen=True)
class PriceFunction:
    """What the estimate charges for a quantity of one price, in cents: its contracted tiers,
    run as the estimate runs them, once per resource (each resource climbs its own ladder, or
    a pool's from where the estimate put it, its share of an account-wide allowance free at the
    bottom), each tier's part rounded to cents once. A quantity other than the estimate's is
    shared among the resources in the estimate's proportions. Beyond a bounded last tier
    (unpriced in an estimate) units go on at the last tier's rate."""

    tiers: tuple[Tier, ...]
    parts: tuple[float, ...] = ()  # each resource's estimated quantity; none: one ladder
    # each resource's share of an account-wide allowance (AWS's 100 GB out, CloudFront's 1 TB),
    # as the estimate gave it: free at the bottom of its ladder whatever the quantity
    free: tuple[float, ...] = ()
    # where each resource starts on a ladder its allowance pool shares (Estimate.ladder_starts)
    starts: tuple[float, ...] = ()

    def cents(self, quantity: float, placed: Sequence[float] | None = None) -> int:
        """Raises _BeyondExact where the month would cost EXACT_USD or more: no output carries
        that to the cent (a bill reader bounds quantities, not what they cost). `placed`: each
        resource's share of an account-wide allowance at this quantity (where the bill placed
        it, `spread`, or where the model places it at the bill's quantities, `allowance_at`);
        None: the estimate's shares."""
        total = sum(self.parts)
        free = self.free or (0.0,) * len(self.parts) if placed is None else tuple(placed)
        starts = self.starts or (0.0,) * len(self.parts)
        if total <= 0:
            pieces = [(quantity, sum(placed or ()), 0.0)]
        else:
            pieces = [
                (p * (quantity / total), f, s)
                for p, f, s in zip(self.parts, free, starts, strict=True)
            ]
        dollars = [d for piece in pieces for d in self._ladder(*piece)]  # scale 1.0: estimated
        if not abs(sum(dollars)) < EXACT_USD:
            raise _BeyondExact
        return sum(round_cents(d) for d in dollars)

    def spread(self, placed: float) -> tuple[float, ...]:
        """An allowance of `placed` units over the resources, as the estimate's shares are
        (equally where it gave none)."""
        free = self.free or (0.0,) * len(self.parts)
        whole = sum(free)
        return tuple(f / whole * placed if whole > 0 else placed / len(free) for f in free)

    def _ladder(self, quantity: float, free: float, start: float) -> list[float]:
        """The dollars of each tier used, and of what lies beyond the last."""
        uses, beyond = split(quantity, self.tiers, min(free, quantity), start)
        extra = [beyond * self.tiers[-1].price] if beyond > 0 else []
        return [use.quantity * use.price for use in uses] + extra


def variances(
    price: PriceFunction,
    estimated: tuple[float, int],
    billed_quantity: float,
    billed_cents: int | None,
    placed: Sequence[float] | None = None,
) -> tuple[int, int | None]:
    """(quantity, rate) variance in cents of an estimated (quantity, cents): the quantity part is
    the estimate's price function at the billed quantity (a shared allowance `placed` per
    resource where it falls at the bill's quantities: where it falls is usage, not price) less
    at the estimated one; the rate part the rest of billed less estimated, so the two add up
    (None: the bill states no money)."""
    quantity = price.cents(billed_quantity, placed) - price.cents(estimated[0])
    if billed_cents is None:
        return quantity, None
    return quantity, billed_cents - estimated[1] - quantity


def _resource_parts(estimate: Estimate) -> dict[PriceKey, dict[str, float]]:
    """Per price, each resource's estimated quantity, in the order of the estimate's lines."""
    parts: dict[PriceKey, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for item in estimate.line_items:
        if item.key is not None:
            parts[item.key][item.resource] += item.quantity
    return parts


def allowance_at(
    estimate: Estimate, quantities: Mapping[PriceKey, float]
) -> dict[PriceKey, tuple[float, ...]]:
    """For each price of `estimate` that draws on an account-wide free allowance (CloudFront's
    1 TB out and 10M requests, AWS's 100 GB out): each resource's share of it (in the order of
    `PriceFunction.parts`) had the month used `quantities` (billing units; a price absent: none).

    The estimate's own shares are fixed at its quantities: a zone's share of a pool is capped
    at what the estimate sent there, so more usage there would be charged although the
    account's allowance is far from used. Here the allowance is drawn again as the estimate
    draws it (`tiers.allowance_shares`: resources in the estimate's order, a resource's zones
    pro rata), each price's quantity shared among its resources in the estimate's proportions.
    (A component's own free amount, Cloud Run's 1 GiB, is on prices without a pool: not here.)"""
    pools: dict[PriceKey, tuple[Any, ...]] = {}
    first: dict[tuple[Any, ...], float] = {}
    for selected in estimate.prices_used:
        version, k = selected.version, selected.key
        if version.allowance is not None:
            own = (k.provider, k.service, k.dimension, k.variant, version.effective)
            pools[k] = (k.provider, version.allowance_pool) if version.allowance_pool else own
            first.setdefault(pools[k], version.allowance)
    parts = _resource_parts(estimate)
    # the estimate's draws in its order: one per resource and pool, over that resource's zones
    draws: list[tuple[str, tuple[Any, ...], list[PriceKey]]] = []
    for resource, key, _ in estimate.allowance_shares:
        if key not in pools:
            continue
        if draws and draws[-1][:2] == (resource, pools[key]) and key not in draws[-1][2]:
            draws[-1][2].append(key)
        else:
            draws.append((resource, pools[key], [key]))
    left = dict(first)
    shares: dict[PriceKey, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for resource, pool, keys in draws:
        units = [quantities.get(k, 0.0) * _part(parts[k], resource) for k in keys]
        got, left[pool] = allowance_shares(units, left[pool])
        for key, share in zip(keys, got, strict=True):
            shares[key][resource] += share
    return {key: tuple(mine.get(r, 0.0) for r in parts[key]) for key, mine in shares.items()}


def _part(parts: Mapping[str, float], resource: str) -> float:
    """`resource`'s part of its price's quantity (an equal part where the estimate had none)."""
    total = sum(parts.values())
    if resource not in parts:
        return 0.0
    return parts[resource] / total if total > 0 else 1 / len(parts)


def price_functions(estimate: Estimate) -> dict[PriceKey, PriceFunction]:
    """The estimate's price function for each catalog price its lines use."""
    parts = _resource_parts(estimate)
    shares: dict[PriceKey, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for resource, key, share in estimate.allowance_shares:
        shares[key][resource] += share
    starts = {(resource, key): start for resource, key, start in estimate.ladder_starts}
    book, on = estimate.price_book, estimate.prices_as_of
    out = {}
    for selected in estimate.prices_used:
        if selected.key in parts:
            segments, _ = contract(selected, book, on)
            # a stretch unpriced at contracted prices is 0 on the estimate's lines too (listed
            # unpriced): the bill's amount for it then shows whole in the variance
            tiers = tuple(Tier(s.upto, s.contracted_price or 0.0) for s in segments)
            each, free = parts[selected.key], shares[selected.key]
            out[selected.key] = PriceFunction(
                tiers,
                tuple(each.values()),
                tuple(free[r] for r in each),
                tuple(starts.get((r, selected.key), 0.0) for r in each),
            )
    return out


def reconcile(
    estimate: Estimate, bill: Bill, sponsors: Mapping[str, SponsorTerms] | None = None
) -> Reconciliation:
    """`estimate` (of the bill's month) against `bill` (mapped to catalog prices)."""
    estimated: dict[PriceKey, list[float]] = defaultdict(lambda: [0.0, 0.0])
    units: dict[PriceKey, str] = {}
    for item in estimate.line_items:
        if item.key is not None:
            estimated[item.key][0] += item.quantity
            estimated[item.key][1] += item.contracted_cents
            units[item.key] = item.unit
    billed = {k: v for k, v in bill.by_price().items() if k in estimated}
    outside = [
        line
        for line in bill.of_kind("usage", "discount")
        if line.key is None or line.key not in estimated
    ]
    unmodelled = _group([_why_outside(line, estimated) for line in outside], "")
    covered = set(bill.providers())
    components, not_billed = [], []
    functions = price_functions(estimate)
    from costmodel.planning.calibrate import billed_free  # calibrate builds on this module

    # where each shared allowance falls at the bill's quantities: where the bill's money placed
    # it, else where the model places it for those quantities (a zone billed $0 inside the
    # account's allowance is then $0 at the estimate's prices too: no rate variance)
    by_bill = billed_free(estimate, bill)
    by_model = allowance_at(estimate, {k: q for k, (q, _) in bill.by_price().items()})
    for key in sorted(estimated, key=str):
        quantity, cents = estimated[key][0], int(estimated[key][1])
        if key.provider not in covered:
            continue
        got = billed.get(key)
        if got is None:
            usage_only = _usage_only(bill, key.provider)
            not_billed.append(
                Component(
                    key, units[key], quantity, cents, 0.0, None if usage_only else 0, None, None
                )
            )
            continue
        billed_quantity, billed_cost = got
        # usage only (no money billed): the quantity difference at the estimate's prices
        billed_cents = None if billed_cost is None else round_cents(billed_cost)
        try:
            function = functions[key]
            placed = function.spread(by_bill[key]) if key in by_bill else by_model.get(key)
            q, r = variances(function, (quantity, cents), billed_quantity, billed_cents, placed)
        except _BeyondExact:
            files = sorted({line.file for line in bill.lines if line.key == key})
            raise InputError(
                ", ".join(files),
                str(key),
                f"billed {billed_quantity:,.6g} {units[key]}, which the estimate's prices value "
                f"over ${EXACT_USD:,.0f} a month; expected a month's bill",
            ) from None
        components.append(
            Component(key, units[key], quantity, cents, billed_quantity, billed_cents, q, r)
        )
    providers = sorted({p.provider for p in estimate.providers})
    return Reconciliation(
        stack=estimate.stack,
        scenario=estimate.scenario,
        month=bill.month,
        prices_as_of=estimate.prices_as_of.isoformat(),
        files=bill.files,
        components=tuple(components),
        billed_not_modelled=tuple(unmodelled),
        modelled_not_billed=tuple(not_billed),
        not_in_bills=tuple(p for p in providers if p not in covered),
        other_charges=tuple(_group(bill.of_kind("tax", "other"), "not usage")),
        credits=tuple(_credits(estimate, bill, sponsors or {})),
        book_notes=tuple(n for n in estimate.notes if n.endswith(NOT_PRORATED)),
    )


def _usage_only(bill: Bill, provider: str) -> bool:
    return all(line.cost is None for line in bill.lines if line.provider == provider)


def _why_outside(line: BillLine, estimated: Mapping[PriceKey, Any]) -> BillLine:
    """A mapped line the estimate lacks: where the stack does price that service's dimension,
    say where (the scenario may send that zone no traffic, the stack may run another class)."""
    key = line.key
    if key is None or line.reason:
        return line
    dimension = (key.provider, key.service, key.dimension)
    where = sorted(
        f"{k.variant} in {k.zone}" if k.variant else k.zone
        for k in estimated
        if (k.provider, k.service, k.dimension) == dimension
    )
    if not where:
        return line
    this = f"{key.variant} in {key.zone}" if key.variant else key.zone
    reason = (
        f"the stack's model prices {' '.join(dimension)} only for {', '.join(where)}, not {this}"
    )
    return replace(line, reason=reason)


def _group(lines: Sequence[BillLine], reason: str) -> list[Unmodelled]:
    """Lines of one provider, service, usage and reason as one entry (regions and units kept
    apart only when they differ in what is billed)."""
    groups: dict[tuple[str, ...], list[BillLine]] = defaultdict(list)
    for line in lines:
        why = reason or line.reason or f"the stack's model prices no {line.key}"
        joins = "usage" if line.kind == "discount" else line.kind  # a discount joins its usage
        groups[(line.provider, line.label, joins, line.unit, why)].append(line)
    out = []
    for (provider, what, kind, unit, why), members in sorted(groups.items()):
        costs = [m.cost for m in members]
        cents = None if any(c is None for c in costs) else round_cents(sum(c or 0 for c in costs))
        quantity = sum(m.quantity for m in members if m.kind == "usage")
        out.append(Unmodelled(provider, what, kind, quantity, unit, cents, why))
    return out


def _credits(estimate: Estimate, bill: Bill, sponsors: Mapping[str, SponsorTerms]) -> list[Credit]:
    given: dict[str, float] = defaultdict(float)
    names: dict[str, set[str]] = defaultdict(set)
    for line in bill.of_kind("credit"):
        given[line.provider] -= line.cost or 0.0
        names[line.provider].add(line.credit)
    sponsored = {p.provider: p.sponsored_cents for p in estimate.providers}
    out = []
    for provider in sorted(set(bill.providers()) & (set(sponsored) | set(given))):
        terms = sponsors.get(provider)
        if terms is None and not given[provider]:
            continue
        out.append(
            Credit(
                provider=provider,
                sponsor=_describe(terms) if terms else "",
                estimated_cents=sponsored.get(provider, 0),
                billed_cents=None if _usage_only(bill, provider) else round_cents(given[provider]),
                names=tuple(sorted(n for n in names[provider] if n)),
            )
        )
    return out


def _describe(terms: SponsorTerms) -> str:
    parts = [terms.program] if terms.program else []
    if terms.covers:
        parts.append(f"covers {terms.covers:.0%}")
    if terms.credit_monthly_usd:
        parts.append(f"${terms.credit_monthly_usd:,.2f}/month credit")
    return ", ".join(parts) or "sponsor"


def span(months: Sequence[Reconciliation]) -> Reconciliation:
    """Several months' reconciliations as one over their span (`month` "2026-01/2026-03", ISO
    8601's interval): per price, quantities, costs and variances summed, so they still add up.
    A month that did not bill a price the span's others did counts as billing none of it: its
    estimate is a quantity variance there (usage only: quantity, no rate)."""
    first, last = months[0], months[-1]
    components = {c.key for m in months for c in m.components}
    lines = [
        c for m in months for c in (*m.components, *m.modelled_not_billed) if c.key in components
    ]
    not_billed = [c for m in months for c in m.modelled_not_billed if c.key not in components]
    return Reconciliation(
        stack=first.stack,
        scenario=_joined(m.scenario for m in months),
        month=_interval(first.month, last.month),
        prices_as_of=_interval(first.prices_as_of, last.prices_as_of),
        files=tuple(dict.fromkeys(f for m in months for f in m.files)),
        components=tuple(_summed(lines, _as_billed)),
        billed_not_modelled=tuple(
            _summed_unmodelled(u for m in months for u in m.billed_not_modelled)
        ),
        modelled_not_billed=tuple(_summed(not_billed, lambda c: c)),
        not_in_bills=tuple(sorted({p for m in months for p in m.not_in_bills})),
        other_charges=tuple(_summed_unmodelled(u for m in months for u in m.other_charges)),
        credits=tuple(_summed_credits(c for m in months for c in m.credits)),
        book_notes=tuple(dict.fromkeys(n for m in months for n in m.book_notes)),
    )


def _interval(start: str, end: str) -> str:
    return start if start == end else f"{start}/{end}"


def _joined(names: Iterable[str]) -> str:
    return ", ".join(dict.fromkeys(names))


def _as_billed(c: Component) -> Component:
    """A month's component, or a price it modelled and did not bill as billing none of it."""
    if c.quantity_variance_cents is not None:
        return c
    rate = None if c.billed_cents is None else 0
    return replace(c, quantity_variance_cents=-c.estimated_cents, rate_variance_cents=rate)


def _add(values: Iterable[int | None]) -> int | None:
    """The sum, or None when any is None (a month that states no money)."""
    out = 0
    for value in values:
        if value is None:
            return None
        out += value
    return out


def _summed(lines: Sequence[Component], each: Callable[[Component], Component]) -> list[Component]:
    by_key: dict[PriceKey, list[Component]] = defaultdict(list)
    for line in lines:
        by_key[line.key].append(each(line))
    return [
        Component(
            key,
            same[0].unit,
            sum(c.estimated_quantity for c in same),
            sum(c.estimated_cents for c in same),
            sum(c.billed_quantity for c in same),
            _add(c.billed_cents for c in same),
            _add(c.quantity_variance_cents for c in same),
            _add(c.rate_variance_cents for c in same),
        )
        for key, same in sorted(by_key.items(), key=lambda kv: str(kv[0]))
    ]


def _summed_unmodelled(entries: Iterable[Unmodelled]) -> list[Unmodelled]:
    groups: dict[tuple[str, ...], list[Unmodelled]] = defaultdict(list)
    for u in entries:
        groups[(u.provider, u.what, u.kind, u.unit, u.reason)].append(u)
    return [
        Unmodelled(
            provider,
            what,
            kind,
            sum(u.quantity for u in same),
            unit,
            _add(u.cents for u in same),
            reason,
        )
        for (provider, what, kind, unit, reason), same in sorted(groups.items())
    ]


def _summed_credits(entries: Iterable[Credit]) -> list[Credit]:
    groups: dict[tuple[str, str], list[Credit]] = defaultdict(list)
    for c in entries:
        groups[(c.provider, c.sponsor)].append(c)
    return [
        Credit(
            provider,
            sponsor,
            sum(c.estimated_cents for c in same),
            _add(c.billed_cents for c in same),
            tuple(sorted({n for c in same for n in c.names})),
        )
        for (provider, sponsor), same in sorted(groups.items())
    ]
