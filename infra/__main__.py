"""The Pulumi program: one component per role, on the provider the stack file chooses.

`pulumi up` runs this file; `indexplan resources` runs it offline under Pulumi's mocks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pulumi

from infra.config import (
    B2Storage,
    CloudSqlDatabase,
    ElastiCacheCache,
    FargateApp,
    GcsStorage,
    MemorystoreCache,
    OpenSearchSearch,
    R2Storage,
    RdsDatabase,
    S3Storage,
    StackConfig,
    parse_stack_config,
)
from infra.dns.records import Record, WeightedCdn
from infra.edge import CdnEndpoint, LogSink
from infra.origin import StorageOrigin
from infra.providers import make_providers

if TYPE_CHECKING:
    import pulumi_aws as aws

    from infra.app.fargate import FargateService
    from infra.network.aws import AwsNetwork, Placement
    from infra.network.gcp import GcpPrivateNetwork

# (cdn, storage) pairs needing no reader key: the CDN reads the bucket as itself.
NATIVE_ORIGINS = {("aws", "aws"), ("gcp", "gcp"), ("cloudflare", "cloudflare")}


def read_config() -> StackConfig:
    """The stack's config as one typed model; a bad file stops here, before any resource."""
    from pulumi.runtime.config import CONFIG, get_config_env

    raw = {**get_config_env(), **CONFIG.get()}
    config = {key.replace(":config:", ":", 1): value for key, value in raw.items()}
    return parse_stack_config(config, f"stacks/Pulumi.{pulumi.get_stack()}.yaml")


def storage(config: StackConfig, opts: pulumi.ResourceOptions) -> StorageOrigin:
    provider = config.roles["storage"]
    reader_key = any((cdn, provider) not in NATIVE_ORIGINS for cdn in config.cdns)
    sizing = config.storage
    if isinstance(sizing, B2Storage):
        from infra.storage.b2 import B2Bucket, B2BucketArgs, reader_key_from_config

        reader = reader_key_from_config() if reader_key else None
        return B2Bucket("storage", B2BucketArgs(sizing, reader), opts).origin
    if isinstance(sizing, R2Storage):
        from infra.storage.r2 import R2Bucket, R2BucketArgs

        r2 = R2BucketArgs(config.cloudflare_account_id or "", sizing, s3_reader=reader_key)
        return R2Bucket("storage", r2, opts).origin
    if isinstance(sizing, S3Storage):
        from infra.storage.s3 import S3Bucket, S3BucketArgs

        cloudfront = "aws" in config.cdns  # it writes the bucket's policy
        args = S3BucketArgs(
            config.aws_region or "", sizing.archive, reader_key, cloudfront_reads=cloudfront
        )
        return S3Bucket("storage", args, opts).origin
    from infra.storage.gcs import GcsBucket, GcsBucketArgs

    gcs = GcsBucketArgs(sizing.location, sizing.archive, reader_key)
    return GcsBucket("storage", gcs, opts).origin


def archive(config: StackConfig, opts: pulumi.ResourceOptions) -> StorageOrigin | None:
    """The archive on another provider: it keeps every file; the CDN falls back to it."""
    if config.archive == "aws":
        from infra.storage.s3 import S3Bucket, S3BucketArgs

        args = S3BucketArgs(config.aws_region or "", archive=True, reader_key=True, files=False)
        return S3Bucket("storage", args, opts).origin
    if config.archive == "gcp":
        from infra.storage.gcs import GcsBucket, GcsBucketArgs

        gcs = GcsBucketArgs(config.gcp_region or "US", True, reader_key=True, files=False)
        return GcsBucket("storage", gcs, opts).origin
    return None


