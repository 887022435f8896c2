"""An operator's bill for one month, as the model reads it: what was billed, aggregated by what
it was for, each group mapped to a catalog price (or left unmapped, with the reason).

Readers (costmodel/readers/bills/) turn FOCUS, CUR, Google Cloud and Fastly files into a `Bill`;
planning (actuals) sets it against an estimate. Money here is USD as the bill states it
(fractions of a cent included); reports round once, as the estimate does.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from costmodel.model.prices import PriceKey

# usage: billed use of a service; discount: a reduction of a usage charge (negotiated, EDP,
# committed use, free tier), so part of its rate; credit: given after the fact (sponsors,
# promotions); tax; other: fees, adjustments, purchases.
Kind = Literal["usage", "discount", "credit", "tax", "other"]


@dataclass(frozen=True)
class BillLine:
    """One group of bill rows with the same provider, service, usage, region, unit and kind."""

    file: str
    provider: str  # aws, gcp, fastly; or the bill's own name for a provider the model lacks
    service: str  # the bill's service: a CUR product code, a GCP service, a FOCUS ServiceName
    usage: str  # the bill's usage: a usage type, a SKU description, a FOCUS SkuMeter
    region: str
    unit: str  # the bill's unit for `quantity`
    kind: Kind
    quantity: float
    cost: float | None  # None: the file states no money (Fastly's usage)
    list_cost: float | None
    rows: int
    credit: str = ""  # a credit's name
    month: str = ""  # YYYY-MM; "" when the file does not say (then --month does)
    key: PriceKey | None = None  # the catalog price it maps to
    billing_quantity: float = 0.0  # `quantity` in the catalog price's billing unit
    reason: str = ""  # why it maps to nothing
    scenario_region: str = ""  # where its traffic went, when the bill says (north_america, ...)
    # the price it maps to when the catalog lists that price as unpriced (Fastly's India): no
    # `key`, but its traffic still counts when a scenario is calibrated from the bill
    unpriced: PriceKey | None = None
    sku: str = ""  # the catalog price key an indexplan-written FOCUS row names (its SkuId)

    @property
    def label(self) -> str:
        parts = [self.service, self.usage, self.region, self.credit]
        return " / ".join(p for p in parts if p)


@dataclass(frozen=True)
class Bill:
    month: str  # YYYY-MM
    files: tuple[str, ...]
    lines: tuple[BillLine, ...] = field(default=())

    def of_kind(self, *kinds: Kind) -> list[BillLine]:
        return [line for line in self.lines if line.kind in kinds]

    def providers(self) -> Sequence[str]:
        return sorted({line.provider for line in self.lines})

    def by_price(self) -> dict[PriceKey, tuple[float, float | None]]:
        """Per catalog price: the billed quantity in its billing unit, and the cost of its usage
        with the discounts on it (None when the bill states no money for it)."""
        quantity: dict[PriceKey, float] = defaultdict(float)
        cost: dict[PriceKey, float | None] = {}
        for line in self.of_kind("usage", "discount"):
            if line.key is None:
                continue
            if line.kind == "usage":
                quantity[line.key] += line.billing_quantity
            before = cost.get(line.key, 0.0)
            cost[line.key] = None if line.cost is None or before is None else before + line.cost
        return {key: (quantity[key], cost[key]) for key in cost}
