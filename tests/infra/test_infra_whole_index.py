"""Issue 12's components in the offline graph, with their secure settings read off the inputs.

Expected values come from the stack files (stacks/Pulumi.<name>.yaml) and from the unit
conversions written next to each assertion.
"""

from __future__ import annotations

import json

import pytest
from graph_memo import build_graph
from graph_query import one
from stack_fixtures import SHIPPED, SHIPPED_WHOLE, config_of, shipped, whole_gcp_config, write_stack

from costmodel.model.graph import Resource
from indexplan.stackfile import load_stack_file
from policy.rules import check


@pytest.fixture(scope="module")
def whole(tmp_path_factory) -> dict[str, list[Resource]]:
    graphs = {name: build_graph(load_stack_file(shipped(name))) for name in SHIPPED_WHOLE}
    directory = tmp_path_factory.mktemp("whole")
    crates_on_cloud_dns = config_of("crates-io")
    crates_on_cloud_dns["indexplan:roles"]["dns"] = "gcp"
    crates_on_cloud_dns |= {"gcp:project": "example-crates", "gcp:region": "us-central1"}
    b2_locked = config_of("pypi-2024")
    b2_locked["indexplan:storage"] = {
        "region": "eu-central-003",
        "file_lock": True,
        "lock_days": 30,
    }
    b2_locked["indexplan:roles"]["storage"] = {"primary": "b2", "archive": "gcp"}
    variants = {
        "gcp-whole": whole_gcp_config(),
        "crates-clouddns": crates_on_cloud_dns,
        "b2-locked": b2_locked,
    }
    for name, config in variants.items():
        graphs[name] = build_graph(load_stack_file(write_stack(directory, name, config)))
    return graphs


def inputs(graph: list[Resource], type_: str, name: str | None = None) -> dict:
    return dict(one(graph, type_, name).inputs)


def top_components(graph: list[Resource]) -> set[str]:
    return {r.type for r in graph if r.parent_type is None and r.type.startswith("indexplan:")}


@pytest.mark.parametrize("stack", [*SHIPPED_WHOLE, "gcp-whole", "crates-clouddns", "b2-locked"])
def test_every_new_stack_passes_every_rule(whole, stack):
    assert check(whole[stack], {}) == []


def test_pypi_2024_runs_every_role_as_published(whole):
    assert top_components(whole["pypi-2024"]) == {
        "indexplan:cdn:Fastly",
        "indexplan:storage:B2",
        "indexplan:storage:S3",  # the archive
        "indexplan:database:RDS",
        "indexplan:cache:ElastiCache",
        "indexplan:queue:SQS",
        "indexplan:dns:Route53",
        "indexplan:analytics:BigQuery",
        "indexplan:app:Fargate",
        "indexplan:search:OpenSearch",
        "indexplan:email:SES",
        "indexplan:monitoring:Datadog",
        "indexplan:network:AwsNetwork",
    }


def test_static_index_is_a_cdn_and_a_bucket(whole):
    assert top_components(whole["static-index"]) == {
        "indexplan:cdn:CloudFront",
        "indexplan:storage:S3",
    }


# ---- application tier -----------------------------------------------------------------------


