"""dns-dnssec: public zones signed."""

from policy_graphs import messages, res

ZONE = "aws:route53/zone:Zone"
KSK = "aws:route53/keySigningKey:KeySigningKey"
DNSSEC = "aws:route53/hostedZoneDnsSec:HostedZoneDnsSec"
CLOUD_DNS = "gcp:dns/managedZone:ManagedZone"


def test_signed_zones_pass():
    graph = [
        res(ZONE, "zone", name="example-index.org"),
        res(
            KSK,
            "zone-ksk",
            hostedZoneId="zone-1a2b3c4",
            keyManagementServiceArn="arn:aws:kms:us-east-1:1:key/k",
        ),
        res(DNSSEC, "zone-dnssec", hostedZoneId="zone-1a2b3c4"),
        # Private zones cannot be signed, so they are not asked to be.
        res(ZONE, "internal", name="internal.example", vpcs=[{"vpcId": "vpc-1"}]),
        res(CLOUD_DNS, "gzone", dnsName="example-index.org.", dnssecConfig={"state": "on"}),
        res(CLOUD_DNS, "gprivate", dnsName="internal.", visibility="private"),
    ]
    assert messages("dns-dnssec", *graph) == []


def test_unsigned_zones_fail():
    graph = [
        res(ZONE, "zone", name="example-index.org"),
        res(ZONE, "other", name="example-mirror.org"),
        # Signs "other" only; an inactive key does not sign at all.
        res(KSK, "other-ksk", hostedZoneId="other-5d6e7f8", status="INACTIVE"),
        res(DNSSEC, "other-dnssec", hostedZoneId="other-5d6e7f8", signingStatus="NOT_SIGNING"),
        res(CLOUD_DNS, "gzone", dnsName="example-index.org.", dnssecConfig={"state": "off"}),
        res(CLOUD_DNS, "gzone2", dnsName="example-index.net."),
    ]
    assert messages("dns-dnssec", *graph) == [
        "zone: Route 53 zone has no active key signing key (aws.route53.KeySigningKey)",
        "zone: Route 53 zone is not signed: "
        "add aws.route53.HostedZoneDnsSec with signingStatus SIGNING",
        "other: Route 53 zone has no active key signing key (aws.route53.KeySigningKey)",
        "other: Route 53 zone is not signed: "
        "add aws.route53.HostedZoneDnsSec with signingStatus SIGNING",
        "gzone: Cloud DNS zone: dnssecConfig.state must be 'on', got 'off'",
        "gzone2: Cloud DNS zone: dnssecConfig.state must be 'on' but is not set",
    ]
