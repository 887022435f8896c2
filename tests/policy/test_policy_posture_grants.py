"""`indexplan diff` names a broad grant a change brings (policy/posture.py): a change that adds
a deployment role with AdministratorAccess and, in the same stack file, an `indexplan:accept`
entry for it passes `check`, and costs $0, so the diff says it before the money."""

from __future__ import annotations

from policy_graphs import res

from policy.posture import posture_changes

ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess"
READER = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"
LINE = (
    "security: iam-least-privilege finds a new broad grant on deploy-admin: attaches the AWS "
    "managed policy AdministratorAccess, which allows every action on every resource; attach a "
    "policy naming the actions and resources needed, or accept it in indexplan:accept with a "
    "reason"
)


def test_a_new_broad_grant_is_said():
    after = [res(ATTACHMENT, "deploy-admin", role="deploy", policyArn=ADMIN)]
    assert posture_changes([], after) == [LINE]


def test_a_grant_made_broad_is_said_and_one_kept_as_it_was_is_not():
    before = [res(ATTACHMENT, "deploy-admin", role="deploy", policyArn=READER)]
    after = [res(ATTACHMENT, "deploy-admin", role="deploy", policyArn=ADMIN)]
    assert posture_changes(before, after) == [LINE]
    assert posture_changes(after, after) == []
    assert posture_changes(after, before) == []  # narrowing a grant is no security loss