def cdn(
    provider: str,
    name: str,
    config: StackConfig,
    origins: tuple[StorageOrigin, StorageOrigin | None],
    logs: LogSink | None,
    opts: pulumi.ResourceOptions,
) -> tuple[CdnEndpoint, Any]:
    origin, fallback = origins
    routes = config.app_routes
    if provider == "fastly":
        from infra.cdn.fastly import FastlyCdn, FastlyCdnArgs

        args = FastlyCdnArgs(
            config.files_hostname, origin, logs=logs, fallback=fallback, app_routes=routes
        )
        return FastlyCdn(name, args, opts).endpoint, None
    if provider == "aws":
        from infra.cdn.cloudfront import CloudFrontCdn, CloudFrontCdnArgs

        front = CloudFrontCdnArgs(config.files_hostname, origin, app_routes=routes)
        return CloudFrontCdn(name, front, opts).endpoint, None
    if provider == "cloudflare":
        from infra.cdn.cloudflare import CloudflareCdn, CloudflareCdnArgs

        account = config.cloudflare_account_id or ""
        plan = config.cdn.plan if config.cdn else None
        flare_args = CloudflareCdnArgs(
            config.domain, config.files_hostname, origin, account, config.private, plan, routes
        )
        flare = CloudflareCdn(name, flare_args, opts)
        if flare.token_key is not None:
            _APP_SECRETS[FILE_TOKEN_KEY_ENV] = flare.token_key
        return flare.endpoint, flare.name_servers
    from infra.cdn.cloudcdn import CloudCdn, CloudCdnArgs

    cloud = CloudCdnArgs(config.files_hostname, origin, logs, app_routes=routes)
    return CloudCdn(name, cloud, opts).endpoint, None


def analytics(config: StackConfig, opts: pulumi.ResourceOptions) -> LogSink | None:
    """The download-statistics dataset and the bucket the CDN streams its logs into."""
    if not config.analytics:
        return None
    from infra.analytics.bigquery import BigQueryAnalytics, BigQueryAnalyticsArgs
    from infra.gcp_locations import bigquery_location

    # Where the stack asks (indexplan:analytics_location), else a GCS bucket's location mapped to
    # BigQuery's (parse_stack_config refused the ones without one). Any other bucket (S3, B2,
    # R2) is not what BigQuery loads: the CDN's logs are, from the log bucket made at the
    # dataset's location, so those stacks keep the US default.
    sizing = config.storage
    location = config.analytics_location or (
        bigquery_location(sizing.location) if isinstance(sizing, GcsStorage) else None
    )
    args = BigQueryAnalyticsArgs(project=config.gcp_project or "", location=location or "US")
    return BigQueryAnalytics("analytics", args, opts).log_sink


def database(
    config: StackConfig, service: FargateService | None, opts: pulumi.ResourceOptions
) -> pulumi.Output[str]:
    if isinstance(config.database, RdsDatabase):
        from infra.database.rds import RdsPostgres, RdsPostgresArgs

        rds = RdsPostgresArgs(config.database, placement(config, service, opts))
        return RdsPostgres("database", rds, opts).endpoint
    from infra.database.cloudsql import CloudSqlPostgres, CloudSqlPostgresArgs

    assert config.database is not None
    args = CloudSqlPostgresArgs(config.database, private_network(opts))
    return CloudSqlPostgres("database", args, opts).endpoint


def cache(
    config: StackConfig, service: FargateService | None, opts: pulumi.ResourceOptions
) -> pulumi.Output[str]:
    if isinstance(config.cache, ElastiCacheCache):
        from infra.cache.elasticache import ElastiCacheRedis, ElastiCacheRedisArgs

        redis = ElastiCacheRedisArgs(config.cache, placement(config, service, opts))
        return ElastiCacheRedis("cache", redis, opts).endpoint
    from infra.cache.memorystore import MemorystoreRedis, MemorystoreRedisArgs

    assert config.cache is not None
    args = MemorystoreRedisArgs(config.cache, private_network(opts))
    return MemorystoreRedis("cache", args, opts).endpoint


def queue(config: StackConfig, opts: pulumi.ResourceOptions) -> tuple[pulumi.Output[str], Any]:
    """The queue's address, and the SNS topic mail events go to (AWS only)."""
    if config.roles["queue"] == "aws":
        from infra.queue.sqs import SqsQueue, SqsQueueArgs

        sqs = SqsQueue("queue", SqsQueueArgs(), opts)
        return sqs.address, sqs.mail_topic
    from infra.queue.pubsub import PubSubQueue, PubSubQueueArgs

    return PubSubQueue("queue", PubSubQueueArgs(), opts).address, None