def test_fargate_app_is_https_only_private_and_sized_from_the_stack(whole):
    graph = whole["pypi-2024"]
    https = inputs(graph, "aws:lb/listener:Listener", "app-https")
    assert (https["protocol"], https["port"]) == ("HTTPS", 443)
    assert https["sslPolicy"] == "ELBSecurityPolicy-TLS13-1-2-2021-06"
    redirect = inputs(graph, "aws:lb/listener:Listener", "app-http-redirect")
    assert redirect["defaultActions"] == [
        {
            "type": "redirect",
            "redirect": {"protocol": "HTTPS", "port": "443", "statusCode": "HTTP_301"},
        }
    ]
    balancer = inputs(graph, "aws:lb/loadBalancer:LoadBalancer")
    assert balancer["dropInvalidHeaderFields"] is True
    service = inputs(graph, "aws:ecs/service:Service")
    # stacks/Pulumi.pypi-2024.yaml: desired 8, min 4, max 32, 2 vCPU, 4 GB
    assert (service["launchType"], service["desiredCount"]) == ("FARGATE", 8)
    assert service["networkConfiguration"]["assignPublicIp"] is False
    task = inputs(graph, "aws:ecs/taskDefinition:TaskDefinition")
    assert (task["cpu"], task["memory"]) == ("2048", "4096")  # 2 x 1024 units; 4 x 1024 MiB
    assert json.loads(task["containerDefinitions"])[0]["readonlyRootFilesystem"] is True
    scaling = inputs(graph, "aws:appautoscaling/target:Target")
    assert (scaling["minCapacity"], scaling["maxCapacity"]) == (4, 32)
    tasks_group = inputs(graph, "aws:ec2/securityGroup:SecurityGroup", "app-tasks-sg")
    assert [rule.get("cidrBlocks") for rule in tasks_group["ingress"]] == [None]  # LB group only
    subnets = [r for r in graph if r.type == "aws:ec2/subnet:Subnet"]
    assert all(s.inputs["mapPublicIpOnLaunch"] is False for s in subnets)


def test_cloud_run_app_is_sized_and_reaches_the_database_privately(whole):
    graph = whole["private-small"]
    service = inputs(graph, "gcp:cloudrunv2/service:Service")
    template = service["template"]
    # stacks/Pulumi.private-small.yaml: 1 vCPU, 1 GB, 0 to 4 instances, 80 requests at once
    assert template["containers"][0]["resources"]["limits"] == {"cpu": "1", "memory": "1024Mi"}
    assert template["scaling"] == {"minInstanceCount": 0, "maxInstanceCount": 4}
    assert template["maxInstanceRequestConcurrency"] == 80
    assert template["vpcAccess"]["egress"] == "PRIVATE_RANGES_ONLY"
    sql = inputs(graph, "gcp:sql/databaseInstance:DatabaseInstance")
    assert sql["settings"]["ipConfiguration"]["ipv4Enabled"] is False


# ---- search ---------------------------------------------------------------------------------


def test_opensearch_is_in_the_vpc_encrypted_and_https_only(whole):
    graph = whole["pypi-2024"]
    domain = inputs(graph, "aws:opensearch/domain:Domain")
    assert len(domain["vpcOptions"]["subnetIds"]) == 2
    assert domain["encryptAtRest"] == {"enabled": True}
    assert domain["nodeToNodeEncryption"] == {"enabled": True}
    assert domain["domainEndpointOptions"] == {
        "enforceHttps": True,
        "tlsSecurityPolicy": "Policy-Min-TLS-1-2-PFS-2023-10",
    }
    # stacks/Pulumi.pypi-2024.yaml: 3 x r6g.large.search, 100 GB each
    cluster = domain["clusterConfig"]
    assert (cluster["instanceType"], cluster["instanceCount"]) == ("r6g.large.search", 3)
    assert domain["ebsOptions"] == {"ebsEnabled": True, "volumeType": "gp3", "volumeSize": 100}
    statement = json.loads(domain["accessPolicies"])["Statement"][0]
    assert statement["Principal"]["AWS"].endswith("app-task-role")  # only the app's tasks
    group = inputs(graph, "aws:ec2/securityGroup:SecurityGroup", "search-sg")
    assert group["ingress"][0]["fromPort"] == 443
    assert "cidrBlocks" not in group["ingress"][0]


def test_elastic_cloud_is_reached_only_through_private_service_connect(whole):
    graph = whole["gcp-whole"]
    deployment = inputs(graph, "ec:index/deployment:Deployment")
    assert deployment["region"] == "gcp-us-central1"  # stacks/Pulumi.all-gcp.yaml gcp:region
    assert deployment["elasticsearch"]["hot"]["size"] == "4g"
    assert deployment["elasticsearch"]["hot"]["zoneCount"] == 2
    assert len(deployment["trafficFilters"]) == 1
    rules = inputs(graph, "ec:index/deploymentTrafficFilter:DeploymentTrafficFilter")
    assert rules["type"] == "gcp_private_service_connect_endpoint"
    endpoint = inputs(graph, "gcp:compute/forwardingRule:ForwardingRule")
    assert endpoint["target"].endswith("proxy-psc-production-us-central1-v1-attachment")
    assert endpoint["loadBalancingScheme"] == ""
    zone = inputs(graph, "gcp:dns/managedZone:ManagedZone", "search-psc-zone")
    assert zone["visibility"] == "private"


