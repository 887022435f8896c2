"""CloudWatch Logs groups: the request logs a CDN of the analytics role streams into them, and
the app role's own logs (usage_roles); any other log group's volume depends on usage."""

from typing import Any

from costmodel.model import usage_roles
from costmodel.model.components import Component, Context, priced
from costmodel.model.graph import Resource
from costmodel.model.no_usage import DependsOnUsage
from costmodel.model.resources.log_streams import log_bytes


def ingested(group: Resource, ctx: Context) -> dict[str, Any]:
    if group.role == "app":
        return {ctx.region("aws", group): usage_roles.app_log_bytes(ctx)}
    if group.role != "analytics":
        raise DependsOnUsage("log volume")
    return {ctx.region("aws", group): log_bytes(ctx)}


priced(
    "aws:cloudwatch/logGroup:LogGroup",
    Component(
        "ingestion (request logs)",
        "cloudwatch_logs",
        "ingestion",
        "bytes",
        ingested,
        zone_map="regions",
    ),
)
