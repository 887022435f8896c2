"""The typed stack configuration: what one `stacks/Pulumi.<stack>.yaml` may say.

Deliberately free of pulumi, costmodel and indexplan imports, so the CLI can validate a stack
file before anything is declared; and free of pydantic on a valid file: the sizing blocks are
plain objects checked by plain code, and only a block that check does not pass goes to its
pydantic model (config_models.py), for the message. Values arrive as a flat mapping of Pulumi
config keys (`indexplan:roles`, `aws:region`, ...); from a real `pulumi up` objects arrive
JSON-encoded.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Mapping
from typing import Any, ClassVar, Literal

from infra.aws_regions import AWS_REGIONS
from infra.gcp_locations import (
    GCP_REGIONS,
    analytics_location,
    analytics_location_problem,
    bigquery_location_problem,
    gcs_location_problem,
    gcs_spelling,
    quoted,
)

Provider = Literal["aws", "gcp", "fastly", "b2", "cloudflare", "datadog", "elastic"]
PROVIDERS: tuple[str, ...] = ("aws", "gcp", "fastly", "b2", "cloudflare", "datadog", "elastic")

# Which provider can play which role: the cells of the program's role/provider table.
ROLE_PROVIDERS: dict[str, tuple[str, ...]] = {
    "cdn": ("aws", "gcp", "fastly", "cloudflare"),
    "storage": ("aws", "gcp", "b2", "cloudflare"),
    "database": ("aws", "gcp"),
    "queue": ("aws", "gcp"),
    "cache": ("aws", "gcp"),
    "dns": ("aws", "gcp"),
    "analytics": ("gcp",),
    "app": ("aws", "gcp"),
    "search": ("aws", "elastic"),
    "email": ("aws",),
    "monitoring": ("datadog",),
}
# A static index is only a CDN and a bucket; everything else is optional, DNS included.
OPTIONAL_ROLES = frozenset(ROLE_PROVIDERS) - {"cdn", "storage"}

# Provider config keys (outside the `indexplan:` namespace) a stack must set when it uses them.
PROVIDER_KEYS: dict[str, tuple[str, ...]] = {
    "aws": ("aws:region",),
    "gcp": ("gcp:project", "gcp:region"),
    "fastly": (),
    "b2": (),  # the B2 region is part of the storage block (indexplan:storage.region)
    "cloudflare": ("indexplan:cloudflare_account_id",),
    "datadog": (),
    # Elastic Cloud runs in a Google Cloud region, reached over Private Service Connect.
    "elastic": ("gcp:project", "gcp:region"),
}
# What those keys look like, so a typo is caught here rather than by the cloud's API.
PROVIDER_KEY_FORMS: dict[str, tuple[str, str]] = {
    # the form here; the region itself must also be known (PROVIDER_KEY_VALUES)
    "aws:region": (
        r"[a-z]{2,4}(-[a-z]{2})?(-gov|-iso[a-z]*)?-[a-z]+-\d+",
        "an AWS region such as us-east-1",
    ),
    # the form here; the region itself must also be known (PROVIDER_KEY_VALUES)
    "gcp:region": (r"[a-z]+-[a-z]+\d+", "a Google Cloud region such as us-central1"),
    "gcp:project": (r"[a-z][a-z0-9-]{4,28}[a-z0-9]", "a Google Cloud project ID"),
    "indexplan:cloudflare_account_id": (r"[0-9a-f]{32}", "a Cloudflare account ID (32 hex digits)"),
    # B2 application key IDs are short alphanumeric strings (25 characters for the standard keys
    # its S3-compatible API takes, backblaze.com/docs/cloud-storage-s3-compatible-app-keys);
    # the program pastes this one into the Fastly VCL, so nothing else may pass.
    "b2:readerKeyId": (
        r"[0-9A-Za-z]{12,40}",
        "a B2 application key ID (12 to 40 letters and digits)",
    ),
    # An R2 access key ID is its API token's ID, 32 hex digits
    # (developers.cloudflare.com/r2/api/tokens/); pasted into the Fastly VCL like B2's.
    "r2:readerKeyId": (r"[0-9a-f]{32}", "an R2 access key ID (32 hex digits)"),
}
# Keys whose value must also be one of a known set, and who knows it (the form alone passes
# a typo such as us-west-22, which the cloud's API would refuse).
PROVIDER_KEY_VALUES: dict[str, tuple[frozenset[str], str]] = {
    "aws:region": (AWS_REGIONS, "a region pulumi-aws knows"),
    "gcp:region": (GCP_REGIONS, "a region Google lists: infra/gcp_locations.py"),
}
# Keys of PROVIDER_KEY_FORMS that are optional: checked whenever a stack sets them in clear.
OPTIONAL_PROVIDER_KEYS = ("b2:readerKeyId", "r2:readerKeyId")


class StackConfigError(Exception):
    """A stack file that cannot be provisioned: `<file>: <key path>: <what was expected>`."""

    def __init__(self, where: str, field: str, expected: str) -> None:
        self.where = where
        self.field = field
        self.expected = expected
        super().__init__(str(self))

    def __str__(self) -> str:
        parts = [p for p in (self.where, self.field, self.expected) if p]
        return ": ".join(parts).replace("\n", " ")


# ---- the sizing blocks: plain objects, checked by plain code on the valid path ---------------
# Each block's keys are written once more here, as its pydantic model (config_models.py) takes
# them; tests/infra/test_config_plain.py holds the two equal. The plain check is conservative:
# a value it is not sure of (a number as text, 5.0 for an int, a non-ASCII name) goes to the
# model, which reads it or refuses it with the message a user sees.

_REQUIRED: Any = object()  # a key without a default
_UNSURE: Any = object()  # what the plain check returns for a value the model has to read


class _Key:
    """What one key of a block takes: its type, default and bounds (the model's Field)."""

    __slots__ = (
        "above",
        "check",
        "choices",
        "default",
        "high",
        "kind",
        "longest",
        "low",
        "pattern",
    )

    def __init__(
        self,
        kind: type,
        default: Any = _REQUIRED,
        *,
        low: float | None = None,
        high: float | None = None,
        above: float | None = None,
        pattern: str | None = None,
        longest: int | None = None,
        choices: tuple[str, ...] = (),
        check: Callable[[Any], Any] | None = None,
    ) -> None:
        self.kind = kind
        self.default = default  # None: the key also takes null
        self.low, self.high, self.above = low, high, above
        self.pattern, self.longest = pattern, longest
        self.choices = choices
        self.check = check  # the model's AfterValidator

    def read(self, value: Any) -> Any:
        """The value as the model would hold it, or _UNSURE."""
        if value is None:
            return None if self.default is None else _UNSURE
        kind = type(value)
        if self.kind is float and kind is int:
            value, kind = float(value), float
        if kind is not self.kind or (kind is float and not math.isfinite(value)):
            return _UNSURE
        if kind is str and (not value.isascii() or (self.choices and value not in self.choices)):
            return _UNSURE
        if self.pattern is not None and not re.fullmatch(self.pattern, value):
            return _UNSURE
        if self.longest is not None and len(value) > self.longest:
            return _UNSURE
        if (self.low is not None and value < self.low) or (
            self.high is not None and value > self.high
        ):
            return _UNSURE
        if self.above is not None and value <= self.above:
            return _UNSURE
        if self.check is not None:
            try:
                self.check(value)
            except ValueError:
                return _UNSURE
        return value


class _Block:
    """A checked block: one slot per key, frozen once made."""

    __slots__ = ()
    KEYS: ClassVar[dict[str, _Key]]
    MODEL: ClassVar[str] = ""  # its model's name in config_models.py, when not its own

    def __init__(self, **values: Any) -> None:
        unknown = set(values) - set(self.KEYS)
        if unknown:
            raise TypeError(f"{type(self).__name__}: unknown keys {sorted(unknown)}")
        for name, key in self.KEYS.items():
            value = values.get(name, key.default)
            if value is _REQUIRED:
                raise TypeError(f"{type(self).__name__}: {name} is required")
            object.__setattr__(self, name, value)

    def check(self) -> None:
        """The model's own validator across keys: ValueError with its message."""

    def values(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.KEYS}

    def replace(self, **changes: Any) -> Any:
        return type(self)(**{**self.values(), **changes})

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is frozen: {name}")

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, _Block)
            and type(other) is type(self)
            and self.values() == other.values()
        )

    def __hash__(self) -> int:
        return hash((type(self), *self.values().values()))

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={value!r}" for name, value in self.values().items())
        return f"{type(self).__name__}({shown})"

    @classmethod
    def read(cls, data: Mapping[Any, Any]) -> Any:
        """The block when every key is plainly valid, else None (the model decides)."""
        if not all(name in cls.KEYS for name in data):
            return None
        values = {}
        for name, key in cls.KEYS.items():
            value = key.read(data[name]) if name in data else key.default
            if value is _UNSURE or value is _REQUIRED:
                return None
            values[name] = value
        block = cls(**values)
        try:
            block.check()
        except ValueError:
            return None
        return block


