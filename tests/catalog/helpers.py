"""Small graphs for the catalog's tests: a resource of a component, and an estimate's lines."""

from __future__ import annotations

from typing import Any

from costmodel.model.estimate import Estimate
from costmodel.model.graph import Resource


def res(type_: str, name: str, role: str, **inputs: Any) -> Resource:
    parent = f"indexplan:{role}:Component"
    return Resource(f"urn:pulumi:test::indexplan::{type_}::{name}", type_, name, parent, inputs)


def lines(est: Estimate, resource: str | None = None) -> list[tuple[str, str, float, float]]:
    """(component, region, unit price, monthly USD) of each line (of `resource`, if given)."""
    return [
        (i.component, i.region, i.unit_price_usd, i.monthly_usd)
        for i in est.line_items
        if resource is None or i.resource == resource
    ]
