"""encryption-at-rest: storage, database, cache and queues encrypted."""

from policy_graphs import messages, res

S3 = "aws:s3/bucket:Bucket"
SSE = "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration"
RDS = "aws:rds/instance:Instance"
REDIS = "aws:elasticache/replicationGroup:ReplicationGroup"
MEMORYSTORE = "gcp:redis/instance:Instance"
SQS = "aws:sqs/queue:Queue"
SNS = "aws:sns/topic:Topic"


def sse(algorithm: str) -> dict:
    return {"applyServerSideEncryptionByDefault": {"sseAlgorithm": algorithm}}


def test_encrypted_resources_pass():
    graph = [
        res(S3, "files"),
        res(SSE, "files-sse", bucket="files-1a2b3c4", rules=[sse("aws:kms")]),
        res(S3, "archive", serverSideEncryptionConfiguration={"rule": sse("AES256")}),
        res(RDS, "db", storageEncrypted=True),
        res(REDIS, "cache", atRestEncryptionEnabled=True, transitEncryptionEnabled=True),
        res(MEMORYSTORE, "redis", transitEncryptionMode="SERVER_AUTHENTICATION"),
        res(SQS, "tasks", sqsManagedSseEnabled=True),
        res(SQS, "tasks-dlq", kmsMasterKeyId="alias/aws/sqs"),
        res(SNS, "mail-events", kmsMasterKeyId="alias/aws/sns"),
        # Google encrypts these at rest on its own; nothing to set.
        res("gcp:pubsub/topic:Topic", "events"),
        res("gcp:sql/databaseInstance:DatabaseInstance", "sql"),
    ]
    assert messages("encryption-at-rest", *graph) == []


def test_unencrypted_resources_fail_each_with_its_message():
    graph = [
        res(S3, "files"),
        res(RDS, "db", storageEncrypted=False),
        res(REDIS, "cache", atRestEncryptionEnabled=True),
        res("aws:elasticache/cluster:Cluster", "solo", engine="redis"),
        res(MEMORYSTORE, "redis", transitEncryptionMode="DISABLED"),
        res(SQS, "tasks", sqsManagedSseEnabled=False),
        res(SNS, "mail-events"),
    ]
    assert messages("encryption-at-rest", *graph) == [
        "files: S3 bucket has no default server-side encryption (AES256 or aws:kms); "
        "add a BucketServerSideEncryptionConfiguration",
        "db: database: storageEncrypted must be true, got False",
        "cache: cache: transitEncryptionEnabled must be true but is not set",
        "solo: a standalone ElastiCache cluster cannot encrypt at rest; "
        "use a replication group with atRestEncryptionEnabled",
        "redis: Memorystore: transitEncryptionMode must be 'SERVER_AUTHENTICATION', got 'DISABLED'",
        "tasks: SQS queue: set sqsManagedSseEnabled true or a kmsMasterKeyId",
        "mail-events: SNS topic: set kmsMasterKeyId (e.g. alias/aws/sns) to encrypt messages",
    ]


def test_encryption_config_of_another_bucket_does_not_count():
    graph = [
        res(S3, "files"),
        res(S3, "logs"),
        res(SSE, "logs-sse", bucket="logs-5e6f7a8", rules=[sse("AES256")]),
    ]
    assert [m.split(":")[0] for m in messages("encryption-at-rest", *graph)] == ["files"]
