"""The task queue on SQS with a dead-letter queue, and the SNS topic for mail events."""

from __future__ import annotations

import json
from typing import NamedTuple

import pulumi
import pulumi_aws as aws

from infra.aws_account import SES_USES_KEY, account_id, root_admin_statement, service_may


class SqsQueueArgs(NamedTuple):
    max_receives: int = 5  # attempts before a task is parked in the dead-letter queue
    visibility_timeout_seconds: int = 300
    dead_letter_retention_seconds: int = 14 * 24 * 3600  # SQS's maximum


class SqsQueue(pulumi.ComponentResource):
    def __init__(
        self, name: str, args: SqsQueueArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__("indexplan:queue:SQS", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        # A customer-managed key: SNS cannot deliver into a queue under the AWS-managed SQS key.
        key = aws.kms.Key(
            f"{name}-key",
            description="encrypts the task queues and the mail-events topic",
            enable_key_rotation=True,
            policy=account_id(self).apply(_key_policy),
            opts=child,
        )
        dead = aws.sqs.Queue(
            f"{name}-dead-letter",
            message_retention_seconds=args.dead_letter_retention_seconds,
            kms_master_key_id=key.arn,
            opts=child,
        )
        self.queue = aws.sqs.Queue(
            f"{name}-tasks",
            visibility_timeout_seconds=args.visibility_timeout_seconds,
            kms_master_key_id=key.arn,
            redrive_policy=dead.arn.apply(
                lambda arn: json.dumps(
                    {"deadLetterTargetArn": arn, "maxReceiveCount": args.max_receives}
                )
            ),
            opts=child,
        )
        topic = aws.sns.Topic(f"{name}-mail-events", kms_master_key_id=key.arn, opts=child)
        self.mail_topic = topic  # where SES (the email role) sends delivery events
        aws.sqs.QueuePolicy(
            f"{name}-accepts-topic",
            queue_url=self.queue.url,
            policy=pulumi.Output.all(self.queue.arn, topic.arn).apply(
                lambda v: service_may(
                    "sns.amazonaws.com",
                    "sqs:SendMessage",
                    v[0],
                    {"ArnEquals": {"aws:SourceArn": v[1]}},
                )
            ),
            opts=child,
        )
        aws.sns.TopicSubscription(
            f"{name}-mail-events-to-tasks",
            topic=topic.arn,
            protocol="sqs",
            endpoint=self.queue.arn,
            raw_message_delivery=True,
            opts=child,
        )
        self.address: pulumi.Output[str] = self.queue.url
        self.register_outputs({"queue_url": self.queue.url, "topic": topic.arn})


def _key_policy(account: str) -> str:
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                root_admin_statement(account),
                {
                    "Sid": "SnsDeliversEncrypted",
                    "Effect": "Allow",
                    "Principal": {"Service": "sns.amazonaws.com"},
                    "Action": ["kms:GenerateDataKey*", "kms:Decrypt"],
                    "Resource": "*",
                },
                SES_USES_KEY,
            ],
        }
    )
