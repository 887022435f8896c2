"""Usage of issue 12's roles (app, search, email, monitoring): the scenario's figures, or the
defaults derived from its traffic and the stack's sizes, each stated in the estimate's notes.

- app requests: the CDN's cache misses on the app's own routes (requests x route share x
  (1 - cache hit ratio)) plus uploads; the misses for package files go to the storage bucket;
- app log bytes: DEFAULT_APP_LOG_LINE per app request;
- emails: one per upload;
- monitored hosts: the app's task count (ECS desired count) or Cloud Run's maximum instances.
"""

from __future__ import annotations

from typing import Any

from costmodel.model.components import Context
from costmodel.model.quantities import format_bytes, format_count
from costmodel.model.scenario import (
    DEFAULT_APP_LOG_LINE,
    DEFAULT_APP_RESPONSE_SIZE,
    DEFAULT_APP_ROUTE_SHARE,
    DEFAULT_SECONDS_PER_REQUEST,
)
from costmodel.model.usage import number

ECS_SERVICE = "aws:ecs/service:Service"
CLOUD_RUN = "gcp:cloudrunv2/service:Service"


def _noted(ctx: Context, given: Any, derived: Any, what: str) -> Any:
    if given is not None:
        return given
    if isinstance(derived, float):  # a sweep's arrays get no note
        ctx.notes.add(f"default: {what}")
    return derived


def app_requests(ctx: Context) -> Any:
    s = ctx.scenario
    if s.app_requests is not None:
        return s.app_requests
    share = route_share(ctx)
    derived = s.requests * share * (1 - s.cache_hit_ratio) + s.uploads
    shown = f"{format_count(derived)}/month " if isinstance(derived, float) else ""
    what = (
        f"app.requests {shown}(the CDN's cache misses on the app's routes, {share:g} of its "
        "requests, plus uploads)"
    )
    return _noted(ctx, None, derived, what)


def route_share(ctx: Context) -> float:
    what = (
        f"app.route_share {DEFAULT_APP_ROUTE_SHARE:g} of the CDN's requests are the app's "
        "(PyPI, August 2026: about 3 of 6 billion requests a day were not file downloads)"
    )
    return float(_noted(ctx, ctx.scenario.app_route_share, DEFAULT_APP_ROUTE_SHARE, what))


def app_response_size(ctx: Context) -> float:
    shown = format_bytes(DEFAULT_APP_RESPONSE_SIZE)
    given = ctx.scenario.app_response_size
    return float(_noted(ctx, given, DEFAULT_APP_RESPONSE_SIZE, f"app.response_size {shown}"))


def seconds_per_request(ctx: Context) -> float:
    given = ctx.scenario.app_seconds_per_request
    what = f"app.seconds_per_request {DEFAULT_SECONDS_PER_REQUEST} s"
    return float(_noted(ctx, given, DEFAULT_SECONDS_PER_REQUEST, what))


def emails(ctx: Context) -> Any:
    s = ctx.scenario
    return _noted(ctx, s.email_messages, s.uploads * 1.0, "email.messages: one per upload")


def app_log_bytes(ctx: Context) -> Any:
    derived = app_requests(ctx) * DEFAULT_APP_LOG_LINE
    what = f"monitoring.logs: {format_bytes(DEFAULT_APP_LOG_LINE)} per app request"
    return _noted(ctx, ctx.scenario.monitoring_logs, derived, what)


def monitored_hosts(ctx: Context) -> float:
    given = ctx.scenario.monitoring_hosts
    if given is not None:
        return float(given)
    tasks = [number(r, "desiredCount") for r in ctx.index.of_type(ECS_SERVICE)]
    runs = [number(r, "template.scaling.maxInstanceCount") for r in ctx.index.of_type(CLOUD_RUN)]
    hosts = sum(tasks) + sum(runs) or 1.0
    ctx.notes.add(
        f"default: monitoring.hosts {hosts:g} (the app's tasks or Cloud Run's maximum "
        "instances, each counted as a host)"
    )
    return hosts


def custom_metrics(ctx: Context) -> float:
    given = ctx.scenario.monitoring_custom_metrics
    return 0.0 if given is None else float(given)
