"""storage-private on objects: a public ACL on one object serves that file to anyone, around the
CDN and, for a private index, around its signed URLs (s8-fix-sec's follow-up: an
`aws:s3/bucketObjectv2` with `acl: public-read` passed `check`). S3's public canned ACLs and
grantee groups (S3 User Guide, "Access control list (ACL) overview": public-read,
public-read-write, authenticated-read; the AllUsers and AuthenticatedUsers group URIs);
aws-native's bucket `accessControl` takes CloudFormation's names (PublicRead, ...). Google
Cloud's object ACLs (`storage.ObjectACL`, `ObjectAccessControl`) were already checked;
`storage.BucketObject` has no ACL input in pulumi-gcp (its objects follow the bucket's uniform
access, which storage-private requires)."""

from __future__ import annotations

import pytest
from policy_graphs import messages, res

RULE = "storage-private"
ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"


@pytest.mark.parametrize(
    ("type_", "inputs", "expected"),
    [
        (  # the reviewer's mutation
            "aws:s3/bucketObjectv2:BucketObjectv2",
            {"bucket": "files", "key": "index.html", "acl": "public-read"},
            "canned ACL 'public-read' makes the object public; use private",
        ),
        (
            "aws:s3/bucketObject:BucketObject",
            {"bucket": "files", "key": "simple/index.html", "acl": "authenticated-read"},
            "canned ACL 'authenticated-read' makes the object public; use private",
        ),
        (
            "aws:s3/objectCopy:ObjectCopy",
            {
                "bucket": "files",
                "key": "packages/a.whl",
                "source": "staging/packages/a.whl",
                "grants": [{"type": "Group", "uri": ALL_USERS, "permissions": ["READ"]}],
            },
            "ACL grant to AllUsers makes the object public",
        ),
        (
            "aws-native:s3:Bucket",
            {"bucketName": "files", "accessControl": "PublicReadWrite"},
            "accessControl 'PublicReadWrite' makes the bucket public; use Private",
        ),
        (  # Google Cloud's object ACLs, as before (named here so the set is in one place)
            "gcp:storage/objectACL:ObjectACL",
            {"bucket": "files", "object": "a.whl", "predefinedAcl": "publicRead"},
            "predefinedAcl 'publicRead' makes the bucket or its objects public",
        ),
        (
            "gcp:storage/objectAccessControl:ObjectAccessControl",
            {"bucket": "files", "object": "a.whl", "entity": "allAuthenticatedUsers"},
            "grants allAuthenticatedUsers access to the bucket; grant the CDN's identity only",
        ),
    ],
)
def test_a_public_object_acl_is_named(type_, inputs, expected):
    assert messages(RULE, res(type_, "upload", **inputs)) == [f"upload: {expected}"]


@pytest.mark.parametrize(
    ("type_", "inputs"),
    [
        ("aws:s3/bucketObjectv2:BucketObjectv2", {"key": "robots.txt", "acl": "private"}),
        ("aws:s3/bucketObjectv2:BucketObjectv2", {"key": "robots.txt"}),
        ("aws:s3/bucketObject:BucketObject", {"key": "a", "acl": "bucket-owner-full-control"}),
        ("aws:s3/objectCopy:ObjectCopy", {"key": "a", "source": "b/a", "acl": "private"}),
        ("aws-native:s3:Bucket", {"accessControl": "Private"}),
        ("aws-native:s3:Bucket", {}),
    ],
)
def test_private_objects_pass(type_, inputs):
    assert messages(RULE, res(type_, "upload", bucket="files", **inputs)) == []
