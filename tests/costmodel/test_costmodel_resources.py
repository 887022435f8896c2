"""A golden test per priced resource type: inputs and usage in, line items out.

Quantities are chosen in each provider's own unit so the arithmetic can be done by hand:
AWS bills "GB" of 2^30 bytes (1 TiB = 1,024 GB), Google GiB, Fastly SI GB (10^9 bytes).
"""

from __future__ import annotations

import pytest
from costmodel_helpers import (
    CLOUD_CDN,
    CLOUDFRONT,
    FASTLY,
    GCS_FILES,
    S3_FILES,
    lines,
    price,
    quantities,
    reasons,
    res,
)

from costmodel.model.prices import PriceKey, default_catalog


def test_cloudfront_distribution_since_the_free_tier():
    traffic = {
        "egress": "12 TiB/month",  # 12,288 GB
        "requests": "2e7/month",
        "regions": {"north_america": 0.5, "europe": 0.25, "japan": 0.25},
    }
    est = price([CLOUDFRONT], {"traffic": traffic}, as_of="2026-06-01")
    assert lines(est, "cdn") == [
        # The account-wide 1,024 free GB are shared pro rata to each zone's data out (AWS
        # applies the allowance as usage accrues): US 0.5 = 512, Europe and Japan 256 each.
        # US/Mexico/Canada 6,144 GB: 512 free, then 5,632 x 0.085 = 478.72
        ("data out, first 512 GB (free)", "us_mexico_canada", 0, 0.0),
        ("data out, 512-10,240 GB", "us_mexico_canada", 0.085, 478.72),
        # Europe/Israel 3,072 GB on its own ladder: 256 free, 2,816 x 0.085 = 239.36
        ("data out, first 256 GB (free)", "europe_israel", 0, 0.0),
        ("data out, 256-10,240 GB", "europe_israel", 0.085, 239.36),
        # Japan 3,072 GB: 256 free, 2,816 x 0.114 = 321.024
        ("data out, first 256 GB (free)", "japan", 0, 0.0),
        ("data out, 256-10,240 GB", "japan", 0.114, 321.02),
        # 2e7 requests = 2,000 x 10,000, the free 1,000 shared the same way: US 1,000 (500
        # free, 500 x 0.01 = 5.00), Europe and Japan 500 each (250 free, 250 x 0.012 = 3.00)
        ("HTTPS requests, first 5 million requests (free)", "us_mexico_canada", 0, 0.0),
        ("HTTPS requests, over 5 million requests", "us_mexico_canada", 0.01, 5.0),
        ("HTTPS requests, first 2.5 million requests (free)", "europe_israel", 0, 0.0),
        ("HTTPS requests, over 2.5 million requests", "europe_israel", 0.012, 3.0),
        ("HTTPS requests, first 2.5 million requests (free)", "japan", 0, 0.0),
        ("HTTPS requests, over 2.5 million requests", "japan", 0.012, 3.0),
    ]
    assert quantities(est, "cdn") == [512, 5632, 256, 2816, 256, 2816, 500, 500] + [250] * 4
    assert reasons(est) == []
    # 478.72 + 239.36 + 321.02 + 5.00 + 3.00 + 3.00
    assert est.list_cents == 105010


def test_cloudfront_distribution_before_the_free_tier():
    traffic = {"egress": "9 TiB/month", "requests": "1.5e7/month"}
    est = price([CLOUDFRONT], {"traffic": traffic}, as_of="2021-11-30")
    # 9,216 GB x 0.085 = 783.36; 1,500 x 0.01 = 15.00
    assert lines(est) == [
        ("data out, first 10,240 GB", "us_mexico_canada", 0.085, 783.36),
        ("HTTPS requests", "us_mexico_canada", 0.01, 15.0),
    ]


S3_SCENARIO = {
    "traffic": {"egress": "10 TiB/month", "requests": "1e8/month", "cache_hit_ratio": 0.9},
    "storage": {"stored": "2 TiB", "uploads": "1e5/month"},
}


def test_s3_bucket_behind_fastly():
    est = price([FASTLY, S3_FILES], S3_SCENARIO)
    assert lines(est, "files") == [
        # 2,048 GB x 0.023 = 47.104
        ("storage (Standard), first 51,200 GB-month", "us-east-1", 0.023, 47.10),
        # 1e5 uploads = 100 x 1,000 PUTs x 0.005
        ("PUT requests (uploads)", "us-east-1", 0.005, 0.50),
        # misses 1e8 x 0.1 = 1e7 GETs = 10,000 x 1,000 x 0.0004
        ("GET requests (cache misses)", "us-east-1", 0.0004, 4.00),
        # misses 10,240 GB x 0.1 = 1,024 GB out: 100 free, 924 x 0.09 = 83.16
        ("transfer out to the CDN, first 100 GB (free)", "us-east-1", 0, 0.0),
        ("transfer out to the CDN, 100-10,240 GB", "us-east-1", 0.09, 83.16),
    ]
    assert quantities(est, "files") == [2048, 100, 10000, 100, 924]


