"""Cloud Logging: the load balancer's request logs a sink routes to the analytics bucket are
ingested by Cloud Logging first. A sink of other logs depends on usage."""

from typing import Any

from costmodel.model import usage
from costmodel.model.components import Component, Context, priced
from costmodel.model.graph import Resource
from costmodel.model.no_usage import DependsOnUsage
from costmodel.model.resources.log_streams import log_bytes

REQUEST_LOGS = 'resource.type="http_load_balancer"'


def ingested(sink: Resource, ctx: Context) -> dict[str, Any]:
    if REQUEST_LOGS not in str(sink.inputs.get("filter", "")):
        raise DependsOnUsage("log volume")
    return {usage.ONE: log_bytes(ctx)}


priced(
    "gcp:logging/projectSink:ProjectSink",
    Component(
        "ingestion (request logs)", "cloud_logging", "ingestion", "bytes", ingested, zone=usage.ONE
    ),
)
