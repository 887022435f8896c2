"""ingress-web-only: nothing but HTTP(S) is open to the internet (s8-review-sec, "other gaps":
the database's 5432 and a 0-65535 rule from 0.0.0.0/0 passed `check`). Wire formats: pulumi-aws
7 (`aws.ec2.SecurityGroup` inline `ingress`, `aws.ec2.SecurityGroupRule`,
`aws.vpc.SecurityGroupIngressRule`), aws-native (`ec2:SecurityGroup.securityGroupIngress`,
`ec2:SecurityGroupIngress`: CloudFormation's names, camelCase) and pulumi-gcp
(`compute.Firewall`: `allows[].ports`, strings such as "22" or "1000-2000"; an ingress rule
with no source admits 0.0.0.0/0, hashicorp/terraform-provider-google#6789). Protocol "-1" is
every protocol and port (AWS EC2 API, IpPermission.IpProtocol)."""

from __future__ import annotations

import pytest
from policy_graphs import messages, res

from policy.ingress import open_ingress

RULE = "ingress-web-only"
FIX = "open only 80/443 to the internet and admit the app's security group (or VPC range) instead"
SG = "aws:ec2/securityGroup:SecurityGroup"


def sg_rule(protocol: str, low: int, high: int, **cidrs: list[str]) -> dict:
    return {"protocol": protocol, "fromPort": low, "toPort": high, **cidrs}


@pytest.mark.parametrize(
    ("type_", "inputs", "expected"),
    [
        (  # the reviewer's mutation: the database's port from anywhere
            SG,
            {"ingress": [sg_rule("tcp", 5432, 5432, cidrBlocks=["10.0.0.0/16", "0.0.0.0/0"])]},
            "0.0.0.0/0 (anyone) on tcp port 5432 (PostgreSQL)",
        ),
        (  # every protocol: names the ports a reader should worry about
            SG,
            {"ingress": [sg_rule("-1", 0, 0, cidrBlocks=["0.0.0.0/0"], ipv6CidrBlocks=["::/0"])]},
            "0.0.0.0/0 and ::/0 (anyone) on every protocol and port (includes 22 SSH, 3306 "
            "MySQL, 3389 RDP, 5432 PostgreSQL, 6379 Redis, 9200 OpenSearch, 11211 Memcached, "
            "27017 MongoDB)",
        ),
        (  # a range around the web ports still opens the cache
            "aws:ec2/securityGroupRule:SecurityGroupRule",
            {**sg_rule("6", 443, 6379, ipv6CidrBlocks=["::/0"]), "type": "ingress"},
            "::/0 (anyone) on tcp ports 443-6379 (includes 3306 MySQL, 3389 RDP, 5432 "
            "PostgreSQL, 6379 Redis)",
        ),
        (  # numbers as the policy pack hands them over (protobuf doubles)
            "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
            {"ipProtocol": "tcp", "fromPort": 6379.0, "toPort": 6379.0, "cidrIpv4": "0.0.0.0/0"},
            "0.0.0.0/0 (anyone) on tcp port 6379 (Redis)",
        ),
        (  # a /0 written another way is still everyone
            "aws-native:ec2:SecurityGroupIngress",
            {"ipProtocol": "tcp", "fromPort": 22, "toPort": 22, "cidrIpv6": "0::0/0"},
            "0::0/0 (anyone) on tcp port 22 (SSH)",
        ),
        (  # no ports given: every port of the protocol
            "aws-native:ec2:SecurityGroup",
            {"securityGroupIngress": [{"ipProtocol": "udp", "cidrIp": "0.0.0.0/0"}]},
            "0.0.0.0/0 (anyone) on udp ports 0-65535",
        ),
        (  # Google Cloud: no source at all is 0.0.0.0/0
            "gcp:compute/firewall:Firewall",
            {"network": "vpc", "allows": [{"protocol": "tcp", "ports": ["443", "5432"]}]},
            "0.0.0.0/0 (no source given) (anyone) on tcp port 5432 (PostgreSQL)",
        ),
        (
            "gcp:compute/firewall:Firewall",
            {"sourceRanges": ["0.0.0.0/0"], "allows": [{"protocol": "all"}]},
            "0.0.0.0/0 (anyone) on every protocol and port (includes 22 SSH, 3306 MySQL, 3389 "
            "RDP, 5432 PostgreSQL, 6379 Redis, 9200 OpenSearch, 11211 Memcached, 27017 MongoDB)",
        ),
        (
            "gcp:compute/firewall:Firewall",
            {"sourceRanges": ["::/0"], "allows": [{"protocol": "tcp", "ports": ["8000-8080"]}]},
            "::/0 (anyone) on tcp ports 8000-8080",
        ),
    ],
)
def test_a_non_web_port_open_to_everyone_is_named(type_, inputs, expected):
    assert messages(RULE, res(type_, "edge", **inputs)) == [
        f"edge: ingress admits {expected}; {FIX}"
    ]


