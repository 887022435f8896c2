"""The pydantic models of a stack file's blocks: the refusal messages, and the JSON Schema.

infra/config.py checks a block with plain code first and returns plain objects; only a block
that check does not pass comes here, so a valid stack file never imports pydantic (it costs a
cold command ~350 M instructions). These models stay the one word on what is refused and how
the message reads; tests/infra/test_config_plain.py holds the plain check to them.
"""

from __future__ import annotations

from types import UnionType
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from infra.config import (
    HOSTNAME,
    IMAGE,
    PATTERN_FORMS,
    SIZES,
    SIZING_BLOCKS,
    StackConfigError,
    check_b2_lock,
    check_cloud_run_size,
    check_cloud_sql_tier,
    check_fargate_size,
    check_instance_class,
)


class _Strict(BaseModel):
    # defer_build: a refused block needs the one model it is refused by; each is built the
    # first time it is.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    # Pydantic's lax mode reads true as 1 and "yes" or 1 as true; YAML makes both easy to write.
    @field_validator("*", mode="before")
    @classmethod
    def _booleans_are_not_numbers(cls, value: Any, info: ValidationInfo) -> Any:
        kinds = _scalar_kinds(cls.model_fields[str(info.field_name)].annotation)
        if value is None:  # left to the field's own type: `bool | None` takes it, `bool` not
            return value
        if bool in kinds and not isinstance(value, bool):
            raise ValueError("must be true or false")
        if kinds & {int, float} and isinstance(value, bool):
            raise ValueError("must be a number, not true or false")
        return value


def _scalar_kinds(annotation: Any) -> set[Any]:
    """`int | None` -> {int, NoneType}: the plain types a field accepts."""
    return (
        set(get_args(annotation)) if get_origin(annotation) in (Union, UnionType) else {annotation}
    )


class S3Storage(_Strict):
    archive: bool = False
    # S3 buckets live in the stack's aws:region; a location here must agree with it.
    location: str | None = None


class GcsStorage(_Strict):
    # a region, dual-region or multi-region Google lists (checked in parse_stack_config)
    location: str = "US"
    archive: bool = False


# Instance sizes AWS names classes with; burstable (t) families stop at 2xlarge for RDS and
# at medium for ElastiCache. A class of this form the catalog lacks is provisioned and


InstanceClass = Annotated[
    str, Field(pattern=rf"^db\.[a-z][a-z0-9]*\.{SIZES}$"), AfterValidator(check_instance_class)
]
NodeType = Annotated[
    str, Field(pattern=rf"^cache\.[a-z][a-z0-9]*\.{SIZES}$"), AfterValidator(check_instance_class)
]


class RdsDatabase(_Strict):
    instance: InstanceClass
    multi_az: bool = False
    storage_gb: int = Field(ge=20, le=65536)
    engine_version: str = Field(default="16", pattern=r"^[0-9]+(\.[0-9]+)?$")


class CloudSqlDatabase(_Strict):
    tier: Annotated[str, AfterValidator(check_cloud_sql_tier)]
    availability: Literal["ZONAL", "REGIONAL"] = "ZONAL"
    storage_gb: int = Field(ge=10, le=65536)
    # the program provisions Cloud SQL for PostgreSQL; the major version is the user's choice
    version: str = Field(default="POSTGRES_16", pattern=r"^POSTGRES_[0-9]+$")


class ElastiCacheCache(_Strict):
    node_type: NodeType
    nodes: int = Field(ge=1, le=6)
    engine: Literal["redis", "valkey"] = "redis"


class MemorystoreCache(_Strict):
    tier: Literal["BASIC", "STANDARD_HA"]
    memory_gb: int = Field(ge=1, le=300)


class B2Storage(_Strict):
    """Backblaze B2, through its S3-compatible API in the B2 region named here."""

    region: str = Field(pattern=r"^[a-z]{2}-[a-z]+-\d{3}$")  # e.g. us-west-004
    file_lock: bool = False  # Object Lock can only be switched on when the bucket is created
    lock_days: int | None = Field(default=None, ge=1, le=3650)  # default retention (governance)

    @model_validator(mode="after")
    def _lock_needs_file_lock(self) -> B2Storage:
        check_b2_lock(self)
        return self


class R2Storage(_Strict):
    """Cloudflare R2; `location` is a placement hint, `jurisdiction` a hard data boundary."""

    location: Literal["wnam", "enam", "weur", "eeur", "apac", "oc"] | None = None
    # `us` since 2026-08-17: see config.R2Storage
    jurisdiction: Literal["default", "eu", "fedramp", "us"] = "default"


