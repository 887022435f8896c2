"""Redis (or Valkey) on ElastiCache in the stack's VPC, reached from the app only: a replication
group encrypted in transit and at rest."""

from __future__ import annotations

from typing import NamedTuple

import pulumi
import pulumi_aws as aws
import pulumi_random as random

from infra.config import ElastiCacheCache
from infra.network.aws import Placement

ENGINE_VERSIONS = {"redis": "7.1", "valkey": "8.0"}
SNAPSHOT_DAYS = 7
PORT = 6379


class ElastiCacheRedisArgs(NamedTuple):
    sizing: ElastiCacheCache
    placement: Placement


class ElastiCacheRedis(pulumi.ComponentResource):
    def __init__(
        self, name: str, args: ElastiCacheRedisArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__("indexplan:cache:ElastiCache", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        sizing = args.sizing
        # ElastiCache auth tokens allow printable ASCII except / " @; keep it alphanumeric.
        token = random.RandomPassword(f"{name}-auth-token", length=64, special=False, opts=child)
        network = args.placement.network
        # Without these, ElastiCache uses the default VPC and its default security group.
        subnets = aws.elasticache.SubnetGroup(
            f"{name}-subnets",
            description="the index's private subnets",
            subnet_ids=network.private_subnet_ids(),
            opts=child,
        )
        group = network.admitting(
            self, f"{name}-sg", "cache: Redis from the app only", PORT, args.placement.clients
        )
        replicated = sizing.nodes > 1
        self.group = aws.elasticache.ReplicationGroup(
            f"{name}-redis",
            description="package index cache and task results",
            engine=sizing.engine,
            engine_version=ENGINE_VERSIONS[sizing.engine],
            node_type=sizing.node_type,
            num_cache_clusters=sizing.nodes,
            automatic_failover_enabled=replicated,
            multi_az_enabled=replicated,
            transit_encryption_enabled=True,
            at_rest_encryption_enabled=True,
            auth_token=token.result,
            snapshot_retention_limit=SNAPSHOT_DAYS,
            port=PORT,
            subnet_group_name=subnets.name,
            security_group_ids=[group.id],
            opts=child,
        )
        self.endpoint: pulumi.Output[str] = self.group.primary_endpoint_address
        self.register_outputs({"endpoint": self.endpoint})