class S3Storage(_Block):
    KEYS: ClassVar[dict[str, _Key]] = {
        "archive": _Key(bool, False),
        # S3 buckets live in the stack's aws:region; a location here must agree with it.
        "location": _Key(str, None),
    }
    __slots__ = tuple(KEYS)
    archive: bool
    location: str | None


class GcsStorage(_Block):
    KEYS: ClassVar[dict[str, _Key]] = {
        # a region, dual-region or multi-region Google lists (checked in parse_stack_config)
        "location": _Key(str, "US"),
        "archive": _Key(bool, False),
    }
    __slots__ = tuple(KEYS)
    location: str
    archive: bool


# Instance sizes AWS names classes with; burstable (t) families stop at 2xlarge for RDS and
# at medium for ElastiCache. A class of this form the catalog lacks is provisioned and
# reported unpriced (`indexplan check` warns); one of no such form is refused here.
SIZES = r"(micro|small|medium|large|xlarge|[1-9][0-9]?xlarge|metal)"
BURSTABLE_SIZES = {"db": ("micro", "small", "medium", "large", "xlarge", "2xlarge"),
                   "cache": ("micro", "small", "medium")}  # fmt: skip


def check_instance_class(value: str) -> str:
    prefix, family, size = value.split(".")
    if family.startswith("t") and size not in BURSTABLE_SIZES[prefix]:
        sizes = ", ".join(BURSTABLE_SIZES[prefix])
        raise ValueError(f"{family} comes in {sizes} only")
    return value


SHARED_CORE_TIERS = ("db-f1-micro", "db-g1-small")
CUSTOM_TIER = re.compile(r"db-custom-(?P<vcpus>\d+)-(?P<memory_mib>\d+)")


def check_cloud_sql_tier(value: str) -> str:
    """Shared-core, or a custom machine Cloud SQL accepts: 1 or an even number of vCPUs up to
    96, memory a multiple of 256 MiB, 0.9 to 6.5 GiB per vCPU and at least 3,840 MiB."""
    if value in SHARED_CORE_TIERS:
        return value
    match = CUSTOM_TIER.fullmatch(value)
    if not match:
        raise ValueError(f"expected {' or '.join(SHARED_CORE_TIERS)} or db-custom-<vCPUs>-<MiB>")
    vcpus, memory = int(match["vcpus"]), int(match["memory_mib"])
    if vcpus != 1 and (vcpus % 2 or not 2 <= vcpus <= 96):
        raise ValueError("vCPUs must be 1 or an even number from 2 to 96")
    if memory % 256 or memory < 3840 or not 0.9 * 1024 <= memory / vcpus <= 6.5 * 1024:
        raise ValueError(
            "memory must be a multiple of 256 MiB, at least 3,840 MiB and 0.9 to 6.5 GiB per vCPU"
        )
    return value


def _db_class(prefix: str) -> str:
    return rf"^{prefix}\.[a-z][a-z0-9]*\.{SIZES}$"


class RdsDatabase(_Block):
    KEYS: ClassVar[dict[str, _Key]] = {
        "instance": _Key(str, pattern=_db_class("db"), check=check_instance_class),
        "multi_az": _Key(bool, False),
        "storage_gb": _Key(int, low=20, high=65536),
        "engine_version": _Key(str, "16", pattern=r"^[0-9]+(\.[0-9]+)?$"),
    }
    __slots__ = tuple(KEYS)
    instance: str
    multi_az: bool
    storage_gb: int
    engine_version: str


