"""KMS keys: the monthly fee of each key, and the requests SQS makes to the key that encrypts
its queues.

AWS's SQS guide estimates a queue's KMS requests as R = B / D x (2P + C): B seconds in the
month, D the data-key reuse period (`kmsDataKeyReusePeriodSeconds`, 300 by default), P
producing and C consuming principals (one each here). Calls by SNS or by Route 53 (signing
with a DNSSEC key) are a few a month and are not counted.
"""

import math
from typing import Any

from costmodel.model import usage
from costmodel.model.components import Component, Context, priced
from costmodel.model.graph import Resource
from costmodel.model.quantities import HOURS_PER_MONTH

QUEUE = "aws:sqs/queue:Queue"
SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600
DEFAULT_REUSE_SECONDS = 300
PRODUCERS = CONSUMERS = 1


def one_per_month(resource: Resource, ctx: Context) -> dict[str, float]:
    return {ctx.region("aws", resource): 1.0}


def encrypts(queue: Resource, key: Resource) -> bool:
    """The queue names this key: its ARN (as a preview shows it) ends in the key's name."""
    value = queue.inputs.get("kmsMasterKeyId")
    return isinstance(value, str) and value.split(":")[-1] == key.name


def queue_requests(key: Resource, ctx: Context) -> dict[str, Any]:
    queues = [
        q
        for q in ctx.graph
        if q.type == QUEUE and encrypts(q, key) and not usage.dead_letter(q, ctx)
    ]
    if not queues:
        return {}
    ctx.notes.add(
        "KMS: each encrypted SQS queue requests a data key once per reuse period for one "
        "producer and one consumer (AWS's R = B / D x (2P + C))"
    )
    total = 0.0
    for queue in queues:
        total += SECONDS_PER_MONTH / reuse_seconds(queue) * (2 * PRODUCERS + CONSUMERS)
    return {ctx.region("aws", key): total}


def reuse_seconds(queue: Resource) -> float:
    """The queue's data-key reuse period; AWS's default where it is unset or known only after
    apply (a Terraform plan of a new queue that leaves it to the provider: `[unknown]`)."""
    value: Any = queue.inputs.get("kmsDataKeyReusePeriodSeconds")
    try:
        seconds = float(value) if not isinstance(value, bool) else 0.0
    except (TypeError, ValueError):  # unset, `[unknown]`, `[secret]`
        return DEFAULT_REUSE_SECONDS
    return seconds if 0 < seconds < math.inf else DEFAULT_REUSE_SECONDS


priced(
    "aws:kms/key:Key",
    Component("key", "kms", "key_month", "months", one_per_month, zone_map="regions"),
    Component("requests", "kms", "requests", "requests", queue_requests, zone_map="regions"),
)
