"""Terraform names as Pulumi's bridged providers spell them: type tokens and input names.

Pulumi's AWS, Google Cloud and Fastly packages are generated from the Terraform providers by
pulumi-terraform-bridge, so one set of rules turns a Terraform type and its attributes into
the Pulumi type token and input names the cost model prices:

- Type: `<prefix>_<rest>` -> `<package>:<module>/<lowerFirst(Name)>:<Name>`, where the
  package is the provider's prefix (`google` is `gcp`), the module the longest known module
  that prefixes `<rest>`, else its first word (AWS and Google Cloud; Fastly, random and other
  providers have one module, `index`) and `Name` the rest in UpperCamelCase
  (`aws_s3_bucket` -> `aws:s3/bucket:Bucket`, `aws_db_instance` -> `aws:rds/instance:Instance`).
- Attribute: snake_case -> camelCase; a list or set is named in the plural, as the bridge names
  lists that may hold more than one item (`lifecycle_rule` -> `lifecycleRules`).

Sources: pulumi-terraform-bridge `pkg/tfbridge/names.go` (camelCase, plurals through
gedex/inflector), `pkg/tfbridge/tokens` (module prefixes), pulumi-aws `provider/resources.go`
(`moduleMap`) and pulumi-gcp `provider/resources.go`. What the rules get wrong is the small
table of exceptions below. tests/terraform checks every type the cost model knows against the
tokens the installed Pulumi SDKs register; measured once against hashicorp/aws 5.100.0's
schema, about 86 % of its 1,526 types map to a token pulumi-aws 7.51 registers (the rest,
mostly EC2's and VPC's older names, are unpriced either way).
"""

from __future__ import annotations

import re
from functools import cache

# Terraform provider prefix -> Pulumi package, where they differ.
PACKAGES = {"google": "gcp", "google-beta": "gcp"}

# Packages the bridge splits into modules; any other provider's resources are in `index`.
MODULAR = frozenset({"aws", "gcp"})
# Their modules whose Terraform prefix is not the Pulumi module's name or is more than one
# word (pulumi-aws `moduleMap`, pulumi-gcp's module constants). Any other type takes its
# first word as the module (`aws_sqs_queue` -> `sqs`), as those maps would give.
MODULES: dict[str, dict[str, str]] = {
    "aws": {
        "db": "rds",
        "api_gateway": "apigateway",
        "ce": "costexplorer",
        "cloudhsm_v2": "cloudhsmv2",
        "config": "cfg",
        "directory_service": "directoryservice",
        "dx": "directconnect",
        "ec2_client_vpn": "ec2clientvpn",
        "ec2_transit_gateway": "ec2transitgateway",
        "elastic_beanstalk": "elasticbeanstalk",
        "media_convert": "mediaconvert",
        "media_package": "mediapackage",
        "media_store": "mediastore",
        "prometheus": "amp",
        "service_discovery": "servicediscovery",
    },
    "gcp": {
        "service_account": "serviceaccount",
        "service_networking": "servicenetworking",
        "project": "projects",
        "cloud_run": "cloudrun",
        "cloud_run_v2": "cloudrunv2",
        "secret_manager": "secretmanager",
        "artifact_registry": "artifactregistry",
    },
}

# Types the rules above do not name as the bridge does (acronyms kept upper case, names the
# providers chose by hand). Also the hook for Terraform-only types priced through another
# type's components once the model prices that service: e.g. the b2 provider's `b2_bucket`
# maps here to the token of B2 storage when the cost model adds it.
TYPE_EXCEPTIONS = {
    "aws_instance": "aws:ec2/instance:Instance",
    "aws_lb": "aws:lb/loadBalancer:LoadBalancer",
    "aws_route53_hosted_zone_dnssec": "aws:route53/hostedZoneDnsSec:HostedZoneDnsSec",
    "google_compute_ssl_policy": "gcp:compute/sSLPolicy:SSLPolicy",
    "google_compute_url_map": "gcp:compute/uRLMap:URLMap",
    "google_project_iam_member": "gcp:projects/iAMMember:IAMMember",
    "google_storage_bucket_iam_member": "gcp:storage/bucketIAMMember:BucketIAMMember",
    "google_service_account": "gcp:serviceaccount/account:Account",
}

# Providers whose bridged resources keep the provider's name in theirs (random_password ->
# random:index/randomPassword:RandomPassword).
PREFIX_IN_NAME = frozenset({"random"})


@cache
def pulumi_type(tf_type: str) -> str:
    """The Pulumi type token of a Terraform resource type."""
    if tf_type in TYPE_EXCEPTIONS:
        return TYPE_EXCEPTIONS[tf_type]
    prefix, _, rest = tf_type.partition("_")
    package = PACKAGES.get(prefix, prefix)
    if not rest:  # a provider whose only resource is named like it
        rest = prefix
    if package in MODULAR:
        modules = MODULES[package]
        known = [m for m in modules if rest == m or rest.startswith(f"{m}_")]
        tf_module = max(known, key=len) if known else rest.split("_")[0]
        module = modules.get(tf_module, tf_module)
        rest = rest[len(tf_module) :].lstrip("_") or tf_module
    else:
        module = "index"
        if prefix in PREFIX_IN_NAME:
            rest = tf_type
    name = upper_camel(rest)
    return f"{package}:{module}/{name[0].lower()}{name[1:]}:{name}"


def upper_camel(snake: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in snake.split("_"))


@cache
def input_name(attribute: str, is_list: bool) -> str:
    """The Pulumi input name of a Terraform attribute (a list one in the plural)."""
    name = pluralize(attribute) if is_list else attribute
    head, *parts = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in parts)


# English plurals as gedex/inflector (used by the bridge) forms them, most specific first.
_UNCOUNTABLE = frozenset(
    {"equipment", "information", "rice", "money", "species", "series", "fish", "sheep", "jeans"}
)
_PLURALS = [
    (re.compile(p, re.IGNORECASE), r)
    for p, r in (
        (r"(quiz)$", r"\1zes"),
        (r"^(ox)$", r"\1en"),
        (r"(matr|vert|ind)(?:ix|ex)$", r"\1ices"),
        (r"(x|ch|ss|sh)$", r"\1es"),
        (r"([^aeiouy]|qu)y$", r"\1ies"),
        (r"(hive)$", r"\1s"),
        (r"(?:([^f])fe|([lr])f)$", r"\1\2ves"),
        (r"sis$", "ses"),
        (r"([ti])a$", r"\1a"),
        (r"([ti])um$", r"\1a"),
        (r"(buffal|tomat)o$", r"\1oes"),
        (r"(bu)s$", r"\1ses"),
        (r"(alias|status)$", r"\1es"),
        (r"(octop|vir)(?:us|i)$", r"\1i"),
        (r"^(ax|test)is$", r"\1es"),
        (r"s$", "s"),
        (r"$", "s"),
    )
]


def pluralize(word: str) -> str:
    last = word.rsplit("_", 1)[-1].lower()
    if last in _UNCOUNTABLE:
        return word
    for pattern, replacement in _PLURALS:
        if pattern.search(word):
            return pattern.sub(replacement, word, count=1)
    return word  # pragma: no cover - the last rule matches every word