# ---- mail and monitoring -----------------------------------------------------------------


def test_ses_signs_with_dkim_requires_tls_and_reports_to_the_mail_events_topic(whole):
    graph = whole["pypi-2024"]
    configuration = inputs(graph, "aws:sesv2/configurationSet:ConfigurationSet")
    assert configuration["deliveryOptions"] == {"tlsPolicy": "REQUIRE"}
    identity = inputs(graph, "aws:sesv2/emailIdentity:EmailIdentity")
    assert identity["emailIdentity"] == "example-index.org"
    assert identity["dkimSigningAttributes"]["nextSigningKeyLength"] == "RSA_2048_BIT"
    events = inputs(
        graph, "aws:sesv2/configurationSetEventDestination:ConfigurationSetEventDestination"
    )
    destination = events["eventDestination"]
    assert destination["snsDestination"]["topicArn"].endswith("queue-mail-events")
    assert {"DELIVERY", "BOUNCE", "COMPLAINT"} <= set(destination["matchingEventTypes"])
    key_policy = json.loads(inputs(graph, "aws:kms/key:Key", "queue-key")["policy"])
    assert any(s["Principal"] == {"Service": "ses.amazonaws.com"} for s in key_policy["Statement"])
    dkim = [r.inputs for r in graph if r.name.startswith("dns-dkim-")]
    assert len(dkim) == 3  # Easy DKIM's three CNAMEs, in the Route 53 zone
    assert all(
        r["type"] == "CNAME" and r["records"][0].endswith(".dkim.amazonses.com") for r in dkim
    )


def test_datadog_watches_the_four_signals_of_the_roles_the_stack_runs(whole):
    graph = whole["pypi-2024"]
    monitors = {r.name: r.inputs for r in graph if r.type == "datadog:index/monitor:Monitor"}
    assert set(monitors) == {
        "monitoring-fastly-cdn-errors",
        "monitoring-fastly-origin-latency",
        "monitoring-queue-depth",
        "monitoring-database-cpu",
    }
    # Defaults of DatadogMonitoring: 1% errors, 1000 ms, 10,000 tasks, 80% CPU; warn at 80%.
    cpu = monitors["monitoring-database-cpu"]
    assert cpu["query"] == "avg(last_10m):avg:aws.rds.cpuutilization{*} > 80"
    assert cpu["monitorThresholds"] == {"critical": "80", "warning": "64"}
    dashboard = inputs(graph, "datadog:index/dashboard:Dashboard")
    assert len(dashboard["widgets"]) == 4


def test_datadog_watches_each_cdn_of_a_mix_and_skips_roles_not_run():
    from infra.config import DatadogMonitoring
    from infra.monitoring.datadog import DatadogMonitorsArgs, _watches

    args = DatadogMonitorsArgs(DatadogMonitoring(), ("fastly", "aws"))
    assert [w.key for w in _watches(args)] == [
        "fastly-cdn-errors",
        "fastly-origin-latency",
        "aws-cdn-errors",
        "aws-origin-latency",
    ]


# ---- storage: B2, R2, primary and archive ------------------------------------------------


def test_b2_is_private_encrypted_locked_and_signed_for_by_its_own_key(whole):
    graph = whole["pypi-2024"]
    provider = inputs(graph, "pulumi:providers:aws", "b2")
    assert json.loads(provider["endpoints"]) == [{"s3": "https://s3.us-west-004.backblazeb2.com"}]
    # No explicit key configured: the named profile, never the AWS account's environment keys.
    assert provider["profile"] == "backblaze-b2"
    assert "accessKey" not in provider
    bucket = one(graph, "aws:s3/bucket:Bucket", "storage-files")
    assert bucket.parent_type == "indexplan:storage:B2"
    assert (bucket.inputs["region"], bucket.inputs["objectLockEnabled"]) == ("us-west-004", True)
    assert "acl" not in bucket.inputs  # B2's default: allPrivate
    encryption = inputs(
        graph,
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
        "storage-files-encryption",
    )
    assert encryption["rules"][0]["applyServerSideEncryptionByDefault"] == {
        "sseAlgorithm": "AES256"
    }
    locked = whole["b2-locked"]
    lock = inputs(locked, "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration")
    assert lock["rule"]["defaultRetention"] == {"mode": "GOVERNANCE", "days": 30}


