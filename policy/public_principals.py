"""No resource outside the buckets and search is granted to the public.

Buckets (storage-private) and search (search-private) have rules of their own; this one holds
every other grant: Google Cloud IAM members, bindings and policies (a Secret Manager secret, a
KMS key, a Pub/Sub topic, a BigQuery dataset's IAM), a BigQuery dataset's `accesses`, and AWS
resource policies (SQS, SNS, KMS, Secrets Manager, ECR, a role's trust policy), Lambda
permissions and function URLs. Public means `allUsers` or `allAuthenticatedUsers`, an AWS
`Principal` of `*` (or `{"AWS": "*"}`, or NotPrincipal) without a condition that narrows it to
an account, organisation, source ARN or VPC endpoint, or a Lambda URL without auth.

Two grants the design needs are not public in this sense:
- `roles/run.invoker` for `allUsers` on a Cloud Run service: the app is the index's front door
  and checks its users itself (README, "A private index");
- the CloudFront service principal with an `AWS:SourceArn` naming the distribution (origin
  access control, e.g. on the KMS key of an SSE-KMS bucket).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from costmodel.model.graph import UNKNOWN, Resource
from policy.model import Finding, Graph, items
from policy.principals import (
    CLOUDFRONT_PRINCIPAL,
    PUBLIC_MEMBERS,
    iam_grants,
    names_one_distribution,
    principal_of,
    statement_findings,
)
from policy.resource_types import GCS_IAM_BINDING, GCS_IAM_MEMBER, GCS_IAM_POLICY

# A Google Cloud IAM member, binding or policy resource, by its class name (secretIamMember,
# bucketIAMMember, projects' IAMMember ...); the buckets' own are storage-private's.
GCP_IAM = re.compile(r"gcp:[^/]+/[^:]*:\w*I[Aa][Mm](Member|Binding|Policy)")
BUCKET_IAM = frozenset({GCS_IAM_MEMBER, GCS_IAM_BINDING, GCS_IAM_POLICY})
CLOUD_RUN_IAM = frozenset(
    {
        "gcp:cloudrunv2/serviceIamMember:ServiceIamMember",
        "gcp:cloudrunv2/serviceIamBinding:ServiceIamBinding",
        "gcp:cloudrunv2/serviceIamPolicy:ServiceIamPolicy",
        "gcp:cloudrun/iamMember:IamMember",
        "gcp:cloudrun/iamBinding:IamBinding",
        "gcp:cloudrun/iamPolicy:IamPolicy",
    }
)
CLOUD_RUN_INVOKER = "roles/run.invoker"
BIGQUERY_ACCESS = ("gcp:bigquery/dataset:Dataset", "gcp:bigquery/datasetAccess:DatasetAccess")
# AWS resources whose input holds a resource policy (the input's wire name).
AWS_POLICIES = {
    "aws:sqs/queue:Queue": "policy",
    "aws:sqs/queuePolicy:QueuePolicy": "policy",
    "aws:sns/topic:Topic": "policy",
    "aws:sns/topicPolicy:TopicPolicy": "policy",
    "aws:kms/key:Key": "policy",
    "aws:kms/keyPolicy:KeyPolicy": "policy",
    "aws:secretsmanager/secret:Secret": "policy",
    "aws:secretsmanager/secretPolicy:SecretPolicy": "policy",
    "aws:ecr/repositoryPolicy:RepositoryPolicy": "policy",
    "aws:iam/role:Role": "assumeRolePolicy",
}
LAMBDA_PERMISSION = "aws:lambda/permission:Permission"
LAMBDA_URL = "aws:lambda/functionUrl:FunctionUrl"
# Global condition keys that pin who calls or from where (AWS IAM User Guide, "AWS global
# condition context keys"), and KMS's own account key; each narrows `*` to named parties.
NARROWING_KEYS = frozenset(
    {
        "aws:principalaccount",
        "aws:principalarn",
        "aws:principalorgid",
        "aws:principalorgpaths",
        "aws:sourceaccount",
        "aws:sourcearn",
        "aws:sourceorgid",
        "aws:sourceorgpaths",
        "aws:sourceowner",
        "aws:sourcevpc",
        "aws:sourcevpce",
        "kms:calleraccount",
    }
)
# Operators that hold only when the key is present and equal (or like) a value: the negated
# ones, `...IfExists` and `Null` are true for a caller that has no such key (anonymous).
NARROWING_OPERATORS = frozenset(
    {"StringEquals", "StringEqualsIgnoreCase", "StringLike", "ArnEquals", "ArnLike"}
)


def public_principals(graph: Graph) -> Iterator[Finding]:
    for resource in graph:
        if GCP_IAM.fullmatch(resource.type) and resource.type not in BUCKET_IAM:
            yield from _gcp_iam(resource)
        elif resource.type in BIGQUERY_ACCESS:
            yield from _bigquery(resource)
        elif resource.type in AWS_POLICIES:
            yield from _aws_policy(resource, resource.inputs.get(AWS_POLICIES[resource.type]))
        elif resource.type == LAMBDA_PERMISSION:
            yield from _lambda_permission(resource)
        elif resource.type == LAMBDA_URL and resource.inputs.get("authorizationType") == "NONE":
            yield resource, "function URL with authorizationType NONE answers anyone; use AWS_IAM"


def _gcp_iam(resource: Resource) -> Iterator[Finding]:
    grants = iam_grants(resource)
    if grants is None:
        yield resource, "IAM policy is not valid JSON, so it cannot be shown to be private"
        return
    for role, member in grants:
        if member not in PUBLIC_MEMBERS:
            continue
        if resource.type in CLOUD_RUN_IAM and role == CLOUD_RUN_INVOKER and member == "allUsers":
            continue  # the app's front door, see the module's docstring
        yield resource, f"grants {member} the role {role!r}; grant named principals only"


def _bigquery(resource: Resource) -> Iterator[Finding]:
    inputs = resource.inputs
    accesses = items(inputs.get("accesses")) if "accesses" in inputs else [inputs]
    for access in accesses:
        if not isinstance(access, Mapping):
            continue
        member = access.get("iamMember")
        group = access.get("specialGroup")
        public = member if member in PUBLIC_MEMBERS else group if group in PUBLIC_MEMBERS else None
        if public:
            role = access.get("role")
            yield resource, f"dataset access grants {public} the role {role!r}; name who reads"


def _aws_policy(resource: Resource, policy: Any) -> Iterator[Finding]:
    return statement_findings(resource, policy, "resource policy", _problem)


def _problem(statement: Any) -> str | None:
    if not isinstance(statement, dict):
        return "statement is not a JSON object"
    principal = principal_of(statement)
    if principal.not_principal:
        return "NotPrincipal allows everyone else; name who is allowed"
    if principal.anyone and not _narrowed(statement):
        return (
            "grants access to everyone (Principal *) without a condition naming an account, "
            "organisation, source ARN or VPC endpoint"
        )
    if CLOUDFRONT_PRINCIPAL in principal.services and not names_one_distribution(statement):
        return "grants CloudFront access without an AWS:SourceArn condition naming the distribution"
    return None


def _narrowed(statement: dict[str, Any]) -> bool:
    conditions = statement.get("Condition")
    if not isinstance(conditions, Mapping):
        return False
    for operator, tests in conditions.items():
        if operator not in NARROWING_OPERATORS or not isinstance(tests, Mapping):
            continue
        for key, value in tests.items():
            if str(key).lower() in NARROWING_KEYS and _names_someone(value):
                return True
    return False


def _names_someone(value: Any) -> bool:
    """Condition values that each name a party (or one known only after deployment)."""
    values = items(value)
    return bool(values) and all(
        v == UNKNOWN or (isinstance(v, str) and v.strip("*?") != "") for v in values
    )


def _lambda_permission(resource: Resource) -> Iterator[Finding]:
    inputs = resource.inputs
    if inputs.get("principal") != "*":
        return
    if any(inputs.get(k) for k in ("sourceArn", "sourceAccount", "principalOrgId")):
        return
    yield (
        resource,
        "lets everyone (principal *) invoke the function; set sourceArn, sourceAccount or "
        "principalOrgId, or name the principal",
    )
