"""Every shipped stack builds offline, with each role's resources under the right component."""

from __future__ import annotations

import pytest
from stack_fixtures import SHIPPED

# Per stack, the component each role runs as. pypi-2016 and pypi-2021 follow
# shared/reference/pypi-facts.md; all-aws and all-gcp take every role on one cloud.
COMPONENTS = {
    "pypi-2016": {
        "cdn": "indexplan:cdn:Fastly",
        "storage": "indexplan:storage:S3",
        "database": "indexplan:database:RDS",
        "queue": "indexplan:queue:SQS",
        "cache": "indexplan:cache:ElastiCache",
        "dns": "indexplan:dns:Route53",
    },
    "pypi-2021": {
        "cdn": "indexplan:cdn:Fastly",
        "storage": "indexplan:storage:GCS",
        "database": "indexplan:database:RDS",
        "queue": "indexplan:queue:SQS",
        "cache": "indexplan:cache:ElastiCache",
        "dns": "indexplan:dns:Route53",
        "analytics": "indexplan:analytics:BigQuery",
    },
    "all-aws": {
        "cdn": "indexplan:cdn:CloudFront",
        "storage": "indexplan:storage:S3",
        "database": "indexplan:database:RDS",
        "queue": "indexplan:queue:SQS",
        "cache": "indexplan:cache:ElastiCache",
        "dns": "indexplan:dns:Route53",
    },
    "all-gcp": {
        "cdn": "indexplan:cdn:CloudCDN",
        "storage": "indexplan:storage:GCS",
        "database": "indexplan:database:CloudSQL",
        "queue": "indexplan:queue:PubSub",
        "cache": "indexplan:cache:Memorystore",
        "dns": "indexplan:dns:CloudDNS",
        "analytics": "indexplan:analytics:BigQuery",
    },
}

# The resource types each component must declare under itself.
CHILDREN = {
    "indexplan:cdn:Fastly": {
        "fastly:index/serviceVcl:ServiceVcl",
        "fastly:index/tlsSubscription:TlsSubscription",
    },
    "indexplan:cdn:CloudFront": {
        "aws:cloudfront/distribution:Distribution",
        "aws:cloudfront/originAccessControl:OriginAccessControl",
        "aws:cloudfront/cachePolicy:CachePolicy",
        "aws:acm/certificate:Certificate",
        "aws:s3/bucketPolicy:BucketPolicy",
    },
    "indexplan:cdn:CloudCDN": {
        "gcp:compute/backendBucket:BackendBucket",
        "gcp:compute/uRLMap:URLMap",
        "gcp:compute/managedSslCertificate:ManagedSslCertificate",
        "gcp:compute/targetHttpsProxy:TargetHttpsProxy",
        "gcp:compute/globalAddress:GlobalAddress",
        "gcp:compute/globalForwardingRule:GlobalForwardingRule",
    },
    "indexplan:storage:S3": {
        "aws:s3/bucket:Bucket",
        "aws:s3/bucketVersioning:BucketVersioning",
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
        "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
        "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
    },
    "indexplan:storage:GCS": {"gcp:storage/bucket:Bucket"},
    "indexplan:database:RDS": {
        "aws:rds/instance:Instance",
        "random:index/randomPassword:RandomPassword",
        "aws:secretsmanager/secret:Secret",
        "aws:secretsmanager/secretVersion:SecretVersion",
    },
    "indexplan:database:CloudSQL": {
        "gcp:sql/databaseInstance:DatabaseInstance",
        "gcp:sql/user:User",
        "random:index/randomPassword:RandomPassword",
    },
    "indexplan:queue:SQS": {
        "aws:sqs/queue:Queue",
        "aws:sns/topic:Topic",
        "aws:sns/topicSubscription:TopicSubscription",
    },
    "indexplan:queue:PubSub": {"gcp:pubsub/topic:Topic", "gcp:pubsub/subscription:Subscription"},
    "indexplan:cache:ElastiCache": {
        "aws:elasticache/replicationGroup:ReplicationGroup",
        "random:index/randomPassword:RandomPassword",
    },
    "indexplan:cache:Memorystore": {"gcp:redis/instance:Instance"},
    "indexplan:dns:Route53": {
        "aws:route53/zone:Zone",
        "aws:route53/record:Record",
        "aws:route53/keySigningKey:KeySigningKey",
        "aws:route53/hostedZoneDnsSec:HostedZoneDnsSec",
    },
    "indexplan:dns:CloudDNS": {"gcp:dns/managedZone:ManagedZone", "gcp:dns/recordSet:RecordSet"},
    "indexplan:analytics:BigQuery": {
        "gcp:bigquery/dataset:Dataset",
        "gcp:bigquery/table:Table",
        "gcp:storage/bucket:Bucket",
    },
}


@pytest.mark.parametrize("stack", SHIPPED)
def test_each_role_runs_as_the_chosen_component(graphs, stack):
    components = {r.type for r in graphs[stack] if r.type.startswith("indexplan:")}
    expected = set(COMPONENTS[stack].values())
    # Cloud SQL and Memorystore share one private network component on Google Cloud; RDS and
    # ElastiCache one VPC on AWS (s10-vpc: before, no network and the account's default VPC).
    if stack == "all-gcp":
        expected.add("indexplan:network:GcpPrivateNetwork")
    else:
        expected.add("indexplan:network:AwsNetwork")
    assert components == expected


@pytest.mark.parametrize("stack", SHIPPED)
def test_components_hold_their_resources(graphs, stack):
    for role, component in COMPONENTS[stack].items():
        children = {r.type for r in graphs[stack] if r.parent_type == component}
        missing = CHILDREN[component] - children
        assert not missing, f"{stack} {role}: {component} lacks {missing}"
        assert all(r.role == role for r in graphs[stack] if r.parent_type == component)


@pytest.mark.parametrize("stack", SHIPPED)
def test_every_resource_has_a_component_or_is_a_provider(graphs, stack):
    for r in graphs[stack]:
        top_level = r.type.startswith(("indexplan:", "pulumi:providers:"))
        assert (r.parent_type is None) == top_level, r.urn
        assert r.urn.startswith(f"urn:pulumi:{stack}::indexplan::")


@pytest.mark.parametrize(
    ("stack", "provider", "inputs"),
    [
        ("pypi-2016", "pulumi:providers:aws", {"region": "us-west-2"}),
        ("pypi-2021", "pulumi:providers:aws", {"region": "us-east-2"}),
        (
            "pypi-2021",
            "pulumi:providers:gcp",
            {"project": "example-index-2021", "region": "us-central1"},
        ),
        ("all-gcp", "pulumi:providers:gcp", {"project": "example-index", "region": "us-central1"}),
    ],
)
def test_explicit_providers_carry_the_stack_region(graphs, stack, provider, inputs):
    (found,) = [r for r in graphs[stack] if r.type == provider]
    assert {k: found.inputs[k] for k in inputs} == inputs


def test_single_cloud_stacks_declare_only_their_cloud(graphs):
    def packages(stack: str) -> set[str]:
        return {
            r.type.split(":")[0]
            for r in graphs[stack]
            if not r.type.startswith(("indexplan:", "pulumi:"))
        }

    assert packages("all-aws") == {"aws", "random"}
    assert packages("all-gcp") == {"gcp", "random"}
