"""Outbound mail on Amazon SES: the index's domain as a DKIM-signed identity, a configuration
set that refuses plain-text SMTP delivery (TLS required) and sends delivery, bounce and
complaint events to an encrypted SNS topic (the task queue's mail-events topic, if any)."""

from __future__ import annotations

import json
from typing import NamedTuple

import pulumi
import pulumi_aws as aws

from infra.aws_account import SES_USES_KEY, account_id, root_admin_statement, service_may
from infra.dns.records import Record

DKIM_KEY_LENGTH = "RSA_2048_BIT"
DKIM_TOKENS = 3  # Easy DKIM publishes three CNAMEs
EVENTS = ["SEND", "DELIVERY", "BOUNCE", "COMPLAINT", "REJECT", "DELIVERY_DELAY"]


class SesEmailArgs(NamedTuple):
    domain: str
    events_topic: aws.sns.Topic | None = None  # the queue's mail-events topic, when on AWS


class SesEmail(pulumi.ComponentResource):
    def __init__(
        self, name: str, args: SesEmailArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__("indexplan:email:SES", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        topic = args.events_topic or self._topic(name)
        aws.sns.TopicPolicy(
            f"{name}-ses-publishes",
            arn=topic.arn,
            policy=pulumi.Output.all(topic.arn, account_id(self)).apply(
                lambda v: service_may(
                    "ses.amazonaws.com",
                    "sns:Publish",
                    v[0],
                    {"StringEquals": {"aws:SourceAccount": v[1]}},
                )
            ),
            opts=child,
        )
        configuration = aws.sesv2.ConfigurationSet(
            f"{name}-configuration",
            configuration_set_name=f"{name}-{pulumi.get_stack()}"[:64],
            delivery_options={"tls_policy": "REQUIRE"},
            reputation_options={"reputation_metrics_enabled": True},
            sending_options={"sending_enabled": True},
            suppression_options={"suppressed_reasons": ["BOUNCE", "COMPLAINT"]},
            opts=child,
        )
        aws.sesv2.ConfigurationSetEventDestination(
            f"{name}-events",
            configuration_set_name=configuration.configuration_set_name,
            event_destination_name="mail-events",
            event_destination={
                "enabled": True,
                "matching_event_types": EVENTS,
                "sns_destination": {"topic_arn": topic.arn},
            },
            opts=child,
        )
        identity = aws.sesv2.EmailIdentity(
            f"{name}-identity",
            email_identity=args.domain,
            configuration_set_name=configuration.configuration_set_name,
            dkim_signing_attributes={"next_signing_key_length": DKIM_KEY_LENGTH},
            opts=child,
        )
        tokens = identity.dkim_signing_attributes.apply(lambda a: list(a.tokens or []))
        self.records = [
            Record(
                f"dkim-{i}",
                tokens.apply(lambda t, i=i: f"{t[i]}._domainkey.{args.domain}"),
                "CNAME",
                [tokens.apply(lambda t, i=i: f"{t[i]}.dkim.amazonses.com")],
            )
            for i in range(DKIM_TOKENS)
        ]
        self.register_outputs({"identity": identity.arn, "events_topic": topic.arn})

    def _topic(self, name: str) -> aws.sns.Topic:
        child = pulumi.ResourceOptions(parent=self)
        key = aws.kms.Key(
            f"{name}-key",
            description="encrypts the mail-events topic",
            enable_key_rotation=True,
            policy=account_id(self).apply(
                lambda account: json.dumps(
                    {
                        "Version": "2012-10-17",
                        "Statement": [root_admin_statement(account), SES_USES_KEY],
                    }
                )
            ),
            opts=child,
        )
        return aws.sns.Topic(f"{name}-mail-events", kms_master_key_id=key.arn, opts=child)
