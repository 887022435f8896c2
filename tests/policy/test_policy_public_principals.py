"""public-principals: no grant outside the buckets and search is open to everyone
(s8-review-sec finding 5: a Secret Manager key, a KMS key, a queue or a topic open to all
passed `check`). Each case is the reviewer's mutation, written as the provider's wire format.
Public: Google Cloud's `allUsers` / `allAuthenticatedUsers` (cloud.google.com/iam/docs/
principals-overview), an AWS `Principal` of `*` without a condition naming who (AWS IAM User
Guide, "AWS JSON policy elements: Principal", which warns against it)."""

from __future__ import annotations

import json

import pytest
from policy_graphs import DISTRIBUTION_ARN, messages, res

RULE = "public-principals"
EVERYONE = (
    "grants access to everyone (Principal *) without a condition naming an account, "
    "organisation, source ARN or VPC endpoint"
)


def policy(*statements: dict) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def allow(principal: object, **more: object) -> dict:
    return {"Effect": "Allow", "Principal": principal, "Action": "*", "Resource": "*", **more}


@pytest.mark.parametrize(
    ("type_", "inputs", "expected"),
    [
        (
            "gcp:secretmanager/secretIamMember:SecretIamMember",
            {"role": "roles/secretmanager.secretAccessor", "member": "allUsers"},
            "grants allUsers the role 'roles/secretmanager.secretAccessor'; grant named "
            "principals only",
        ),
        (
            "gcp:pubsub/topicIAMMember:TopicIAMMember",
            {"role": "roles/pubsub.publisher", "member": "allAuthenticatedUsers"},
            "grants allAuthenticatedUsers the role 'roles/pubsub.publisher'; grant named "
            "principals only",
        ),
        (
            "gcp:kms/cryptoKeyIAMBinding:CryptoKeyIAMBinding",
            {"role": "roles/cloudkms.cryptoKeyDecrypter", "members": ["user:a@x.org", "allUsers"]},
            "grants allUsers the role 'roles/cloudkms.cryptoKeyDecrypter'; grant named "
            "principals only",
        ),
        (
            "gcp:projects/iAMPolicy:IAMPolicy",
            {
                "policyData": json.dumps(
                    {"bindings": [{"role": "roles/viewer", "members": ["allUsers"]}]}
                )
            },
            "grants allUsers the role 'roles/viewer'; grant named principals only",
        ),
        (
            "gcp:bigquery/dataset:Dataset",
            {
                "accesses": [
                    {"role": "OWNER", "specialGroup": "projectOwners"},
                    {"role": "READER", "iamMember": "allUsers"},
                ]
            },
            "dataset access grants allUsers the role 'READER'; name who reads",
        ),
        (
            "gcp:bigquery/datasetAccess:DatasetAccess",
            {"role": "READER", "specialGroup": "allAuthenticatedUsers"},
            "dataset access grants allAuthenticatedUsers the role 'READER'; name who reads",
        ),
        (
            "aws:sqs/queuePolicy:QueuePolicy",
            {"policy": policy(allow("*", Sid="Open"))},
            f"resource policy statement Open: {EVERYONE}",
        ),
        (
            "aws:sns/topicPolicy:TopicPolicy",
            {"policy": policy(allow({"AWS": "*"}))},
            f"resource policy statement (no Sid): {EVERYONE}",
        ),
        (
            "aws:kms/key:Key",
            {"policy": policy(allow({"AWS": ["arn:aws:iam::123456789012:root", "*"]}))},
            f"resource policy statement (no Sid): {EVERYONE}",
        ),
        (
            "aws:secretsmanager/secretPolicy:SecretPolicy",
            {"policy": policy({"Effect": "Allow", "NotPrincipal": {"AWS": "x"}, "Action": "*"})},
            "resource policy statement (no Sid): NotPrincipal allows everyone else; name who is "
            "allowed",
        ),
        (
            "aws:iam/role:Role",
            {"assumeRolePolicy": policy(allow("*", Action="sts:AssumeRole"))},
            f"resource policy statement (no Sid): {EVERYONE}",
        ),
        (
            "aws:kms/key:Key",
            {"policy": policy(allow({"Service": "cloudfront.amazonaws.com"}))},
            "resource policy statement (no Sid): grants CloudFront access without an AWS:SourceArn "
            "condition naming the distribution",
        ),
        (
            "aws:lambda/permission:Permission",
            {"action": "lambda:InvokeFunctionUrl", "principal": "*", "function": "admin"},
            "lets everyone (principal *) invoke the function; set sourceArn, sourceAccount or "
            "principalOrgId, or name the principal",
        ),
        (
            "aws:lambda/functionUrl:FunctionUrl",
            {"functionName": "admin", "authorizationType": "NONE"},
            "function URL with authorizationType NONE answers anyone; use AWS_IAM",
        ),
        (
            "aws:sqs/queue:Queue",
            {"policy": "{not json"},
            "resource policy is not valid JSON, so it cannot be shown to be private",
        ),
    ],
)
def test_a_grant_to_everyone_fails(type_, inputs, expected):
    assert messages(RULE, res(type_, "r", **inputs)) == [f"r: {expected}"]


