"""Encryption at rest on storage, database, cache and queues (and in transit for the cache).

Google Cloud encrypts Cloud Storage, Cloud SQL, Memorystore and Pub/Sub data at rest always,
so only the AWS settings (and Memorystore's transit mode) are checked.
"""

from __future__ import annotations

from collections.abc import Iterator

from costmodel.model.graph import Resource
from policy.model import Finding, Graph, dig, expected, items, of_type, require_true
from policy.refs import referrers
from policy.resource_types import (
    ELASTICACHE_CLUSTER,
    ELASTICACHE_GROUP,
    MEMORYSTORE,
    RDS_CLUSTER,
    RDS_INSTANCE,
    S3_BUCKETS,
    S3_SSE_CONFIGS,
    SNS_TOPIC,
    SQS_QUEUE,
)

SSE_ALGORITHMS = frozenset({"AES256", "aws:kms", "aws:kms:dsse"})


def encryption_at_rest(graph: Graph) -> Iterator[Finding]:
    for bucket in of_type(graph, *S3_BUCKETS):
        if not _s3_encrypted(bucket, graph):
            yield (
                bucket,
                (
                    "S3 bucket has no default server-side encryption (AES256 or aws:kms); "
                    "add a BucketServerSideEncryptionConfiguration"
                ),
            )
    for resource in of_type(graph, RDS_INSTANCE, RDS_CLUSTER):
        yield from require_true(resource, "database", "storageEncrypted")
    yield from _cache(graph)
    for queue in of_type(graph, SQS_QUEUE):
        if queue.inputs.get("sqsManagedSseEnabled") is not True and not queue.inputs.get(
            "kmsMasterKeyId"
        ):
            yield queue, "SQS queue: set sqsManagedSseEnabled true or a kmsMasterKeyId"
    for topic in of_type(graph, SNS_TOPIC):
        if not topic.inputs.get("kmsMasterKeyId"):
            yield topic, "SNS topic: set kmsMasterKeyId (e.g. alias/aws/sns) to encrypt messages"


def _s3_encrypted(bucket: Resource, graph: Graph) -> bool:
    rules = [dig(bucket.inputs, "serverSideEncryptionConfiguration", "rule")]
    for config in referrers(bucket, graph, S3_SSE_CONFIGS, "bucket"):
        rules += items(config.inputs.get("rules"))
    return any(
        dig(rule, "applyServerSideEncryptionByDefault", "sseAlgorithm") in SSE_ALGORITHMS
        for rule in rules
    )


def _cache(graph: Graph) -> Iterator[Finding]:
    for group in of_type(graph, ELASTICACHE_GROUP):
        yield from require_true(
            group, "cache", "atRestEncryptionEnabled", "transitEncryptionEnabled"
        )
    for cluster in of_type(graph, ELASTICACHE_CLUSTER):
        if not cluster.inputs.get("replicationGroupId"):
            yield (
                cluster,
                (
                    "a standalone ElastiCache cluster cannot encrypt at rest; "
                    "use a replication group with atRestEncryptionEnabled"
                ),
            )
    for instance in of_type(graph, MEMORYSTORE):
        mode = instance.inputs.get("transitEncryptionMode")
        if mode != "SERVER_AUTHENTICATION":
            field = "Memorystore: transitEncryptionMode"
            yield expected(instance, field, "'SERVER_AUTHENTICATION'", mode)