@pytest.mark.parametrize(
    ("type_", "inputs"),
    [
        # what the program writes: the load balancer's HTTPS and HTTP (redirect) to everyone
        (
            SG,
            {
                "ingress": [
                    sg_rule("tcp", 443, 443, cidrBlocks=["0.0.0.0/0"], ipv6CidrBlocks=["::/0"]),
                    sg_rule("tcp", 80, 80, cidrBlocks=["0.0.0.0/0"], ipv6CidrBlocks=["::/0"]),
                ],
                # anything out is egress, not this rule's concern
                "egress": [sg_rule("-1", 0, 0, cidrBlocks=["0.0.0.0/0"])],
            },
        ),
        # the app tasks and search: only from another security group
        (SG, {"ingress": [{**sg_rule("tcp", 8000, 8000), "securityGroups": ["app-lb-sg"]}]}),
        # a private range, and HTTP/3 (QUIC) on UDP 443
        (SG, {"ingress": [sg_rule("tcp", 5432, 5432, cidrBlocks=["10.0.0.0/16"])]}),
        (SG, {"ingress": [sg_rule("udp", 443, 443, cidrBlocks=["0.0.0.0/0"])]}),
        # ICMP (path MTU discovery) has no ports
        (SG, {"ingress": [sg_rule("icmp", -1, -1, cidrBlocks=["0.0.0.0/0"])]}),
        # an egress rule resource
        (
            "aws:ec2/securityGroupRule:SecurityGroupRule",
            {**sg_rule("-1", 0, 0, cidrBlocks=["0.0.0.0/0"]), "type": "egress"},
        ),
        # firewall rules: egress, disabled, from tags only, from a private range
        ("gcp:compute/firewall:Firewall", {"direction": "EGRESS", "allows": [{"protocol": "all"}]}),
        (
            "gcp:compute/firewall:Firewall",
            {"disabled": True, "sourceRanges": ["0.0.0.0/0"], "allows": [{"protocol": "all"}]},
        ),
        ("gcp:compute/firewall:Firewall", {"sourceTags": ["lb"], "allows": [{"protocol": "all"}]}),
        (
            "gcp:compute/firewall:Firewall",
            {"sourceRanges": ["10.8.0.0/28"], "allows": [{"protocol": "tcp", "ports": ["22"]}]},
        ),
        (
            "gcp:compute/firewall:Firewall",
            {
                "sourceRanges": ["0.0.0.0/0"],
                "allows": [{"protocol": "tcp", "ports": ["80", "443"]}],
            },
        ),
        # a range known only after deployment, and a CIDR that is not one
        (SG, {"ingress": [sg_rule("tcp", 22, 22, cidrBlocks=["[unknown]", "nonsense"])]}),
    ],
)
def test_web_only_or_private_ingress_passes(type_, inputs):
    assert messages(RULE, res(type_, "edge", **inputs)) == []


@pytest.mark.parametrize("port", [float("nan"), float("inf"), 1e400, "22", True, None])
def test_a_port_that_is_not_a_number_counts_as_every_port(port):
    """A value no provider would accept is read as the widest it could mean, never a crash."""
    group = res(SG, "edge", ingress=[sg_rule("tcp", port, port, cidrBlocks=["0.0.0.0/0"])])
    ((_, message),) = open_ingress([group])
    assert "tcp ports 0-65535" in message