class _Scaled(_Strict):
    """Instances the autoscaler may run, and what one instance is."""

    image: str = Field(pattern=IMAGE)
    vcpu: float
    memory_gb: float


class FargateApp(_Scaled):
    desired: int = Field(ge=1, le=1000)  # tasks at deploy time
    min: int = Field(ge=1, le=1000)
    max: int = Field(ge=1, le=1000)
    port: int = Field(default=8000, ge=1, le=65535)
    cpu_target_percent: int = Field(default=60, ge=10, le=95)
    # The cluster's containerInsights setting (the ECS API's values). Off by default, as AWS
    # leaves a new account: the autoscaler reads the service's CPU metric, which ECS sends
    # free; per-task metrics bill CloudWatch, which the cost model cannot price.
    container_insights: Literal["disabled", "enabled", "enhanced"] = "disabled"

    @model_validator(mode="after")
    def _fargate_size(self) -> FargateApp:
        check_fargate_size(self)
        return self


class CloudRunApp(_Scaled):
    min_instances: int = Field(ge=0, le=1000)
    max_instances: int = Field(ge=1, le=1000)
    concurrency: int = Field(default=80, ge=1, le=1000)  # requests one instance serves at once
    port: int = Field(default=8000, ge=1, le=65535)

    @model_validator(mode="after")
    def _cloud_run_size(self) -> CloudRunApp:
        check_cloud_run_size(self)
        return self


class CloudflareCdnPlan(_Strict):
    # The zone's plan (Cloudflare's rate plan ids); unset: Free, or Pro for a private index
    # (the cheapest plan with its token check: infra/cdn/cloudflare.py, TOKEN_PLAN).
    plan: Literal["free", "pro", "business", "enterprise"] | None = None


class OpenSearchSearch(_Strict):
    instance: str = Field(pattern=r"^[a-z0-9]+\.[a-z0-9]+\.search$")  # e.g. r6g.large.search
    count: int = Field(ge=1, le=80)
    ebs_gb: int = Field(ge=10, le=24576)
    engine_version: str = Field(default="OpenSearch_2.19", pattern=r"^OpenSearch_\d+\.\d+$")


class ElasticSearch(_Strict):
    """Elastic Cloud on Google Cloud: a hot tier of `size_gb` RAM in each of `zones`."""

    size_gb: int = Field(ge=1, le=64)
    zones: int = Field(default=2, ge=1, le=3)
    version: str = Field(default="8.19.0", pattern=r"^\d+\.\d+\.\d+$")
    template: str = Field(default="gcp-storage-optimized", pattern=r"^gcp-[a-z0-9-]+$")


class DatadogMonitoring(_Strict):
    """Alert thresholds of the four monitors."""

    cdn_error_percent: float = Field(default=1.0, gt=0, le=100)
    origin_latency_ms: int = Field(default=1000, ge=1, le=600000)
    queue_depth: int = Field(default=10000, ge=1)
    database_cpu_percent: int = Field(default=80, ge=1, le=100)


# Per role and provider, the model of its `indexplan:<role>` sizing block: config.py's table
# of plain blocks, each read as the model of its name (the one table says which roles and
# providers take a block).
SIZING: dict[str, dict[str, type[_Strict]]] = {
    role: {provider: globals()[block.MODEL or block.__name__] for provider, block in by.items()}
    for role, by in SIZING_BLOCKS.items()
}


class Names(_Strict):
    domain: str = Field(pattern=HOSTNAME, max_length=253)
    files_hostname: str = Field(pattern=HOSTNAME, max_length=253)


def validate(model: type[_Strict], data: Any, where: str, key: str) -> Any:
    """The block as the model reads it, or the one-line refusal of its first problem."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors()
        # A typo shows up as an unknown key plus a missing one; the unknown key says more.
        err = next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])
        path = ".".join([key, *(str(p) for p in err["loc"])]).replace("indexplan.", "indexplan:")
        # pydantic's own ", got ..." (int_from_float) would come twice with ours
        message = err["msg"].removeprefix("Value error, ").split(", got ")[0]
        if err["type"] == "string_pattern_mismatch":
            pattern = err.get("ctx", {}).get("pattern", "")
            message = f"expected {PATTERN_FORMS.get(pattern, f'text matching {pattern}')}"
        if err["type"] == "extra_forbidden":
            message = f"unknown key; known: {', '.join(model.model_fields)}"
        elif err["type"] == "missing":
            message = "required key is missing"
        elif not isinstance(err.get("input"), dict | list):
            message = f"{message}, got {err.get('input')!r}"
        raise StackConfigError(where, path, message) from None
