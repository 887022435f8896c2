"""Resources without usage: priced only where their inputs suffice, else "depends on usage".

A resource whose usage is unknown (another program's second bucket, with no `--usage` entry)
is priced against `NO_USAGE`, a scenario whose every figure raises `DependsOnUsage`. Cost
components that need no usage (instance hours, disks) are priced as usual; the others are
listed with their unit price instead of a guessed quantity or $0.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from typing import Any, cast

from costmodel.errors import InputError
from costmodel.model.components import Component, Context, Unpriceable
from costmodel.model.graph import Resource
from costmodel.model.prices import Catalog, NotLaunched, PriceKey
from costmodel.model.scenario import REGIONS, Scenario

DEPENDS_ON_USAGE = "depends on usage"


class DependsOnUsage(Exception):
    def __init__(self, field: str) -> None:
        super().__init__(field)
        self.field = field


class _NoUsage:
    def __getattr__(self, name: str) -> Any:
        raise DependsOnUsage(name)


NO_USAGE = cast(Scenario, _NoUsage())


def context_for(ctx: Context, usage: dict[str, Scenario | None], resource: Resource) -> Context:
    """The pricing context of one resource: its own usage where the usage file gave one."""
    if resource.urn not in usage:
        return ctx
    made: dict[str, Context] = ctx.index.memo("contexts", lambda g: {})
    if resource.urn not in made:
        scenario = usage[resource.urn]
        made[resource.urn] = Context(
            scenario=NO_USAGE if scenario is None else scenario,
            graph=ctx.graph,
            regions=ctx.regions,
            notes=ctx.notes,
            shared_index=ctx.index,
        )
    return made[resource.urn]


def depends_on_usage(
    catalog: Catalog,
    as_of: dt.date,
    provider: str,
    comp: Component,
    resource: Resource,
    ctx: Context,
) -> str:
    """The unpriced reason for a component without usage, with its unit price where known."""
    ctx.notes.add(
        f"{resource.name}: no usage given, so its usage-based costs are listed as "
        f"'{DEPENDS_ON_USAGE}' (give them with --usage FILE)"
    )
    variant = None
    with contextlib.suppress(Unpriceable):
        variant = comp.variant(resource) if comp.variant else None
    region = None
    with contextlib.suppress(Unpriceable):
        region = ctx.region(provider, resource)
    # Resources alike in these get the same reason: find it once (10^4 buckets, one lookup).
    known: dict[Any, str] = ctx.index.memo("depends on usage", lambda g: {})
    key = (catalog, as_of, provider, comp, variant, region)
    if key not in known:
        known[key] = _unit_price(catalog, as_of, provider, comp, variant, region)
    return known[key]


def _unit_price(
    catalog: Catalog,
    as_of: dt.date,
    provider: str,
    comp: Component,
    variant: str | None,
    region: str | None,
) -> str:
    for zone in _zones(catalog, provider, comp, region):
        key = PriceKey(provider, comp.service, comp.dimension, zone, variant)
        if not catalog.has(key):
            continue
        try:
            selected = catalog.select(key, as_of)
        except (InputError, NotLaunched):  # not launched yet, before its first price, ended
            return f"{DEPENDS_ON_USAGE}: no price in force on {as_of.isoformat()}"
        paid = [t for t in selected.version.tiers if t[1] > 0] or selected.version.tiers
        rate = paid[0][1]
        return f"{DEPENDS_ON_USAGE}: ${rate:.10g} per {selected.price.unit} ({zone})"
    return f"{DEPENDS_ON_USAGE}: no unit price found"


def _zones(catalog: Catalog, provider: str, comp: Component, region: str | None) -> list[str]:
    """Price zones to quote, best first: the component's own, the resource's region's, then
    the zones of the scenario regions in their documented order."""
    if comp.zone:
        return [comp.zone]
    if not comp.zone_map:
        return []
    keys = ([region] if region else []) + list(REGIONS)  # no region: quote by scenario region
    zones = [catalog.zone(provider, comp.zone_map, k) for k in keys]
    return [z for z in zones if z is not None]