class CloudSqlDatabase(_Block):
    KEYS: ClassVar[dict[str, _Key]] = {
        "tier": _Key(str, check=check_cloud_sql_tier),
        "availability": _Key(str, "ZONAL", choices=("ZONAL", "REGIONAL")),
        "storage_gb": _Key(int, low=10, high=65536),
        # the program provisions Cloud SQL for PostgreSQL; the major version is the user's choice
        "version": _Key(str, "POSTGRES_16", pattern=r"^POSTGRES_[0-9]+$"),
    }
    __slots__ = tuple(KEYS)
    tier: str
    availability: str
    storage_gb: int
    version: str


class ElastiCacheCache(_Block):
    KEYS: ClassVar[dict[str, _Key]] = {
        "node_type": _Key(str, pattern=_db_class("cache"), check=check_instance_class),
        "nodes": _Key(int, low=1, high=6),
        "engine": _Key(str, "redis", choices=("redis", "valkey")),
    }
    __slots__ = tuple(KEYS)
    node_type: str
    nodes: int
    engine: str


class MemorystoreCache(_Block):
    KEYS: ClassVar[dict[str, _Key]] = {
        "tier": _Key(str, choices=("BASIC", "STANDARD_HA")),
        "memory_gb": _Key(int, low=1, high=300),
    }
    __slots__ = tuple(KEYS)
    tier: str
    memory_gb: int


# ---- issue 12: the whole index (app, search, email, monitoring, B2, R2, several CDNs) ----------


def check_b2_lock(block: Any) -> None:
    if block.lock_days is not None and not block.file_lock:
        raise ValueError("lock_days needs file_lock: true")


class B2Storage(_Block):
    """Backblaze B2, through its S3-compatible API in the B2 region named here."""

    KEYS: ClassVar[dict[str, _Key]] = {
        "region": _Key(str, pattern=r"^[a-z]{2}-[a-z]+-\d{3}$"),  # e.g. us-west-004
        # Object Lock can only be switched on when the bucket is created
        "file_lock": _Key(bool, False),
        "lock_days": _Key(int, None, low=1, high=3650),  # default retention (governance)
    }
    __slots__ = tuple(KEYS)
    region: str
    file_lock: bool
    lock_days: int | None

    def check(self) -> None:
        check_b2_lock(self)


class R2Storage(_Block):
    """Cloudflare R2; `location` is a placement hint, `jurisdiction` a hard data boundary."""

    KEYS: ClassVar[dict[str, _Key]] = {
        "location": _Key(str, None, choices=("wnam", "enam", "weur", "eeur", "apac", "oc")),
        # `us` since 2026-08-17 (developers.cloudflare.com/changelog/post/2026-08-17-r2-us-
        # jurisdiction/; endpoint <ACCOUNT_ID>.us.r2.cloudflarestorage.com); pulumi-cloudflare
        # 6.23.1's R2Bucket takes it as a plain string ("default", "eu", "fedramp", "us")
        "jurisdiction": _Key(str, "default", choices=("default", "eu", "fedramp", "us")),
    }
    __slots__ = tuple(KEYS)
    location: str | None
    jurisdiction: str


IMAGE = r"^[a-z0-9][a-z0-9._/:@-]{0,254}$"
# Fargate's task sizes: vCPU -> (least, most) memory in GB (AWS ECS developer guide,
# "Task CPU and memory"). Memory goes in 1 GB steps, except 0.25 vCPU's 0.5 GB.
FARGATE_MEMORY_GB: dict[float, tuple[float, float]] = {
    0.25: (0.5, 2),
    0.5: (1, 4),
    1: (2, 8),
    2: (4, 16),
    4: (8, 30),
    8: (16, 60),
    16: (32, 120),
}
# Instances the autoscaler may run, and what one instance is (both apps).
_SCALED = {
    "image": _Key(str, pattern=IMAGE),
    "vcpu": _Key(float),
    "memory_gb": _Key(float),
}


def check_fargate_size(app: Any) -> None:
    if app.vcpu not in FARGATE_MEMORY_GB:
        sizes = ", ".join(f"{v:g}" for v in FARGATE_MEMORY_GB)
        raise ValueError(f"vcpu must be one of Fargate's sizes: {sizes}")
    low, high = FARGATE_MEMORY_GB[app.vcpu]
    if not low <= app.memory_gb <= high or (app.memory_gb >= 1 and app.memory_gb % 1):
        raise ValueError(
            f"memory_gb for {app.vcpu:g} vCPU must be whole GB from {low:g} to {high:g}"
        )
    if not app.min <= app.desired <= app.max:
        raise ValueError("autoscaling bounds must satisfy min <= desired <= max")


class FargateApp(_Block):
    KEYS: ClassVar[dict[str, _Key]] = {
        **_SCALED,
        "desired": _Key(int, low=1, high=1000),  # tasks at deploy time
        "min": _Key(int, low=1, high=1000),
        "max": _Key(int, low=1, high=1000),
        "port": _Key(int, 8000, low=1, high=65535),
        "cpu_target_percent": _Key(int, 60, low=10, high=95),
        # The cluster's containerInsights setting (the ECS API's values). Off by default, as AWS
        # leaves a new account: the autoscaler reads the service's CPU metric, which ECS sends
        # free; per-task metrics bill CloudWatch, which the cost model cannot price.
        "container_insights": _Key(str, "disabled", choices=("disabled", "enabled", "enhanced")),
    }
    __slots__ = tuple(KEYS)
    image: str
    vcpu: float
    memory_gb: float
    desired: int
    min: int
    max: int
    port: int
    cpu_target_percent: int
    container_insights: str

    def check(self) -> None:
        check_fargate_size(self)


# Cloud Run: memory up to (GB) -> the least vCPU it needs.
CLOUD_RUN_VCPU_FOR_MEMORY = ((4, 0.08), (8, 2), (16, 4), (24, 6), (32, 8))


