"""storage-versioning (advisory): buckets keep old versions."""

from policy_graphs import res, violations

S3 = "aws:s3/bucket:Bucket"
VERSIONING = "aws:s3/bucketVersioning:BucketVersioning"
GCS = "gcp:storage/bucket:Bucket"


def s3_bucket_with_versioning(status: str) -> list:
    config = {"status": status}
    return [
        res(S3, "files"),
        res(VERSIONING, "files-versioning", bucket="files-1a2b3c4", versioningConfiguration=config),
    ]


def test_versioned_buckets_pass():
    graph = [
        *s3_bucket_with_versioning("Enabled"),
        res(GCS, "gfiles", versioning={"enabled": True}),
    ]
    assert violations("storage-versioning", *graph) == []


def test_unversioned_buckets_are_advisory_violations():
    graph = [*s3_bucket_with_versioning("Suspended"), res(GCS, "gfiles")]
    found = violations("storage-versioning", *graph)
    assert [(v.resource, v.enforcement, v.message) for v in found] == [
        (
            "files",
            "advisory",
            "S3 bucket is not versioned; add a BucketVersioning with status Enabled",
        ),
        ("gfiles", "advisory", "GCS bucket is not versioned; set versioning.enabled true"),
    ]


def test_cdn_log_buckets_of_the_analytics_role_need_no_versions():
    logs = res(GCS, "analytics-cdn-logs", parent="indexplan:analytics:BigQuery")
    files = res(GCS, "storage-files", parent="indexplan:storage:GCS")
    assert [v.resource for v in violations("storage-versioning", logs, files)] == ["storage-files"]