def test_s3_archive_bucket_stores_a_copy_in_glacier_instant_retrieval():
    archive = res("aws:s3/bucket:Bucket", "archive", "storage")
    rule = {"transitions": [{"days": 1, "storageClass": "GLACIER_IR"}]}
    lifecycle = res(
        "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
        "archive-lifecycle",
        "storage",
        rules=[rule],
    )
    est = price([FASTLY, archive, lifecycle], S3_SCENARIO)
    assert lines(est, "archive") == [
        # 2,048 GB x 0.004 = 8.192; a copy of each upload: 100 x 0.005
        ("storage (Glacier Instant Retrieval)", "us-east-1", 0.004, 8.19),
        ("PUT requests (uploads)", "us-east-1", 0.005, 0.50),
    ]
    # before the storage class existed it is unpriced, not an error
    early = price([FASTLY, archive, lifecycle], S3_SCENARIO, as_of="2021-06-01")
    assert reasons(early)[0][2].startswith("not available on 2021-06-01")


def test_rds_instance_multi_az():
    db = res(
        "aws:rds/instance:Instance",
        "db",
        "database",
        engine="postgres",
        instanceClass="db.t4g.medium",
        multiAz=True,
        allocatedStorage=100,
        storageType="gp3",
    )
    est = price([db], {"traffic": {"egress": 1}})
    assert lines(est) == [
        # AWS's RDS feed of 2024-09-28: db.t4g.medium Multi-AZ 0.129 (not 0.130):
        # 730 h x 0.129 = 94.17; 100 GB x 0.230 (Multi-AZ gp3) = 23.00
        ("instance", "us-east-1", 0.129, 94.17),
        ("storage (gp3)", "us-east-1", 0.230, 23.00),
    ]


def test_rds_instance_class_missing_from_the_catalog_is_unpriced():
    db = res(
        "aws:rds/instance:Instance",
        "db",
        "database",
        engine="postgres",
        instanceClass="db.x9.huge",
        allocatedStorage=20,
    )
    est = price([db], {"traffic": {"egress": 1}})
    # storage is still priced: 20 GB x 0.115 = 2.30
    assert lines(est) == [("storage (gp3)", "us-east-1", 0.115, 2.30)]
    assert reasons(est) == [
        (
            "db",
            "instance",
            "no aws rds_postgresql instance price for db.x9.huge/single-az in us-east-1 "
            "in the catalog",
        )
    ]


def test_elasticache_replication_group():
    cache = res(
        "aws:elasticache/replicationGroup:ReplicationGroup",
        "cache",
        "cache",
        nodeType="cache.r6g.large",
        numCacheClusters=2,
    )
    est = price([cache], {"traffic": {"egress": 1}})
    # 2 nodes x 730 h = 1,460 node-hours x 0.206 = 300.76
    assert lines(est) == [("nodes", "us-east-1", 0.206, 300.76)]


def test_sqs_queue_and_its_dead_letter_queue():
    dead = res("aws:sqs/queue:Queue", "dead-letter", "queue")
    policy = '{"deadLetterTargetArn": "arn:aws:sqs:us-east-1:123456789012:dead-letter"}'
    tasks = res("aws:sqs/queue:Queue", "tasks", "queue", redrivePolicy=policy)
    est = price([dead, tasks], {"traffic": {"egress": 1}, "queue": {"messages": "1e8/month"}})
    # 1e8 messages x 3 requests = 300 million: first 1 free, 299 x 0.40 = 119.60
    assert lines(est) == [
        ("requests (send, receive, delete), first 1 million requests (free)", "us-east-1", 0, 0),
        (
            "requests (send, receive, delete), 1 million to 100 billion requests",
            "us-east-1",
            0.4,
            119.6,
        ),
    ]
    assert all(item.resource == "tasks" for item in est.line_items)
    assert "dead-letter queues and topics carry no scenario messages" in est.notes


