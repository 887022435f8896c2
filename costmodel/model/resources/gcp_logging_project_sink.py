"""Cloud Logging sinks: routing is free ("Log Router: no additional charge",
cloud.google.com/stackdriver/pricing), so a sink to Cloud Storage, BigQuery or Pub/Sub bills
nothing itself (its destination bills what it stores). A sink into a log bucket
(`logging.googleapis.com/...`) streams the entries into log bucket storage, which is billed as
ingestion: the load balancer's request logs by the scenario's traffic, other logs by usage.
The copy the _Default sink stores is priced on the load balancer's backend
(gcp_logging_default_bucket.py)."""

from typing import Any

from costmodel.model import usage
from costmodel.model.components import Component, Context, priced
from costmodel.model.graph import Resource
from costmodel.model.no_usage import DependsOnUsage
from costmodel.model.resources.gcp_logging_default_bucket import REQUEST_LOGS
from costmodel.model.resources.log_streams import log_bytes

LOG_BUCKET = "logging.googleapis.com/"


def ingested(sink: Resource, ctx: Context) -> dict[str, Any]:
    if not str(sink.inputs.get("destination", "")).startswith(LOG_BUCKET):
        ctx.notes.add("Cloud Logging: a sink's routing is free (Log Router); its destination bills")
        return {}
    if REQUEST_LOGS not in str(sink.inputs.get("filter", "")):
        raise DependsOnUsage("log volume")
    return {usage.ONE: log_bytes(ctx, only="gcp")}


priced(
    "gcp:logging/projectSink:ProjectSink",
    Component(
        "ingestion into a log bucket (request logs)",
        "cloud_logging",
        "ingestion",
        "bytes",
        ingested,
        zone=usage.ONE,
    ),
)
