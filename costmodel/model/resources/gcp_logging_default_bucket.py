"""Cloud Logging: the load balancer's request logs land in the project's _Default log bucket
unless an exclusion keeps them out, and that ingestion is what Google bills.

cloud.google.com/stackdriver/pricing (stored copy, checked 2026-11-30): "Logging storage:
$0.50/GiB; one-time charge for streaming logs into log bucket storage ... First 50
GiB/project/month"; "Log Router: no additional charge". So a sink that routes the logs to
Cloud Storage is free (the bucket bills what it stores), and the charge sits where the entries
are stored: the _Default bucket, which receives every entry its _Default sink does not
exclude. An external Application Load Balancer with a backend bucket always logs ("logging is
automatically enabled and cannot be disabled", cloud.google.com/cdn/docs/cdn-logging-monitoring);
a backend service logs when its logConfig enables it, at its sample rate.

The charge is priced on the Cloud CDN backend that writes the entries (the _Default bucket is
not a resource of the stack); a `gcp.logging.ProjectExclusion` of them (infra/cdn/cloudcdn.py
adds one when the logs go to the analytics bucket) removes it.
"""

from __future__ import annotations

import re
from typing import Any

from costmodel.model import usage
from costmodel.model.components import Component, Context, free
from costmodel.model.graph import Resource
from costmodel.model.resources.log_streams import log_bytes

REQUEST_LOGS = 'resource.type="http_load_balancer"'
EXCLUSION = "gcp:logging/projectExclusion:ProjectExclusion"
URL_MAP = "gcp:compute/uRLMap:URLMap"
BACKEND_SERVICE = "gcp:compute/backendService:BackendService"
_NAMED_URL_MAP = re.compile(r'resource\.labels\.url_map_name\s*=\s*"([^"]*)"')
HOW_TO_AVOID = (
    'an exclusion on _Default with the filter resource.type="http_load_balancer" '
    "(gcp.logging.ProjectExclusion) avoids it; a sink's copy (to Cloud Storage) is unaffected"
)


def excluded_by(ctx: Context) -> Resource | None:
    """The stack's enabled exclusion that keeps the CDN's request logs out of _Default: its
    filter names the load balancer's logs, and if it narrows them to one URL map, that map
    is one of the stack's (Pulumi's autonamed `name-xxxxxxx`, or the name itself)."""
    url_maps = [r.name for r in ctx.index.of_type(URL_MAP)]
    for exclusion in ctx.index.of_type(EXCLUSION):
        text = str(exclusion.inputs.get("filter", ""))
        if REQUEST_LOGS not in text or exclusion.inputs.get("disabled") is True:
            continue
        named = _NAMED_URL_MAP.findall(text)
        if all(any(n == m or n.startswith(m + "-") for m in url_maps) for n in named):
            return exclusion
    return None


def sample_rate(backend: Resource) -> Any:
    """The share of requests logged: all for a backend bucket, the logConfig's for a backend
    service (0 when it is off or not set: the API's default is off)."""
    if backend.type != BACKEND_SERVICE:
        return 1.0
    config = backend.inputs.get("logConfig") or {}
    if config.get("enable") is not True:
        return 0.0
    return usage.number(backend, "logConfig.sampleRate", default=1.0)


def default_bucket_ingestion(backend: Resource, ctx: Context) -> dict[str, Any]:
    usage.cloud_cdn_enabled(backend)  # the log volume is the CDN's requests
    rate = sample_rate(backend)
    if not rate:
        return {}
    exclusion = excluded_by(ctx)
    if exclusion is not None:
        ctx.notes.add(
            f"Cloud Logging: {exclusion.name} keeps the load balancer's request logs out of "
            "the _Default log bucket, so they are not billed as ingestion (a sink routing them "
            "elsewhere is free: Log Router)"
        )
        return {}
    ctx.notes.add(
        "Cloud Logging: the load balancer's request logs are stored in the project's _Default "
        f"log bucket and billed as ingestion; {HOW_TO_AVOID}"
    )
    return {usage.ONE: log_bytes(ctx, only="gcp") * rate}


def component(fn: Any = default_bucket_ingestion) -> Component:
    return Component(
        "request logs into the _Default log bucket",
        "cloud_logging",
        "ingestion",
        "bytes",
        fn,
        zone=usage.ONE,
    )


free("an exclusion keeps entries out of a log bucket; it bills nothing", EXCLUSION)
