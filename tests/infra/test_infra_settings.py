"""The security and sizing settings the issue's role/provider table asks for, on real inputs."""

from __future__ import annotations

import json

import pytest
from graph_query import one

from costmodel.model.graph import SECRET

S3_PARENT = "indexplan:storage:S3"


@pytest.mark.parametrize("stack", ["pypi-2016", "pypi-2021", "all-aws"])
def test_rds_is_encrypted_private_backed_up_and_protected(graphs, stack):
    db = one(graphs[stack], "aws:rds/instance:Instance").inputs
    assert db["publiclyAccessible"] is False
    assert db["storageEncrypted"] is True
    assert db["deletionProtection"] is True
    assert db["backupRetentionPeriod"] >= 7
    assert db["engine"] == "postgres"
    assert db["password"] == SECRET


def test_rds_sizing_comes_from_the_stack_file(graphs):
    # stacks/Pulumi.pypi-2021.yaml: instance db.r6g.large, multi_az true, storage_gb 500
    db = one(graphs["pypi-2021"], "aws:rds/instance:Instance").inputs
    assert (db["instanceClass"], db["multiAz"], db["allocatedStorage"]) == (
        "db.r6g.large",
        True,
        500,
    )
    # stacks/Pulumi.pypi-2016.yaml: db.m6g.large, single-AZ, 100 GB
    db = one(graphs["pypi-2016"], "aws:rds/instance:Instance").inputs
    assert (db["instanceClass"], db["multiAz"], db["allocatedStorage"]) == (
        "db.m6g.large",
        False,
        100,
    )


def test_rds_forces_ssl_and_keeps_its_password_in_secrets_manager(graphs):
    graph = graphs["all-aws"]
    parameters = one(graph, "aws:rds/parameterGroup:ParameterGroup").inputs
    assert {"name": "rds.force_ssl", "value": "1"} in parameters["parameters"]
    version = one(graph, "aws:secretsmanager/secretVersion:SecretVersion").inputs
    assert version["secretString"] == SECRET


@pytest.mark.parametrize("stack", ["pypi-2016", "all-aws"])
def test_s3_buckets_block_public_access_version_and_encrypt(graphs, stack):
    graph = graphs[stack]
    buckets = [r for r in graph if r.type == "aws:s3/bucket:Bucket"]
    blocks = [
        r.inputs
        for r in graph
        if r.type.endswith("bucketPublicAccessBlock:BucketPublicAccessBlock")
    ]
    versioning = [r.inputs for r in graph if r.type.endswith("bucketVersioning:BucketVersioning")]
    encryption = [
        r.inputs["rules"][0]["applyServerSideEncryptionByDefault"]["sseAlgorithm"]
        for r in graph
        if r.type.endswith(":BucketServerSideEncryptionConfiguration")
    ]
    assert len(blocks) == len(versioning) == len(encryption) == len(buckets) >= 1
    flags = ("blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets")
    assert all(all(block[flag] is True for flag in flags) for block in blocks)
    assert all(v["versioningConfiguration"]["status"] == "Enabled" for v in versioning)
    assert set(encryption) == {"aws:kms"}


def test_all_aws_archive_bucket_moves_files_to_glacier_ir(graphs):
    graph = graphs["all-aws"]
    lifecycle = one(
        graph,
        "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
        "storage-archive-lifecycle",
    )
    transitions = [t for rule in lifecycle.inputs["rules"] for t in rule.get("transitions", [])]
    # infra/storage/s3.py: ARCHIVE_AFTER_DAYS = 1, as PyPI does with its fallback copies
    assert transitions == [{"days": 1, "storageClass": "GLACIER_IR"}]
    # pypi-2016 sets archive: false, so it has the files bucket only
    assert [r.name for r in graphs["pypi-2016"] if r.type == "aws:s3/bucket:Bucket"] == [
        "storage-files"
    ]


