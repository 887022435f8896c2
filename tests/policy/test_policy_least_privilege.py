"""iam-least-privilege: no IAM grant of every action, or of a service's every action, on every
resource (s8-review-sec, "other gaps": crates-io's CDN reader user with `s3:*` on `*`, an ECS
role with AdministratorAccess passed `check`). Each case is written in the provider's wire
format (pulumi-aws 7 / aws-native / pulumi-gcp 8+ camelCase inputs). Sources: AWS IAM User
Guide, "Security best practices in IAM" (grant least privilege) and "IAM JSON policy elements:
NotAction" (Allow with NotAction on `*` allows every other action); AWS KMS Developer Guide,
"Key policies" (a key policy's "Resource": "*" is the key itself); Google Cloud IAM, "Basic
roles" (roles/owner and roles/editor: avoid in production)."""

from __future__ import annotations

import json

import pytest
from policy_graphs import messages, res

RULE = "iam-least-privilege"
FIX = (
    "name the actions the principal needs and the resources (ARNs) it needs them on, or accept "
    "it in indexplan:accept with a reason"
)
READER_ARN = "arn:aws:s3:::storage-files-fd47b8ec/*"


def document(*statements: dict) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def allow(action: object, resource: object, **more: object) -> dict:
    return {"Effect": "Allow", "Action": action, "Resource": resource, **more}


@pytest.mark.parametrize(
    ("type_", "inputs", "expected"),
    [
        (  # the reviewer's mutation of the CDN reader user (crates-io, pypi-2024)
            "aws:iam/userPolicy:UserPolicy",
            {"user": "storage-cdn-reader", "policy": document(allow("s3:*", "*"))},
            "policy statement (no Sid): allows 's3:*' on every resource (\"*\"); " + FIX,
        ),
        (
            "aws:iam/rolePolicy:RolePolicy",
            {"role": "app-task-role", "policy": document(allow(["sqs:SendMessage", "*"], ["*"]))},
            "policy statement (no Sid): allows '*' on every resource (\"*\"); " + FIX,
        ),
        (  # a customer managed policy; the service prefix is case-insensitive in IAM
            "aws:iam/policy:Policy",
            {"policy": document(allow("DynamoDB:*", "*", Sid="Tables"))},
            "policy statement Tables: allows 'DynamoDB:*' on every resource (\"*\"); " + FIX,
        ),
        (  # NotAction with Allow on "*": everything but IAM (PowerUserAccess's shape)
            "aws:iam/groupPolicy:GroupPolicy",
            {"policy": document({"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"})},
            "policy statement (no Sid): allows every action but 'iam:*' on every resource "
            '("*"); ' + FIX,
        ),
        (  # NotResource: every resource but one
            "aws:iam/userPolicy:UserPolicy",
            {
                "policy": document(
                    {"Effect": "Allow", "Action": "s3:*", "NotResource": "arn:aws:s3:::audit/*"}
                )
            },
            "policy statement (no Sid): allows 's3:*' on every resource but "
            "'arn:aws:s3:::audit/*'; " + FIX,
        ),
        (  # a role's inline policy, named
            "aws:iam/role:Role",
            {
                "assumeRolePolicy": document(),
                "inlinePolicies": [{"name": "deploy", "policy": document(allow("*", "*"))}],
            },
            "inline policy deploy statement (no Sid): allows '*' on every resource (\"*\"); " + FIX,
        ),
        (  # aws-native: documents are objects, not JSON text
            "aws-native:iam:ManagedPolicy",
            {"policyDocument": {"Statement": [allow("ec2:*", "*")]}},
            "policy statement (no Sid): allows 'ec2:*' on every resource (\"*\"); " + FIX,
        ),
        (
            "aws-native:iam:Role",
            {"policies": [{"policyName": "ops", "policyDocument": {"Statement": allow("*", "*")}}]},
            "inline policy ops statement (no Sid): allows '*' on every resource (\"*\"); " + FIX,
        ),
        (  # a bucket policy's resources are its own: s3:* on the bucket's objects is all of it
            "aws:s3/bucketPolicy:BucketPolicy",
            {
                "bucket": "files",
                "policy": document(
                    allow("s3:*", READER_ARN, Principal={"AWS": "arn:aws:iam::1:role/ci"})
                ),
            },
            f"bucket policy statement (no Sid): allows 's3:*' on '{READER_ARN}'; " + FIX,
        ),
        (
            "aws-native:s3:BucketPolicy",
            {"policyDocument": {"Statement": [allow("*", "*", Principal={"AWS": "x"})]}},
            "bucket policy statement (no Sid): allows '*' on every resource (\"*\"); " + FIX,
        ),
        (  # a duplicate key cannot hide a broad statement behind a narrow one
            "aws:iam/userPolicy:UserPolicy",
            {"policy": '{"Statement": [], "Statement": [{"Effect": "Allow"}]}'},
            "policy is not valid JSON, so it cannot be shown to be narrow",
        ),
    ],
)
def test_a_broad_statement_is_named_with_its_fix(type_, inputs, expected):
    assert messages(RULE, res(type_, "grant", **inputs)) == [f"grant: {expected}"]