@pytest.mark.parametrize(
    ("type_", "inputs"),
    [
        # the design's two: the app's front door, and CloudFront for one distribution
        (
            "gcp:cloudrunv2/serviceIamMember:ServiceIamMember",
            {"role": "roles/run.invoker", "member": "allUsers"},
        ),
        (
            "aws:kms/key:Key",
            {
                "policy": policy(
                    allow(
                        {"Service": "cloudfront.amazonaws.com"},
                        Condition={"StringEquals": {"AWS:SourceArn": DISTRIBUTION_ARN}},
                    )
                )
            },
        ),
        # `*` narrowed to one source: SNS delivering to the queue, one account's callers
        (
            "aws:sqs/queuePolicy:QueuePolicy",
            {
                "policy": policy(
                    allow(
                        "*",
                        Condition={"ArnEquals": {"aws:SourceArn": "arn:aws:sns:us-east-1:1:t"}},
                    )
                )
            },
        ),
        (
            "aws:kms/key:Key",
            {
                "policy": policy(
                    allow({"AWS": "*"}, Condition={"StringEquals": {"kms:CallerAccount": "1234"}})
                )
            },
        ),
        # named principals, services, denials
        (
            "gcp:secretmanager/secretIamMember:SecretIamMember",
            {"role": "roles/secretmanager.secretAccessor", "member": "serviceAccount:a@p.iam"},
        ),
        (
            "aws:sns/topicPolicy:TopicPolicy",
            {"policy": policy(allow({"Service": "s3.amazonaws.com"}))},
        ),
        ("aws:sns/topicPolicy:TopicPolicy", {"policy": policy({**allow("*"), "Effect": "Deny"})}),
        (
            "aws:lambda/permission:Permission",
            {"principal": "*", "sourceArn": "arn:aws:execute-api:us-east-1:1:x/*"},
        ),
        ("aws:lambda/functionUrl:FunctionUrl", {"authorizationType": "AWS_IAM"}),
        # buckets are storage-private's: not reported twice
        ("gcp:storage/bucketIAMMember:BucketIAMMember", {"role": "r", "member": "allUsers"}),
    ],
)
def test_named_or_narrowed_grants_pass(type_, inputs):
    assert messages(RULE, res(type_, "r", **inputs)) == []


@pytest.mark.parametrize(
    "condition",
    [
        {"StringNotEquals": {"aws:SourceAccount": "123456789012"}},  # true for anonymous callers
        {"StringEqualsIfExists": {"aws:SourceAccount": "123456789012"}},  # true when absent
        {"StringLike": {"aws:SourceArn": "*"}},  # names no one
        {"StringEquals": {"aws:UserAgent": "pip"}},  # a key any caller sets
        {"Bool": {"aws:SecureTransport": "true"}},
    ],
)
def test_a_condition_that_names_no_one_does_not_narrow_everyone(condition):
    graph = res(
        "aws:sqs/queuePolicy:QueuePolicy", "r", policy=policy(allow("*", Condition=condition))
    )
    assert messages(RULE, graph) == [f"r: resource policy statement (no Sid): {EVERYONE}"]


def test_cloud_run_is_excepted_for_invokers_only():
    for role, member in (
        ("roles/run.admin", "allUsers"),
        ("roles/run.invoker", "allAuthenticatedUsers"),
    ):
        run = res("gcp:cloudrunv2/serviceIamMember:ServiceIamMember", "r", role=role, member=member)
        assert len(messages(RULE, run)) == 1, (role, member)
