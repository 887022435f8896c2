"""BigQuery: the download-statistics dataset's storage (queries are billed to whoever runs them)."""

from costmodel.model import usage
from costmodel.model.components import Component, priced

priced(
    "gcp:bigquery/dataset:Dataset",
    Component(
        "storage (active)", "bigquery", "active_storage", "byte_months", usage.statistics_stored
    ),
)
