"""Monitoring on Datadog: monitors on the CDN's error rate, the origin's latency, the task
queue's depth and the database's CPU, and one dashboard with the same four series.

Queries use the metric names of Datadog's integrations for each provider (Fastly, Amazon
CloudFront, Google Cloud Load Balancing, Cloudflare, SQS, Pub/Sub, RDS, Cloud SQL); the
integrations themselves are connected in Datadog, not here. A role the stack does not run
gets no monitor.
"""

from __future__ import annotations

from typing import NamedTuple

import pulumi
import pulumi_datadog as datadog

from infra.config import DatadogMonitoring

WINDOW = "last_10m"
WARN_AT = 0.8  # warn at 80% of the alert threshold
TAGS = ["service:package-index", "managed-by:indexplan"]
# Per provider: (CDN error rate in percent, origin latency in ms).
CDN_QUERIES: dict[str, tuple[str, str]] = {
    "fastly": (
        "sum:fastly.status_5xx{*}.as_count() / sum:fastly.requests{*}.as_count() * 100",
        "sum:fastly.miss_time{*} / sum:fastly.miss{*} * 1000",
    ),
    "aws": (
        "avg:aws.cloudfront.5xx_error_rate{*}",
        "avg:aws.cloudfront.origin_latency{*}",
    ),
    "gcp": (
        "sum:gcp.loadbalancing.https.request_count{response_code_class:500}.as_count() / "
        "sum:gcp.loadbalancing.https.request_count{*}.as_count() * 100",
        "avg:gcp.loadbalancing.https.backend_latencies.avg{*}",
    ),
    "cloudflare": (
        "sum:cloudflare.requests.status{status_code_class:5xx}.as_count() / "
        "sum:cloudflare.requests.all{*}.as_count() * 100",
        "avg:cloudflare.requests.origin_response_duration{*}",
    ),
}
QUEUE_DEPTH = {
    "aws": "max:aws.sqs.approximate_number_of_messages_visible{*}",
    "gcp": "max:gcp.pubsub.subscription.num_undelivered_messages{*}",
}
DATABASE_CPU = {
    "aws": "avg:aws.rds.cpuutilization{*}",
    "gcp": "avg:gcp.cloudsql.database.cpu.utilization{*} * 100",
}


class DatadogMonitorsArgs(NamedTuple):
    sizing: DatadogMonitoring
    cdns: tuple[str, ...]
    queue: str | None = None  # provider of each role, when the stack runs it
    database: str | None = None


class Watch(NamedTuple):
    key: str
    title: str
    query: str
    threshold: float
    unit: str


class DatadogMonitors(pulumi.ComponentResource):
    def __init__(
        self, name: str, args: DatadogMonitorsArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__("indexplan:monitoring:Datadog", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        watches = list(_watches(args))
        for watch in watches:
            datadog.Monitor(
                f"{name}-{watch.key}",
                name=f"package index: {watch.title}",
                type="query alert",
                query=f"avg({WINDOW}):{watch.query} > {watch.threshold:g}",
                message=f"{watch.title} is above {watch.threshold:g} {watch.unit}.",
                monitor_thresholds={
                    "critical": f"{watch.threshold:g}",
                    "warning": f"{watch.threshold * WARN_AT:g}",
                },
                notify_no_data=False,
                include_tags=True,
                tags=[*TAGS, f"check:{watch.key}"],
                opts=child,
            )
        self.dashboard = datadog.Dashboard(
            f"{name}-dashboard",
            title="package index",
            layout_type="ordered",
            widgets=[
                {
                    "timeseries_definition": {
                        "title": f"{w.title} ({w.unit})",
                        "requests": [{"q": w.query, "display_type": "line"}],
                    }
                }
                for w in watches
            ],
            opts=child,
        )
        self.register_outputs({"dashboard": self.dashboard.url})


def _watches(args: DatadogMonitorsArgs) -> list[Watch]:
    sizing = args.sizing
    watches = []
    for cdn in args.cdns:
        errors, latency = CDN_QUERIES[cdn]
        watches += [
            Watch(
                f"{cdn}-cdn-errors", f"{cdn} CDN 5xx rate", errors, sizing.cdn_error_percent, "%"
            ),
            Watch(
                f"{cdn}-origin-latency",
                f"{cdn} origin latency",
                latency,
                sizing.origin_latency_ms,
                "ms",
            ),
        ]
    if args.queue is not None:
        query = QUEUE_DEPTH[args.queue]
        watches.append(Watch("queue-depth", "task queue depth", query, sizing.queue_depth, "tasks"))
    if args.database is not None:
        query = DATABASE_CPU[args.database]
        cpu = sizing.database_cpu_percent
        watches.append(Watch("database-cpu", "database CPU", query, cpu, "%"))
    return watches
