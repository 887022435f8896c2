"""The catalog's index (catalog_cache.load_indexed, prices.Catalog.index/indexed): a catalog made
from its index is the catalog of its files, price for price (values, types, fields set, order),
each price validated from its JSON when first asked for; the index is stored only for a catalog
that loaded without an error, and any change to the files, their folder or the model code
gives another key."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from catalog_files import SHIPPED

from costmodel.errors import InputError
from costmodel.files import diskcache
from costmodel.model import catalog_cache, price_files, prices
from costmodel.model.prices import CATALOG_DIR, PriceKey, load_catalog

pytestmark = pytest.mark.usefixtures("own_cache")  # an empty cache of its own (conftest)


@pytest.fixture
def validations(monkeypatch) -> list[str]:
    """The files validated as a whole (not made from an index), by name."""
    seen: list[str] = []
    validate = prices._validated

    def counting(path: Path, data: dict) -> price_files.ProviderCatalog:
        seen.append(path.name)
        return validate(path, data)

    monkeypatch.setattr(prices, "_validated", counting)
    return seen


def held(catalog: prices.Catalog) -> list:
    """Everything a Catalog gives, in its order, with each record's type and repr (every
    field: 1 and 1.0 differ there, as do a tuple and a list)."""

    def model(price: prices.Price) -> tuple:
        versions = [(type(v), repr(v)) for v in price.versions]
        return (type(price), repr(price), versions)

    made = [(key, model(price), where) for key, price, where in catalog.prices()]
    return [made, list(catalog.unpriced()), catalog._zone_maps]


def entries() -> list[Path]:
    folder = diskcache.cache_dir() / catalog_cache.INDEX_FOLDER
    return sorted(folder.glob("*.json")) if folder.exists() else []


def test_the_shipped_catalog_from_its_index_is_the_catalog_of_its_files(validations):
    files = load_catalog(CATALOG_DIR)
    load_catalog(CATALOG_DIR, cached=True)  # loads the files and stores the index
    validations.clear()
    indexed = load_catalog(CATALOG_DIR, cached=True)
    assert validations == [] and len(entries()) == 1  # no file validated as a whole
    assert indexed._texts and indexed._rows  # nothing decoded before it is asked for
    # a few prices asked for first: each moves from the rows to the prices, in both alike
    on = dt.date(2026, 1, 1)
    keys = [key for key, _, _ in load_catalog(CATALOG_DIR).prices()][::50]
    for key in keys:
        assert repr(indexed.select(key, on)) == repr(files.select(key, on))
    assert held(indexed) == held(files)
    for key in [PriceKey("aws", "s3", "storage", "mars-1"), *list(files._unpriced)[:20]]:
        assert indexed.missing(key) == files.missing(key)
        assert indexed.unpriced_reason(key) == files.unpriced_reason(key)


def test_a_second_load_validates_only_what_it_is_asked_for(catalog, validations):
    first = load_catalog(catalog, cached=True)
    assert sorted(validations) == ["b2.yaml", "rds.json"]
    second = load_catalog(catalog, cached=True)
    assert sorted(validations) == ["b2.yaml", "rds.json"]  # not again
    key = next(iter(second._texts))
    second._price(key)
    assert key not in second._texts and len(second._texts) == len(first._prices) - 1 - len(
        [k for k in first._prices if k not in second._texts and k != key]
    )
    assert held(second) == held(load_catalog(catalog))


def test_a_changed_file_or_another_folder_loads_the_files(catalog, validations, tmp_path):
    load_catalog(catalog, cached=True)
    b2 = catalog / "backblaze" / "b2.yaml"
    b2.write_text(b2.read_text().replace("0.006", "0.007"))
    validations.clear()
    changed = load_catalog(catalog, cached=True)
    assert sorted(validations) == ["b2.yaml", "rds.json"]
    assert held(changed) == held(load_catalog(catalog))
    assert len(entries()) == 1  # the old index is removed
    # the same bytes in another folder: its messages name that folder's files
    moved = tmp_path / "moved"
    shutil.copytree(catalog, moved)
    validations.clear()
    elsewhere = load_catalog(moved, cached=True)
    assert sorted(validations) == ["b2.yaml", "rds.json"]
    assert {where for _, _, where in elsewhere.prices()} <= {str(moved / name) for name in SHIPPED}


def test_a_catalog_that_does_not_load_stores_no_index(catalog):
    b2 = catalog / "backblaze" / "b2.yaml"
    b2.write_text(b2.read_text().replace("unit_size: 1000000000", "unit_size: -1", 1))
    with pytest.raises(InputError) as first:
        load_catalog(catalog, cached=True)
    with pytest.raises(InputError) as second:
        load_catalog(catalog, cached=True)
    assert str(first.value) == str(second.value)
    assert entries() == []


def rewrite(entry: Path, change) -> None:
    """The entry's index changed by `change`, its header's SHA-256 made to match."""
    header, _, payload = entry.read_bytes().partition(b"\n")
    index = json.loads(payload)
    change(index)
    payload = json.dumps(index).encode()
    head = json.loads(header) | {"sha256": catalog_cache.hashlib.sha256(payload).hexdigest()}
    entry.write_bytes(json.dumps(head).encode() + b"\n" + payload)


def _row_table_out_of_range(index: dict) -> None:
    index["rows"][0][5] = len(index["tables"])


def _name_not_a_string(index: dict) -> None:
    index["prices"][0][1] = 7


def _part_missing(index: dict) -> None:
    del index["blocks"]


def _short_row(index: dict) -> None:
    index["unpriced"].append(["aws", "s3"])


def _zone_not_a_string(index: dict) -> None:
    index["zone_maps"][0][2] = {"us-east-1": None}


@pytest.mark.parametrize(
    "change",
    [_row_table_out_of_range, _name_not_a_string, _part_missing, _short_row, _zone_not_a_string],
)
def test_an_index_not_of_the_shape_written_loads_the_files(catalog, validations, change):
    good = held(load_catalog(catalog, cached=True))
    (entry,) = entries()
    rewrite(entry, change)
    validations.clear()
    assert held(load_catalog(catalog, cached=True)) == good
    assert sorted(validations) == ["b2.yaml", "rds.json"]


def test_a_price_is_checked_when_asked_for(catalog):
    load_catalog(catalog, cached=True)
    (entry,) = entries()

    def negative(index: dict) -> None:  # a rate no catalog file could hold
        row = index["prices"][0]
        price = json.loads(row[6])
        price["versions"][0]["tiers"] = [[None, -1.0]]
        row[6] = json.dumps(price)

    rewrite(entry, negative)
    indexed = load_catalog(catalog, cached=True)
    key = next(iter(indexed._texts))
    # never used: one line naming the index, the price and what is wrong (exit status 2)
    with pytest.raises(InputError, match=r"catalog-index: .*damaged cache entry.*-1\.0"):
        indexed.select(key, dt.date(2026, 1, 1))
    assert key in indexed._texts  # still unread: asked for again, it fails again
    with pytest.raises(InputError, match="damaged cache entry"):
        indexed.select(key, dt.date(2026, 1, 1))