def check_cloud_run_size(app: Any) -> None:
    # Cloud Run's limits ("Configure CPU limits", "memory limits"): fractions of a vCPU
    # serve one request at a time; more memory needs more vCPU.
    if not (0.08 <= app.vcpu <= 8):
        raise ValueError("vcpu must be from 0.08 to 8")
    if app.vcpu >= 1 and app.vcpu not in (1, 2, 4, 6, 8):
        raise ValueError("vcpu of 1 or more must be 1, 2, 4, 6 or 8")
    if app.vcpu < 1 and app.concurrency != 1:
        raise ValueError("below 1 vcpu, Cloud Run serves one request at a time: concurrency 1")
    if not 0.5 <= app.memory_gb <= 32:
        raise ValueError("memory_gb must be from 0.5 to 32")
    least = next(v for limit, v in CLOUD_RUN_VCPU_FOR_MEMORY if app.memory_gb <= limit)
    if app.vcpu < least:
        raise ValueError(f"{app.memory_gb:g} GB of memory needs at least {least:g} vcpu")
    if app.min_instances > app.max_instances:
        raise ValueError("min_instances must not exceed max_instances")


class CloudRunApp(_Block):
    KEYS: ClassVar[dict[str, _Key]] = {
        **_SCALED,
        "min_instances": _Key(int, low=0, high=1000),
        "max_instances": _Key(int, low=1, high=1000),
        # requests one instance serves at once
        "concurrency": _Key(int, 80, low=1, high=1000),
        "port": _Key(int, 8000, low=1, high=65535),
    }
    __slots__ = tuple(KEYS)
    image: str
    vcpu: float
    memory_gb: float
    min_instances: int
    max_instances: int
    concurrency: int
    port: int

    def check(self) -> None:
        check_cloud_run_size(self)


class CloudflareCdnPlan(_Block):
    KEYS: ClassVar[dict[str, _Key]] = {
        # The zone's plan (Cloudflare's rate plan ids); unset: Free, or Pro for a private index
        # (the cheapest plan with its token check: infra/cdn/cloudflare.py, TOKEN_PLAN).
        "plan": _Key(str, None, choices=("free", "pro", "business", "enterprise")),
    }
    __slots__ = tuple(KEYS)
    plan: str | None


class OpenSearchSearch(_Block):
    KEYS: ClassVar[dict[str, _Key]] = {
        "instance": _Key(str, pattern=r"^[a-z0-9]+\.[a-z0-9]+\.search$"),  # e.g. r6g.large.search
        "count": _Key(int, low=1, high=80),
        "ebs_gb": _Key(int, low=10, high=24576),
        "engine_version": _Key(str, "OpenSearch_2.19", pattern=r"^OpenSearch_\d+\.\d+$"),
    }
    __slots__ = tuple(KEYS)
    instance: str
    count: int
    ebs_gb: int
    engine_version: str


class ElasticSearch(_Block):
    """Elastic Cloud on Google Cloud: a hot tier of `size_gb` RAM in each of `zones`."""

    KEYS: ClassVar[dict[str, _Key]] = {
        "size_gb": _Key(int, low=1, high=64),
        "zones": _Key(int, 2, low=1, high=3),
        "version": _Key(str, "8.19.0", pattern=r"^\d+\.\d+\.\d+$"),
        "template": _Key(str, "gcp-storage-optimized", pattern=r"^gcp-[a-z0-9-]+$"),
    }
    __slots__ = tuple(KEYS)
    size_gb: int
    zones: int
    version: str
    template: str


class DatadogMonitoring(_Block):
    """Alert thresholds of the four monitors."""

    KEYS: ClassVar[dict[str, _Key]] = {
        "cdn_error_percent": _Key(float, 1.0, above=0, high=100),
        "origin_latency_ms": _Key(int, 1000, low=1, high=600000),
        "queue_depth": _Key(int, 10000, low=1),
        "database_cpu_percent": _Key(int, 80, low=1, high=100),
    }
    __slots__ = tuple(KEYS)
    cdn_error_percent: float
    origin_latency_ms: int
    queue_depth: int
    database_cpu_percent: int


# ---- end of issue 12's models ------------------------------------------------------------------

# Per role and provider, the block of its `indexplan:<role>` sizing (its model: config_models).
SIZING_BLOCKS: dict[str, dict[str, type[_Block]]] = {
    "storage": {"aws": S3Storage, "gcp": GcsStorage},
    "database": {"aws": RdsDatabase, "gcp": CloudSqlDatabase},
    "cache": {"aws": ElastiCacheCache, "gcp": MemorystoreCache},
}
SIZING_BLOCKS["storage"] |= {"b2": B2Storage, "cloudflare": R2Storage}
SIZING_BLOCKS["app"] = {"aws": FargateApp, "gcp": CloudRunApp}
SIZING_BLOCKS["search"] = {"aws": OpenSearchSearch, "elastic": ElasticSearch}
SIZING_BLOCKS["monitoring"] = {"datadog": DatadogMonitoring}
SIZING_BLOCKS["cdn"] = {"cloudflare": CloudflareCdnPlan}  # other CDNs take no block
REQUIRED_SIZING = frozenset({"database", "cache", "app", "search"})
# Which storage each CDN reads privately (native access or signed requests; no public bucket),
# and which CDNs fall back to an archive on another provider when the primary misses.
PRIVATE_ORIGINS: dict[str, tuple[str, ...]] = {
    # R2 through its S3 API, signed in VCL like S3, GCS and B2 (infra/cdn/fastly.py)
    "fastly": ("aws", "gcp", "b2", "cloudflare"),
    "aws": ("aws",),  # origin access control signs for S3 only; GCS would have to be public
    "gcp": ("aws", "gcp", "b2"),
    "cloudflare": ("cloudflare",),
}
# Pairs refused although the bucket could stay private: the CDN can sign for that storage, the
# program does not build it. Every other refused pair would need a public bucket.
NOT_WIRED_ORIGINS: dict[tuple[str, str], str] = {
    # Cloud CDN's private origin authentication signs SigV4 for "Amazon S3 buckets or other
    # compatible object stores" (cloud.google.com/cdn/docs/configure-private-origin-authentication)
    ("gcp", "cloudflare"): "Cloud CDN could sign R2 requests, but the program signs them from "
    "fastly only",
}
ARCHIVE_FALLBACK_CDNS = ("fastly",)
ARCHIVE_PROVIDERS = ("aws", "gcp")  # the clouds with an archive storage class
# CDNs reached by a CNAME can share a weighted name; Cloud CDN (an A record) and Cloudflare
# (which must serve the zone itself) cannot.
WEIGHTED_CDNS = ("aws", "fastly")
WEIGHT_TOLERANCE = 1e-6

