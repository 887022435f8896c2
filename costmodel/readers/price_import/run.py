"""Import one price file into a catalog directory: read, plan, and (unless a dry run) write."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Literal

from costmodel.model.prices import PriceKey, PriceVersion, load_catalog, parse_catalog_file
from costmodel.readers.price_import.plan import ImportPlan, plan_import

Provider = Literal["aws", "gcp"]


def import_prices(provider: Provider, path: Path, catalog_dir: Path, dry_run: bool) -> ImportPlan:
    from costmodel.readers.price_import import aws, gcp

    catalog = load_catalog(catalog_dir)
    if provider == "aws":
        source, offered, skipped = aws.read_offer_file(path)
        units = aws.UNITS
    else:
        source, offered, skipped = gcp.read_sku_list(path)
        units = gcp.UNITS
    plan = plan_import(catalog, offered, skipped, units, source)
    if not dry_run:
        write(plan)
    return plan


def write(plan: ImportPlan) -> None:
    """Add the planned versions to their catalog files, oldest first within each price."""
    from costmodel.readers.price_import.catalog_writer import add_versions

    by_file: dict[str, dict[PriceKey, list[PriceVersion]]] = defaultdict(lambda: defaultdict(list))
    for added in plan.added:
        by_file[added.catalog_file][added.key].append(added.version)
    for file, versions in by_file.items():
        path = Path(file)
        model = parse_catalog_file(path)
        index = {
            PriceKey(model.provider, p.service, p.dimension, p.zone, p.variant): i
            for i, p in enumerate(model.prices)
        }
        add_versions(
            path,
            {index[key]: sorted(vs, key=lambda v: v.effective) for key, vs in versions.items()},
        )