def app(config: StackConfig, opts: pulumi.ResourceOptions) -> FargateService | None:
    from infra.config import CloudRunApp

    sizing = config.app
    if isinstance(sizing, FargateApp):
        from infra.app.fargate import FargateService, FargateServiceArgs

        region = config.aws_region or ""
        args = FargateServiceArgs(config.domain, sizing, aws_network(config, opts), region)
        return FargateService("app", args, opts)
    if isinstance(sizing, CloudRunApp):
        from infra.app.cloudrun import CloudRunService, CloudRunServiceArgs

        private = isinstance(config.database, CloudSqlDatabase) or isinstance(
            config.cache, MemorystoreCache
        )  # the app joins the network they are on
        network = private_network(opts) if private else None
        run = CloudRunServiceArgs(sizing, config.gcp_region or "", network, dict(_APP_SECRETS))
        pulumi.export("app_url", CloudRunService("app", run, opts).url)
    return None


def search(
    config: StackConfig, service: FargateService | None, opts: pulumi.ResourceOptions
) -> None:
    from infra.config import ElasticSearch

    if isinstance(config.search, OpenSearchSearch):
        from infra.search.opensearch import OpenSearchDomain, OpenSearchDomainArgs

        region = config.aws_region or ""
        args = OpenSearchDomainArgs(
            config.search,
            aws_network(config, opts),
            region,
            clients=app_group(config, service, opts),
            client_role=service.task_role if service else None,
        )
        pulumi.export("search_endpoint", OpenSearchDomain("search", args, opts).endpoint)
    elif isinstance(config.search, ElasticSearch):
        from infra.search.elastic import ElasticDeployment, ElasticDeploymentArgs

        elastic = ElasticDeploymentArgs(
            config.search, config.gcp_region or "", private_network(opts)
        )
        ElasticDeployment("search", elastic, opts)


def email(config: StackConfig, topic: Any, opts: pulumi.ResourceOptions) -> list[Record]:
    from infra.email.ses import SesEmail, SesEmailArgs

    return SesEmail("email", SesEmailArgs(config.domain, topic), opts).records


def monitoring(config: StackConfig, opts: pulumi.ResourceOptions) -> None:
    from infra.config import DatadogMonitoring
    from infra.monitoring.datadog import DatadogMonitors, DatadogMonitorsArgs

    args = DatadogMonitorsArgs(
        config.monitoring or DatadogMonitoring(),
        tuple(config.cdns),
        queue=config.roles.get("queue"),
        database=config.roles.get("database"),
    )
    DatadogMonitors("monitoring", args, opts)


def dns(
    config: StackConfig,
    endpoints: list[WeightedCdn],
    extra: list[Record],
    opts: pulumi.ResourceOptions,
) -> pulumi.Output:
    endpoint = endpoints[0].endpoint
    weighted = tuple(endpoints) if len(endpoints) > 1 else ()
    if config.roles["dns"] == "aws":
        from infra.dns.route53 import Route53Dns, Route53DnsArgs

        args = Route53DnsArgs(config.domain, endpoint, weighted, tuple(extra))
        return Route53Dns("dns", args, opts).name_servers
    from infra.dns.clouddns import CloudDns, CloudDnsArgs

    return CloudDns(
        "dns", CloudDnsArgs(config.domain, endpoint, weighted, tuple(extra)), opts
    ).name_servers


_NETWORK: dict[str, Any] = {}
# Secrets the app is handed (environment variable -> value), set by the roles made before it.
_APP_SECRETS: dict[str, pulumi.Output[str]] = {}
FILE_TOKEN_KEY_ENV = "INDEX_FILE_TOKEN_KEY"  # the key a private index's app signs file URLs with