INDEXPLAN_KEYS = frozenset(
    {
        "domain",
        "files_hostname",
        "roles",
        "sponsors",
        "price_book",
        "cloudflare_account_id",
        "private",  # a private index: package files only through signed URLs (parse_private)
        "budget",  # its scenario and limits are the cost model's (model/budget.py)
        "accept",  # rule findings the stack accepts, with reasons (the policy's: policy/accept.py)
        "app_routes",  # where the CDN's misses on the app's routes go (parse_app_routes)
        "analytics_location",  # where the statistics dataset goes (parse_analytics_location)
        *SIZING_BLOCKS,
    }
)
HOSTNAME = r"^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$"
# What each pattern a key must match looks like to a person: a refusal says this, not the
# regular expression (s12-review: "String should match pattern '^db\.[a-z]...'").
PATTERN_FORMS = {
    _db_class("db"): "an RDS instance class such as db.t4g.small",
    _db_class("cache"): "an ElastiCache node type such as cache.t4g.small",
    r"^[0-9]+(\.[0-9]+)?$": "a PostgreSQL version such as 16 or 16.4",
    r"^POSTGRES_[0-9]+$": "a Cloud SQL version such as POSTGRES_16",
    r"^[a-z]{2}-[a-z]+-\d{3}$": "a B2 region such as us-west-004",
    IMAGE: "a container image such as ghcr.io/acme/index:1.2 (lower case, no spaces)",
    r"^[a-z0-9]+\.[a-z0-9]+\.search$": "an OpenSearch instance type such as r6g.large.search",
    r"^OpenSearch_\d+\.\d+$": "an OpenSearch version such as OpenSearch_2.19",
    r"^\d+\.\d+\.\d+$": "an Elastic version such as 8.19.0",
    r"^gcp-[a-z0-9-]+$": "an Elastic Cloud template such as gcp-storage-optimized",
    HOSTNAME: "a lower-case host name such as packages.example.com",
}


class HostNames(_Block):
    MODEL: ClassVar[str] = "Names"
    KEYS: ClassVar[dict[str, _Key]] = {
        "domain": _Key(str, pattern=HOSTNAME, longest=253),
        "files_hostname": _Key(str, pattern=HOSTNAME, longest=253),
    }
    __slots__ = tuple(KEYS)
    domain: str
    files_hostname: str


class StackConfig:
    """One hosting setup: who runs each role, how big, where."""

    __slots__ = (
        "analytics_location",
        "app",
        "app_routes",
        "archive",
        "aws_region",
        "cache",
        "cdn",
        "cdn_weights",
        "cloudflare_account_id",
        "database",
        "domain",
        "files_hostname",
        "gcp_project",
        "gcp_region",
        "monitoring",
        "price_book",
        "private",
        "roles",
        "search",
        "sponsors",
        "storage",
    )  # fmt: skip

    def __init__(
        self,
        *,
        domain: str,
        files_hostname: str,
        roles: dict[str, str],
        storage: S3Storage | GcsStorage | B2Storage | R2Storage,
        database: RdsDatabase | CloudSqlDatabase | None = None,
        cache: ElastiCacheCache | MemorystoreCache | None = None,
        sponsors: dict[str, dict[str, Any]] | None = None,
        price_book: str | None = None,
        aws_region: str | None = None,
        gcp_project: str | None = None,
        gcp_region: str | None = None,
        app: FargateApp | CloudRunApp | None = None,
        cdn: CloudflareCdnPlan | None = None,
        search: OpenSearchSearch | ElasticSearch | None = None,
        monitoring: DatadogMonitoring | None = None,
        cdn_weights: dict[str, float] | None = None,
        archive: str | None = None,
        cloudflare_account_id: str | None = None,
        private: bool = False,
        app_routes: str | None = None,
        analytics_location: str | None = None,
    ) -> None:
        self.domain = domain
        self.files_hostname = files_hostname
        self.roles = roles
        self.storage = storage
        self.database = database
        self.cache = cache
        self.sponsors = sponsors or {}
        # the stack's negotiated rates: a price book's path, relative to the stack file
        self.price_book = price_book
        self.aws_region = aws_region
        self.gcp_project = gcp_project
        self.gcp_region = gcp_region
        self.app = app
        self.cdn = cdn
        self.search = search
        self.monitoring = monitoring
        # Each CDN's share of the files hostname's traffic; {provider: 1.0} when alone.
        self.cdn_weights = cdn_weights or {}
        # Provider of the archive bucket when the storage role names a primary and an archive.
        self.archive = archive
        self.cloudflare_account_id = cloudflare_account_id
        # A private index: its files host answers only URLs the app signed
        # (infra/cdn/cloudflare.py).
        self.private = private
        # Without an app role: "bucket" (a static index) or "outside" (parse_app_routes).
        self.app_routes = app_routes
        # The BigQuery location the statistics dataset was asked for (Google's spelling); None:
        # the bucket's (parse_analytics_location)
        self.analytics_location = analytics_location

    def __setattr__(self, name: str, value: Any) -> None:
        if hasattr(self, name):  # set once, in __init__
            raise AttributeError(f"StackConfig is frozen: {name}")
        object.__setattr__(self, name, value)

    def values(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__slots__}

    def __eq__(self, other: object) -> bool:
        return isinstance(other, StackConfig) and self.values() == other.values()

    __hash__ = None  # type: ignore[assignment]  # it holds dicts

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={value!r}" for name, value in self.values().items())
        return f"StackConfig({shown})"

    def provider(self, role: str) -> str | None:
        return self.roles.get(role)

    @property
    def analytics(self) -> bool:
        return "analytics" in self.roles

    @property
    def cdns(self) -> list[str]:
        """Every CDN serving the files hostname, the largest share first."""
        return list(self.cdn_weights) or [self.roles["cdn"]]

    @property
    def providers(self) -> set[str]:
        used = set(self.roles.values()) | set(self.cdn_weights)
        if self.archive:
            used.add(self.archive)
        if "elastic" in used:
            used.add("gcp")  # the Private Service Connect endpoint lives in the GCP project
        return used


