"""The CDN request logs the analytics role streams: one log line per request, of a size set by
the format each CDN writes (usage assumptions, stated in every estimate that uses them)."""

from __future__ import annotations

from typing import Any

from costmodel.model.components import Context, Unpriceable
from costmodel.model.graph import Resource
from costmodel.model.usage import cdn_shares

# Bytes of one log line, by the CDN that writes it. Fastly: indexplan's JSON line (timestamp,
# URL, user agent, country, status, bytes; pip's user agent alone is a few hundred bytes).
# Google: a load balancer request entry in Cloud Logging (httpRequest, resource labels, trace).
# CloudFront: a standard log line (33 tab-separated fields).
LOG_LINE_BYTES = {"fastly": 600.0, "gcp": 1500.0, "aws": 500.0}


def log_bytes(ctx: Context, only: str | None = None) -> Any:
    """Bytes of request logs the stack's CDNs (or the one named `only`) write in a month."""
    shares = cdn_shares(ctx)
    if not shares:
        raise Unpriceable("no log line size is known for the missing CDN's logs")
    total: Any = 0.0
    for cdn, share in shares.items():
        if only not in (None, cdn):
            continue
        if cdn not in LOG_LINE_BYTES:
            raise Unpriceable(f"no log line size is known for the {cdn} CDN's logs")
        size = LOG_LINE_BYTES[cdn]
        ctx.notes.add(
            f"request logs: one {size:,.0f}-byte line per CDN request ({cdn}'s log format)"
        )
        total = total + ctx.scenario.requests * share * size
    return total


def retained_days(bucket: Resource) -> float:
    """Days a log bucket keeps an object: its lifecycle rule's Delete age."""
    for rule in bucket.inputs.get("lifecycleRules") or []:
        if not isinstance(rule, dict):
            continue
        action, condition = rule.get("action"), rule.get("condition")
        # a preview or plan is the user's file: a rule's parts may be anything
        if isinstance(action, dict) and action.get("type") == "Delete":
            age = condition.get("age") if isinstance(condition, dict) else None
            if isinstance(age, int | float) and not isinstance(age, bool) and age > 0:
                return float(age)
    raise Unpriceable("the log bucket has no Delete rule by age, so what it holds grows forever")
