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
tokens the installed Pulumi SDKs register; measured against hashicorp/aws 5.100.0's schema
(`terraform providers schema -json`), 1,382 of its 1,526 types (91 %) map to a token
pulumi-aws 7.51 registers (the rest, names the providers chose by hand, are unpriced either
way).
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

# pulumi-aws keeps EC2's and VPC's older types in module `ec2` under their whole name
# (`aws_vpc` -> `aws:ec2/vpc:Vpc`, `aws_nat_gateway` -> `aws:ec2/natGateway:NatGateway`): the
# types whose first word is one of these, but for the newer VPC types it puts in module `vpc`
# (`aws_vpc_route_server` -> `aws:vpc/routeServer:RouteServer`), as the first-word rule does.
EC2_WORDS = frozenset(
    {"ami", "customer", "default", "egress", "eip", "flow", "internet", "key", "launch", "main",
     "nat", "network", "placement", "proxy", "route", "security", "snapshot", "spot", "subnet",
     "volume", "vpc", "vpn"}
)  # fmt: skip
VPC_MODULE = (
    "vpc_endpoint_private_dns",
    "vpc_endpoint_service_private_dns_verification",
    "vpc_route_server",
    "vpc_security_group_",
)

# Types the rules above do not name as the bridge does (acronyms kept upper case, names the
# providers chose by hand). Also the hook for Terraform-only types priced through another
# type's components once the model prices that service: e.g. the b2 provider's `b2_bucket`
# maps here to the token of B2 storage when the cost model adds it.
TYPE_EXCEPTIONS = {
    "aws_alb": "aws:alb/loadBalancer:LoadBalancer",
    "aws_elb": "aws:elb/loadBalancer:LoadBalancer",
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


# ---- the Terraform twin of each type the cost model knows ------------------------------------

# Terraform type -> the token the Pulumi registry documents for it, one line per type the cost
# model prices, knows as free or knows as unpriced. pulumi_type() derives each by the rules
# above; tests/terraform/test_names.py checks the derivation against this table, each token
# against the installed Pulumi SDKs, and that the model registers no type missing here.
# A type newly registered in the cost model adds its line at the end.
TWINS: dict[str, str] = {
    "aws_s3_bucket": "aws:s3/bucket:Bucket",
    "aws_db_instance": "aws:rds/instance:Instance",
    "aws_db_parameter_group": "aws:rds/parameterGroup:ParameterGroup",
    "aws_cloudfront_distribution": "aws:cloudfront/distribution:Distribution",
    "aws_cloudfront_cache_policy": "aws:cloudfront/cachePolicy:CachePolicy",
    "aws_cloudfront_origin_access_control": (
        "aws:cloudfront/originAccessControl:OriginAccessControl"
    ),
    "aws_elasticache_replication_group": "aws:elasticache/replicationGroup:ReplicationGroup",
    "aws_route53_zone": "aws:route53/zone:Zone",
    "aws_route53_record": "aws:route53/record:Record",
    "aws_route53_hosted_zone_dnssec": "aws:route53/hostedZoneDnsSec:HostedZoneDnsSec",
    "aws_route53_key_signing_key": "aws:route53/keySigningKey:KeySigningKey",
    "aws_sqs_queue": "aws:sqs/queue:Queue",
    "aws_sqs_queue_policy": "aws:sqs/queuePolicy:QueuePolicy",
    "aws_sns_topic": "aws:sns/topic:Topic",
    "aws_sns_topic_subscription": "aws:sns/topicSubscription:TopicSubscription",
    "aws_acm_certificate": "aws:acm/certificate:Certificate",
    "aws_acm_certificate_validation": "aws:acm/certificateValidation:CertificateValidation",
    "aws_kms_key": "aws:kms/key:Key",
    "aws_secretsmanager_secret": "aws:secretsmanager/secret:Secret",
    "aws_secretsmanager_secret_version": "aws:secretsmanager/secretVersion:SecretVersion",
    "aws_s3_bucket_policy": "aws:s3/bucketPolicy:BucketPolicy",
    "aws_s3_bucket_ownership_controls": "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
    "aws_s3_bucket_public_access_block": "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    "aws_s3_bucket_versioning": "aws:s3/bucketVersioning:BucketVersioning",
    "aws_s3_bucket_server_side_encryption_configuration": (
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration"
    ),
    "aws_s3_bucket_lifecycle_configuration": (
        "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration"
    ),
    "aws_iam_user": "aws:iam/user:User",
    "aws_iam_user_policy": "aws:iam/userPolicy:UserPolicy",
    "aws_iam_access_key": "aws:iam/accessKey:AccessKey",
    "aws_iam_role": "aws:iam/role:Role",
    "aws_iam_role_policy": "aws:iam/rolePolicy:RolePolicy",
    "aws_iam_policy": "aws:iam/policy:Policy",
    "aws_iam_role_policy_attachment": "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    "google_storage_bucket": "gcp:storage/bucket:Bucket",
    "google_storage_bucket_iam_member": "gcp:storage/bucketIAMMember:BucketIAMMember",
    "google_storage_hmac_key": "gcp:storage/hmacKey:HmacKey",
    "google_sql_database_instance": "gcp:sql/databaseInstance:DatabaseInstance",
    "google_sql_database": "gcp:sql/database:Database",
    "google_sql_user": "gcp:sql/user:User",
    "google_compute_backend_bucket": "gcp:compute/backendBucket:BackendBucket",
    "google_compute_backend_service": "gcp:compute/backendService:BackendService",
    "google_compute_global_network_endpoint_group": (
        "gcp:compute/globalNetworkEndpointGroup:GlobalNetworkEndpointGroup"
    ),
    "google_compute_global_network_endpoint": (
        "gcp:compute/globalNetworkEndpoint:GlobalNetworkEndpoint"
    ),
    "google_compute_managed_ssl_certificate": (
        "gcp:compute/managedSslCertificate:ManagedSslCertificate"
    ),
    "google_compute_network": "gcp:compute/network:Network",
    "google_compute_global_address": "gcp:compute/globalAddress:GlobalAddress",
    "google_compute_global_forwarding_rule": (
        "gcp:compute/globalForwardingRule:GlobalForwardingRule"
    ),
    "google_compute_ssl_policy": "gcp:compute/sSLPolicy:SSLPolicy",
    "google_compute_target_http_proxy": "gcp:compute/targetHttpProxy:TargetHttpProxy",
    "google_compute_target_https_proxy": "gcp:compute/targetHttpsProxy:TargetHttpsProxy",
    "google_compute_url_map": "gcp:compute/uRLMap:URLMap",
    "google_service_networking_connection": "gcp:servicenetworking/connection:Connection",
    "google_service_account": "gcp:serviceaccount/account:Account",
    "google_project_iam_member": "gcp:projects/iAMMember:IAMMember",
    "google_redis_instance": "gcp:redis/instance:Instance",
    "google_pubsub_topic": "gcp:pubsub/topic:Topic",
    "google_pubsub_subscription": "gcp:pubsub/subscription:Subscription",
    "google_dns_managed_zone": "gcp:dns/managedZone:ManagedZone",
    "google_dns_record_set": "gcp:dns/recordSet:RecordSet",
    "google_bigquery_dataset": "gcp:bigquery/dataset:Dataset",
    "google_bigquery_table": "gcp:bigquery/table:Table",
    "google_logging_project_exclusion": "gcp:logging/projectExclusion:ProjectExclusion",
    "google_logging_project_sink": "gcp:logging/projectSink:ProjectSink",
    "fastly_service_vcl": "fastly:index/serviceVcl:ServiceVcl",
    "fastly_tls_subscription": "fastly:index/tlsSubscription:TlsSubscription",
    "random_password": "random:index/randomPassword:RandomPassword",
    "random_id": "random:index/randomId:RandomId",
    "random_string": "random:index/randomString:RandomString",
    "aws_appautoscaling_policy": "aws:appautoscaling/policy:Policy",
    "aws_appautoscaling_target": "aws:appautoscaling/target:Target",
    "aws_cloudwatch_log_group": "aws:cloudwatch/logGroup:LogGroup",
    "aws_ecs_cluster": "aws:ecs/cluster:Cluster",
    "aws_ecs_service": "aws:ecs/service:Service",
    "aws_ecs_task_definition": "aws:ecs/taskDefinition:TaskDefinition",
    "aws_lb": "aws:lb/loadBalancer:LoadBalancer",
    "aws_lb_listener": "aws:lb/listener:Listener",
    "aws_lb_target_group": "aws:lb/targetGroup:TargetGroup",
    "aws_opensearch_domain": "aws:opensearch/domain:Domain",
    "aws_s3_bucket_object_lock_configuration": (
        "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration"
    ),
    "aws_sesv2_configuration_set": "aws:sesv2/configurationSet:ConfigurationSet",
    "aws_sesv2_configuration_set_event_destination": (
        "aws:sesv2/configurationSetEventDestination:ConfigurationSetEventDestination"
    ),
    "aws_sesv2_email_identity": "aws:sesv2/emailIdentity:EmailIdentity",
    "aws_sns_topic_policy": "aws:sns/topicPolicy:TopicPolicy",
    "aws_vpc": "aws:ec2/vpc:Vpc",
    "aws_subnet": "aws:ec2/subnet:Subnet",
    "aws_internet_gateway": "aws:ec2/internetGateway:InternetGateway",
    "aws_nat_gateway": "aws:ec2/natGateway:NatGateway",
    "aws_eip": "aws:ec2/eip:Eip",
    "aws_route_table": "aws:ec2/routeTable:RouteTable",
    "aws_route_table_association": "aws:ec2/routeTableAssociation:RouteTableAssociation",
    "aws_security_group": "aws:ec2/securityGroup:SecurityGroup",
    "google_cloud_run_v2_service": "gcp:cloudrunv2/service:Service",
    "google_cloud_run_v2_service_iam_member": "gcp:cloudrunv2/serviceIamMember:ServiceIamMember",
    "google_compute_address": "gcp:compute/address:Address",
    "google_compute_forwarding_rule": "gcp:compute/forwardingRule:ForwardingRule",
    "google_compute_subnetwork": "gcp:compute/subnetwork:Subnetwork",
    "google_secret_manager_secret": "gcp:secretmanager/secret:Secret",
    "google_secret_manager_secret_version": "gcp:secretmanager/secretVersion:SecretVersion",
    "google_secret_manager_secret_iam_member": "gcp:secretmanager/secretIamMember:SecretIamMember",
    "cloudflare_account_token": "cloudflare:index/accountToken:AccountToken",
    "cloudflare_r2_bucket": "cloudflare:index/r2Bucket:R2Bucket",
    "cloudflare_r2_custom_domain": "cloudflare:index/r2CustomDomain:R2CustomDomain",
    "cloudflare_r2_managed_domain": "cloudflare:index/r2ManagedDomain:R2ManagedDomain",
    "cloudflare_ruleset": "cloudflare:index/ruleset:Ruleset",
    "cloudflare_zone": "cloudflare:index/zone:Zone",
    "cloudflare_zone_setting": "cloudflare:index/zoneSetting:ZoneSetting",
    "cloudflare_zone_subscription": "cloudflare:index/zoneSubscription:ZoneSubscription",
    "datadog_dashboard": "datadog:index/dashboard:Dashboard",
    "datadog_monitor": "datadog:index/monitor:Monitor",
    "ec_deployment": "ec:index/deployment:Deployment",
    "ec_deployment_traffic_filter": "ec:index/deploymentTrafficFilter:DeploymentTrafficFilter",
    "aws_alb": "aws:alb/loadBalancer:LoadBalancer",
    "aws_elb": "aws:elb/loadBalancer:LoadBalancer",
    "aws_db_subnet_group": "aws:rds/subnetGroup:SubnetGroup",
    "aws_elasticache_subnet_group": "aws:elasticache/subnetGroup:SubnetGroup",
    "aws_security_group_rule": "aws:ec2/securityGroupRule:SecurityGroupRule",
    "aws_vpc_security_group_ingress_rule": (
        "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
    ),
    "aws_vpc_security_group_egress_rule": "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
}


@cache
def pulumi_type(tf_type: str) -> str:
    """The Pulumi type token of a Terraform resource type."""
    if tf_type in TYPE_EXCEPTIONS:
        return TYPE_EXCEPTIONS[tf_type]
    prefix, _, rest = tf_type.partition("_")
    package = PACKAGES.get(prefix, prefix)
    if not rest:  # a provider whose only resource is named like it
        rest = prefix
    if package == "aws" and rest.split("_")[0] in EC2_WORDS and not rest.startswith(VPC_MODULE):
        module = "ec2"
    elif package in MODULAR:
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


# List attributes the providers keep singular: pulumi-aws `provider/resources.go` names a security
# group's and a network ACL's rule blocks `ingress` and `egress` ("to match AWS APIs").
KEPT_SINGULAR = frozenset({"ingress", "egress"})


@cache
def input_name(attribute: str, is_list: bool) -> str:
    """The Pulumi input name of a Terraform attribute (a list one in the plural)."""
    name = pluralize(attribute) if is_list and attribute not in KEPT_SINGULAR else attribute
    head, *parts = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in parts)


def attribute_path(input_path: str) -> str:
    """`settings.diskSize` -> `settings.disk_size`: an input path as the plan names it (the
    inputs the cost model reads as numbers are never plural lists)."""
    return re.sub(r"(?<=[a-z0-9])([A-Z])", lambda m: "_" + m[1].lower(), input_path)


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
