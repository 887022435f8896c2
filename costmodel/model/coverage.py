"""Sizes the catalog cannot price: a graph's instance classes, node types and tiers checked
against the catalog before any estimate (no usage needed), each as one line naming the size
and the region."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from costmodel.model.components import PRICED, Context, Unpriceable
from costmodel.model.graph import Resource
from costmodel.model.no_usage import NO_USAGE, DependsOnUsage
from costmodel.model.prices import Catalog, PriceKey, default_catalog


def unpriced_sizes(
    graph: Sequence[Resource], regions: Mapping[str, str], catalog: Catalog | None = None
) -> list[str]:
    """`<resource>: <why>` for every sized component of `graph` that would be unpriced."""
    import costmodel.model.resources  # noqa: F401  (registers the priced types)

    catalog = catalog or default_catalog()
    ctx = Context(scenario=NO_USAGE, graph=tuple(graph), regions=dict(regions))
    found: list[str] = []
    for resource in graph:
        entry = PRICED.get(resource.type)
        sized = [c for c in entry.components if c.sizing and c.zone_map] if entry else []
        for comp in sized:
            assert entry is not None and comp.zone_map is not None
            try:  # a sized component's usage reads the resource's inputs only
                quantities = comp.usage(resource, ctx)
                variant = comp.variant(resource) if comp.variant and quantities else None
            except DependsOnUsage:
                continue
            except Unpriceable as exc:
                found.append(f"{resource.name}: {exc}")
                if exc.whole:
                    break
                continue
            for where in quantities:
                zone = catalog.zone(entry.provider, comp.zone_map, where)
                key = PriceKey(entry.provider, comp.service, comp.dimension, zone or "", variant)
                if zone is None:
                    found.append(f"{resource.name}: no {comp.service} price for region {where}")
                elif not catalog.has(key):
                    found.append(f"{resource.name}: {catalog.missing(key)}")
    return list(dict.fromkeys(found))
