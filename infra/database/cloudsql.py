"""PostgreSQL on Cloud SQL: private IP only, SSL required, backed up, protected from deletion."""

from __future__ import annotations

from typing import NamedTuple

import pulumi
import pulumi_gcp as gcp
import pulumi_random as random

from infra.config import CloudSqlDatabase
from infra.network.gcp import GcpPrivateNetwork

BACKUP_DAYS = 14
APP_USER = "indexplan"


class CloudSqlPostgresArgs(NamedTuple):
    sizing: CloudSqlDatabase
    network: GcpPrivateNetwork


class CloudSqlPostgres(pulumi.ComponentResource):
    def __init__(
        self, name: str, args: CloudSqlPostgresArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__("indexplan:database:CloudSQL", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        sizing = args.sizing
        self.instance = gcp.sql.DatabaseInstance(
            f"{name}-postgres",
            database_version=sizing.version,
            deletion_protection=True,
            settings={
                "tier": sizing.tier,
                "availability_type": sizing.availability,
                "disk_size": sizing.storage_gb,
                "disk_type": "PD_SSD",
                "disk_autoresize": True,
                "deletion_protection_enabled": True,
                "backup_configuration": {
                    "enabled": True,
                    "point_in_time_recovery_enabled": True,
                    "backup_retention_settings": {"retained_backups": BACKUP_DAYS},
                },
                "ip_configuration": {
                    "ipv4_enabled": False,
                    "private_network": args.network.network.id,
                    "ssl_mode": "ENCRYPTED_ONLY",
                },
            },
            opts=pulumi.ResourceOptions(parent=self, depends_on=[args.network.connection]),
        )
        gcp.sql.Database(
            f"{name}-warehouse", instance=self.instance.name, name="warehouse", opts=child
        )
        password = random.RandomPassword(
            f"{name}-user-password", length=32, special=False, opts=child
        )
        gcp.sql.User(
            f"{name}-user",
            instance=self.instance.name,
            name=APP_USER,
            password=password.result,
            opts=child,
        )
        self.endpoint: pulumi.Output[str] = self.instance.private_ip_address
        self.register_outputs({"connection_name": self.instance.connection_name})
