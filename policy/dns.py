"""DNSSEC on every public zone whose provider signs zones (Route 53 and Cloud DNS both do)."""

from __future__ import annotations

from collections.abc import Iterator

from policy.model import Finding, Graph, dig, expected, of_type
from policy.refs import referrers
from policy.resource_types import CLOUD_DNS_ZONE, ROUTE53_DNSSEC, ROUTE53_KSK, ROUTE53_ZONE


def dns_dnssec(graph: Graph) -> Iterator[Finding]:
    for zone in of_type(graph, ROUTE53_ZONE):
        if zone.inputs.get("vpcs"):
            continue  # private zones cannot be signed
        keys = referrers(zone, graph, (ROUTE53_KSK,), "hostedZoneId")
        if not any(k.inputs.get("status", "ACTIVE") == "ACTIVE" for k in keys):
            yield zone, "Route 53 zone has no active key signing key (aws.route53.KeySigningKey)"
        signing = referrers(zone, graph, (ROUTE53_DNSSEC,), "hostedZoneId")
        if not any(s.inputs.get("signingStatus", "SIGNING") == "SIGNING" for s in signing):
            yield (
                zone,
                "Route 53 zone is not signed: "
                "add aws.route53.HostedZoneDnsSec with signingStatus SIGNING",
            )
    for zone in of_type(graph, CLOUD_DNS_ZONE):
        if zone.inputs.get("visibility") == "private":
            continue
        state = dig(zone.inputs, "dnssecConfig", "state")
        if state != "on":
            yield expected(zone, "Cloud DNS zone: dnssecConfig.state", "'on'", state)