def test_sns_topic():
    topic = res("aws:sns/topic:Topic", "mail-events", "queue")
    est = price([topic], {"traffic": {"egress": 1}, "queue": {"messages": "1e8/month"}})
    # 100 million publishes: the first million free, 99 x 0.50 = 49.50
    assert lines(est) == [
        ("publishes, first 1 million requests (free)", "us-east-1", 0, 0.0),
        ("publishes, over 1 million requests", "us-east-1", 0.5, 49.5),
    ]


def test_route53_zones_share_the_queries():
    zones = [res("aws:route53/zone:Zone", name, "dns") for name in ("a", "b")]
    est = price(zones, {"traffic": {"egress": 1}, "dns": {"queries": "3e9/month"}})
    # each zone: 0.50, and 1,500 million queries = 1,000 x 0.40 + 500 x 0.20
    assert lines(est, "a") == [
        ("hosted zone, first 25 zone-month", "global", 0.5, 0.5),
        ("standard queries, first 1 billion queries", "global", 0.4, 400.0),
        ("standard queries, over 1 billion queries", "global", 0.2, 100.0),
    ]
    assert est.list_cents == 2 * 50050


GCS_SCENARIO = {
    "traffic": {"egress": "10 TiB/month", "requests": "1e8/month", "cache_hit_ratio": 0.9},
    "storage": {"stored": "1 TiB", "uploads": "1e5/month"},
}


@pytest.mark.parametrize(
    ("as_of", "rate", "monthly"),
    [
        # misses 10 TiB x 0.1 = 1,024 GiB over CDN Interconnect (North America)
        ("2026-04-30", 0.04, 40.96),  # x 0.04
        ("2026-05-01", 0.08, 81.92),  # x 0.08 from 2026-05-01
    ],
)
def test_gcs_bucket_behind_fastly(as_of, rate, monthly):
    est = price([FASTLY, GCS_FILES], GCS_SCENARIO, as_of=as_of)
    assert lines(est, "files") == [
        # 1,024 GiB x 0.026 (US multi-region) = 26.624
        ("storage (Standard)", "US", 0.026, 26.62),
        # 1e5 uploads = 100 x 1,000 Class A x 0.010 (multi-region rate, not 0.005)
        ("Class A operations (uploads)", "multi_region", 0.01, 1.0),
        # 1e7 misses = 10,000 x 1,000 Class B x 0.0004
        ("Class B operations (cache misses)", "multi_region", 0.0004, 4.0),
        ("CDN Interconnect to Fastly", "north_america", rate, monthly),
    ]


def test_gcs_archive_storage_is_priced_and_its_lifecycle_change_says_why_not():
    archive = res(
        "gcp:storage/bucket:Bucket",
        "archive",
        "storage",
        location="US",
        lifecycleRules=[{"action": {"type": "SetStorageClass", "storageClass": "ARCHIVE"}}],
    )
    est = price([FASTLY, archive], GCS_SCENARIO)
    assert lines(est, "archive") == [
        # 1,024 GiB x 0.0024 (Archive, US multi-region; Billing Catalog 2026-07-30) = 2.4576
        ("storage (Archive)", "US", 0.0024, 2.46),
        ("Class A operations (uploads)", "multi_region", 0.01, 1.0),
    ]
    assert reasons(est) == [
        (
            "archive",
            "Class A operations (lifecycle change to Archive)",
            "no gcp cloud_storage archive_class_a_operations price for multi_region: no dated "
            "source gives the Archive class's Class A operation rate (a lifecycle change to "
            "Archive); see `indexplan prices show cloud_storage`",
        )
    ]
    # the whole reason, with where we looked, stays in the catalog
    key = PriceKey("gcp", "cloud_storage", "archive_class_a_operations", "multi_region")
    reason = default_catalog().unpriced_reason(key) or ""
    assert reason.startswith(
        "a lifecycle change to Archive is a Class A operation at the Archive class's rate, "
        "which no dated source in the catalog gives (searched 2026-11-30: the stored copies "
        "of cloud.google.com/storage/pricing and /storage/pricing-examples show the "
        "operations table only as Standard-class examples; repositories quoting 'Archive "
        "Class A Operations' give no dated multi-region rate; Cyclenerd's build/mapping.csv "
        "at dac3128 maps Archive data retrieval but no Class A or B operation SKU; "
    )
    assert "searched again 2026-11-30 (s11): Infracost's storage_bucket.go" in reason


