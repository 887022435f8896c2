"""Download statistics: the CDN's log bucket and the BigQuery dataset the logs are loaded into."""

from __future__ import annotations

import json
from typing import NamedTuple

import pulumi
import pulumi_gcp as gcp

from infra.edge import LogSink
from infra.gcp_access import bucket_service_account

LOG_RETENTION_DAYS = 30  # raw logs only until loaded; the table is the record
# The columns of one download, matching the CDN's JSON log line.
DOWNLOAD_SCHEMA = [
    {"name": "timestamp", "type": "TIMESTAMP", "mode": "REQUIRED"},
    {"name": "url", "type": "STRING", "mode": "REQUIRED"},
    {"name": "user_agent", "type": "STRING", "mode": "NULLABLE"},
    {"name": "country", "type": "STRING", "mode": "NULLABLE"},
    {"name": "status", "type": "INTEGER", "mode": "NULLABLE"},
    {"name": "bytes", "type": "INTEGER", "mode": "NULLABLE"},
    {"name": "method", "type": "STRING", "mode": "NULLABLE"},
    {"name": "cache", "type": "STRING", "mode": "NULLABLE"},
    {"name": "pop", "type": "STRING", "mode": "NULLABLE"},
]


class BigQueryAnalyticsArgs(NamedTuple):
    project: str
    location: str


class BigQueryAnalytics(pulumi.ComponentResource):
    def __init__(
        self, name: str, args: BigQueryAnalyticsArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__("indexplan:analytics:BigQuery", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        logs = gcp.storage.Bucket(
            f"{name}-cdn-logs",
            location=args.location,
            uniform_bucket_level_access=True,
            public_access_prevention="enforced",
            lifecycle_rules=[
                {"action": {"type": "Delete"}, "condition": {"age": LOG_RETENTION_DAYS}}
            ],
            opts=child,
        )
        writer = bucket_service_account(
            self,
            f"{name}-log-writer",
            logs.name,
            "roles/storage.objectCreator",
            "CDN log delivery into the analytics bucket",
        )
        dataset = gcp.bigquery.Dataset(
            f"{name}-dataset",
            dataset_id="downloads",
            location=args.location,
            description="one row per package file download",
            opts=child,
        )
        gcp.bigquery.Table(
            f"{name}-file-downloads",
            dataset_id=dataset.dataset_id,
            table_id="file_downloads",
            time_partitioning={"type": "DAY", "field": "timestamp"},
            schema=json.dumps(DOWNLOAD_SCHEMA),
            deletion_protection=True,
            opts=child,
        )
        self.log_sink = LogSink(bucket=logs.name, account_email=writer.email, project=args.project)
        self.register_outputs({"log_bucket": logs.name, "dataset": dataset.dataset_id})