@pytest.mark.parametrize(
    ("type_", "inputs", "allows"),
    [
        (  # the reviewer's mutation of the ECS roles
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
            {"role": "app-task-role", "policyArn": "arn:aws:iam::aws:policy/AdministratorAccess"},
            ("AdministratorAccess", "every action"),
        ),
        (
            "aws:iam/userPolicyAttachment:UserPolicyAttachment",
            {"policyArn": "arn:aws:iam::aws:policy/PowerUserAccess"},
            ("PowerUserAccess", "every action but IAM's and Organizations'"),
        ),
        (  # AmazonS3FullAccess: s3:* and s3-object-lambda:* on * (AWS Managed Policy Reference)
            "aws:iam/role:Role",
            {"managedPolicyArns": ["arn:aws:iam::aws:policy/AmazonS3FullAccess"]},
            ("AmazonS3FullAccess", "every action of its service"),
        ),
        (  # a managed policy under a path, in another partition, through aws-native
            "aws-native:iam:Group",
            {"managedPolicyArns": ["arn:aws-us-gov:iam::aws:policy/job-function/SystemFullAccess"]},
            ("SystemFullAccess", "every action of its service"),
        ),
    ],
)
def test_a_broad_aws_managed_policy_is_named(type_, inputs, allows):
    name, what = allows
    assert messages(RULE, res(type_, "grant", **inputs)) == [
        f"grant: attaches the AWS managed policy {name}, which allows {what} on every resource; "
        "attach a policy naming the actions and resources needed, or accept it in "
        "indexplan:accept with a reason"
    ]


@pytest.mark.parametrize(
    ("type_", "inputs", "expected"),
    [
        (
            "gcp:projects/iAMMember:IAMMember",
            {"role": "roles/editor", "member": "serviceAccount:ci@p.iam.gserviceaccount.com"},
            "grants serviceAccount:ci@p.iam.gserviceaccount.com the basic role 'roles/editor' "
            "(nearly every permission in the project); grant a predefined role for what it "
            "does, or accept it in indexplan:accept with a reason",
        ),
        (
            "gcp:projects/iAMBinding:IAMBinding",
            {"role": "roles/storage.admin", "members": ["group:ops@example.org"]},
            "grants group:ops@example.org 'roles/storage.admin' on the whole project, folder or "
            "organization; grant it on the resource it administers, or accept it in "
            "indexplan:accept with a reason",
        ),
        (
            "gcp:organizations/iAMPolicy:IAMPolicy",
            {
                "policyData": json.dumps(
                    {"bindings": [{"role": "roles/owner", "members": ["user:a@example.org"]}]}
                )
            },
            "grants user:a@example.org the basic role 'roles/owner' (nearly every permission in "
            "the project); grant a predefined role for what it does, or accept it in "
            "indexplan:accept with a reason",
        ),
    ],
)
def test_a_basic_role_or_a_project_wide_admin_role_is_named(type_, inputs, expected):
    assert messages(RULE, res(type_, "grant", **inputs)) == [f"grant: {expected}"]


@pytest.mark.parametrize(
    ("type_", "inputs"),
    [
        # what the program writes: the CDN reader's one action on the bucket's objects
        ("aws:iam/userPolicy:UserPolicy", {"policy": document(allow("s3:GetObject", READER_ARN))}),
        # a wildcard that is not a service's every action
        ("aws:iam/rolePolicy:RolePolicy", {"policy": document(allow("s3:Get*", "*"))}),
        # every action of a service on named resources only
        (
            "aws:iam/rolePolicy:RolePolicy",
            {"policy": document(allow("sqs:*", "arn:aws:sqs:*:1:q"))},
        ),
        # a Deny narrows: the buckets' DenyPlainHttp is s3:* on the bucket
        (
            "aws:s3/bucketPolicy:BucketPolicy",
            {"policy": document({"Effect": "Deny", "Principal": "*", "Action": "s3:*"})},
        ),
        # AWS's default key policy: the account administers the key ("*" is the key itself)
        (
            "aws:kms/key:Key",
            {"policy": document(allow("kms:*", "*", Principal={"AWS": "arn:aws:iam::1:root"}))},
        ),
        # the program's ECS execution role: narrow actions, not a FullAccess policy
        (
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
            {"policyArn": "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"},
        ),
        # a customer policy named like an AWS one is not AWS's
        (
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
            {"policyArn": "arn:aws:iam::123456789012:policy/AdministratorAccess"},
        ),
        # a service admin role on one resource, and a narrow role on the project
        ("gcp:storage/bucketIAMMember:BucketIAMMember", {"role": "roles/storage.admin"}),
        ("gcp:projects/iAMMember:IAMMember", {"role": "roles/storage.objectViewer"}),
        # a policy known only after deployment
        ("aws:iam/userPolicy:UserPolicy", {"policy": "[unknown]"}),
    ],
)
def test_narrow_grants_pass(type_, inputs):
    if type_.startswith("gcp:"):
        inputs["member"] = "serviceAccount:x@p.iam.gserviceaccount.com"
    assert messages(RULE, res(type_, "grant", **inputs)) == []
