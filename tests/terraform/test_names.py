"""The bridge's naming rules, checked against the Pulumi SDKs installed here: a Terraform type
maps to a token the Pulumi SDK of its provider really registers."""

from __future__ import annotations

import importlib.util
import json
import re
from functools import cache
from pathlib import Path

import pytest

import costmodel.model.resources  # noqa: F401  (registers the priced and free types)
from costmodel.model.components import FREE, KNOWN_UNPRICED, PRICED
from costmodel.readers.terraform.names import TWINS, input_name, pulumi_type

# The SDKs of the providers the cost model knows (pulumi-aws 7, pulumi-gcp 8+, ...).
PULUMI_SDKS = ("pulumi_aws", "pulumi_gcp", "pulumi_fastly", "pulumi_random", "pulumi_cloudflare",
               "pulumi_datadog", "pulumi_ec")  # fmt: skip
# pulumi-aws 6 names the cost model also registers; Terraform's types map to the 7.x names.
PULUMI_6_ALIASES = {
    "aws:s3/bucketV2:BucketV2",
    "aws:s3/bucketVersioningV2:BucketVersioningV2",
    "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2",
    "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
}


@cache
def sdk_tokens() -> frozenset[str]:
    """Every resource token the installed Pulumi SDKs register (their resource_modules)."""
    tokens: set[str] = set()
    for package in PULUMI_SDKS:
        spec = importlib.util.find_spec(package)
        assert spec and spec.origin
        text = Path(spec.origin).read_text()
        found = re.search(r'resource_modules="""\n?(.*?)"""', text, re.S)
        assert found, package
        for module in json.loads(found[1]):
            tokens |= set(module["classes"])
    return frozenset(tokens)


@pytest.mark.parametrize("tf_type", sorted(TWINS))
def test_a_type_maps_to_the_token_pulumi_registers(tf_type):
    # names.TWINS holds the registry's token; the rules must derive it, and the SDK has it
    assert pulumi_type(tf_type) == TWINS[tf_type]
    assert TWINS[tf_type] in sdk_tokens()


def test_every_type_the_cost_model_knows_has_a_terraform_twin_here():
    """A type added to the model must be added to names.TWINS, so its mapping is checked."""
    known = {t for t in (*PRICED, *FREE, *KNOWN_UNPRICED) if not t.startswith("pulumi:")}
    assert known - PULUMI_6_ALIASES <= set(TWINS.values())


def test_other_providers_map_to_their_index_module():
    # no Pulumi twin in the cost model: unpriced, under a sensible token
    assert pulumi_type("b2_bucket") == "b2:index/bucket:Bucket"
    assert pulumi_type("github_repository") == "github:index/repository:Repository"


@pytest.mark.parametrize(
    ("tf_type", "token"),
    [
        # EC2's and VPC's older types: module ec2, the whole name kept
        ("aws_vpc_endpoint", "aws:ec2/vpcEndpoint:VpcEndpoint"),
        ("aws_security_group_rule", "aws:ec2/securityGroupRule:SecurityGroupRule"),
        ("aws_default_vpc", "aws:ec2/defaultVpc:DefaultVpc"),
        ("aws_network_acl", "aws:ec2/networkAcl:NetworkAcl"),
        ("aws_launch_template", "aws:ec2/launchTemplate:LaunchTemplate"),
        # the newer VPC types, in module vpc; and words that only begin like an EC2 one
        (
            "aws_vpc_security_group_ingress_rule",
            "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
        ),
        ("aws_vpc_route_server", "aws:vpc/routeServer:RouteServer"),
        ("aws_networkfirewall_firewall", "aws:networkfirewall/firewall:Firewall"),
        ("aws_route53_record", "aws:route53/record:Record"),
    ],
)
def test_ec2s_older_types_keep_their_whole_name(tf_type, token):
    # pulumi-aws resources.go maps these into ec2Mod by hand; checked against the SDK too
    assert pulumi_type(tf_type) == token
    assert token in sdk_tokens()


@pytest.mark.parametrize(
    ("attribute", "is_list", "name"),
    [
        ("instance_class", False, "instanceClass"),
        ("multi_az", False, "multiAz"),
        ("lifecycle_rule", True, "lifecycleRules"),
        ("transition", True, "transitions"),
        ("policy", True, "policies"),
        ("address", True, "addresses"),
        ("aliases", True, "aliases"),
        ("status", True, "statuses"),
        ("settings", True, "settings"),
        ("vpc_security_group_ids", True, "vpcSecurityGroupIds"),
        ("cors_rule", True, "corsRules"),
        ("logging_s3", True, "loggingS3s"),
    ],
)
def test_attribute_names_follow_the_bridge(attribute, is_list, name):
    # names.go: camelCase, and lists named in the plural through gedex/inflector's rules
    assert input_name(attribute, is_list) == name