def test_fastly_reads_b2_first_and_falls_back_to_the_s3_archive(whole):
    graph = whole["pypi-2024"]
    service = inputs(graph, "fastly:index/serviceVcl:ServiceVcl")
    backends = {b["name"]: b for b in service["backends"]}
    assert set(backends) == {"storage", "archive"}
    assert backends["storage"]["address"].endswith(".s3.us-west-004.backblazeb2.com")
    assert backends["archive"]["address"].endswith(".s3.us-east-2.amazonaws.com")
    assert all(b["useSsl"] and b["minTlsVersion"] == "1.2" for b in backends.values())
    assert service["snippets"] == "[secret]"  # they hold the origin keys
    archive = one(graph, "aws:s3/bucket:Bucket", "storage-archive")
    assert archive.inputs["tags"] == {"indexplan-tier": "archive"}
    lifecycle = inputs(
        graph,
        "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
        "storage-archive-lifecycle",
    )
    transitions = [t for rule in lifecycle["rules"] for t in rule.get("transitions", [])]
    assert transitions == [{"days": 1, "storageClass": "GLACIER_IR"}]  # PyPI: after a day
    # No files bucket on S3: the archive is the only S3 bucket.
    s3 = [r for r in graph if r.type == "aws:s3/bucket:Bucket"]
    assert sorted((r.name, r.parent_type) for r in s3) == [
        ("storage-archive", "indexplan:storage:S3"),
        ("storage-files", "indexplan:storage:B2"),
    ]


def test_a_gcs_archive_behind_b2_is_labelled_and_archived(whole):
    graph = whole["b2-locked"]
    archive = one(graph, "gcp:storage/bucket:Bucket", "storage-archive")
    assert archive.inputs["labels"] == {"indexplan-tier": "archive"}
    assert archive.inputs["publicAccessPrevention"] == "enforced"


def test_cloudflare_serves_r2_https_only_with_a_year_of_caching(whole):
    graph = whole["private-small"]
    settings = {
        r.inputs["settingId"]: r.inputs["value"]
        for r in graph
        if r.type == "cloudflare:index/zoneSetting:ZoneSetting"
    }
    assert settings["always_use_https"] == "on"
    assert settings["min_tls_version"] == "1.2"
    assert settings["ssl"] == "strict"
    # A setting's value is passed as Cloudflare's API spells it (snake_case).
    assert settings["security_header"]["strict_transport_security"]["enabled"] is True
    rules = inputs(graph, "cloudflare:index/ruleset:Ruleset", "cdn-cache-rules")
    assert rules["phase"] == "http_request_cache_settings"
    parameters = rules["rules"][0]["actionParameters"]
    year = {"mode": "override_origin", "default": 31536000}  # 365 x 24 x 3600 s
    assert (parameters["edgeTtl"], parameters["browserTtl"]) == (year, year)
    bucket = inputs(graph, "cloudflare:index/r2Bucket:R2Bucket")
    assert (bucket["location"], bucket["name"]) == ("enam", "private-small-storage-files")
    assert inputs(graph, "cloudflare:index/r2ManagedDomain:R2ManagedDomain")["enabled"] is False
    domain = inputs(graph, "cloudflare:index/r2CustomDomain:R2CustomDomain")
    assert (domain["domain"], domain["minTls"]) == ("files.packages.example.com", "1.2")


# ---- several CDNs ------------------------------------------------------------------------


