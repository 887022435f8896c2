"""Datadog: the bill of the stack's monitoring account, anchored on its dashboard (one per
stack): hosts, custom metrics beyond those included, and log ingestion."""

from __future__ import annotations

from typing import Any

from costmodel.model import usage, usage_roles
from costmodel.model.components import Component, Context, priced
from costmodel.model.graph import Resource


def hosts(dashboard: Resource, ctx: Context) -> dict[str, float]:
    return {usage.ONE: usage_roles.monitored_hosts(ctx)}


def custom_metrics(dashboard: Resource, ctx: Context) -> dict[str, float]:
    return {usage.ONE: usage_roles.custom_metrics(ctx)}


def logs(dashboard: Resource, ctx: Context) -> dict[str, Any]:
    return {usage.ONE: usage_roles.app_log_bytes(ctx)}


def pro(dashboard: Resource) -> str:
    return "pro"


priced(
    "datadog:index/dashboard:Dashboard",
    Component(
        "infrastructure hosts (Pro)", "infrastructure", "hosts", "months", hosts,
        zone=usage.ONE, variant=pro,
    ),
    Component(
        "custom metrics", "infrastructure", "custom_metrics", "months", custom_metrics,
        zone=usage.ONE,
    ),
    Component("log ingestion", "logs", "ingestion", "bytes", logs, zone=usage.ONE),
)  # fmt: skip
