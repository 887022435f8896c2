"""Databases are not publicly reachable, cannot be deleted by accident and keep 7 days of
backups. Where a setting is left out, the provider's documented default decides."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator
from typing import Any

from costmodel.model.graph import Resource
from policy.model import Finding, Graph, dig, expected, items, of_type, require_true, shown
from policy.resource_types import CLOUD_SQL, RDS_CLUSTER, RDS_CLUSTER_INSTANCE, RDS_INSTANCE

MIN_BACKUP_DAYS = 7
# Public addresses the authorised networks may reach together, per IP version: a /16 of IPv4,
# a /32 of IPv6 (a whole provider's allocation).
PUBLIC_ADDRESS_LIMIT = {4: 2**16, 6: 2**96}
PUBLIC_SPACE = {4: 2**32, 6: 2**128}


def _block(cidr: str) -> tuple[int, int]:
    net = ipaddress.ip_network(cidr)
    return int(net.network_address), int(net.broadcast_address)


# IANA's special-purpose blocks (RFC 6890 and its updates) that are not the public internet.
NOT_PUBLIC = {
    4: [
        _block(n)
        for n in (
            "0.0.0.0/8",
            "10.0.0.0/8",
            "100.64.0.0/10",
            "127.0.0.0/8",
            "169.254.0.0/16",
            "172.16.0.0/12",
            "192.0.0.0/24",
            "192.0.2.0/24",
            "192.168.0.0/16",
            "198.18.0.0/15",
            "198.51.100.0/24",
            "203.0.113.0/24",
            "224.0.0.0/4",
            "240.0.0.0/4",
        )
    ],
    6: [_block(n) for n in ("::/8", "fc00::/7", "fe80::/10", "ff00::/8", "2001:db8::/32")],
}
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
        yield from _authorized_networks(instance, items(dig(ip, "authorizedNetworks")))
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


def _authorized_networks(instance: Resource, networks: list[Any]) -> Iterator[Finding]:
    """The authorised networks together may reach at most a /16 of the public internet: far
    more than any organisation's own addresses, and `0.0.0.0/1` + `128.0.0.0/1` (all of it,
    without a /0) is caught like `0.0.0.0/0`."""
    ranges: dict[int, list[tuple[int, int]]] = {4: [], 6: []}
    shown_nets: dict[int, list[str]] = {4: [], 6: []}
    for network in networks:
        cidr = dig(network, "value")
        try:
            net = ipaddress.ip_network(str(cidr), strict=False)
        except ValueError:
            yield instance, f"Cloud SQL authorizes {shown(cidr)}, which is not an IP network"
            continue
        ranges[net.version].append((int(net.network_address), int(net.broadcast_address)))
        shown_nets[net.version].append(str(net))
    for version, limit in PUBLIC_ADDRESS_LIMIT.items():
        public = _public_addresses(ranges[version], NOT_PUBLIC[version])
        if public > limit:
            share = public / PUBLIC_SPACE[version]
            yield (
                instance,
                f"Cloud SQL authorizes {', '.join(shown_nets[version])}: {public:,} public "
                f"IPv{version} addresses ({share * 100:.3g}% of all of them); authorize your own "
                "networks only",
            )


def _public_addresses(ranges: list[tuple[int, int]], special: list[tuple[int, int]]) -> int:
    """Addresses in the union of `ranges` (first, last) outside the `special` ones."""
    total, reach = 0, -1
    for first, last in sorted(ranges):
        first = max(first, reach + 1)  # what an earlier range covered is counted once
        if first > last:
            continue
        total += last - first + 1
        total -= sum(max(0, min(last, b) - max(first, a) + 1) for a, b in special)
        reach = last
    return total


def _at_least(value: Any, minimum: int) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value >= minimum