def decode_pulumi_value(value: Any) -> Any:
    """Pulumi hands structured config to programs as JSON text; YAML loaders hand objects."""
    if isinstance(value, str) and value[:1] in "{[":
        try:
            return json.loads(value)
        except json.JSONDecodeError:
            return value
    return value


def parse_stack_config(config: Mapping[str, Any], where: str) -> StackConfig:
    """Validate a stack's flat config mapping; the first problem raises StackConfigError."""
    values = {k: decode_pulumi_value(v) for k, v in config.items()}
    ours: dict[str, Any] = {}
    for key, value in values.items():
        namespace, _, name = str(key).partition(":")
        if not name:
            raise StackConfigError(
                where, str(key), "config keys are namespaced, e.g. indexplan:roles"
            )
        if namespace == "indexplan":
            if name not in INDEXPLAN_KEYS:
                known = ", ".join(f"indexplan:{k}" for k in sorted(INDEXPLAN_KEYS))
                raise StackConfigError(where, str(key), f"unknown key; known: {known}")
            ours[name] = value
    for name in ("domain", "files_hostname", "roles"):
        if name not in ours:
            raise StackConfigError(where, f"indexplan:{name}", "required key is missing")
    names = _validate(
        HostNames,
        {"domain": ours["domain"], "files_hostname": ours["files_hostname"]},
        where,
        "indexplan",
    )
    roles, cdn_weights, archive = _parse_roles(ours["roles"], where)
    providers = set(roles.values()) | set(cdn_weights) | ({archive} if archive else set())
    if "elastic" in providers:
        providers.add("gcp")
    for provider in sorted(providers):
        for key in PROVIDER_KEYS[provider]:
            if not isinstance(values.get(key), str) or not values[key]:
                raise StackConfigError(where, key, f"required because a role runs on {provider}")
            _check_form(key, values[key], where)
    for key in OPTIONAL_PROVIDER_KEYS:
        if key in values and not _is_secure(values[key]):
            _check_form(key, values[key], where)
    _check_pair(values, ("r2:readerKeyId", "r2:readerKey"), where)
    sizing = {}
    for role, models in SIZING_BLOCKS.items():
        block = ours.get(role)
        if role not in roles:
            if block is not None:
                expected = f"sizes a role the stack does not run; add {role} to indexplan:roles"
                raise StackConfigError(where, f"indexplan:{role}", expected)
            continue
        if block is None and role in REQUIRED_SIZING:
            raise StackConfigError(where, f"indexplan:{role}", "required key is missing")
        if roles[role] not in models:
            if block is not None:
                takes = " or ".join(models)
                expected = f"only a {takes} {role} takes this block, not {roles[role]}"
                raise StackConfigError(where, f"indexplan:{role}", expected)
            continue
        sizing[role] = _validate(models[roles[role]], block or {}, where, f"indexplan:{role}")
    sponsors = ours.get("sponsors") or {}
    _check_sponsors(sponsors, where)
    storage = sizing["storage"]
    region = values.get("aws:region")
    if isinstance(storage, S3Storage) and storage.location not in (None, region):
        raise StackConfigError(
            where, "indexplan:storage.location", f"an S3 bucket lives in aws:region {region!r}"
        )
    if isinstance(storage, GcsStorage):
        if problem := gcs_location_problem(storage.location):
            raise StackConfigError(where, "indexplan:storage.location", problem)
        # Google's spelling (`us` is US): the analytics dataset takes this location too, and
        # BigQuery's prices name US, not us
        location = gcs_spelling(storage.location)
        sizing["storage"] = storage = storage.replace(location=location)
        # Refused here, not by BigQuery's API at `pulumi up`: the dataset has no place there
        # (unless the stack says where it goes instead).
        follows_bucket = "analytics" in roles and "analytics_location" not in ours
        if follows_bucket and (problem := bigquery_location_problem(location)):
            raise StackConfigError(where, "indexplan:storage.location", problem)
    if not isinstance(ours.get("budget", {}), Mapping):
        raise StackConfigError(where, "indexplan:budget", "must be a mapping (scenario, limits)")
    if not isinstance(ours.get("accept", []), list):
        raise StackConfigError(
            where, "indexplan:accept", "must be a list of {rule, resource, reason}"
        )
    price_book = ours.get("price_book")
    if price_book is not None and (not isinstance(price_book, str) or not price_book.strip()):
        raise StackConfigError(where, "indexplan:price_book", "must be a path to a price book")
    if archive and getattr(storage, "archive", False):
        raise StackConfigError(
            where,
            "indexplan:storage.archive",
            f"the archive is on {archive} (indexplan:roles.storage.archive); remove this key",
        )
    _check_origins(roles, cdn_weights, archive, where)
    private = parse_private(ours.get("private", False), roles, where)
    cdn = sizing.get("cdn")
    if private and isinstance(cdn, CloudflareCdnPlan) and cdn.plan == "free":
        raise StackConfigError(
            where,
            "indexplan:cdn.plan",
            "a private index's token check needs Cloudflare's Pro plan or above, not free",
        )
    return StackConfig(
        domain=names.domain,
        files_hostname=names.files_hostname,
        roles=roles,
        sponsors={str(provider): dict(terms) for provider, terms in sponsors.items()},
        price_book=price_book,
        aws_region=values.get("aws:region") if "aws" in providers else None,
        gcp_project=values.get("gcp:project") if "gcp" in providers else None,
        gcp_region=values.get("gcp:region") if "gcp" in providers else None,
        cdn_weights=cdn_weights,
        archive=archive,
        cloudflare_account_id=ours.get("cloudflare_account_id")
        if "cloudflare" in providers
        else None,
        private=private,
        app_routes=parse_app_routes(ours.get("app_routes"), roles, where),
        analytics_location=parse_analytics_location(ours, roles, where),
        **sizing,
    )


