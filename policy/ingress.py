"""Only the web is open to the internet: a security group or firewall rule admits anyone
(0.0.0.0/0 or ::/0) on HTTPS (443, TCP or QUIC's UDP) and HTTP (80, which the load balancer
only redirects) and on nothing else. The database, the cache and search are reached from the
app's own security group, never from everywhere; ICMP (path MTU discovery) is not a port.

Read alike: pulumi-aws's security groups (inline `ingress`), `ec2/SecurityGroupRule` (type
ingress) and `vpc/SecurityGroupIngressRule`; aws-native's `ec2:SecurityGroup`
(`securityGroupIngress`) and `ec2:SecurityGroupIngress`; Google Cloud's `compute/Firewall`
(an ingress rule with no source at all admits 0.0.0.0/0, as the API documents and
hashicorp/terraform-provider-google#6789 shows).
"""

from __future__ import annotations

import ipaddress
import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from costmodel.model.graph import Resource
from policy.model import Finding, Graph, items

WEB = frozenset({("tcp", 80), ("tcp", 443), ("udp", 443)})
# Ports a finding names, so that "0-65535" says what it exposes (IANA service names).
KNOWN_PORTS = {
    22: "SSH",
    3306: "MySQL",
    3389: "RDP",
    5432: "PostgreSQL",
    6379: "Redis",
    9200: "OpenSearch",
    11211: "Memcached",
    27017: "MongoDB",
}
_PROTOCOLS = {"6": "tcp", "17": "udp", "1": "icmp", "58": "icmpv6", "-1": "all", "all": "all"}
_NOT_PORTS = frozenset({"icmp", "icmpv6"})

SECURITY_GROUP = "aws:ec2/securityGroup:SecurityGroup"
NATIVE_SECURITY_GROUP = "aws-native:ec2:SecurityGroup"
SINGLE_RULES = (
    "aws:ec2/securityGroupRule:SecurityGroupRule",
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    "aws-native:ec2:SecurityGroupIngress",
)
FIREWALL = "gcp:compute/firewall:Firewall"


@dataclass(frozen=True)
class Opening:
    """Ports `low`..`high` of `protocol` (`all` for every protocol) open to `sources`."""

    protocol: str
    low: int
    high: int
    sources: list[str]

    def exposed(self) -> str | None:
        """What it opens beyond the web, as a finding says it; None when only the web."""
        if self.protocol in _NOT_PORTS:
            return None
        if self.low == self.high and (self.protocol, self.low) in WEB:
            return None
        ports = f"port {self.low}" if self.low == self.high else f"ports {self.low}-{self.high}"
        what = "every protocol and port" if self.protocol == "all" else f"{self.protocol} {ports}"
        named = [
            f"{port} {name}"
            for port, name in KNOWN_PORTS.items()
            if self.protocol != "udp" and self.low <= port <= self.high
        ]
        if self.low == self.high and named:
            return f"{what} ({KNOWN_PORTS[self.low]})"
        return what + (f" (includes {', '.join(named)})" if named else "")


def open_ingress(graph: Graph) -> Iterator[Finding]:
    for resource in graph:
        for opening in _openings(resource):
            exposed = opening.exposed()
            if exposed:
                sources = " and ".join(opening.sources)
                yield (
                    resource,
                    (
                        f"ingress admits {sources} (anyone) on {exposed}; open only 80/443 to the "
                        "internet and admit the app's security group (or VPC range) instead"
                    ),
                )


def open_to_internet(resource: Resource) -> bool:
    """Anything at all (the web's ports too) open to everyone: a load balancer's group."""
    return any(True for _ in _openings(resource))


def _openings(resource: Resource) -> Iterator[Opening]:
    inputs = resource.inputs
    if resource.type == SECURITY_GROUP:
        rules: list[Any] = items(inputs.get("ingress"))
    elif resource.type == NATIVE_SECURITY_GROUP:
        rules = items(inputs.get("securityGroupIngress"))
    elif resource.type in SINGLE_RULES and inputs.get("type", "ingress") == "ingress":
        rules = [inputs]
    elif resource.type == FIREWALL:
        yield from _firewall(inputs)
        return
    else:
        return
    for rule in rules:
        if isinstance(rule, Mapping):
            opening = _aws_rule(rule)
            if opening:
                yield opening


def _aws_rule(rule: Mapping[str, Any]) -> Opening | None:
    cidrs = [
        *items(rule.get("cidrBlocks")),
        *items(rule.get("ipv6CidrBlocks")),
        *(rule.get(k) for k in ("cidrIpv4", "cidrIpv6", "cidrIp") if rule.get(k)),
    ]
    sources = _anywhere(cidrs)
    if not sources:
        return None
    protocol = _protocol(rule.get("protocol", rule.get("ipProtocol")))
    if protocol == "all":
        return Opening("all", 0, 65535, sources)
    low, high = port_number(rule.get("fromPort")), port_number(rule.get("toPort"))
    if low is None or high is None or low < 0:
        return Opening(protocol, 0, 65535, sources)  # a port not given (or -1) is every port
    return Opening(protocol, low, high, sources)


def port_number(value: Any) -> int | None:
    """A port number; the policy pack hands numbers over as floats (5432.0)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return None
    return int(value) if value == int(value) else None


def _firewall(inputs: Mapping[str, Any]) -> Iterator[Opening]:
    if inputs.get("direction", "INGRESS") != "INGRESS" or inputs.get("disabled") is True:
        return
    ranges = items(inputs.get("sourceRanges"))
    named = inputs.get("sourceTags") or inputs.get("sourceServiceAccounts")
    sources = _anywhere(ranges) or ([] if ranges or named else ["0.0.0.0/0 (no source given)"])
    if not sources:
        return
    for allow in items(inputs.get("allows")):
        if not isinstance(allow, Mapping):
            continue
        protocol = _protocol(allow.get("protocol"))
        ports = items(allow.get("ports"))
        if protocol == "all" or not ports:
            yield Opening(protocol, 0, 65535, sources)
        for port in ports:
            low, _, high = str(port).partition("-")
            if low.isdigit() and (high or low).isdigit():
                yield Opening(protocol, int(low), int(high or low), sources)


def _protocol(value: Any) -> str:
    text = str(value).lower()
    return _PROTOCOLS.get(text, text)


def _anywhere(cidrs: list[Any]) -> list[str]:
    """The ranges among `cidrs` that hold every address (a /0)."""
    found = []
    for cidr in cidrs:
        try:
            if ipaddress.ip_network(str(cidr), strict=False).prefixlen == 0:
                found.append(str(cidr))
        except ValueError:
            continue
    return found
