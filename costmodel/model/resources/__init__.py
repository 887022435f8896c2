"""One module per priced resource type; importing this package registers them all."""

from costmodel.model.resources import (  # noqa: F401
    aws_cloudfront_distribution,
    aws_elasticache_replication_group,
    aws_rds_instance,
    aws_route53_zone,
    aws_s3_bucket,
    aws_sns_topic,
    aws_sqs_queue,
    fastly_service_vcl,
    free,
    gcp_bigquery_dataset,
    gcp_compute_backend_bucket,
    gcp_dns_managed_zone,
    gcp_pubsub_topic,
    gcp_redis_instance,
    gcp_sql_database_instance,
    gcp_storage_bucket,
)
