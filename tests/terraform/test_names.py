"""The bridge's naming rules, checked against the Pulumi SDKs installed here: a Terraform type
maps to a token pulumi-aws, pulumi-gcp, pulumi-fastly or pulumi-random really registers."""

from __future__ import annotations

import importlib.util
import json
import re
from functools import cache
from pathlib import Path

import pytest

import costmodel.model.resources  # noqa: F401  (registers the priced and free types)
from costmodel.model.components import FREE, KNOWN_UNPRICED, PRICED
from costmodel.readers.terraform.names import input_name, pulumi_type

# Terraform type -> the token the Pulumi registry documents for it (pulumi-aws 7, pulumi-gcp 8+,
# pulumi-fastly, pulumi-random); one per type the cost model knows.
TWINS = {
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
    "google_logging_project_sink": "gcp:logging/projectSink:ProjectSink",
    "fastly_service_vcl": "fastly:index/serviceVcl:ServiceVcl",
    "fastly_tls_subscription": "fastly:index/tlsSubscription:TlsSubscription",
    "random_password": "random:index/randomPassword:RandomPassword",
    "random_id": "random:index/randomId:RandomId",
    "random_string": "random:index/randomString:RandomString",
}
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
    for package in ("pulumi_aws", "pulumi_gcp", "pulumi_fastly", "pulumi_random"):
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
    assert pulumi_type(tf_type) == TWINS[tf_type]
    assert TWINS[tf_type] in sdk_tokens()


def test_every_type_the_cost_model_knows_has_a_terraform_twin_here():
    """A type added to the model must be added above, so its mapping is checked."""
    known = {t for t in (*PRICED, *FREE, *KNOWN_UNPRICED) if not t.startswith("pulumi:")}
    assert known - PULUMI_6_ALIASES <= set(TWINS.values())


def test_other_providers_map_to_their_index_module():
    # no Pulumi twin in the cost model: unpriced, under a sensible token
    assert pulumi_type("b2_bucket") == "b2:index/bucket:Bucket"
    assert pulumi_type("cloudflare_r2_bucket") == "cloudflare:index/r2Bucket:R2Bucket"


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
