"""Pub/Sub topics: throughput (bytes published and delivered)."""

from costmodel import usage
from costmodel.components import Component, priced

priced(
    "gcp:pubsub/topic:Topic",
    Component("throughput", "pubsub", "throughput", "bytes", usage.message_bytes),
)
