"""Facts about the AWS account a component deploys into."""

from __future__ import annotations

import json

import pulumi
import pulumi_aws as aws


def account_id(parent: pulumi.Resource) -> pulumi.Output[str]:
    """The account ID, looked up through the parent's explicit provider."""
    return aws.get_caller_identity_output(opts=pulumi.InvokeOutputOptions(parent=parent)).account_id


def root_admin_statement(account: str) -> dict[str, object]:
    """Key-policy statement keeping the account in control of a KMS key."""
    return {
        "Sid": "AccountAdministers",
        "Effect": "Allow",
        "Principal": {"AWS": f"arn:aws:iam::{account}:root"},
        "Action": "kms:*",
        "Resource": "*",
    }


# SES publishing mail events to a topic under a customer-managed key needs the key too.
SES_USES_KEY = {
    "Sid": "SesPublishesEncrypted",
    "Effect": "Allow",
    "Principal": {"Service": "ses.amazonaws.com"},
    "Action": ["kms:GenerateDataKey*", "kms:Decrypt"],
    "Resource": "*",
}


def service_may(service: str, action: str, resource: str, condition: dict[str, object]) -> str:
    """A resource policy letting one AWS service do one action, under a condition."""
    statement = {
        "Effect": "Allow",
        "Principal": {"Service": service},
        "Action": action,
        "Resource": resource,
        "Condition": condition,
    }
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]})
