"""A price book's rate for a zone the catalog lacks takes its billing unit from the catalog's
other zones; where those zones disagree on the unit the rate is refused, naming them. A small
catalog of one made-up service (two zones billed per hour, one per minute) shows it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from costmodel.errors import InputError
from costmodel.model.pricebook import parse_price_book
from costmodel.model.prices import load_catalog


def price(zone: str, unit: str, unit_size: float) -> dict[str, Any]:
    version = {"effective": "2024-01-01", "source": "a list", "confidence": "confirmed",
               "tiers": [[None, 0.1]]}  # fmt: skip
    return {"service": "app", "dimension": "hours", "zone": zone, "unit": unit,
            "measure": "hours", "unit_size": unit_size, "versions": [version]}  # fmt: skip


@pytest.fixture
def catalog(tmp_path: Path) -> Any:
    prices = [price("us-east-1", "hour", 1), price("us-west-2", "hour", 1),
              price("eu-west-2", "minute", 1 / 60)]  # fmt: skip
    # us-east-2 is listed as unpriced, as the real catalog lists the regions it has no source for
    hole = {"service": "app", "dimensions": ["hours"], "zones": ["us-east-2"], "reason": "none"}
    data = {"provider": "aws", "prices": prices, "unpriced": [hole]}
    (tmp_path / "aws.json").write_text(json.dumps(data))
    return load_catalog(tmp_path)


def parse(catalog: Any, zone: str) -> Any:
    entry = {"provider": "aws", "service": "app", "dimension": "hours", "zone": zone,
             "rate": 0.2, "effective": "2026-01-01"}  # fmt: skip
    return parse_price_book({"source": "a bill", "entries": [entry]}, "b.yaml", "b", catalog)


def test_zones_billing_in_different_units_are_refused_by_name(catalog):
    with pytest.raises(InputError) as caught:
        parse(catalog, "us-east-2")
    assert str(caught.value) == (
        "b.yaml: entries.0: no price in the catalog for aws app hours us-east-2, and its other "
        "zones bill it in different units (hour in us-east-1, us-west-2; minute in eu-west-2): "
        "expected an entry for a zone the catalog prices"
    )


def test_one_unit_elsewhere_fills_the_hole(tmp_path):
    # without the per-minute zone, the hole takes the hourly unit of us-east-1 and us-west-2
    prices = [price("us-east-1", "hour", 1), price("us-west-2", "hour", 1)]
    hole = {"service": "app", "dimensions": ["hours"], "zones": ["us-east-2"], "reason": "none"}
    data = {"provider": "aws", "prices": prices, "unpriced": [hole]}
    (tmp_path / "aws.json").write_text(json.dumps(data))
    assert parse(load_catalog(tmp_path), "us-east-2").fills == {0: ("hour", "hours", 1)}


def test_a_zone_the_catalog_prices_takes_the_rate_as_before(catalog):
    book = parse(catalog, "us-east-1")
    assert book.fills == {}  # a listed price: no fill
    assert book.entries[0].rate is not None


def test_a_zone_no_file_names_is_refused_with_the_closest(catalog):
    with pytest.raises(InputError) as caught:
        parse(catalog, "us-east-3")
    assert str(caught.value) == (
        "b.yaml: entries.0.zone: the catalog knows no aws zone 'us-east-3'; closest: us-east-2, "
        "us-east-1, us-west-2"
    )
