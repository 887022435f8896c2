"""IAM grants stay narrow: no policy allows every action, or every action of a service, on every
resource; no Google Cloud basic role, nor a service's admin role on a whole project.

AWS (IAM User Guide, "Security best practices in IAM": apply least-privilege permissions): an
Allow statement whose `Action` holds `*` or `<service>:*` (or that uses `NotAction`) and whose
`Resource` holds `*` (or that uses `NotResource`), in an identity policy (a managed policy, a
role's, user's or group's inline policy; pulumi-aws and aws-native alike) or in a bucket
policy. A bucket policy's resources are all in its bucket, so there `*` / `s3:*` is flagged on
any resource: it is every action on the bucket, its policy and its objects. An attached AWS
managed policy is judged by name: `AdministratorAccess` (`*` on `*`), `PowerUserAccess`
(everything but IAM and Organizations) and the `…FullAccess` policies (`<service>:*` on `*`, as
the AWS Managed Policy Reference Guide lists them).

Other resource policies (a KMS key's, a queue's, a topic's) are not held to this: their
`"Resource": "*"` means the resource itself ("In a key policy, the value of the Resource
element is "*", which means this KMS key", AWS KMS Developer Guide, "Key policies"), and
AWS's default key policy gives the account `kms:*` on it so the key cannot become unmanageable.
Who those policies grant to is public-principals' concern.

Google Cloud (IAM, "Basic roles": "do not grant basic roles unless there is no alternative"):
`roles/owner`, `roles/editor` anywhere, and a `roles/<service>.admin` on a project, folder or
organization (every action of the service on every resource under it).

A stack may accept a finding with a reason (`indexplan:accept`, policy/accept.py): some
deployment roles need a broad grant, and the stack file then says so and why.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from costmodel.model.graph import Resource
from policy.model import Finding, Graph, dig, items
from policy.principals import iam_grants, statement_findings
from policy.public_principals import GCP_IAM
from policy.resource_types import S3_BUCKETS, S3_POLICY

# Identity policies: type -> the input holding the document.
IDENTITY_POLICIES = {
    "aws:iam/policy:Policy": "policy",
    "aws:iam/rolePolicy:RolePolicy": "policy",
    "aws:iam/userPolicy:UserPolicy": "policy",
    "aws:iam/groupPolicy:GroupPolicy": "policy",
    "aws-native:iam:ManagedPolicy": "policyDocument",
    "aws-native:iam:RolePolicy": "policyDocument",
    "aws-native:iam:UserPolicy": "policyDocument",
    "aws-native:iam:GroupPolicy": "policyDocument",
}
# Principals that carry inline policies: type -> (list input, document input of each item).
INLINE_POLICIES = {
    "aws:iam/role:Role": ("inlinePolicies", "policy"),
    "aws-native:iam:Role": ("policies", "policyDocument"),
    "aws-native:iam:User": ("policies", "policyDocument"),
    "aws-native:iam:Group": ("policies", "policyDocument"),
}
BUCKET_POLICIES = {
    **dict.fromkeys(S3_BUCKETS, "policy"),
    S3_POLICY: "policy",
    "aws-native:s3:BucketPolicy": "policyDocument",
}
# Managed policies attached by ARN: type -> the input holding one ARN or a list of them.
ATTACHMENTS = {
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": "policyArn",
    "aws:iam/userPolicyAttachment:UserPolicyAttachment": "policyArn",
    "aws:iam/groupPolicyAttachment:GroupPolicyAttachment": "policyArn",
    "aws:iam/policyAttachment:PolicyAttachment": "policyArn",
    "aws:iam/role:Role": "managedPolicyArns",
    "aws-native:iam:Role": "managedPolicyArns",
    "aws-native:iam:User": "managedPolicyArns",
    "aws-native:iam:Group": "managedPolicyArns",
}
_BROAD_MANAGED = re.compile(
    r"arn:aws[a-z-]*:iam::aws:policy/(?:[\w+=,.@-]+/)*"
    r"(?P<name>AdministratorAccess|PowerUserAccess|[\w+=,.@-]*FullAccess(?:_v2)?)"
)
MANAGED_ALLOWS = {
    "AdministratorAccess": "every action",
    "PowerUserAccess": "every action but IAM's and Organizations'",
}
_SERVICE_WILDCARD = re.compile(r"[A-Za-z0-9-]+:\*")
OR_ACCEPT = "or accept it in indexplan:accept with a reason"
GCP_BASIC_ROLES = frozenset({"roles/owner", "roles/editor"})
_SERVICE_ADMIN = re.compile(r"roles/[a-z0-9]+\.admin")
# IAM resources on a whole project, folder or organization (pulumi-gcp `projects`,
# `folder`, `organizations` modules: IAMMember, IAMBinding, IAMPolicy).
_GCP_WIDE_IAM = re.compile(
    r"gcp:(projects|folder|organizations)/i[Aa][Mm](Member|Binding|Policy):\w+"
)


def least_privilege(graph: Graph) -> Iterator[Finding]:
    for resource in graph:
        inputs = resource.inputs
        if resource.type in IDENTITY_POLICIES:
            yield from _document(resource, inputs.get(IDENTITY_POLICIES[resource.type]), "policy")
        if resource.type in INLINE_POLICIES:
            listed, key = INLINE_POLICIES[resource.type]
            for n, inline in enumerate(items(inputs.get(listed))):
                name = dig(inline, "name") or dig(inline, "policyName") or f"#{n + 1}"
                yield from _document(resource, dig(inline, key), f"inline policy {name}")
        if resource.type in BUCKET_POLICIES:
            yield from _document(
                resource, inputs.get(BUCKET_POLICIES[resource.type]), "bucket policy"
            )
        if resource.type in ATTACHMENTS:
            for arn in items(inputs.get(ATTACHMENTS[resource.type])):
                yield from _managed(resource, arn)
        if GCP_IAM.fullmatch(resource.type):
            yield from _gcp(resource)


def _document(resource: Resource, document: Any, what: str) -> Iterator[Finding]:
    anywhere = what == "bucket policy"  # every resource of a bucket policy is in its bucket

    def problem(statement: Any) -> str | None:
        return _broad(statement, anywhere) if isinstance(statement, dict) else None

    return statement_findings(resource, document, what, problem, "narrow")


def _broad(statement: dict[str, Any], anywhere: bool) -> str | None:
    if "NotAction" in statement:
        actions = "every action but " + _listed(statement["NotAction"])
    else:
        wide = [a for a in items(statement.get("Action")) if _wildcard(a)]
        if not wide:
            return None
        actions = _listed(wide)
    if "NotResource" in statement:
        where = "every resource but " + _listed(statement["NotResource"])
    elif "*" in items(statement.get("Resource")):
        where = 'every resource ("*")'
    elif anywhere:
        where = _listed(statement.get("Resource"))
    else:
        return None
    return (
        f"allows {actions} on {where}; name the actions the principal needs and the resources "
        "(ARNs) it needs them on, " + OR_ACCEPT
    )


def _wildcard(action: Any) -> bool:
    return isinstance(action, str) and (
        action in ("*", "*:*") or bool(_SERVICE_WILDCARD.fullmatch(action))
    )


def _listed(value: Any) -> str:
    return ", ".join(repr(v) for v in items(value))


def _managed(resource: Resource, arn: Any) -> Iterator[Finding]:
    match = _BROAD_MANAGED.fullmatch(arn) if isinstance(arn, str) else None
    if match:
        name = match["name"]
        allows = MANAGED_ALLOWS.get(name, "every action of its service")
        yield (
            resource,
            f"attaches the AWS managed policy {name}, which allows {allows} on every resource; "
            "attach a policy naming the actions and resources needed, " + OR_ACCEPT,
        )


def _gcp(resource: Resource) -> Iterator[Finding]:
    wide = bool(_GCP_WIDE_IAM.fullmatch(resource.type))
    for role, member in iam_grants(resource) or []:  # unreadable: public-principals says so
        if role in GCP_BASIC_ROLES:
            yield (
                resource,
                (
                    f"grants {member} the basic role {role!r} (nearly every permission in the "
                    "project); grant a predefined role for what it does, " + OR_ACCEPT
                ),
            )
        elif wide and isinstance(role, str) and _SERVICE_ADMIN.fullmatch(role):
            yield (
                resource,
                (
                    f"grants {member} {role!r} on the whole project, folder or organization; grant "
                    "it on the resource it administers, " + OR_ACCEPT
                ),
            )
