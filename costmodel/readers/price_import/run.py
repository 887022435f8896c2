"""Import one price file into a catalog directory: read, plan, and (unless a dry run) write.

Imported versions and prices go to `<catalog>/imported/<provider>.yaml`, a file only imports
write: the hand-written and generated catalog files are never edited, and the loader merges
an imported version into the price it extends (costmodel/model/prices.py).
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any, Literal

from costmodel.model.price_files import ProviderCatalog
from costmodel.model.prices import (
    IMPORTED_DIR,
    PriceKey,
    as_json,
    load_catalog,
    parse_catalog_file,
)
from costmodel.readers.price_import.plan import Added, ImportPlan, plan_import

Provider = Literal["aws", "gcp"]
HEADER = (
    "# Written by `indexplan prices import`: versions and prices taken from official price\n"
    "# files, each naming its file and SKU. Format: costmodel/catalog/README.md.\n"
)
SHAPE = ("service", "dimension", "zone", "variant", "unit", "measure", "unit_size", "launched")


def import_prices(
    provider: Provider, path: Path, catalog_dir: Path, dry_run: bool, force: bool = False
) -> ImportPlan:
    from costmodel.readers.price_import import aws, gcp

    catalog = load_catalog(catalog_dir)
    if provider == "aws":
        source, offered, skipped = aws.read_price_file(path)
        units = aws.UNITS
    else:
        source, offered, skipped = gcp.read_sku_list(path)
        units = gcp.UNITS
    plan = plan_import(catalog, offered, skipped, units, source, force)
    plan.files = sorted({str(imported_file(catalog_dir, a.key.provider)) for a in plan.added})
    if not dry_run:
        write(plan, catalog_dir)
    return plan


def imported_file(catalog_dir: Path, provider: str) -> Path:
    return catalog_dir / IMPORTED_DIR / f"{provider}.yaml"


def write(plan: ImportPlan, catalog_dir: Path) -> None:
    """Add the planned versions to each provider's imported file, oldest first per price."""
    by_provider: dict[str, list[Added]] = defaultdict(list)
    for added in plan.added:
        by_provider[added.key.provider].append(added)
    for provider, additions in by_provider.items():
        path = imported_file(catalog_dir, provider)
        entries: dict[PriceKey, dict[str, Any]] = {}
        if path.exists():
            for price in parse_catalog_file(path).prices:
                key = PriceKey(provider, price.service, price.dimension, price.zone, price.variant)
                entries[key] = price.model_dump(mode="json", exclude_none=True)
        for a in additions:
            entry = entries.setdefault(a.key, _new_entry(a))
            entry["versions"].append(a.version.model_dump(mode="json", exclude_none=True))
            entry["versions"].sort(key=lambda v: v["effective"])
        _write_catalog(path, provider, list(entries.values()))


def _new_entry(added: Added) -> dict[str, Any]:
    shape = as_json(added.shape, SHAPE)
    return {**shape, "zone": added.key.zone, "variant": added.key.variant, "versions": []}


def _write_catalog(path: Path, provider: str, prices: list[dict[str, Any]]) -> None:
    import yaml

    prices = [{k: v for k, v in p.items() if v is not None} for p in prices]
    text = HEADER + yaml.safe_dump(
        {"provider": provider, "prices": prices}, sort_keys=False, width=100
    )
    ProviderCatalog.model_validate(yaml.safe_load(text))  # what is written must load
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