def _check_form(key: str, value: Any, where: str) -> None:
    pattern, expected = PROVIDER_KEY_FORMS[key]
    known, who = PROVIDER_KEY_VALUES.get(key, (None, ""))
    if not isinstance(value, str) or not re.fullmatch(pattern, value):
        # a typo that breaks the form (eu-west-l, EU-WEST-1) gets the closest names too
        near = _closest_names(value, known) if known and isinstance(value, str) else ""
        raise StackConfigError(where, key, f"must be {expected}, got {quoted(value)}{near}")
    if known is not None and value not in known:
        near = _closest_names(value, known)
        raise StackConfigError(where, key, f"must be {expected} ({who}), got {value!r}{near}")


def _closest_names(value: str, known: frozenset[str]) -> str:
    """`; closest: a, b` naming up to three of `known` most like `value`, or nothing.

    Equally close names come in name order: eu-west-l is as close to eu-west-1, -2 and -3, and
    difflib's own order (gcp_locations.closest) would list them backwards, eu-west-3 first.
    """
    from difflib import SequenceMatcher  # only for a refused value

    if len(value) > 40:  # no name is that long; and difflib's time grows with the length
        return ""
    typed = value.lower()  # regions are lower-case: EU-WEST-1 is eu-west-1's typo
    scored = sorted((-SequenceMatcher(None, typed, name).ratio(), name) for name in known)
    near = [name for score, name in scored[:3] if -score >= 0.6]  # difflib's default cutoff
    return f"; closest: {', '.join(near)}" if near else ""


def _check_pair(values: Mapping[str, Any], keys: tuple[str, str], where: str) -> None:
    """A key made outside the program is both its ID and its secret; one alone is a slip
    (without either, the program creates the key itself)."""
    present = [key in values for key in keys]
    if present[0] != present[1]:
        given, missing = keys if present[0] else keys[::-1]
        raise StackConfigError(
            where, missing, f"required with {given}: set both, or neither to have one created"
        )


def _is_secure(value: Any) -> bool:
    """A `secure:` value of the stack file: the program checks it once Pulumi decrypts it."""
    return isinstance(value, Mapping) and list(value) == ["secure"]


# Where a private index's token check is wired: the CDN that checks signed URLs (a WAF rule)
# and the app that signs them with the key it is handed.
PRIVATE_CDNS = ("cloudflare",)
PRIVATE_APPS = ("gcp",)


def parse_private(value: Any, roles: Mapping[str, str], where: str) -> bool:
    """`indexplan:private: true`: the files host refuses any request without a valid token."""
    field = "indexplan:private"
    # Pulumi hands the program `true` as the text "true"; its get_bool also takes "True".
    words = {"true": True, "True": True, "false": False, "False": False}
    value = words.get(value, value) if isinstance(value, str) else value
    if not isinstance(value, bool):
        raise StackConfigError(where, field, f"must be true or false, got {value!r}")
    if value and roles["cdn"] not in PRIVATE_CDNS:
        wired = " or ".join(PRIVATE_CDNS)
        raise StackConfigError(
            where, field, f"token authentication on the files host is wired for {wired} only"
        )
    if value and roles.get("app") not in PRIVATE_APPS:
        wired = " or ".join(PRIVATE_APPS)
        raise StackConfigError(
            where, field, f"needs the app role on {wired}: the app signs every file URL it lists"
        )
    return value


def parse_analytics_location(
    ours: Mapping[str, Any], roles: Mapping[str, str], where: str
) -> str | None:
    """`indexplan:analytics_location: EU`: the BigQuery location of the statistics dataset (and
    of the log bucket it loads from) instead of the storage bucket's (data residency: an S3
    stack's statistics otherwise go to US). Google's spelling, or None when not set."""
    field = "indexplan:analytics_location"
    if "analytics_location" not in ours:
        return None
    value = ours["analytics_location"]
    if "analytics" not in roles:
        raise StackConfigError(
            where, field, "places the analytics role's dataset; add analytics to indexplan:roles"
        )
    if problem := analytics_location_problem(value):
        raise StackConfigError(where, field, problem)
    return analytics_location(value)


# indexplan:app_routes: who answers the CDN's misses on the app's routes (the simple index pages,
# the JSON API) when the stack holds no app. The CDN component says it, where the cost model
# reads it (costmodel/model/usage.py, file_route_share).
APP_ROUTES = {
    "bucket": "a static index: the pages are objects in the files bucket",
    "outside": "an app at an origin this stack does not hold",
}


def parse_app_routes(value: Any, roles: Mapping[str, str], where: str) -> str | None:
    field = "indexplan:app_routes"
    if value is None:
        return None
    if "app" in roles:
        raise StackConfigError(
            where, field, "the stack's app (indexplan:roles.app) answers them; remove this key"
        )
    if not isinstance(value, str) or value not in APP_ROUTES:
        expected = "; ".join(f"{k} ({v})" for k, v in APP_ROUTES.items())
        raise StackConfigError(where, field, f"must be one of: {expected}; got {quoted(value)}")
    return value


def _parse_roles(roles: Any, where: str) -> tuple[dict[str, str], dict[str, float], str | None]:
    """Role -> provider (the primary CDN and storage), the CDN weights and the archive."""
    if not isinstance(roles, Mapping):
        raise StackConfigError(where, "indexplan:roles", "must be a mapping of role to provider")
    roles = dict(roles)
    cdn_weights = _parse_cdn_mix(roles.get("cdn"), where) if "cdn" in roles else {}
    if cdn_weights:
        roles["cdn"] = next(iter(cdn_weights))
    archive = None
    if isinstance(roles.get("storage"), Mapping):
        roles["storage"], archive = _parse_layers(roles["storage"], where)
    _check_role_providers(roles, where)
    if roles.get("app") == "aws" and roles.get("dns") == "gcp":
        raise StackConfigError(
            where,
            "indexplan:roles.dns",
            "Cloud DNS cannot point the domain at the app's AWS load balancer; use aws",
        )
    if len(cdn_weights) > 1 and "dns" not in roles:
        raise StackConfigError(
            where, "indexplan:roles.dns", "required: several CDNs share the files hostname by DNS"
        )
    return {str(k): str(v) for k, v in roles.items()}, cdn_weights, archive


def _key(name: Any) -> str:
    """A user's key as an error shows it: plain names as they are, anything else escaped, so
    no control character reaches the terminal."""
    text = str(name)
    return text if re.fullmatch(r"[A-Za-z0-9_.:-]+", text) else repr(text)


