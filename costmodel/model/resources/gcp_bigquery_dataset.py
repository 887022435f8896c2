"""BigQuery: the download-statistics dataset's storage at the dataset's location (queries are
billed to whoever runs them). The first 10 GiB a month are free (a tier in the catalog)."""

from typing import Any

from costmodel.model import usage
from costmodel.model.components import Component, Context, priced
from costmodel.model.graph import Resource


def stored(dataset: Resource, ctx: Context) -> dict[str, Any]:
    quantities = usage.statistics_stored(dataset, ctx)
    return {ctx.region("gcp", dataset): sum(quantities.values())}


priced(
    "gcp:bigquery/dataset:Dataset",
    Component("storage (active)", "bigquery", "active_storage", "byte_months", stored, "locations"),
)
