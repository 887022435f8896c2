"""PostgreSQL on Amazon RDS in the stack's VPC, reached from the app only: encrypted, private,
backed up, protected from deletion."""

from __future__ import annotations

import json
from typing import NamedTuple

import pulumi
import pulumi_aws as aws
import pulumi_random as random

from infra.config import RdsDatabase
from infra.network.aws import Placement

BACKUP_DAYS = 14  # two weeks of point-in-time recovery
ADMIN_USER = "indexplan"
# RDS refuses / @ " and space in master passwords.
PASSWORD_SPECIALS = "!#%^*()-_=+"
PORT = 5432


class RdsPostgresArgs(NamedTuple):
    sizing: RdsDatabase
    placement: Placement


class RdsPostgres(pulumi.ComponentResource):
    def __init__(
        self, name: str, args: RdsPostgresArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__("indexplan:database:RDS", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        sizing = args.sizing
        password = random.RandomPassword(
            f"{name}-admin-password", length=32, override_special=PASSWORD_SPECIALS, opts=child
        )
        network = args.placement.network
        # Without a subnet group and a group of its own, RDS puts the instance in the account's
        # default VPC with its default security group, out of the app's reach.
        subnets = aws.rds.SubnetGroup(
            f"{name}-subnets",
            description="the index's private subnets",
            subnet_ids=network.private_subnet_ids(),
            opts=child,
        )
        clients = args.placement.clients
        group = network.admitting(
            self, f"{name}-sg", "database: PostgreSQL from the app only", PORT, clients
        )
        major = sizing.engine_version.split(".")[0]
        parameters = aws.rds.ParameterGroup(
            f"{name}-parameters",
            family=f"postgres{major}",
            parameters=[{"name": "rds.force_ssl", "value": "1"}],
            opts=child,
        )
        self.instance = aws.rds.Instance(
            f"{name}-postgres",
            engine="postgres",
            engine_version=sizing.engine_version,
            instance_class=sizing.instance,
            allocated_storage=sizing.storage_gb,
            max_allocated_storage=sizing.storage_gb * 2,
            storage_type="gp3",
            storage_encrypted=True,
            multi_az=sizing.multi_az,
            publicly_accessible=False,
            db_subnet_group_name=subnets.name,
            vpc_security_group_ids=[group.id],
            port=PORT,
            deletion_protection=True,
            backup_retention_period=BACKUP_DAYS,
            skip_final_snapshot=False,
            final_snapshot_identifier=f"{name}-postgres-final",
            copy_tags_to_snapshot=True,
            auto_minor_version_upgrade=True,
            iam_database_authentication_enabled=True,
            performance_insights_enabled=True,
            parameter_group_name=parameters.name,
            db_name="warehouse",
            username=ADMIN_USER,
            password=password.result,
            opts=child,
        )
        secret = aws.secretsmanager.Secret(
            f"{name}-admin-credentials",
            description="PostgreSQL admin credentials for the package index",
            opts=child,
        )
        aws.secretsmanager.SecretVersion(
            f"{name}-admin-credentials-version",
            secret_id=secret.id,
            secret_string=pulumi.Output.all(self.instance.address, password.result).apply(
                lambda v: json.dumps(
                    {"username": ADMIN_USER, "password": v[1], "host": v[0], "port": PORT}
                )
            ),
            opts=child,
        )
        self.endpoint: pulumi.Output[str] = self.instance.endpoint
        self.register_outputs({"endpoint": self.endpoint, "credentials_secret": secret.arn})
