"""Pub/Sub topics: throughput (bytes published and delivered)."""

from costmodel.model import usage
from costmodel.model.components import Component, priced

priced(
    "gcp:pubsub/topic:Topic",
    Component("throughput", "pubsub", "throughput", "bytes", usage.message_bytes),
)
