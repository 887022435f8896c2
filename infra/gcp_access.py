"""A service account with one role on one bucket: how other services touch private buckets."""

from __future__ import annotations

import pulumi
import pulumi_gcp as gcp


def bucket_service_account(
    parent: pulumi.Resource, name: str, bucket: pulumi.Input[str], role: str, purpose: str
) -> gcp.serviceaccount.Account:
    child = pulumi.ResourceOptions(parent=parent)
    account = gcp.serviceaccount.Account(
        name, account_id=name[:30], display_name=purpose, opts=child
    )
    gcp.storage.BucketIAMMember(
        f"{name}-access",
        bucket=bucket,
        role=role,
        member=account.email.apply(lambda email: f"serviceAccount:{email}"),
        opts=child,
    )
    return account
