"""The Pulumi program: one component per role, on the provider the stack file chooses.

`pulumi up` runs this file; `indexplan resources` runs it offline under Pulumi's mocks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pulumi

from infra.config import (
    ElastiCacheCache,
    RdsDatabase,
    S3Storage,
    StackConfig,
    parse_stack_config,
)
from infra.edge import CdnEndpoint, LogSink
from infra.origin import StorageOrigin
from infra.providers import make_providers

if TYPE_CHECKING:
    from infra.network.gcp import GcpPrivateNetwork

NATIVE_ORIGINS = {("aws", "aws"), ("gcp", "gcp")}  # (cdn, storage) pairs needing no reader key


def read_config() -> StackConfig:
    """The stack's config as one typed model; a bad file stops here, before any resource."""
    from pulumi.runtime.config import CONFIG, get_config_env

    raw = {**get_config_env(), **CONFIG.get()}
    config = {key.replace(":config:", ":", 1): value for key, value in raw.items()}
    return parse_stack_config(config, f"stacks/Pulumi.{pulumi.get_stack()}.yaml")


def storage(config: StackConfig, opts: pulumi.ResourceOptions) -> StorageOrigin:
    reader_key = (config.roles["cdn"], config.roles["storage"]) not in NATIVE_ORIGINS
    sizing = config.storage
    if isinstance(sizing, S3Storage):
        from infra.storage.s3 import S3Bucket, S3BucketArgs

        args = S3BucketArgs(config.aws_region or "", sizing.archive, reader_key)
        return S3Bucket("storage", args, opts).origin
    from infra.storage.gcs import GcsBucket, GcsBucketArgs

    gcs = GcsBucketArgs(sizing.location, sizing.archive, reader_key)
    return GcsBucket("storage", gcs, opts).origin


def cdn(
    config: StackConfig, origin: StorageOrigin, logs: LogSink | None, opts: pulumi.ResourceOptions
) -> CdnEndpoint:
    provider = config.roles["cdn"]
    if provider == "fastly":
        from infra.cdn.fastly import FastlyCdn, FastlyCdnArgs

        return FastlyCdn(
            "cdn", FastlyCdnArgs(config.files_hostname, origin, logs=logs), opts
        ).endpoint
    if provider == "aws":
        from infra.cdn.cloudfront import CloudFrontCdn, CloudFrontCdnArgs

        return CloudFrontCdn("cdn", CloudFrontCdnArgs(config.files_hostname, origin), opts).endpoint
    from infra.cdn.cloudcdn import CloudCdn, CloudCdnArgs

    return CloudCdn("cdn", CloudCdnArgs(config.files_hostname, origin, logs), opts).endpoint


def analytics(config: StackConfig, opts: pulumi.ResourceOptions) -> LogSink | None:
    """The download-statistics dataset and the bucket the CDN streams its logs into."""
    if not config.analytics:
        return None
    from infra.analytics.bigquery import BigQueryAnalytics, BigQueryAnalyticsArgs

    location = getattr(config.storage, "location", None) or "US"
    args = BigQueryAnalyticsArgs(project=config.gcp_project or "", location=location)
    return BigQueryAnalytics("analytics", args, opts).log_sink


def database(config: StackConfig, opts: pulumi.ResourceOptions) -> pulumi.Output[str]:
    if isinstance(config.database, RdsDatabase):
        from infra.database.rds import RdsPostgres, RdsPostgresArgs

        return RdsPostgres("database", RdsPostgresArgs(config.database), opts).endpoint
    from infra.database.cloudsql import CloudSqlPostgres, CloudSqlPostgresArgs

    args = CloudSqlPostgresArgs(config.database, private_network(opts))
    return CloudSqlPostgres("database", args, opts).endpoint


def cache(config: StackConfig, opts: pulumi.ResourceOptions) -> pulumi.Output[str]:
    if isinstance(config.cache, ElastiCacheCache):
        from infra.cache.elasticache import ElastiCacheRedis, ElastiCacheRedisArgs

        return ElastiCacheRedis("cache", ElastiCacheRedisArgs(config.cache), opts).endpoint
    from infra.cache.memorystore import MemorystoreRedis, MemorystoreRedisArgs

    args = MemorystoreRedisArgs(config.cache, private_network(opts))
    return MemorystoreRedis("cache", args, opts).endpoint


def queue(config: StackConfig, opts: pulumi.ResourceOptions) -> pulumi.Output[str]:
    if config.roles["queue"] == "aws":
        from infra.queue.sqs import SqsQueue, SqsQueueArgs

        return SqsQueue("queue", SqsQueueArgs(), opts).address
    from infra.queue.pubsub import PubSubQueue, PubSubQueueArgs

    return PubSubQueue("queue", PubSubQueueArgs(), opts).address


def dns(config: StackConfig, endpoint: CdnEndpoint, opts: pulumi.ResourceOptions) -> pulumi.Output:
    if config.roles["dns"] == "aws":
        from infra.dns.route53 import Route53Dns, Route53DnsArgs

        return Route53Dns("dns", Route53DnsArgs(config.domain, endpoint), opts).name_servers
    from infra.dns.clouddns import CloudDns, CloudDnsArgs

    return CloudDns("dns", CloudDnsArgs(config.domain, endpoint), opts).name_servers


_NETWORK: dict[str, GcpPrivateNetwork] = {}


def private_network(opts: pulumi.ResourceOptions) -> GcpPrivateNetwork:
    """One private VPC for Cloud SQL and Memorystore, created on first use."""
    from infra.network.gcp import GcpPrivateNetwork

    if "gcp" not in _NETWORK:
        _NETWORK["gcp"] = GcpPrivateNetwork("network", opts)
    return _NETWORK["gcp"]


def main() -> None:
    config = read_config()
    opts = pulumi.ResourceOptions(providers=make_providers(config))
    origin = storage(config, opts)
    endpoint = cdn(config, origin, analytics(config, opts), opts)
    pulumi.export("files_url", f"https://{config.files_hostname}/")
    pulumi.export("cdn_target", endpoint.target)
    pulumi.export("bucket", origin.bucket)
    pulumi.export("database_endpoint", database(config, opts))
    pulumi.export("cache_endpoint", cache(config, opts))
    pulumi.export("queue", queue(config, opts))
    pulumi.export("name_servers", dns(config, endpoint, opts))


main()