def test_cloudfront_reads_s3_only_through_its_origin_access_control(graphs):
    graph = graphs["all-aws"]
    distribution = one(graph, "aws:cloudfront/distribution:Distribution").inputs
    (origin,) = distribution["origins"]
    assert origin["originAccessControlId"]
    assert origin["domainName"].endswith(".s3.us-east-1.amazonaws.com")
    bucket_policy = one(graph, "aws:s3/bucketPolicy:BucketPolicy", "cdn-origin-bucket-policy")
    policy = json.loads(bucket_policy.inputs["policy"])
    # a bucket has one policy: CloudFront's carries the files bucket's HTTPS-only deny too
    statement, deny = policy["Statement"]
    assert deny["Effect"] == "Deny"
    assert deny["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
    assert statement["Principal"] == {"Service": "cloudfront.amazonaws.com"}
    assert statement["Action"] == "s3:GetObject"
    assert statement["Condition"]["StringEquals"]["AWS:SourceArn"].startswith(
        "arn:aws:cloudfront::"
    )


def test_cloudfront_is_https_only_with_tls_1_2_and_long_caching(graphs):
    graph = graphs["all-aws"]
    distribution = one(graph, "aws:cloudfront/distribution:Distribution").inputs
    assert distribution["defaultCacheBehavior"]["viewerProtocolPolicy"] == "redirect-to-https"
    assert distribution["viewerCertificate"]["minimumProtocolVersion"] == "TLSv1.2_2021"
    assert distribution["viewerCertificate"]["sslSupportMethod"] == "sni-only"
    assert distribution["aliases"] == ["files.example-index.org"]
    policy = one(graph, "aws:cloudfront/cachePolicy:CachePolicy").inputs
    assert policy["defaultTtl"] == 365 * 24 * 3600  # 31,536,000 s: files never change
    certificate = one(graph, "aws:acm/certificate:Certificate").inputs
    assert certificate["region"] == "us-east-1"  # CloudFront takes certificates from there only


@pytest.mark.parametrize(
    ("stack", "host"),
    [("pypi-2016", ".s3.us-west-2.amazonaws.com"), ("pypi-2021", "storage.googleapis.com")],
)
def test_fastly_backend_uses_tls_on_443_with_shielding(graphs, stack, host):
    service = one(graphs[stack], "fastly:index/serviceVcl:ServiceVcl").inputs
    (backend,) = service["backends"]
    assert backend["useSsl"] is True
    assert backend["port"] == 443
    assert backend["sslCheckCert"] is True
    assert backend["address"].endswith(host)
    assert backend["shield"]
    assert service["requestSettings"][0]["forceSsl"] is True
    assert [d["name"] for d in service["domains"]] == ["files.example-index.org"]
    # Fastly cannot use S3's or GCS's native private access: it signs with a read-only key.
    assert service["snippets"] == SECRET


def test_fastly_streams_logs_to_the_analytics_bucket_only_when_analytics_is_on(graphs):
    with_analytics = one(graphs["pypi-2021"], "fastly:index/serviceVcl:ServiceVcl").inputs
    log_bucket = one(graphs["pypi-2021"], "gcp:storage/bucket:Bucket", "analytics-cdn-logs")
    (log,) = with_analytics["loggingGcs"]
    assert log["bucketName"].startswith("analytics-cdn-logs")
    assert log_bucket.parent_type == "indexplan:analytics:BigQuery"
    without = one(graphs["pypi-2016"], "fastly:index/serviceVcl:ServiceVcl").inputs
    assert "loggingGcs" not in without


@pytest.mark.parametrize("stack", ["pypi-2021", "all-gcp"])
def test_gcs_buckets_are_uniform_private_and_versioned(graphs, stack):
    files = one(graphs[stack], "gcp:storage/bucket:Bucket", "storage-files").inputs
    assert files["uniformBucketLevelAccess"] is True
    assert files["publicAccessPrevention"] == "enforced"
    assert files["versioning"] == {"enabled": True}
    assert files["location"] == "US"


def test_cloud_sql_is_private_ssl_only_backed_up_and_sized_from_config(graphs):
    graph = graphs["all-gcp"]
    instance = one(graph, "gcp:sql/databaseInstance:DatabaseInstance").inputs
    settings = instance["settings"]
    # stacks/Pulumi.all-gcp.yaml: tier db-custom-4-16384, availability REGIONAL, storage_gb 500
    assert (settings["tier"], settings["availabilityType"], settings["diskSize"]) == (
        "db-custom-4-16384",
        "REGIONAL",
        500,
    )
    assert settings["ipConfiguration"]["ipv4Enabled"] is False
    assert settings["ipConfiguration"]["sslMode"] == "ENCRYPTED_ONLY"
    assert settings["backupConfiguration"]["enabled"] is True
    assert instance["deletionProtection"] is True
    assert one(graph, "gcp:sql/user:User").inputs["password"] == SECRET


@pytest.mark.parametrize("stack", ["pypi-2021", "all-aws"])
def test_elasticache_encrypts_and_takes_size_from_config(graphs, stack):
    group = one(graphs[stack], "aws:elasticache/replicationGroup:ReplicationGroup").inputs
    assert group["transitEncryptionEnabled"] is True
    assert group["atRestEncryptionEnabled"] is True
    assert group["authToken"] == SECRET
    # both stacks: node_type cache.r6g.large, nodes 2 (so automatic failover is on)
    assert (group["nodeType"], group["numCacheClusters"]) == ("cache.r6g.large", 2)
    assert group["automaticFailoverEnabled"] is True


def test_memorystore_encrypts_in_transit_and_takes_size_from_config(graphs):
    redis = one(graphs["all-gcp"], "gcp:redis/instance:Instance").inputs
    assert redis["transitEncryptionMode"] == "SERVER_AUTHENTICATION"
    assert (redis["tier"], redis["memorySizeGb"]) == ("STANDARD_HA", 5)  # all-gcp.yaml
    assert redis["connectMode"] == "PRIVATE_SERVICE_ACCESS"


def test_sqs_has_a_dead_letter_queue_and_everything_is_encrypted(graphs):
    graph = graphs["all-aws"]
    tasks = one(graph, "aws:sqs/queue:Queue", "queue-tasks").inputs
    redrive = json.loads(tasks["redrivePolicy"])
    dead = one(graph, "aws:sqs/queue:Queue", "queue-dead-letter")
    assert redrive["maxReceiveCount"] == 5
    assert redrive["deadLetterTargetArn"].endswith(":queue-dead-letter")
    topic = one(graph, "aws:sns/topic:Topic").inputs
    assert tasks["kmsMasterKeyId"] and dead.inputs["kmsMasterKeyId"] and topic["kmsMasterKeyId"]
    subscription = one(graph, "aws:sns/topicSubscription:TopicSubscription").inputs
    assert subscription["protocol"] == "sqs"
    assert subscription["endpoint"].endswith(":queue-tasks")


def test_pubsub_subscription_parks_failures_on_a_dead_letter_topic(graphs):
    graph = graphs["all-gcp"]
    workers = one(graph, "gcp:pubsub/subscription:Subscription", "queue-workers").inputs
    assert workers["deadLetterPolicy"]["maxDeliveryAttempts"] == 5
    assert workers["deadLetterPolicy"]["deadLetterTopic"]


def test_route53_points_files_at_the_cdn_with_caa_and_dnssec(graphs):
    graph = graphs["all-aws"]
    records = {r.name: r.inputs for r in graph if r.type == "aws:route53/record:Record"}
    cname = records["dns-files"]
    assert (cname["name"], cname["type"]) == ("files.example-index.org", "CNAME")
    assert cname["records"][0].endswith(".cloudfront.net")
    assert records["dns-caa"]["records"] == ['0 issue "amazon.com"']
    assert records["dns-validation-0"]["records"][0].endswith(".acm-validations.aws.")
    assert (
        one(graph, "aws:route53/hostedZoneDnsSec:HostedZoneDnsSec").inputs["signingStatus"]
        == "SIGNING"
    )
    key = one(graph, "aws:kms/key:Key", "dns-dnssec-key").inputs
    assert (key["customerMasterKeySpec"], key["keyUsage"]) == ("ECC_NIST_P256", "SIGN_VERIFY")


def test_fastly_stacks_point_files_at_fastly_with_its_ca(graphs):
    records = {
        r.name: r.inputs for r in graphs["pypi-2021"] if r.type == "aws:route53/record:Record"
    }
    assert records["dns-files"]["records"] == ["dualstack.t.sni.global.fastly.net"]
    assert records["dns-caa"]["records"] == ['0 issue "letsencrypt.org"']


def test_cloud_dns_signs_the_zone_and_points_files_at_the_load_balancer(graphs):
    graph = graphs["all-gcp"]
    zone = one(graph, "gcp:dns/managedZone:ManagedZone").inputs
    assert zone["dnsName"] == "example-index.org."
    assert zone["dnssecConfig"]["state"] == "on"
    records = {r.name: r.inputs for r in graph if r.type == "gcp:dns/recordSet:RecordSet"}
    address = one(graph, "gcp:compute/globalAddress:GlobalAddress", "cdn-address")
    assert address.parent_type == "indexplan:cdn:CloudCDN"
    assert records["dns-files"]["type"] == "A"
    assert records["dns-caa"]["rrdatas"] == ['0 issue "pki.goog"']


def test_cloud_cdn_serves_https_only_from_a_cdn_backend_bucket(graphs):
    graph = graphs["all-gcp"]
    assert one(graph, "gcp:compute/backendBucket:BackendBucket").inputs["enableCdn"] is True
    assert one(graph, "gcp:compute/sSLPolicy:SSLPolicy").inputs["minTlsVersion"] == "TLS_1_2"
    redirect = one(graph, "gcp:compute/uRLMap:URLMap", "cdn-http-redirect").inputs
    assert redirect["defaultUrlRedirect"]["httpsRedirect"] is True
    ports = sorted(r.inputs["portRange"] for r in graph if r.type.endswith("GlobalForwardingRule"))
    assert ports == ["443", "80"]


def test_bigquery_dataset_and_table_for_downloads(graphs):
    graph = graphs["all-gcp"]
    assert one(graph, "gcp:bigquery/dataset:Dataset").inputs["datasetId"] == "downloads"
    table = one(graph, "gcp:bigquery/table:Table").inputs
    columns = [c["name"] for c in json.loads(table["schema"])]
    assert columns[:2] == ["timestamp", "url"]
    assert table["timePartitioning"] == {"field": "timestamp", "type": "DAY"}


def test_cloud_cdn_request_logs_flow_into_the_analytics_bucket(graphs):
    graph = graphs["all-gcp"]
    sink = one(graph, "gcp:logging/projectSink:ProjectSink").inputs
    # the analytics component's bucket, named `analytics-cdn-logs-<suffix>` at creation
    assert sink["destination"].startswith("storage.googleapis.com/analytics-cdn-logs-")
    assert sink["filter"] == 'resource.type="http_load_balancer"'


def test_cloud_cdn_request_logs_are_kept_out_of_the_default_log_bucket(graphs):
    # Cloud Logging bills $0.50/GiB streamed into a log bucket, routing nothing (s10 audit F3):
    # the _Default bucket gets an exclusion of this load balancer's entries; the sink keeps its
    # copy in the analytics bucket (its filter, above, is unchanged).
    graph = graphs["all-gcp"]
    exclusion = one(graph, "gcp:logging/projectExclusion:ProjectExclusion").inputs
    assert exclusion["filter"] == (
        'resource.type="http_load_balancer" AND resource.labels.url_map_name="cdn-url-map"'
    )
    assert "disabled" not in exclusion
