"""The task queue on Pub/Sub: a topic, a pull subscription and a dead-letter topic."""

from __future__ import annotations

from typing import NamedTuple

import pulumi
import pulumi_gcp as gcp


class PubSubQueueArgs(NamedTuple):
    max_deliveries: int = 5  # attempts before a task is parked on the dead-letter topic
    ack_deadline_seconds: int = 300
    retention: str = "604800s"  # seven days, Pub/Sub's maximum for subscriptions


class PubSubQueue(pulumi.ComponentResource):
    def __init__(
        self, name: str, args: PubSubQueueArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__("indexplan:queue:PubSub", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        # Pub/Sub encrypts every message at rest with Google-managed keys; nothing to switch on.
        self.topic = gcp.pubsub.Topic(f"{name}-tasks", opts=child)
        dead = gcp.pubsub.Topic(f"{name}-dead-letter", opts=child)
        gcp.pubsub.Subscription(
            f"{name}-dead-letter-keep",
            topic=dead.id,
            message_retention_duration=args.retention,
            opts=child,
        )
        gcp.pubsub.Subscription(
            f"{name}-workers",
            topic=self.topic.id,
            ack_deadline_seconds=args.ack_deadline_seconds,
            message_retention_duration=args.retention,
            dead_letter_policy={
                "dead_letter_topic": dead.id,
                "max_delivery_attempts": args.max_deliveries,
            },
            retry_policy={"minimum_backoff": "10s", "maximum_backoff": "600s"},
            opts=child,
        )
        self.address: pulumi.Output[str] = self.topic.id
        self.register_outputs({"topic": self.topic.id})
