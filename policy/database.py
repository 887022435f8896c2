"""Databases are not publicly reachable, cannot be deleted by accident and keep 7 days of
backups. Where a setting is left out, the provider's documented default decides."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from costmodel.model.graph import Resource
from policy.model import Finding, Graph, dig, expected, items, of_type, require_true, shown
from policy.resource_types import CLOUD_SQL, RDS_CLUSTER, RDS_CLUSTER_INSTANCE, RDS_INSTANCE

MIN_BACKUP_DAYS = 7
SSL_REQUIRED_MODES = frozenset({"ENCRYPTED_ONLY", "TRUSTED_CLIENT_CERTIFICATE_REQUIRED"})


def database_private(graph: Graph) -> Iterator[Finding]:
    for resource in of_type(graph, RDS_INSTANCE, RDS_CLUSTER_INSTANCE):
        if resource.inputs.get("publiclyAccessible") is True:  # the provider's default is false
            yield resource, "database: publiclyAccessible must be false"
    for resource in of_type(graph, RDS_INSTANCE, RDS_CLUSTER):
        yield from _rds_durability(resource)
    for instance in of_type(graph, CLOUD_SQL):
        yield from _cloud_sql(instance)


def _rds_durability(resource: Resource) -> Iterator[Finding]:
    if resource.inputs.get("replicateSourceDb"):
        return  # a read replica is protected and backed up through its source
    yield from require_true(resource, "database", "deletionProtection")
    days = resource.inputs.get("backupRetentionPeriod")
    if not _at_least(days, MIN_BACKUP_DAYS):
        wanted = f"at least {MIN_BACKUP_DAYS} days"
        yield expected(resource, "database: backupRetentionPeriod", wanted, days)


def _cloud_sql(instance: Resource) -> Iterator[Finding]:
    settings = instance.inputs.get("settings")
    ip = dig(settings, "ipConfiguration")
    if dig(ip, "ipv4Enabled") is not False:  # a public IPv4 address is Cloud SQL's default
        if dig(ip, "sslMode") not in SSL_REQUIRED_MODES:
            yield (
                instance,
                (
                    "Cloud SQL has a public IPv4 address without SSL required: set ipConfiguration"
                    f".ipv4Enabled false or sslMode ENCRYPTED_ONLY, got {shown(dig(ip, 'sslMode'))}"
                ),
            )
        for network in items(dig(ip, "authorizedNetworks")):
            cidr = dig(network, "value")
            if isinstance(cidr, str) and cidr.endswith("/0"):
                yield instance, f"Cloud SQL authorizes {cidr}, the whole internet"
    if instance.inputs.get("deletionProtection") is False:  # the provider's default is true
        yield instance, "database: deletionProtection must be true, got False"
    backups = dig(settings, "backupConfiguration")
    if dig(backups, "enabled") is not True:
        yield expected(
            instance, "Cloud SQL: backupConfiguration.enabled", "true", dig(backups, "enabled")
        )
    # Daily backups; Cloud SQL keeps 7 of them unless told otherwise.
    kept = dig(backups, "backupRetentionSettings", "retainedBackups")
    if kept is not None and not _at_least(kept, MIN_BACKUP_DAYS):
        yield expected(instance, "Cloud SQL: retainedBackups", f"at least {MIN_BACKUP_DAYS}", kept)


def _at_least(value: Any, minimum: int) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value >= minimum