def test_route53_splits_the_files_hostname_by_weight(whole):
    graph = whole["crates-io"]
    records = {
        r.inputs["setIdentifier"]: r.inputs
        for r in graph
        if r.type == "aws:route53/record:Record" and "setIdentifier" in r.inputs
    }
    # stacks/Pulumi.crates-io.yaml: fastly 0.5, aws 0.5 -> 50 and 50 (whole percents)
    assert {k: v["weightedRoutingPolicies"] for k, v in records.items()} == {
        "fastly": [{"weight": 50}],
        "aws": [{"weight": 50}],
    }
    assert {v["name"] for v in records.values()} == {"static.example-crates.org"}
    assert records["fastly"]["records"] == ["dualstack.t.sni.global.fastly.net"]
    assert records["aws"]["records"][0].endswith(".cloudfront.net")
    caa = inputs(graph, "aws:route53/record:Record", "dns-caa")
    assert caa["records"] == ['0 issue "amazon.com"', '0 issue "letsencrypt.org"']
    assert top_components(graph) >= {"indexplan:cdn:Fastly", "indexplan:cdn:CloudFront"}


def test_cloud_dns_splits_the_files_hostname_by_weighted_round_robin(whole):
    record = inputs(whole["crates-clouddns"], "gcp:dns/recordSet:RecordSet", "dns-files")
    wrr = {w["rrdatas"][0]: w["weight"] for w in record["routingPolicy"]["wrrs"]}
    assert wrr.pop("dualstack.t.sni.global.fastly.net.") == 0.5
    [(cloudfront, weight)] = wrr.items()
    assert (cloudfront.endswith(".cloudfront.net."), weight) == (True, 0.5)


# ---- the old seven roles ------------------------------------------------------------------


@pytest.mark.parametrize("stack", SHIPPED)
def test_stacks_for_the_old_roles_build_unchanged(stack):
    """A stack file from before issue 12 builds the same components and passes every rule."""
    graph = build_graph(load_stack_file(shipped(stack)))
    old = {"cdn", "storage", "database", "queue", "cache", "dns", "analytics", "network"}
    assert {c.split(":")[1] for c in top_components(graph)} <= old
    assert check(graph, {}) == []
    assert not any(r.type.startswith(("cloudflare:", "datadog:", "ec:")) for r in graph)


def test_every_s3_bucket_has_one_policy_and_it_refuses_plain_http(graphs, whole):
    # A bucket has one policy. Where CloudFront reads the files bucket (all-aws, static-index,
    # crates-io's CloudFront half) the deny rides in CloudFront's policy; every other S3 bucket
    # gets its own: all-aws's archive, pypi-2016's files (Fastly reads with a key), pypi-2024's
    # archive behind B2 (B2 buckets, created through pulumi-aws too, have no policies).
    # pypi-2021, all-gcp and private-small store on GCS.
    expected = {
        "all-aws": {"storage-files": "cdn-origin-bucket-policy",
                    "storage-archive": "storage-archive-https-only"},
        "pypi-2016": {"storage-files": "storage-files-https-only"},
        "pypi-2024": {"storage-archive": "storage-archive-https-only"},
        "crates-io": {"storage-files": "cdn-aws-origin-bucket-policy"},
        "static-index": {"storage-files": "cdn-origin-bucket-policy"},
    }  # fmt: skip
    shipped_graphs = {**graphs, **{name: whole[name] for name in SHIPPED_WHOLE}}
    for stack, graph in shipped_graphs.items():
        buckets = [
            r
            for r in graph
            if r.type == "aws:s3/bucket:Bucket" and r.parent_type == "indexplan:storage:S3"
        ]
        found = {}
        for bucket in buckets:
            (policy,) = [
                p
                for p in graph
                if p.type == "aws:s3/bucketPolicy:BucketPolicy"
                and p.inputs["bucket"].startswith(f"{bucket.name}-")
            ]
            found[bucket.name] = policy.name
            deny = json.loads(policy.inputs["policy"])["Statement"][-1]
            arn = deny["Resource"][0]
            assert deny == {
                "Sid": "DenyPlainHttp",
                "Effect": "Deny",
                "Principal": "*",
                "Action": "s3:*",
                "Resource": [arn, f"{arn}/*"],
                "Condition": {"Bool": {"aws:SecureTransport": "false"}},
            }
            assert arn.startswith(f"arn:aws:s3:::{bucket.name}-")
        assert found == expected.get(stack, {}), stack
