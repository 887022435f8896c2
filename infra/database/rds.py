"""PostgreSQL on Amazon RDS: encrypted, private, backed up, protected from deletion."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pulumi
import pulumi_aws as aws
import pulumi_random as random

from infra.config import RdsDatabase

BACKUP_DAYS = 14  # two weeks of point-in-time recovery
ADMIN_USER = "indexplan"
# RDS refuses / @ " and space in master passwords.
PASSWORD_SPECIALS = "!#%^*()-_=+"


@dataclass(frozen=True)
class RdsPostgresArgs:
    sizing: RdsDatabase


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
                    {"username": ADMIN_USER, "password": v[1], "host": v[0], "port": 5432}
                )
            ),
            opts=child,
        )
        self.endpoint: pulumi.Output[str] = self.instance.endpoint
        self.register_outputs({"endpoint": self.endpoint, "credentials_secret": secret.arn})
