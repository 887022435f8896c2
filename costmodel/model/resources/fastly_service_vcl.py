"""Fastly: bandwidth and requests per billing region, and the request logs it streams."""

from typing import Any

from costmodel.model import usage
from costmodel.model.components import Component, Context, priced
from costmodel.model.graph import Resource
from costmodel.model.resources.log_streams import log_bytes


def streamed_logs(service: Resource, ctx: Context) -> dict[str, Any]:
    """The bytes of request logs sent to the service's logging endpoints, if it has any."""
    endpoints = [k for k, v in service.inputs.items() if k.startswith("logging") and v]
    return {usage.ONE: log_bytes(ctx, only="fastly")} if endpoints else {}


priced(
    "fastly:index/serviceVcl:ServiceVcl",
    Component("bandwidth", "cdn", "bandwidth", "bytes", usage.cdn_egress, "regions"),
    Component("requests", "cdn", "requests", "requests", usage.cdn_requests_by_region, "regions"),
    Component("log streaming", "logging", "log_streaming", "bytes", streamed_logs, zone=usage.ONE),
)
