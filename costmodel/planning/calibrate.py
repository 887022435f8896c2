"""Calibration: a billed month turned into a scenario (its traffic) and a price book (its
effective rates), so that the next estimate reproduces the bill, price by price, to the cent.

Each scenario figure the bill shows is scaled by billed over modelled quantity on the price that
measures it (CDN bandwidth for egress, CDN requests, stored bytes, uploads, cache misses,
messages, DNS queries, the statistics dataset); every component's quantity is linear in its
figure, so the scaled figure gives the billed quantity. Region shares come from the CDN's
bandwidth by price zone. Then, for every price the bill charged, one flat rate is pinned: the
rate at which the billed quantity less its free allowance (`_paid`), spread over the estimate's
own lines each rounded once, adds up to the billed cents: the effective rate per billed unit.
Where the model's quantity still differs from the bill's (730 billing hours against a 31-day
month, two figures from one), the rate does not absorb it: the check names the quantity
difference. A price the bill did not charge, or charged nothing for because all of it fell
inside a free allowance (a month within CloudFront's 1 TB out), has no effective rate and is
left out of the book (the list or the operator's own book prices it), never written as 0.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import yaml

from costmodel.model.bill import Bill, BillLine
from costmodel.model.components import PRICED
from costmodel.model.estimate import Estimate, estimate
from costmodel.model.graph import Resource
from costmodel.model.money import round_cents, usd
from costmodel.model.pricebook import parse_price_book
from costmodel.model.prices import Catalog, PriceKey, default_catalog
from costmodel.model.scenario import REGIONS, Scenario, parse_scenario
from costmodel.model.sponsorship import SponsorTerms
from costmodel.model.tiers import Tier, split
from costmodel.planning.actuals import allowance_at, price_functions

# Scenario figure -> the (service, dimension) prices that measure it, in order of preference.
ANCHORS: dict[str, tuple[tuple[str, str], ...]] = {
    "egress": (("cdn", "bandwidth"), ("cloudfront", "data_out"), ("cloud_cdn", "cache_egress")),
    "requests": (("cdn", "requests"), ("cloudfront", "https_requests"),
                 ("cloud_cdn", "cache_lookups")),
    "stored": (("s3", "storage_standard"), ("cloud_storage", "storage_standard")),
    "uploads": (("s3", "put_requests"), ("cloud_storage", "class_a_operations")),
    "messages": (("sqs", "standard_requests"), ("sns", "publishes"), ("pubsub", "throughput")),
    "dns_queries": (("route53", "standard_queries"), ("cloud_dns", "queries")),
    "stats_stored": (("bigquery", "active_storage"),),
}  # fmt: skip
# cache misses: bytes from the origin to the CDN, else the origin's read requests, each with
# the figure the misses are a share of (egress for bytes, requests for GETs)
MISSES = {("cdn_interconnect", "egress"): "egress", ("s3", "internet_out"): "egress",
          ("cloud_cdn", "cache_fill"): "egress", ("s3", "get_requests"): "requests",
          ("cloud_storage", "class_b_operations"): "requests"}  # fmt: skip


@dataclass(frozen=True)
class Calibration:
    scenario: dict[str, Any]  # a scenario file's content
    price_book: dict[str, Any]  # a price book file's content
    figures: tuple[str, ...]  # what was calibrated from what
    checks: tuple[str, ...]  # per price, what the calibrated estimate gives against the bill
    reproduced_cents: int
    billed_cents: int
    # prices the estimate has that the month did not bill, or billed only inside a free
    # allowance: no effective rate, not in the book
    left_out: tuple[str, ...] = ()

    @property
    def reproduces(self) -> bool:
        return not any(c.startswith("differs") for c in self.checks)


def _modelled(est: Estimate, paid: bool = False) -> dict[PriceKey, list[float]]:
    """Per price, the quantity of each of its lines (the stretches it is rounded over); with
    `paid`, only those the list does not give free (a book's rate leaves those free)."""
    out: dict[PriceKey, list[float]] = defaultdict(list)
    for item in est.line_items:
        if item.key is not None and (item.unit_price_usd or not paid):
            out[item.key].append(item.quantity)
    return out


def _on(keys: Mapping[PriceKey, Any], anchor: tuple[str, str]) -> list[PriceKey]:
    return [k for k in keys if (k.service, k.dimension) == anchor]


def _ratio(
    anchors: Sequence[tuple[str, str]],
    billed: Mapping[PriceKey, float],
    modelled: Mapping[PriceKey, Sequence[float]],
    unpriced: tuple[Bill, Scenario, Catalog] | None = None,
) -> tuple[float, str, float, float] | None:
    """Billed over modelled quantity on the first anchor both have, its name, and the two
    quantities.

    With `unpriced` (the bill, the base scenario, the catalog: for traffic split by region),
    the bill's traffic in zones the catalog leaves unpriced (Fastly's India) counts too; the
    estimate has no quantity there, so its whole is its priced part over the base scenario's
    share of priced zones."""
    for anchor in anchors:
        got = sum(billed[k] for k in _on(billed, anchor))
        had = sum(sum(modelled[k]) for k in _on(modelled, anchor))
        if got > 0 and had > 0:
            if unpriced is not None:
                bill, base, catalog = unpriced
                provider = _on(billed, anchor)[0].provider
                got += sum(
                    line.billing_quantity
                    for line in _traffic(bill, anchor)
                    if line.unpriced is not None
                )
                had /= 1 - _unpriced_share(base, provider, anchor, catalog)
            return got / had, " ".join(anchor), got, had
    return None


def _anchor(name: str) -> tuple[str, str]:
    service, dimension = name.split(" ")
    return service, dimension


def _traffic(bill: Bill, anchor: tuple[str, str]) -> list[BillLine]:
    """The bill's usage lines on `anchor`, priced or in a zone the catalog leaves unpriced."""
    return [
        line
        for line in bill.of_kind("usage")
        if (key := line.key or line.unpriced) is not None and (key.service, key.dimension) == anchor
    ]


def _zone_maps(provider: str, anchor: tuple[str, str]) -> set[str]:
    """The zone maps `provider`'s components priced on `anchor` place scenario regions by."""
    return {
        c.zone_map
        for t in PRICED.values()
        for c in t.components
        if t.provider == provider and (c.service, c.dimension) == anchor and c.zone_map
    }


def _unpriced_share(
    base: Scenario, provider: str, anchor: tuple[str, str], catalog: Catalog
) -> float:
    """The base scenario's share of traffic in regions whose zone has no price on `anchor`
    (below 1: some priced traffic was modelled, so some region is priced)."""
    maps = _zone_maps(provider, anchor)
    share = 0.0
    for region, part in base.regions.items():
        zones = {catalog.zone(provider, m, region) for m in maps} - {None}
        if any(not catalog.has(PriceKey(provider, *anchor, zone)) for zone in zones if zone):
            share += part
    return min(share, 1 - 1e-12)


def _regions(
    bill: Bill, billed: Mapping[PriceKey, float], base: Scenario, catalog: Catalog
) -> tuple[dict[str, float], str] | None:
    """Region shares from the CDN's billed bandwidth: by the region the bill names (Fastly's
    regions, CloudFront's edge prefixes), else by price zone, split within a zone in the base
    scenario's proportions (equal shares where it has none)."""
    for anchor in ANCHORS["egress"]:
        keys = _on(billed, anchor)
        if not keys or sum(billed[k] for k in keys) <= 0:
            continue
        lines = _traffic(bill, anchor)
        if all(line.scenario_region for line in lines):
            # every region the bill names, those the catalog leaves unpriced too
            everywhere = sum(line.billing_quantity for line in lines)
            named: dict[str, float] = defaultdict(float)
            for line in lines:
                named[line.scenario_region] += line.billing_quantity / everywhere
            return dict(named), f"{' '.join(anchor)} by the bill's regions"
        total = sum(billed[k] for k in keys)
        provider = keys[0].provider
        maps = _zone_maps(provider, anchor)
        shares: dict[str, float] = {}
        for key in keys:
            members = [
                r for r in REGIONS if any(catalog.zone(provider, m, r) == key.zone for m in maps)
            ]
            if not members:
                return None
            weights = [base.regions.get(r, 0.0) for r in members]
            if not sum(weights):
                weights = [1.0] * len(members)
            for region, weight in zip(members, weights, strict=True):
                shares[region] = shares.get(region, 0.0) + billed[key] / total * weight / sum(
                    weights
                )
        return {r: s for r, s in shares.items() if s > 0}, f"{' '.join(anchor)} by price zone"
    return None


def bill_scenario(
    base: Scenario,
    base_estimate: Estimate,
    bill: Bill,
    *,
    stack: str,
    as_of: dt.date,
    catalog: Catalog | None = None,
    shipped: bool = False,
) -> tuple[dict[str, Any], Scenario, tuple[str, ...]]:
    """The bill's traffic as a scenario file's content, the scenario it gives, and what was
    calibrated from what (figures the bill does not show stay `base`'s; `shipped`: `base` is
    the shipped scenario nearest the month, no -s given)."""
    catalog = catalog or default_catalog()
    billed_quantity = {key: quantity for key, (quantity, _) in bill.by_price().items()}
    modelled = _modelled(base_estimate)
    figures: list[str] = []
    units = {i.key: i.unit for i in base_estimate.line_items if i.key is not None}
    values = {
        "egress": base.egress,
        "requests": base.requests,
        "stored": base.stored,
        "uploads": base.uploads,
        "messages": base.messages,
        "dns_queries": base.dns_queries,
        "stats_stored": base.stats_stored,
    }
    for figure, anchors in ANCHORS.items():
        split = (bill, base, catalog) if figure in ("egress", "requests") else None
        found = _ratio(anchors, billed_quantity, modelled, split)
        if found:
            values[figure] *= found[0]
            ratio, anchor, got, had = found
            unit = next((units[k] for k in _on(units, _anchor(anchor))), "")
            # what the factor scales, in words: a bare "x7.05539e-06" said nothing (s12 review)
            figures.append(
                f"{figure} from {anchor} (x{ratio:.6g}: scenario {base.name}'s {figure} scaled "
                f"by the bill's {_amount(got)} {unit} over the {_amount(had)} the model gives it)"
            )
    hit = base.cache_hit_ratio
    found = _ratio(tuple(MISSES), billed_quantity, modelled)
    if found:
        of = MISSES[_anchor(found[1])]  # the misses scale with it: take its calibration out
        miss = (1 - base.cache_hit_ratio) * found[0] / (values[of] / getattr(base, of))
        if 0 <= miss <= 1:
            hit = 1 - miss
            figures.append(f"cache_hit_ratio from {found[1]}")
    shares = base.regions
    located = _regions(bill, billed_quantity, base, catalog)
    if located:
        shares = located[0]
        figures.append(f"regions from {located[1]}")
    doc = _scenario_doc(base, values, hit, shares, bill, stack, as_of, shipped)
    # exactly the figures the written file will give
    scenario = parse_scenario(yaml.safe_load(yaml.safe_dump(doc)), "calibrated scenario", stack)
    return doc, scenario, tuple(figures)


def calibrate(
    graph: Sequence[Resource],
    base: Scenario,
    base_estimate: Estimate,
    bill: Bill,
    *,
    stack: str,
    as_of: dt.date,
    regions: Mapping[str, str],
    sponsors: Mapping[str, SponsorTerms],
    catalog: Catalog | None = None,
    shipped: bool = False,
) -> Calibration:
    """`base` (with `base_estimate`, its estimate) is the scenario the bill's figures scale and
    the rest are kept from; `shipped`: the shipped scenario nearest the month (no -s)."""
    catalog = catalog or default_catalog()
    by_price = bill.by_price()
    billed_quantity = {key: quantity for key, (quantity, _) in by_price.items()}
    billed_cost = {key: cost for key, (_, cost) in by_price.items()}
    modelled = _modelled(base_estimate)
    doc, scenario, figures = bill_scenario(
        base, base_estimate, bill, stack=stack, as_of=as_of, catalog=catalog, shipped=shipped
    )
    plain = estimate(
        graph, scenario, stack=stack, as_of=as_of, sponsors=sponsors, regions=regions,
        catalog=catalog,
    )  # fmt: skip
    covered = set(bill.providers())
    stretches, paid = _modelled(plain), _modelled(plain, paid=True)
    units = {i.key: i.unit for i in plain.line_items if i.key is not None}
    billed_paid, _ = _paid(plain, stretches, paid, billed_quantity, billed_cost)
    entries, left_out = [], []
    for key in sorted(stretches, key=str):
        if key.provider not in covered or (key in billed_cost and billed_cost[key] is None):
            continue  # not in these bills, or usage only: the list rate stays
        if key not in billed_cost:
            left_out.append(f"{key}: not billed in {bill.month}")
            continue
        target = round_cents(billed_cost[key] or 0.0)
        quantity = billed_paid.get(key, 0.0)
        # the rate at the bill's own paid quantity, spread over the estimate's stretches
        rate = pin_rate(_scaled(paid.get(key, []), quantity), target)
        if rate is None:
            left_out.append(f"{key}: no billed usage outside the free allowance in {bill.month}")
            continue
        # amortised: what the usage cost with its commitments spread over it (bills/formats.py)
        note = (
            f"billed {usd(target):,.2f} USD (amortised) for {billed_quantity[key]:,.6g} "
            f"{units[key]} {_in(bill)}"
        )
        if quantity < billed_quantity[key] * (1 - 1e-9):
            note += f", {quantity:,.6g} of them outside the free allowance"
        entry = {
            "provider": key.provider,
            "service": key.service,
            "dimension": key.dimension,
            "zone": key.zone,
            **({"variant": key.variant} if key.variant else {}),
            "effective": as_of,
            "rate": {"unit": units[key], "tiers": [[None, rate]]},
            "note": note,
        }
        entries.append(entry)
    book_doc = {
        "name": f"{stack}-{bill.month}-calibrated",
        "source": f"effective rates of {', '.join(bill.files)} ({bill.month}), amortised "
        "(a commitment's cost spread over the usage it covers), by indexplan actuals",
        "entries": entries,
    }
    # a billed price the stack's model lacks is billed but not modelled, as an unmapped row is:
    # no rate can reproduce it
    inside = {
        k: (billed_quantity[k], v, billed_paid.get(k, 0.0))
        for k, v in billed_cost.items()
        if k in modelled or k in stretches
    }
    checks, reproduced, target_total = _check(
        graph, scenario, book_doc, bill, inside, stack, as_of, regions, sponsors, catalog
    )
    return Calibration(
        doc, book_doc, tuple(figures), tuple(checks), reproduced, target_total, tuple(left_out)
    )


def _paid(
    plain: Estimate,
    stretches: Mapping[PriceKey, Sequence[float]],
    paid: Mapping[PriceKey, Sequence[float]],
    billed_quantity: Mapping[PriceKey, float],
    billed_cost: Mapping[PriceKey, float | None],
) -> tuple[dict[PriceKey, float], set[PriceKey]]:
    """Per billed price, how much of its billed quantity the bill charged for: the rest is its
    free allowance; and the prices that share one where the bill's money placed it.

    An account-wide allowance is taken out as the model takes it out at the bill's quantities
    (`allowance_at`: every price of the pool at what was billed, one not billed at none), not at
    the estimate's: a month wholly inside CloudFront's 1 TB or 10M requests was charged for
    nothing, so it has no effective rate. A price with a free part of its own (a 0-priced
    stretch) keeps the estimate's. Prices that share one allowance and were charged beyond it
    are charged for their total less the allowance, but the provider places the allowance where
    it accrues, not pro rata as the estimate does: each price's charged part is its billed cost
    at one discount off the estimate's rates, the discount that makes the parts add up to that
    total (AWS billing EU 289.92 and US 222.92 at list 0.085 gives 0.88 of list, and 3,876 and
    2,980.23 GB charged)."""
    tiers = {key: f.tiers for key, f in price_functions(plain).items()}
    at_bill = allowance_at(plain, billed_quantity)
    pools: dict[tuple[Any, ...], list[PriceKey]] = defaultdict(list)
    for selected in plain.prices_used:
        key, version = selected.key, selected.version
        if key not in billed_cost:
            continue
        own = (key.provider, key.service, key.dimension, key.variant, version.effective)
        pool = (key.provider, version.allowance_pool) if version.allowance_pool else own
        pools[pool if version.allowance is not None else (key,)].append(key)
    out, shared = {}, set()
    for keys in pools.values():
        free = {
            k: sum(at_bill[k]) if k in at_bill else sum(stretches.get(k, ())) - sum(paid.get(k, ()))
            for k in keys
        }
        charged = sum(billed_quantity[k] for k in keys) - sum(free.values())
        at_list = {k: _at_list(tiers.get(k, ()), billed_quantity[k], billed_cost[k]) for k in keys}
        whole = sum(at_list.values())
        for key in keys:
            if len(keys) == 1 or not whole > 0 or not charged > 0:
                out[key] = max(billed_quantity[key] - free[key], 0.0)
            else:
                out[key] = min(billed_quantity[key], at_list[key] / whole * charged)
                shared.add(key)
    return out, shared


def billed_free(est: Estimate, bill: Bill) -> dict[PriceKey, float]:
    """For each price of `est` that shares an account-wide allowance with others, was charged
    beyond it and whose bill states money: the part of its billed quantity the bill left free
    (where the allowance fell, which the estimate spreads pro rata)."""
    by_price = bill.by_price()
    quantity = {k: q for k, (q, c) in by_price.items() if c is not None}
    cost = {k: by_price[k][1] for k in quantity}
    charged, shared = _paid(est, _modelled(est), _modelled(est, paid=True), quantity, cost)
    return {k: max(quantity[k] - charged[k], 0.0) for k in shared}


def _at_list(tiers: Sequence[Tier], quantity: float, cost: float | None) -> float:
    """The units `cost` pays for at the ladder's average rate over `quantity` (0: no cost)."""
    dollars = sum(use.quantity * use.price for use in split(quantity, tiers)[0])
    return (cost or 0.0) / dollars * quantity if dollars > 0 and quantity > 0 else 0.0


def _scaled(stretches: Sequence[float], quantity: float) -> list[float]:
    """`stretches` scaled to add up to `quantity` (one stretch when there are none)."""
    total = sum(stretches)
    return [s * quantity / total for s in stretches] if total > 0 else [quantity]


def pin_rate(stretches: Sequence[float], cents: int) -> float | None:
    """The shortest flat rate at which the stretches, each rounded to the cent once, add up to
    `cents`; None if nothing is billed for no quantity (nothing to price)."""
    quantity = sum(stretches)
    if quantity <= 0:
        return None

    def total(rate: float) -> int:
        return sum(round_cents(q * rate) for q in stretches)

    guess = usd(cents) / quantity
    low, high = guess * (1 - 1e-6), guess * (1 + 1e-6) + 1e-15
    while total(low) > cents:
        low -= (high - low) or 1e-15
    while total(high) < cents:
        high += high - low
    rate = guess
    for _ in range(200):  # total() is non-decreasing in the rate: bisect to a hit
        if total(rate) == cents:
            break
        if total(rate) < cents:
            low = rate
        else:
            high = rate
        rate = (low + high) / 2
    for digits in range(3, 18):  # then the fewest digits that still hit
        short = float(f"{rate:.{digits}g}")
        if total(short) == cents:
            return short
    return rate


def _amount(value: float) -> str:
    """6 significant digits, in thousands rather than an exponent below 10^15."""
    rounded = float(f"{value:.6g}")
    return f"{rounded:,.0f}" if 1e6 <= rounded < 1e15 else f"{rounded:,.6g}"


def _short(value: float) -> float:
    """9 significant digits: the file reads cleanly, and the rates are pinned on what it gives."""
    return float(f"{value:.9g}")


def _scenario_doc(
    base: Scenario,
    values: Mapping[str, float],
    hit: float,
    shares: Mapping[str, float],
    bill: Bill,
    stack: str,
    as_of: dt.date,
    shipped: bool = False,
) -> dict[str, Any]:
    """The calibrated figures, and every figure of `base` the bill does not replace (its app,
    search, mail, monitoring, objects and upload size, CDN weights, peaks, growth), so that the
    lines the bill does not measure estimate as `base` does."""
    nearest = f" (the shipped scenario nearest {bill.month}: no -s was given)" if shipped else ""
    traffic: dict[str, Any] = {
        "egress": f"{values['egress']:.9g} B/month",
        "requests": f"{values['requests']:.9g}/month",
        "cache_hit_ratio": _short(hit),
        "regions": {r: _short(share) for r, share in sorted(shares.items())},
    }
    if base.cdn_weights is not None:
        traffic["cdn_weights"] = {k: _short(v) for k, v in base.cdn_weights.items()}
    storage: dict[str, Any] = {
        "stored": f"{values['stored']:.9g} B",
        "uploads": f"{values['uploads']:.9g}/month",
    }
    if base.objects is not None:
        storage["objects"] = int(base.objects)  # a number of files: whole (the file's parser)
    # the base's mean upload, stated or its own stored / objects: the bill shows neither files
    # nor their sizes, so the calibrated stored bytes over the base's file count would be a mix
    size = base.upload_size
    if size is None and base.objects:
        size = base.stored / base.objects
    if size is not None:
        storage["upload_size"] = f"{size:.9g} B"
    doc: dict[str, Any] = {
        "name": f"{stack}-{bill.month}-calibrated",
        "description": f"{stack} {_in(bill)}, its traffic as billed",
        "source": f"indexplan actuals from {', '.join(bill.files)} ({bill.month}); figures the "
        f"bill does not show are scenario {base.name}'s{nearest}",
        "as_of": as_of,
        "traffic": traffic,
        "storage": storage,
        "queue": {
            "messages": f"{values['messages']:.9g}/month",
            "message_size": f"{base.message_size:.9g} B",
        },
        "dns": {"queries": f"{values['dns_queries']:.9g}/month"},
        "statistics": {"stored": f"{values['stats_stored']:.9g} B"},
    }
    for section, fields in _KEPT.items():
        kept = {
            name: shown(value)
            for name, (attribute, shown) in fields.items()
            if (value := getattr(base, attribute)) is not None
        }
        if kept:
            doc[section] = kept
    doc["growth"] = {"per_year": base.growth_per_year}
    peaks = {
        period: {k: v for k, v in (("egress", ratio.egress), ("requests", ratio.requests)) if v}
        for period, ratio in (("day", base.peaks.day), ("hour", base.peaks.hour))
    }
    if any(peaks.values()):
        doc["peaks"] = {period: ratios for period, ratios in peaks.items() if ratios}
    return doc


def unshown(base: Scenario, figures: Sequence[str]) -> list[str]:
    """`base`'s figures that `figures` (what was calibrated from the bill) do not replace, as
    `path value`, a default of the scenario file marked so: what the written scenario keeps."""
    calibrated = {f.split(" from ", 1)[0] for f in figures}
    defaults = {path for path, _ in base.defaults_used}
    regions = ", ".join(f"{r} {v:.3g}" for r, v in sorted(base.regions.items()))
    candidates: list[tuple[str, str, str]] = [
        ("requests", "traffic.requests", f"{base.requests:,.6g}/month"),
        ("cache_hit_ratio", "traffic.cache_hit_ratio", f"{base.cache_hit_ratio:.6g}"),
        ("regions", "traffic.regions", regions),
        ("stored", "storage.stored", f"{base.stored:,.6g} B"),
        ("uploads", "storage.uploads", f"{base.uploads:,.6g}/month"),
        ("messages", "queue.messages", f"{base.messages:,.6g}/month"),
        ("", "queue.message_size", f"{base.message_size:,.6g} B"),
        ("dns_queries", "dns.queries", f"{base.dns_queries:,.6g}/month"),
        ("stats_stored", "statistics.stored", f"{base.stats_stored:,.6g} B"),
        ("", "growth.per_year", f"{base.growth_per_year:.6g}"),
    ]
    for section, fields in _KEPT.items():
        for name, (attribute, shown) in fields.items():
            if (value := getattr(base, attribute)) is not None:
                candidates.append(("", f"{section}.{name}", shown(value)))
    return [
        f"{path} {value}" + (" (its default)" if path in defaults else "")
        for figure, path, value in candidates
        if figure not in calibrated
    ]


def _per_month(value: float) -> str:
    return f"{value:.9g}/month"


def _bytes(value: float) -> str:
    return f"{value:.9g} B"


def _bytes_per_month(value: float) -> str:
    return f"{value:.9g} B/month"


# The scenario file's optional figures no bill measures: section -> field -> (the Scenario's
# attribute, how the file writes it); None in the base is left out (derived, as the base does)
_KEPT: dict[str, dict[str, tuple[str, Any]]] = {
    "app": {
        "requests": ("app_requests", _per_month),
        "route_share": ("app_route_share", _short),
        "response_size": ("app_response_size", _bytes),
        "seconds_per_request": ("app_seconds_per_request", _short),
    },
    "search": {"queries": ("search_queries", _per_month)},
    "email": {"messages": ("email_messages", _per_month)},
    "monitoring": {
        "hosts": ("monitoring_hosts", _short),
        "custom_metrics": ("monitoring_custom_metrics", _short),
        "logs": ("monitoring_logs", _bytes_per_month),
    },
}


def _check(
    graph: Sequence[Resource],
    scenario: Scenario,
    book_doc: dict[str, Any],
    bill: Bill,
    billed: Mapping[PriceKey, tuple[float, float | None, float]],
    stack: str,
    as_of: dt.date,
    regions: Mapping[str, str],
    sponsors: Mapping[str, SponsorTerms],
    catalog: Catalog,
) -> tuple[list[str], int, int]:
    """The calibrated estimate, with the written book, against the bill per price (`billed`:
    quantity, cost and the part charged for). Where it differs, why: the model's quantity is
    not the bill's (730 billing hours a month), or the estimate places a shared free allowance
    pro rata where the bill placed it where it accrued; anything else is a failure."""
    if not book_doc["entries"]:
        return ["no price with money on the bill to calibrate"], 0, 0
    book = parse_price_book(
        yaml.safe_load(yaml.safe_dump(book_doc)), "calibrated price book", stack, catalog
    )
    again = estimate(
        graph, scenario, stack=stack, as_of=as_of, sponsors=sponsors, regions=regions,
        catalog=catalog, price_book=book,
    )  # fmt: skip
    covered = set(bill.providers())
    cents: dict[PriceKey, int] = defaultdict(int)
    for item in again.line_items:
        if item.key is not None and item.key.provider in covered:
            cents[item.key] += item.contracted_cents
    stretches, paid = _modelled(again), _modelled(again, paid=True)
    checks, reproduced, target_total = [], 0, 0
    for key in sorted(set(cents) | {k for k, v in billed.items() if v[1] is not None}, key=str):
        quantity, cost, charged = billed.get(key, (0.0, 0.0, 0.0))
        if cost is None:
            continue
        target = round_cents(cost)
        got = cents.get(key)
        target_total += target
        if got == target:
            reproduced += target
            continue
        shown = "not priced by the model" if got is None else f"{usd(got):,.2f}"
        what = f"{key}: billed {usd(target):,.2f}, calibrated {shown}"
        model = sum(stretches.get(key, ()))
        if key not in billed:
            checks.append(f"not billed: {what} (no effective rate: left out of the book)")
        elif got is not None and not _close(model, quantity):
            unit = next(i.unit for i in again.line_items if i.key == key)
            checks.append(f"quantity: {what}: the bill has {quantity:,.6g} {unit}, the model "
                          f"{model:,.6g}{_hours(unit, bill)}")  # fmt: skip
        elif got is not None and not _close(charges := sum(paid.get(key, ())), charged):
            checks.append(f"allowance: {what}: the bill charged {charged:,.6g} of its "
                          f"{quantity:,.6g} (the free allowance where it accrued), the "
                          f"estimate {charges:,.6g} (its share pro rata)")  # fmt: skip
        else:
            checks.append(f"differs: {what}")
    if not checks:
        checks.append(f"every price billed reproduced to the cent ({usd(reproduced):,.2f} USD)")
    return checks, reproduced, target_total


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-6 * max(abs(a), abs(b), 1.0)


def _hours(unit: str, bill: Bill) -> str:
    """Why an hourly price's quantity differs: the model's month is 730 hours (a mean month's
    hours are its months' average)."""
    if "hour" not in unit:
        return ""
    months = sorted({line.month for line in bill.lines} - {""}) or [bill.month]
    days = [calendar.monthrange(*(int(p) for p in m.split("-")))[1] for m in months]
    hours = f"{sum(days) * 24 / len(days):,.6g}"
    has = "has" if len(months) == 1 else "has on average"
    return (
        f" (the model prices 730 hours a month, {bill.month} {has} {hours}: the rate is the "
        "bill's per billed hour)"
    )


def _in(bill: Bill) -> str:
    """When the bill's figures are: its month, or a mean month of its span."""
    return f"in an average month of {bill.month}" if "/" in bill.month else f"in {bill.month}"


def mean_month(bills: Sequence[Bill]) -> Bill:
    """Several months' bills as their average month (`month` their span, "2026-01/2026-03"):
    each line's quantities and money over the number of months. A rate pinned on it is the
    months' total cost over their total paid quantity, each month's free allowance taken out
    once a month; the scenario it gives is the average month's traffic."""
    n = len(bills)

    def part(value: float | None) -> float | None:
        return None if value is None else value / n

    lines = tuple(
        dataclasses.replace(
            line,
            quantity=line.quantity / n,
            billing_quantity=line.billing_quantity / n,
            cost=part(line.cost),
            list_cost=part(line.list_cost),
        )
        for bill in bills
        for line in bill.lines
    )
    label = bills[0].month if n == 1 else f"{bills[0].month}/{bills[-1].month}"
    files = tuple(dict.fromkeys(f for bill in bills for f in bill.files))
    return Bill(label, files, lines)