def test_cloud_cdn_backend_bucket():
    traffic = {"egress": "200 TiB/month", "requests": "1e9/month"}
    est = price([CLOUD_CDN], {"traffic": traffic})
    assert lines(est, "cdn") == [
        # 204,800 GiB: 10,240 x 0.08 + 143,360 x 0.055 + 51,200 x 0.03
        ("cache egress, first 10,240 GiB", "north_america", 0.08, 819.20),
        ("cache egress, 10,240-153,600 GiB", "north_america", 0.055, 7884.80),
        ("cache egress, 153,600-512,000 GiB", "north_america", 0.03, 1536.00),
        # 1e9 lookups = 100,000 x 10,000 x 0.0075
        ("cache lookups", "global", 0.0075, 750.0),
        # no exclusion in this graph: the load balancer's request logs land in _Default (s10
        # audit F3). 1e9 x 1,500 B = 1,396.98 GiB, 50 free, 1,346.98 x 0.50 = 673.49
        ("request logs into the _Default log bucket, first 50 GiB (free)", "global", 0, 0.0),
        ("request logs into the _Default log bucket, over 50 GiB", "global", 0.5, 673.49),
    ]


def test_cloud_cdn_beyond_the_last_published_tier_is_unpriced():
    # Oceania: 600 TiB = 614,400 GiB, tiers published to 512,000 GiB only
    traffic = {"egress": "600 TiB/month", "requests": 1, "regions": {"oceania": 1}}
    est = price([CLOUD_CDN], {"traffic": traffic})
    # 10,240 x 0.11 + 143,360 x 0.09 + 358,400 x 0.08 = 1,126.40 + 12,902.40 + 28,672.00
    assert [m for *_, m in lines(est, "cdn")][:3] == [1126.40, 12902.40, 28672.00]
    assert reasons(est) == [
        (
            "cdn",
            "cache egress",
            "102,400 GiB in oceania beyond the last published tier (512,000 GiB; contact sales)",
        )
    ]


@pytest.mark.parametrize(
    ("availability", "expected"),
    [
        # 4 vCPU x 730 h = 2,920 x 0.0826 = 241.192; 16 GiB x 730 = 11,680 x 0.014 = 163.52;
        # 500 GiB x 0.34 = 170.00 (high availability doubles each)
        (
            "REGIONAL",
            [("vCPUs", 0.0826, 241.19), ("memory", 0.014, 163.52), ("SSD storage", 0.34, 170.0)],
        ),
        # 2,920 x 0.0413 = 120.596; 11,680 x 0.007 = 81.76; 500 x 0.17 = 85.00
        (
            "ZONAL",
            [("vCPUs", 0.0413, 120.60), ("memory", 0.007, 81.76), ("SSD storage", 0.17, 85.0)],
        ),
    ],
)
def test_cloud_sql_custom_tier(availability, expected):
    settings = {"tier": "db-custom-4-16384", "availabilityType": availability, "diskSize": 500}
    db = res(
        "gcp:sql/databaseInstance:DatabaseInstance",
        "db",
        "database",
        databaseVersion="POSTGRES_16",
        settings=settings,
    )
    # with its period: a bare rate would add the scenario's own note (F6) to the notes
    est = price([db], {"traffic": {"egress": "1 GB/month"}})
    assert [(c, p, m) for c, _, p, m in lines(est)] == expected
    assert {zone for _, zone, _, _ in lines(est)} == {"us-central1"}
    assert est.notes == ()


def test_cloud_sql_shared_core_tier():
    settings = {"tier": "db-f1-micro", "diskSize": 10}
    db = res(
        "gcp:sql/databaseInstance:DatabaseInstance",
        "db",
        "database",
        databaseVersion="POSTGRES_16",
        settings=settings,
    )
    est = price([db], {"traffic": {"egress": 1}})
    # db-f1-micro zonal: 730 h x 0.0105 = 7.665 (half a cent rounds up); 10 GiB x 0.17 = 1.70
    assert lines(est) == [
        ("instance (shared core)", "us-central1", 0.0105, 7.67),
        ("SSD storage", "us-central1", 0.17, 1.7),
    ]


@pytest.mark.parametrize(
    ("tier", "size", "expected"),
    [
        # capacity tier M2 (5-10 GB), Standard: 5 GiB x 730 h x 0.054 = 197.10 (Infracost's
        # golden prints $197.10); the old flat 0.064 was the M1 rate
        ("STANDARD_HA", 5, ("capacity", "us-central1", 0.054, 197.10)),
        # M1 (1-4 GB), Basic: 730 x 0.049 = 35.77
        ("BASIC", 1, ("capacity", "us-central1", 0.049, 35.77)),
        # M5 (over 100 GB), Basic: 150 GiB x 730 h x 0.016 = 1,752.00
        ("BASIC", 150, ("capacity", "us-central1", 0.016, 1752.0)),
    ],
)
def test_memorystore_redis(tier, size, expected):
    redis = res("gcp:redis/instance:Instance", "cache", "cache", tier=tier, memorySizeGb=size)
    est = price([redis], {"traffic": {"egress": 1}})
    assert lines(est) == [expected]


