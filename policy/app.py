"""The application tier answers HTTPS only: load balancer listeners use TLS 1.2 or later, a
plain-HTTP listener only redirects to HTTPS, and tasks get no public address."""

from __future__ import annotations

from collections.abc import Iterator

from costmodel.model.graph import Resource
from policy.model import Finding, Graph, dig, expected, items, of_type

LISTENER = "aws:lb/listener:Listener"
ECS_SERVICE = "aws:ecs/service:Service"
# Elastic Load Balancing's TLS policies that allow no TLS 1.0 or 1.1.
TLS12_POLICIES = frozenset(
    {
        "ELBSecurityPolicy-TLS13-1-2-2021-06",
        "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
        "ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06",
        "ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06",
        "ELBSecurityPolicy-TLS13-1-3-2021-06",
        "ELBSecurityPolicy-TLS-1-2-2017-01",
        "ELBSecurityPolicy-TLS-1-2-Ext-2018-06",
        "ELBSecurityPolicy-FS-1-2-2019-08",
        "ELBSecurityPolicy-FS-1-2-Res-2019-08",
        "ELBSecurityPolicy-FS-1-2-Res-2020-10",
    }
)


def app_https_only(graph: Graph) -> Iterator[Finding]:
    for listener in of_type(graph, LISTENER):
        yield from _listener(listener)
    for service in of_type(graph, ECS_SERVICE):
        public = dig(service.inputs, "networkConfiguration", "assignPublicIp")
        if public is True:
            yield service, "app tasks get public IP addresses; keep them behind the load balancer"


def _listener(listener: Resource) -> Iterator[Finding]:
    protocol = listener.inputs.get("protocol")
    if protocol == "HTTPS":
        policy = listener.inputs.get("sslPolicy")
        if policy not in TLS12_POLICIES:
            yield expected(listener, "HTTPS listener: sslPolicy", "a TLS 1.2+ policy", policy)
        return
    if protocol != "HTTP":
        return  # TCP/TLS listeners of network load balancers are not the web tier
    actions = items(listener.inputs.get("defaultActions"))
    redirects = all(
        dig(a, "type") == "redirect" and dig(a, "redirect", "protocol") == "HTTPS" for a in actions
    )
    if not actions or not redirects:
        yield listener, "plain-HTTP listener must only redirect to HTTPS"
