"""Memorystore for Redis on the private network, with TLS in transit and AUTH."""

from __future__ import annotations

from typing import NamedTuple

import pulumi
import pulumi_gcp as gcp

from infra.config import MemorystoreCache
from infra.network.gcp import GcpPrivateNetwork

REDIS_VERSION = "REDIS_7_2"


class MemorystoreRedisArgs(NamedTuple):
    sizing: MemorystoreCache
    network: GcpPrivateNetwork


class MemorystoreRedis(pulumi.ComponentResource):
    def __init__(
        self, name: str, args: MemorystoreRedisArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__("indexplan:cache:Memorystore", name, None, opts)
        self.instance = gcp.redis.Instance(
            f"{name}-redis",
            tier=args.sizing.tier,
            memory_size_gb=args.sizing.memory_gb,
            redis_version=REDIS_VERSION,
            authorized_network=args.network.network.id,
            connect_mode="PRIVATE_SERVICE_ACCESS",
            transit_encryption_mode="SERVER_AUTHENTICATION",
            auth_enabled=True,
            opts=pulumi.ResourceOptions(parent=self, depends_on=[args.network.connection]),
        )
        self.endpoint: pulumi.Output[str] = self.instance.host
        self.register_outputs({"host": self.instance.host})