def test_pubsub_topic_throughput():
    topic = res("gcp:pubsub/topic:Topic", "tasks", "queue")
    queue = {"messages": "1e7/month", "message_size": "5 kB"}
    est = price([topic], {"traffic": {"egress": 1}, "queue": queue})
    # published and delivered: 2 x 1e7 x 5,000 B = 1e11 B = 0.09094947 TiB;
    # first 10 GiB (0.009765625 TiB) free, 0.08118385 TiB x 40 = 3.2473538
    assert lines(est) == [
        ("throughput, first 10 GiB (free)", "global", 0, 0.0),
        ("throughput, over 10 GiB", "global", 40, 3.25),
    ]


def test_cloud_dns_managed_zone():
    zone = res("gcp:dns/managedZone:ManagedZone", "zone", "dns")
    est = price([zone], {"traffic": {"egress": 1}, "dns": {"queries": "1e8/month"}})
    # 0.20 for the zone; 100 million queries x 0.40
    assert lines(est) == [
        ("managed zone, first 25 zone-month", "global", 0.2, 0.2),
        ("queries, first 1 billion queries", "global", 0.4, 40.0),
    ]


def test_bigquery_dataset_storage():
    dataset = res("gcp:bigquery/dataset:Dataset", "stats", "analytics", location="US")
    est = price([dataset], {"traffic": {"egress": 1}, "statistics": {"stored": "2 TiB"}})
    # 2,048 GiB in the US multi-region: the first 10 GiB free, 2,038 x 0.02 = 40.76
    assert lines(est) == [
        ("storage (active), first 10 GiB-month (free)", "US", 0, 0.0),
        ("storage (active), over 10 GiB-month", "US", 0.02, 40.76),
    ]


def test_fastly_service_current_list():
    traffic = {
        "egress": "20 TB/month",  # SI: 20,000 GB
        "requests": "2e8/month",
        "regions": {"north_america": 0.8, "asia_pacific": 0.2},
    }
    est = price([FASTLY], {"traffic": traffic}, as_of="2026-10-01")
    assert lines(est) == [
        # North America/Europe 16,000 GB: 100 free, 9,900 x 0.12, 6,000 x 0.12
        ("bandwidth, first 100 GB (free)", "north_america_europe", 0, 0.0),
        ("bandwidth, 100-10,000 GB", "north_america_europe", 0.12, 1188.0),
        ("bandwidth, over 10,000 GB", "north_america_europe", 0.12, 720.0),
        # Asia 4,000 GB x 0.19 (historical 2020 list)
        ("bandwidth, first 10,000 GB", "asia_oceania", 0.19, 760.0),
        # requests by region too: North America/Europe 1.6e8 = 16,000 x 10,000: 100 free,
        # 9,900 x 0.01 = 99.00, 6,000 x 0.0095 = 57.00
        ("requests, first 1 million requests (free)", "north_america_europe", 0, 0.0),
        ("requests, 1 million to 100 million requests", "north_america_europe", 0.01, 99.0),
        ("requests, over 100 million requests", "north_america_europe", 0.0095, 57.0),
        # Asia/Oceania 4e7 = 4,000 x 10,000 x 0.009 (2024 transcription) = 36.00
        ("requests", "asia_oceania", 0.009, 36.0),
    ]


def test_fastly_service_older_list():
    traffic = {"egress": "20 TB/month", "requests": "2e8/month"}
    est = price([FASTLY], {"traffic": traffic}, as_of="2026-06-01")
    # before the 2026-09 transcription: 20,000 GB x 0.12; 20,000 x 0.0075
    assert lines(est) == [
        ("bandwidth", "north_america_europe", 0.12, 2400.0),
        ("requests", "north_america_europe", 0.0075, 150.0),
    ]


def test_fastly_has_no_middle_east_zone():
    traffic = {"egress": "1 TB/month", "regions": {"north_america": 0.9, "middle_east": 0.1}}
    est = price([FASTLY], {"traffic": traffic})
    assert (
        "cdn",
        "bandwidth",
        "no fastly cdn bandwidth price for middle_east: Fastly bills this region on its own and "
        'publishes no list rate for it (fastly.com/pricing says "contact sales")',
    ) in reasons(est)