def private_network(opts: pulumi.ResourceOptions) -> GcpPrivateNetwork:
    """One private VPC for Cloud SQL, Memorystore and Elastic's endpoint, created on first use."""
    from infra.network.gcp import GcpPrivateNetwork

    if "gcp" not in _NETWORK:
        _NETWORK["gcp"] = GcpPrivateNetwork("network", opts)
    return _NETWORK["gcp"]


def aws_network(config: StackConfig, opts: pulumi.ResourceOptions) -> AwsNetwork:
    """One VPC for the app's tasks, search, the database and the cache, created on first use;
    with a route to the internet only for the app and search (a database and cache need none)."""
    from infra.network.aws import AwsNetwork

    if "aws" not in _NETWORK:
        internet = isinstance(config.app, FargateApp) or isinstance(config.search, OpenSearchSearch)
        region = config.aws_region or ""
        _NETWORK["aws"] = AwsNetwork("network", region, opts, internet=internet)
    return _NETWORK["aws"]


def app_group(
    config: StackConfig, service: FargateService | None, opts: pulumi.ResourceOptions
) -> aws.ec2.SecurityGroup:
    """The security group the database, cache and search admit: the app's tasks', or, when the
    app runs outside the stack, one made for it to join (exported with the private subnets)."""
    if service is not None:
        return service.tasks_group
    if "aws-clients" not in _NETWORK:
        network = aws_network(config, opts)
        ports = [
            port
            for port, stored in ((5432, config.database), (6379, config.cache))
            if isinstance(stored, RdsDatabase | ElastiCacheCache)
        ]
        if isinstance(config.search, OpenSearchSearch):
            ports.append(443)
        group = network.app_clients_group(ports)
        pulumi.export("app_security_group", group.id)
        pulumi.export("app_subnets", network.private_subnet_ids())
        _NETWORK["aws-clients"] = group
    return _NETWORK["aws-clients"]


def placement(
    config: StackConfig, service: FargateService | None, opts: pulumi.ResourceOptions
) -> Placement:
    from infra.network.aws import Placement

    return Placement(aws_network(config, opts), app_group(config, service, opts))


def main() -> None:
    config = read_config()
    opts = pulumi.ResourceOptions(providers=make_providers(config))
    origins = (storage(config, opts), archive(config, opts))
    logs = analytics(config, opts)
    weights = config.cdn_weights or {config.roles["cdn"]: 1.0}
    endpoints, zone_servers = [], None
    for provider, weight in weights.items():
        name = "cdn" if len(weights) == 1 else f"cdn-{provider}"
        endpoint, servers = cdn(provider, name, config, origins, logs, opts)
        endpoints.append(WeightedCdn(provider, weight, endpoint))
        zone_servers = zone_servers or servers
    pulumi.export("files_url", f"https://{config.files_hostname}/")
    pulumi.export("cdn_target", endpoints[0].endpoint.target)
    pulumi.export("bucket", origins[0].bucket)
    roles = config.roles
    # The app first: the database and cache admit its security group.
    service = app(config, opts) if "app" in roles else None
    if "database" in roles:
        pulumi.export("database_endpoint", database(config, service, opts))
    if "cache" in roles:
        pulumi.export("cache_endpoint", cache(config, service, opts))
    topic = None
    if "queue" in roles:
        address, topic = queue(config, opts)
        pulumi.export("queue", address)
    extra: list[Record] = []
    if service is not None:
        extra += service.records
        pulumi.export("app_target", service.balancer.dns_name)
    if "search" in roles:
        search(config, service, opts)
    if "email" in roles:
        extra += email(config, topic, opts)
    if "monitoring" in roles:
        monitoring(config, opts)
    if "dns" in roles:
        pulumi.export("name_servers", dns(config, endpoints, extra, opts))
    elif zone_servers is not None:
        pulumi.export("name_servers", zone_servers)
    if "gcp" in _NETWORK and "app" not in roles:
        # the app runs outside the stack: it joins this network to reach Cloud SQL, Memorystore
        pulumi.export("app_network", _NETWORK["gcp"].network.id)


main()
