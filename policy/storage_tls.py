"""S3 buckets refuse plain HTTP: a bucket policy statement denies every request made without
TLS, the form AWS Security Hub's control S3.5 asks for:
`{"Effect": "Deny", "Principal": "*", "Action": "s3:*",
  "Condition": {"Bool": {"aws:SecureTransport": "false"}}}`."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from costmodel.files.bounds import Refused
from costmodel.files.jsonfile import decode_json
from costmodel.model.graph import UNKNOWN
from policy.model import Finding, Graph, dig, items, of_type
from policy.refs import referrers
from policy.resource_types import S3_BUCKETS, S3_POLICY

MESSAGE = (
    "S3 bucket accepts plain HTTP; add a bucket policy statement denying s3:* on the bucket "
    "and its objects to everyone when aws:SecureTransport is false"
)


def storage_https_only(graph: Graph) -> Iterator[Finding]:
    for bucket in of_type(graph, *S3_BUCKETS):
        policies = [
            p.inputs.get("policy") for p in referrers(bucket, graph, (S3_POLICY,), "bucket")
        ]
        policies.append(bucket.inputs.get("policy"))  # the older inline form
        if UNKNOWN in policies:
            continue  # computed until `pulumi up`: checked once known
        if not any(_denies_plain_http(p) for p in policies):
            yield bucket, MESSAGE


def _denies_plain_http(policy: Any) -> bool:
    if not policy:
        return False
    try:
        document = decode_json(policy) if isinstance(policy, str) else policy
    except (json.JSONDecodeError, Refused):  # storage-private reports the broken document
        return False
    return any(_is_the_deny(s) for s in items(dig(document, "Statement")))


def _is_the_deny(statement: Any) -> bool:
    if not isinstance(statement, dict) or statement.get("Effect") != "Deny":
        return False
    condition = statement.get("Condition")
    if not isinstance(condition, dict):
        return False
    principal = statement.get("Principal")
    everyone = principal == "*" or "*" in items(dig(principal, "AWS"))
    every_action = bool({"s3:*", "*"} & {str(a) for a in items(statement.get("Action"))})
    objects = any(r == "*" or str(r).endswith("/*") for r in items(statement.get("Resource")))
    # condition operators and keys are case-insensitive in IAM; the value may be a list
    insecure = [
        str(value).lower()
        for operator, block in condition.items()
        if str(operator).lower() == "bool" and isinstance(block, dict)
        for key, values in block.items()
        if str(key).lower() == "aws:securetransport"
        for value in items(values)
    ]
    return everyone and every_action and objects and insecure == ["false"]
