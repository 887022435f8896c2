"""Cost components and the registry of resource types: priced, free on purpose, or neither.

A priced type declares its components as data (name, price to look up, which usage feeds it),
in the manner of Infracost; the estimate does all arithmetic. A type in neither registry is
reported as unpriced, so a new resource in the program never silently costs $0.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from costmodel.model.graph import GraphIndex, Resource
from costmodel.model.prices import Measure
from costmodel.model.scenario import Scenario

if TYPE_CHECKING:
    from costmodel.model.estimate import Unpriced


class Unpriceable(Exception):
    """A component (or, when `whole`, the whole resource) cannot be priced; the message says why."""

    def __init__(self, reason: str, whole: bool = False) -> None:
        super().__init__(reason)
        self.whole = whole


@dataclass(frozen=True)
class Context:
    """What usage functions may read: the scenario, the whole graph, the stack's regions."""

    scenario: Scenario
    graph: tuple[Resource, ...]
    # provider -> region from the stack config (aws:region, gcp:region)
    regions: Mapping[str, str] = field(default_factory=dict)
    notes: set[str] = field(default_factory=set)
    # lookups over `graph`, built once and shared by every context of one estimate
    shared_index: GraphIndex | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.shared_index is None:
            object.__setattr__(self, "shared_index", GraphIndex(self.graph))

    @property
    def index(self) -> GraphIndex:
        assert self.shared_index is not None  # set in __post_init__
        return self.shared_index

    def region(self, provider: str, resource: Resource) -> str:
        for key in ("region", "location"):
            value = resource.inputs.get(key)
            if isinstance(value, str) and value and not value.startswith("["):
                return value
        if provider in self.regions:
            return self.regions[provider]
        raise Unpriceable(f"no {provider} region known (set {provider}:region in the stack)")


# Usage: where (a scenario region key, a cloud location or a zone) -> quantity in the measure.
UsageFn = Callable[[Resource, Context], Mapping[str, float]]
VariantFn = Callable[[Resource], str]


@dataclass(frozen=True)
class Component:
    name: str
    service: str
    dimension: str
    measure: Measure
    usage: UsageFn
    # catalog zone map that turns the usage's keys into price zones; None: keys are zones
    zone_map: str | None = None
    variant: VariantFn | None = None
    zone: str | None = None  # a fixed price zone, whatever the usage's keys
    # priced by the resource's size (class, node type, tier) in its own region: `indexplan
    # check` warns before any estimate when the catalog has no such price
    sizing: bool = False
    # the provider that bills it, when not the type's package (B2 through pulumi-aws's S3 API)
    provider: str | None = None
    # where the quantity comes from (a bucket's location), when its price depends on that as
    # well: zone_map's keys are then `<source zone>/<usage key>`, the source zone from the map
    # named `<zone_map>_source` (Cloud CDN cache fill: by bucket and edge continent); "" keeps
    # the plain keys (CloudFront: its price class, "" for every edge)
    source: Callable[[Resource, Context], str] | None = None
    # a free tier of this resource's own, by the usage's keys (capped at the usage): free at
    # the bottom of its ladder and shown as a "(free)" line, as a catalog allowance is
    free: UsageFn | None = None


@dataclass(frozen=True)
class PricedType:
    type: str
    provider: str
    components: tuple[Component, ...]


PRICED: dict[str, PricedType] = {}
FREE: dict[str, str] = {}
# Types that cost nothing when their own inputs turn the paid feature off (an ECS cluster
# without Container Insights), with the reason and the test; otherwise priced or unpriced as
# any type of theirs is.
FREE_WHEN: dict[str, tuple[str, Callable[[Resource], bool]]] = {}
# Types known to cost money that the catalog has no sourced price for, with the reason.
KNOWN_UNPRICED: dict[str, str] = {}


def priced(type_token: str, *components: Component) -> PricedType:
    provider = type_token.split(":")[0]
    entry = PricedType(type_token, provider, components)
    if type_token in PRICED or type_token in FREE:
        raise ValueError(f"{type_token} registered twice")
    PRICED[type_token] = entry
    return entry


def free(reason: str, *type_tokens: str) -> None:
    for token in type_tokens:
        if token in PRICED or token in FREE:
            raise ValueError(f"{token} registered twice")
        FREE[token] = reason


def free_when(reason: str, type_token: str, test: Callable[[Resource], bool]) -> None:
    """`type_token` costs nothing when `test(resource)` holds, which reads only the resource's
    own inputs and answers False when they are not known (a computed value, an unset input
    that falls back to an account-wide default)."""
    if type_token in FREE or type_token in FREE_WHEN:
        raise ValueError(f"{type_token} registered twice")
    FREE_WHEN[type_token] = (reason, test)


def costs_nothing(resource: Resource) -> bool:
    """Free by its type, or by its own inputs (`free_when`)."""
    conditional = FREE_WHEN.get(resource.type)
    return is_free(resource.type) or (conditional is not None and conditional[1](resource))


def is_free(type_token: str) -> bool:
    """Declared free, or an indexplan component (it only groups resources priced on their own)."""
    return type_token in FREE or type_token.startswith("indexplan:")


def holes(unpriced: Iterable[Unpriced]) -> tuple[Unpriced, ...]:
    """The unpriced parts that cost money: every one but those of a type declared free."""
    return tuple(u for u in unpriced if not is_free(u.type))


def known_unpriced(type_token: str, reason: str) -> None:
    KNOWN_UNPRICED[type_token] = reason


def unpriced_reason(type_token: str) -> str:
    return KNOWN_UNPRICED.get(type_token, "resource type not in the cost model")


def provider_of(type_token: str) -> str:
    """`aws:s3/bucket:Bucket` -> aws; `pulumi:providers:gcp` -> gcp."""
    head = type_token.split(":")
    return head[2] if head[0] == "pulumi" and len(head) > 2 else head[0]
