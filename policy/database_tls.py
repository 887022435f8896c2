"""PostgreSQL takes only TLS connections: RDS through `rds.force_ssl = 1` in the instance's
parameter group (RDS's default parameter groups leave it 0 and cannot be changed), Cloud SQL
through `ipConfiguration.sslMode` ENCRYPTED_ONLY or TRUSTED_CLIENT_CERTIFICATE_REQUIRED,
whether the address is public or private: inside a VPC the password still crosses the wire."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from costmodel.model.graph import Lookup, Resource
from policy.model import Finding, Graph, dig, items, of_type, shown
from policy.resource_types import CLOUD_SQL, RDS_INSTANCE, RDS_PARAMETER_GROUP

FORCE_SSL = "rds.force_ssl"
SSL_REQUIRED_MODES = frozenset({"ENCRYPTED_ONLY", "TRUSTED_CLIENT_CERTIFICATE_REQUIRED"})


def database_tls(graph: Graph) -> Iterator[Finding]:
    groups = Lookup(of_type(graph, RDS_PARAMETER_GROUP))
    for instance in of_type(graph, RDS_INSTANCE):
        if instance.inputs.get("engine") == "postgres":
            yield from _rds(instance, groups.resolve(instance.inputs.get("parameterGroupName")))
    for instance in of_type(graph, CLOUD_SQL):
        version = instance.inputs.get("databaseVersion")
        if isinstance(version, str) and version.startswith("POSTGRES"):
            ip = dig(instance.inputs.get("settings"), "ipConfiguration")
            mode = dig(ip, "sslMode")
            if mode not in SSL_REQUIRED_MODES and dig(ip, "requireSsl") is not True:
                yield (
                    instance,
                    "Cloud SQL PostgreSQL does not force TLS: set settings.ipConfiguration"
                    f".sslMode ENCRYPTED_ONLY, got {shown(mode)}",
                )


def _rds(instance: Resource, group: Resource | None) -> Iterator[Finding]:
    value = _parameter(group, FORCE_SSL) if group is not None else None
    if str(value) != "1":
        where = "its parameter group" if group is not None else "a parameter group of its own"
        yield (
            instance,
            f"RDS PostgreSQL does not force TLS: set {FORCE_SSL} to 1 in {where}, "
            f"got {shown(value)}",
        )


def _parameter(group: Resource, name: str) -> Any:
    for parameter in items(group.inputs.get("parameters")):
        if dig(parameter, "name") == name:
            return dig(parameter, "value")
    return None
