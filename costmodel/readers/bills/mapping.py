"""Bill lines -> catalog prices, by the rules in `mapping.yaml` (data, each rule with its source).

Only the bill's groups pass through here (a few hundred, whatever the bill's size). A usage or
discount line no rule maps keeps `key = None` and says why, so the report lists it as billed
but not modelled; nothing is dropped.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from costmodel.files.jsonfile import validate_as
from costmodel.files.yamlfile import load_yaml_mapping
from costmodel.model.bill import Bill, BillLine
from costmodel.model.prices import Catalog, PriceKey
from costmodel.readers.bills.formats import BY_OPERATION
from costmodel.readers.bills.services import services

MAPPING_FILE = Path(__file__).resolve().parent / "mapping.yaml"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Target(_Strict):
    service: str
    dimension: str  # `{group}` fills it in, as `zone`
    zone: str | None = None  # a price zone; `{region}`, `{REGION}` or `{group}` fill it in
    zones: dict[str, str] | None = None  # what `zone` gives -> the price zone
    zone_map: str | None = None  # or: the catalog zone map the row's region goes through
    variant: str | None = None


class Lookup(_Strict):
    """A template (`{region}`, `{group}`) and the table its value is looked up in."""

    key: str
    map: dict[str, str]

    def of(self, fill: dict[str, str]) -> str | None:
        return self.map.get(self.key.format(**fill))


class Rule(_Strict):
    provider: Literal["aws", "gcp", "fastly"]
    usage: str
    unit: str
    price: Target
    source: str = Field(min_length=1)
    service: str | None = None
    region: str | None = None
    per_unit: float = Field(default=1.0, gt=0)
    scenario_region: Lookup | None = None
    # a named group's value as the catalog spells it (`Zonal` -> `zonal`), before templates
    rename: dict[str, dict[str, str]] = Field(default_factory=dict)

    @field_validator("usage", "unit", "service", "region")
    @classmethod
    def _pattern(cls, value: str | None) -> str | None:
        if value is not None:
            re.compile(value)
        return value

    def bill_services(self) -> str:
        """The row services this rule applies to, as a pattern."""
        if self.service is not None:
            return self.service
        return "|".join(re.escape(n) for n in self.service_names())

    def service_names(self) -> tuple[str, ...]:
        """The same, as names to print (a `service` pattern is an alternation of names)."""
        if self.service is not None:
            return tuple(self.service.split("|"))
        named = services().service(self.provider, self.price.service)
        return tuple(n for n in (named.name, named.code) if n)


class Mapping(_Strict):
    # a FOCUS UnitFormat name -> the providers' own spellings of that unit
    unit_format: dict[str, list[str]] = Field(default_factory=dict)
    rules: list[Rule]


@cache
def _mapping() -> Mapping:
    data = load_yaml_mapping(MAPPING_FILE, "bill mapping rules")
    return validate_as(Mapping, data, str(MAPPING_FILE))


def default_rules() -> tuple[Rule, ...]:
    return tuple(_mapping().rules)


def _unit_fits(pattern: str, unit: str) -> bool:
    """The bill's unit, or a spelling of it `unit_format` lists, matches a rule's unit."""
    spellings = (unit, *_mapping().unit_format.get(unit, ()))
    return any(re.fullmatch(pattern, u) for u in spellings)


def map_bill(bill: Bill, catalog: Catalog, rules: Sequence[Rule] | None = None) -> Bill:
    """`bill` with each usage and discount line mapped to a catalog price, or told why not."""
    chosen = default_rules() if rules is None else tuple(rules)
    lines = tuple(
        _map(line, catalog, chosen) if line.kind in ("usage", "discount") else line
        for line in bill.lines
    )
    # a discount goes where its usage went: mapped on its own (its unit is not checked), it
    # would be a component billed only the discount, below zero
    unmapped = {_meter(u): u.reason for u in lines if u.kind == "usage" and u.key is None}
    lines = tuple(
        _unmapped(line, unmapped[_meter(line)])
        if line.kind == "discount" and line.key and _meter(line) in unmapped
        else line
        for line in lines
    )
    return dataclasses.replace(bill, lines=lines)


def _meter(line: BillLine) -> tuple[str, ...]:
    return (line.file, line.provider, line.service, line.usage, line.region)


def _map(line: BillLine, catalog: Catalog, rules: Sequence[Rule]) -> BillLine:
    own = _own_key(line, catalog)
    if own is not None:  # indexplan's own FOCUS row: already in the catalog's billing unit
        return dataclasses.replace(line, key=own, billing_quantity=line.quantity)
    for rule in rules:
        if rule.provider != line.provider:
            continue
        usage = re.fullmatch(rule.usage, line.usage)
        if usage is None or not re.fullmatch(rule.bill_services(), line.service):
            continue
        if rule.region is not None and not re.fullmatch(rule.region, line.region):
            continue
        if line.kind == "usage" and not _unit_fits(rule.unit, line.unit):
            return _unmapped(
                line, f"unit {line.unit!r}; the rule ({rule.source}) bills {rule.unit}"
            )
        groups = {
            name: rule.rename.get(name, {}).get(value, value)
            for name, value in usage.groupdict().items()
        }
        fill = {"region": line.region, "REGION": line.region.upper(), **groups}
        target = rule.price
        if target.zone_map is not None:
            zone = catalog.zone(rule.provider, target.zone_map, line.region) or catalog.zone(
                rule.provider, target.zone_map, line.region.upper()
            )
        else:
            zone = (target.zone or "").format(**fill)
            zone = target.zones.get(zone) if target.zones is not None else zone
        if zone is None:
            return _unmapped(line, f"no {target.service} price zone for region {line.region!r}")
        variant = target.variant.format(**fill) if target.variant else None
        dimension = target.dimension.format(**fill)
        key = PriceKey(rule.provider, target.service, dimension, zone, variant)
        region = rule.scenario_region.of(fill) if rule.scenario_region else None
        mapped = dataclasses.replace(
            line, billing_quantity=line.quantity / rule.per_unit, scenario_region=region or ""
        )
        if not catalog.has(key):
            return dataclasses.replace(mapped, reason=catalog.missing(key), unpriced=key)
        return dataclasses.replace(mapped, key=key)
    return _unmapped(line, _no_rule(line, rules))


def _no_rule(line: BillLine, rules: Sequence[Rule]) -> str:
    """Why no rule maps `line`, said of indexplan's rules rather than of the bill: its usage has
    rules only under other service names, or indexplan does not (yet) cover the usage or the
    service (the README's "Actuals" lists what it covers)."""
    mine = [r for r in rules if r.provider == line.provider]
    elsewhere = sorted(
        {n for r in mine if re.fullmatch(r.usage, line.usage) for n in r.service_names()}
    )
    if elsewhere and line.service not in elsewhere:
        return (
            f"indexplan maps this usage only under the service {' or '.join(elsewhere)}, "
            f"not {line.service!r}"
        )
    if line.service in _by_operation(line.provider) and ":" not in line.usage:
        # a FOCUS row too: indexplan reads the operation from a CUR's column only
        return (
            f"this {line.service} row has no operation (the column line_item_operation of an "
            "AWS CUR), which indexplan's rule reads: only the operation tells which kind of "
            "load balancer it bills"
        )
    if any(re.fullmatch(r.bill_services(), line.service) for r in mine):
        return f"indexplan has no rule for this {line.service} usage yet"
    return f"indexplan has no rule for {line.service or line.provider} rows yet"


def _by_operation(provider: str) -> set[str]:
    """The products of BY_OPERATION as bills name them: a CUR's code, FOCUS's ServiceName."""
    named = services().providers.get(provider)
    listed = named.services.values() if named else ()
    return {*BY_OPERATION, *(s.name for s in listed if s.code in BY_OPERATION)}


def _own_key(line: BillLine, catalog: Catalog) -> PriceKey | None:
    """The catalog price a row's SkuId names: `str(PriceKey)`, "provider service dimension
    [variant] zone", where a variant or zone may hold spaces, so each split is tried."""
    parts = line.sku.split(" ")
    if len(parts) < 4 or parts[0] != line.provider:
        return None
    provider, service, dimension, *rest = parts
    for cut in range(len(rest)):
        variant = " ".join(rest[:cut]) or None
        key = PriceKey(provider, service, dimension, " ".join(rest[cut:]), variant)
        if catalog.has(key):
            return key
    return None


def _unmapped(line: BillLine, reason: str) -> BillLine:
    return dataclasses.replace(line, key=None, reason=reason)
