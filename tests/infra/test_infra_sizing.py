"""Database and cache sizing: every current-generation class an index would choose is accepted,
and values the program cannot provision are refused with one line naming the key."""

from __future__ import annotations

import pytest
from stack_fixtures import config_of

from infra.config import StackConfigError, parse_stack_config

LARGE = ("large", "xlarge", "2xlarge", "4xlarge")
RDS_CLASSES = [f"db.{f}.{s}" for f in ("t4g", "m6g", "m7g", "r6g", "r7g") for s in LARGE[:3]] + [
    f"db.{f}.4xlarge" for f in ("m6g", "m7g", "r6g", "r7g")
]
CACHE_TYPES = [f"cache.t4g.{s}" for s in ("micro", "small", "medium")] + [
    f"cache.{f}.{s}" for f in ("m6g", "m7g", "r6g", "r7g") for s in LARGE
]


def parsed(stack: str, key: str, value: object):
    config = config_of(stack)
    config[key] = value
    return parse_stack_config(config, "Pulumi.test.yaml")


@pytest.mark.parametrize("instance", RDS_CLASSES)
@pytest.mark.parametrize("multi_az", [False, True])
def test_every_listed_rds_class_single_and_multi_az(instance, multi_az):
    block = {"instance": instance, "multi_az": multi_az, "storage_gb": 100}
    assert parsed("all-aws", "indexplan:database", block).database.instance == instance


@pytest.mark.parametrize("node_type", CACHE_TYPES)
@pytest.mark.parametrize("engine", ["redis", "valkey"])
def test_every_listed_elasticache_node_type_and_engine(node_type, engine):
    block = {"node_type": node_type, "nodes": 2, "engine": engine}
    assert parsed("all-aws", "indexplan:cache", block).cache.node_type == node_type


@pytest.mark.parametrize(
    "tier",
    # shared-core; 1 vCPU with 3.75 to 6.5 GiB; even vCPUs with 0.9 to 6.5 GiB each
    ["db-f1-micro", "db-g1-small", "db-custom-1-3840", "db-custom-1-6656", "db-custom-2-7680",
     "db-custom-4-16384", "db-custom-16-61440", "db-custom-96-638976"],
)  # fmt: skip
@pytest.mark.parametrize("availability", ["ZONAL", "REGIONAL"])
def test_cloud_sql_shared_core_and_custom_tiers_zonal_and_regional(tier, availability):
    block = {"tier": tier, "availability": availability, "storage_gb": 10}
    assert parsed("all-gcp", "indexplan:database", block).database.tier == tier


@pytest.mark.parametrize("tier", ["BASIC", "STANDARD_HA"])
@pytest.mark.parametrize("memory_gb", [1, 4, 5, 10, 11, 35, 36, 100, 101, 300])
def test_memorystore_every_tier_and_capacity(tier, memory_gb):
    block = {"tier": tier, "memory_gb": memory_gb}
    assert parsed("all-gcp", "indexplan:cache", block).cache.memory_gb == memory_gb


@pytest.mark.parametrize(
    ("stack", "key", "block", "message"),
    [
        (
            "all-aws",
            "indexplan:database",
            {"instance": "db.t4g.4xlarge", "storage_gb": 100},
            "indexplan:database.instance: t4g comes in micro, small, medium, large, xlarge, "
            "2xlarge only, got 'db.t4g.4xlarge'",
        ),
        (
            "all-aws",
            "indexplan:database",
            {"instance": "db.banana", "storage_gb": 100},
            "indexplan:database.instance: expected an RDS instance class such as db.t4g.small",
        ),
        (
            "all-aws",
            "indexplan:database",
            {"instance": "db.r6g.large", "storage_gb": 100, "engine_version": "latest"},
            "indexplan:database.engine_version: expected a PostgreSQL version such as 16 or 16.4",
        ),
        (
            "all-aws",
            "indexplan:cache",
            {"node_type": "cache.t4g.large", "nodes": 1},
            "indexplan:cache.node_type: t4g comes in micro, small, medium only",
        ),
        (
            "all-aws",
            "indexplan:cache",
            {"node_type": "cache.r6g.large", "nodes": 1, "engine": "memcached"},
            "indexplan:cache.engine: Input should be 'redis' or 'valkey'",
        ),
        (
            "all-gcp",
            "indexplan:database",
            {"tier": "db-custom-3-16384", "storage_gb": 10},
            "indexplan:database.tier: vCPUs must be 1 or an even number from 2 to 96",
        ),
        (
            "all-gcp",
            "indexplan:database",
            {"tier": "db-custom-2-3000", "storage_gb": 10},
            "indexplan:database.tier: memory must be a multiple of 256 MiB",
        ),
        (
            "all-gcp",
            "indexplan:database",
            {"tier": "db-n1-standard-1", "storage_gb": 10},
            "indexplan:database.tier: expected db-f1-micro or db-g1-small or "
            "db-custom-<vCPUs>-<MiB>",
        ),
        (
            "all-gcp",
            "indexplan:database",
            {"tier": "db-custom-2-7680", "storage_gb": 10, "version": "SQLSERVER_2019_ENTERPRISE"},
            "indexplan:database.version: expected a Cloud SQL version such as POSTGRES_16, got "
            "'SQLSERVER_2019_ENTERPRISE'",
        ),
        (
            "all-gcp",
            "indexplan:cache",
            {"tier": "PREMIUM", "memory_gb": 5},
            "indexplan:cache.tier: Input should be 'BASIC' or 'STANDARD_HA'",
        ),
        (
            "all-gcp",
            "indexplan:cache",
            {"tier": "BASIC", "memory_gb": 301},
            "indexplan:cache.memory_gb: Input should be less than or equal to 300",
        ),
    ],
)
def test_values_the_program_cannot_provision_are_refused(stack, key, block, message):
    with pytest.raises(StackConfigError) as exc:
        parsed(stack, key, block)
    assert str(exc.value).startswith(f"Pulumi.test.yaml: {message}")