def _check_role_providers(roles: Mapping[str, Any], where: str) -> None:
    for role, provider in roles.items():
        field = f"indexplan:roles.{_key(role)}"
        if role not in ROLE_PROVIDERS:
            raise StackConfigError(
                where, field, f"unknown role; known: {', '.join(ROLE_PROVIDERS)}"
            )
        if provider not in PROVIDERS:  # named with the providers the program runs this role on
            known = ", ".join(ROLE_PROVIDERS[role])
            raise StackConfigError(
                where, field, f"unknown provider {quoted(provider)}; known: {known}"
            )
        if provider not in ROLE_PROVIDERS[role]:
            raise StackConfigError(
                where,
                field,
                f"{provider} cannot run {role}; choose {' or '.join(ROLE_PROVIDERS[role])}",
            )
    for role in ROLE_PROVIDERS:
        if role not in roles and role not in OPTIONAL_ROLES:
            raise StackConfigError(where, f"indexplan:roles.{role}", "required key is missing")


def _parse_cdn_mix(value: Any, where: str) -> dict[str, float]:
    """`{fastly: 0.8, aws: 0.2}`: positive weights summing to 1, the largest first; a single
    provider name is a mix of one."""
    if not isinstance(value, Mapping):
        return {}
    field = "indexplan:roles.cdn"
    if not value:
        raise StackConfigError(where, field, "a CDN mix names at least one CDN")
    for provider, weight in value.items():
        if provider not in ROLE_PROVIDERS["cdn"]:
            known = ", ".join(ROLE_PROVIDERS["cdn"])
            raise StackConfigError(
                where, f"{field}.{_key(provider)}", f"unknown CDN; known: {known}"
            )
        if isinstance(weight, bool) or not isinstance(weight, int | float):
            raise StackConfigError(
                where, f"{field}.{provider}", f"a weight is a number, got {weight!r}"
            )
        if not math.isfinite(weight) or weight <= 0:
            raise StackConfigError(
                where,
                f"{field}.{provider}",
                f"a weight must be positive and finite, got {weight!r}",
            )
    total = math.fsum(value.values())
    if abs(total - 1) > WEIGHT_TOLERANCE:
        raise StackConfigError(where, field, f"the weights must sum to 1, got {total:g}")
    if len(value) > 1:
        for provider in value:
            if provider not in WEIGHTED_CDNS:
                raise StackConfigError(
                    where,
                    f"{field}.{provider}",
                    f"cannot share a weighted DNS name; mix {' and '.join(WEIGHTED_CDNS)}",
                )
    ordered = sorted(value.items(), key=lambda item: -item[1])  # stable: ties keep file order
    return {str(provider): float(weight) for provider, weight in ordered}


def _parse_layers(value: Mapping[str, Any], where: str) -> tuple[Any, str | None]:
    """`{primary: b2, archive: aws}`: the bucket that serves misses and the one that keeps all."""
    field = "indexplan:roles.storage"
    unknown = set(value) - {"primary", "archive"}
    if unknown:
        raise StackConfigError(
            where,
            f"{field}.{_key(sorted(map(str, unknown))[0])}",
            "unknown key; known: primary, archive",
        )
    if "primary" not in value:
        raise StackConfigError(where, f"{field}.primary", "required key is missing")
    archive = value.get("archive")
    if archive is None:
        return value["primary"], None
    if archive not in ARCHIVE_PROVIDERS:
        raise StackConfigError(
            where, f"{field}.archive", f"must be {' or '.join(ARCHIVE_PROVIDERS)}, got {archive!r}"
        )
    if archive == value["primary"]:
        raise StackConfigError(
            where,
            f"{field}.archive",
            "is the primary's provider; for a same-cloud archive set indexplan:storage.archive",
        )
    return value["primary"], str(archive)


def _check_origins(
    roles: Mapping[str, str], cdn_weights: Mapping[str, float], archive: str | None, where: str
) -> None:
    """Every CDN reads the storage privately, and falls back to the archive when there is one."""
    storage = roles["storage"]
    for cdn in cdn_weights or [roles["cdn"]]:
        if storage not in PRIVATE_ORIGINS[cdn]:
            readable = " or ".join(PRIVATE_ORIGINS[cdn])
            why = NOT_WIRED_ORIGINS.get((cdn, storage))
            refusal = (
                f"{cdn} reading {storage} storage privately is not wired yet ({why})"
                if why
                else f"{cdn} cannot read {storage} storage without making it public"
            )
            raise StackConfigError(where, "indexplan:roles.storage", f"{refusal}; use {readable}")
        if archive and cdn not in ARCHIVE_FALLBACK_CDNS:
            raise StackConfigError(
                where,
                "indexplan:roles.storage.archive",
                f"only {', '.join(ARCHIVE_FALLBACK_CDNS)} falls back to an archive, not {cdn}",
            )
    if roles["cdn"] == "cloudflare" and "dns" in roles:
        raise StackConfigError(
            where,
            "indexplan:roles.dns",
            "Cloudflare's CDN serves the zone itself; leave the dns role out",
        )


def _check_sponsors(sponsors: Any, where: str) -> None:
    if not isinstance(sponsors, Mapping):
        raise StackConfigError(
            where, "indexplan:sponsors", "must be a mapping of provider to terms"
        )
    for provider, terms in sponsors.items():
        field = f"indexplan:sponsors.{provider}"
        if provider not in PROVIDERS:
            raise StackConfigError(where, field, f"unknown provider; known: {', '.join(PROVIDERS)}")
        if not isinstance(terms, Mapping):
            raise StackConfigError(
                where, field, "must be a mapping (e.g. credit_monthly_usd: 7000)"
            )


def _validate(block: type[_Block], data: Any, where: str, key: str) -> Any:
    if not isinstance(data, Mapping):
        raise StackConfigError(where, key, f"must be a mapping, got {data!r}")
    plain = block.read(data)
    if plain is not None:
        return plain
    # Refused, or a value only the model reads (a number as text): the model says which.
    from infra import config_models

    model = getattr(config_models, block.MODEL or block.__name__)
    read = config_models.validate(model, data, where, key)
    return block(**{name: getattr(read, name) for name in block.KEYS})
