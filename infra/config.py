"""The typed stack configuration: what one `stacks/Pulumi.<stack>.yaml` may say.

Deliberately free of pulumi, costmodel and indexplan imports, so the CLI can validate a stack
file before anything is declared. Values arrive as a flat mapping of Pulumi config keys
(`indexplan:roles`, `aws:region`, ...); from a real `pulumi up` objects arrive JSON-encoded.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

Provider = Literal["aws", "gcp", "fastly"]
PROVIDERS: tuple[str, ...] = ("aws", "gcp", "fastly")

# Which provider can play which role: the cells of the program's role/provider table.
ROLE_PROVIDERS: dict[str, tuple[str, ...]] = {
    "cdn": ("aws", "gcp", "fastly"),
    "storage": ("aws", "gcp"),
    "database": ("aws", "gcp"),
    "queue": ("aws", "gcp"),
    "cache": ("aws", "gcp"),
    "dns": ("aws", "gcp"),
    "analytics": ("gcp",),
}
OPTIONAL_ROLES = frozenset({"analytics"})

# Provider config keys (outside the `indexplan:` namespace) a stack must set when it uses them.
PROVIDER_KEYS: dict[str, tuple[str, ...]] = {
    "aws": ("aws:region",),
    "gcp": ("gcp:project", "gcp:region"),
    "fastly": (),
}
# What those keys look like, so a typo is caught here rather than by the cloud's API.
PROVIDER_KEY_FORMS: dict[str, tuple[str, str]] = {
    "aws:region": (r"[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d+", "an AWS region such as us-east-1"),
    "gcp:region": (r"[a-z]+-[a-z]+\d+", "a Google Cloud region such as us-central1"),
    "gcp:project": (r"[a-z][a-z0-9-]{4,28}[a-z0-9]", "a Google Cloud project ID"),
}


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


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class S3Storage(_Strict):
    archive: bool = False
    # S3 buckets live in the stack's aws:region; a location here must agree with it.
    location: str | None = None


class GcsStorage(_Strict):
    location: str = "US"
    archive: bool = False


class RdsDatabase(_Strict):
    instance: str = Field(pattern=r"^db\.[a-z0-9]+\.[a-z0-9]+$")
    multi_az: bool = False
    storage_gb: int = Field(ge=20, le=65536)
    engine_version: str = "16"


class CloudSqlDatabase(_Strict):
    tier: str = Field(pattern=r"^db-[a-z0-9-]+$")
    availability: Literal["ZONAL", "REGIONAL"] = "ZONAL"
    storage_gb: int = Field(ge=10, le=65536)
    version: str = "POSTGRES_16"


class ElastiCacheCache(_Strict):
    node_type: str = Field(pattern=r"^cache\.[a-z0-9]+\.[a-z0-9]+$")
    nodes: int = Field(ge=1, le=6)
    engine: Literal["redis", "valkey"] = "redis"


class MemorystoreCache(_Strict):
    tier: Literal["BASIC", "STANDARD_HA"]
    memory_gb: int = Field(ge=1, le=300)


# Per role and provider, the model of its `indexplan:<role>` sizing block.
SIZING: dict[str, dict[str, type[_Strict]]] = {
    "storage": {"aws": S3Storage, "gcp": GcsStorage},
    "database": {"aws": RdsDatabase, "gcp": CloudSqlDatabase},
    "cache": {"aws": ElastiCacheCache, "gcp": MemorystoreCache},
}
REQUIRED_SIZING = frozenset({"database", "cache"})

INDEXPLAN_KEYS = frozenset({"domain", "files_hostname", "roles", "sponsors", "price_book", *SIZING})
INDEXPLAN_KEYS |= {"budget"}  # its scenario and limits are the cost model's (model/budget.py)
_HOSTNAME = r"^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$"


class Names(_Strict):
    domain: str = Field(pattern=_HOSTNAME, max_length=253)
    files_hostname: str = Field(pattern=_HOSTNAME, max_length=253)


class StackConfig(_Strict):
    """One hosting setup: who runs each role, how big, where."""

    domain: str
    files_hostname: str
    roles: dict[str, str]
    storage: S3Storage | GcsStorage
    database: RdsDatabase | CloudSqlDatabase
    cache: ElastiCacheCache | MemorystoreCache
    sponsors: dict[str, dict[str, Any]] = Field(default_factory=dict)
    # the stack's negotiated rates: a price book's path, relative to the stack file (costmodel's)
    price_book: str | None = None
    aws_region: str | None = None
    gcp_project: str | None = None
    gcp_region: str | None = None

    def provider(self, role: str) -> str | None:
        return self.roles.get(role)

    @property
    def analytics(self) -> bool:
        return "analytics" in self.roles

    @property
    def providers(self) -> set[str]:
        return set(self.roles.values())


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
    _validate(
        Names,
        {"domain": ours["domain"], "files_hostname": ours["files_hostname"]},
        where,
        "indexplan",
    )
    roles = _parse_roles(ours["roles"], where)
    providers = set(roles.values())
    for provider in sorted(providers):
        for key in PROVIDER_KEYS[provider]:
            if not isinstance(values.get(key), str) or not values[key]:
                raise StackConfigError(where, key, f"required because a role runs on {provider}")
            pattern, expected = PROVIDER_KEY_FORMS[key]
            if not re.fullmatch(pattern, values[key]):
                raise StackConfigError(where, key, f"must be {expected}, got {values[key]!r}")
    sizing = {}
    for role, models in SIZING.items():
        block = ours.get(role)
        if block is None and role in REQUIRED_SIZING:
            raise StackConfigError(where, f"indexplan:{role}", "required key is missing")
        sizing[role] = _validate(models[roles[role]], block or {}, where, f"indexplan:{role}")
    sponsors = ours.get("sponsors") or {}
    _check_sponsors(sponsors, where)
    storage = sizing["storage"]
    region = values.get("aws:region")
    if isinstance(storage, S3Storage) and storage.location not in (None, region):
        raise StackConfigError(
            where, "indexplan:storage.location", f"an S3 bucket lives in aws:region {region!r}"
        )
    if not isinstance(ours.get("budget", {}), Mapping):
        raise StackConfigError(where, "indexplan:budget", "must be a mapping (scenario, limits)")
    price_book = ours.get("price_book")
    if price_book is not None and (not isinstance(price_book, str) or not price_book.strip()):
        raise StackConfigError(where, "indexplan:price_book", "must be a path to a price book")
    return StackConfig(
        domain=ours["domain"],
        files_hostname=ours["files_hostname"],
        roles=roles,
        sponsors=sponsors,
        price_book=price_book,
        aws_region=values.get("aws:region") if "aws" in providers else None,
        gcp_project=values.get("gcp:project") if "gcp" in providers else None,
        gcp_region=values.get("gcp:region") if "gcp" in providers else None,
        **sizing,
    )


def _parse_roles(roles: Any, where: str) -> dict[str, str]:
    if not isinstance(roles, Mapping):
        raise StackConfigError(where, "indexplan:roles", "must be a mapping of role to provider")
    for role, provider in roles.items():
        field = f"indexplan:roles.{role}"
        if role not in ROLE_PROVIDERS:
            raise StackConfigError(
                where, field, f"unknown role; known: {', '.join(ROLE_PROVIDERS)}"
            )
        if provider not in PROVIDERS:
            raise StackConfigError(
                where, field, f"unknown provider {provider!r}; known: {', '.join(PROVIDERS)}"
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
    return {str(k): str(v) for k, v in roles.items()}


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


def _validate(model: type[_Strict], data: Any, where: str, key: str) -> Any:
    if not isinstance(data, Mapping):
        raise StackConfigError(where, key, f"must be a mapping, got {data!r}")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors()
        # A typo shows up as an unknown key plus a missing one; the unknown key says more.
        err = next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])
        path = ".".join([key, *(str(p) for p in err["loc"])]).replace("indexplan.", "indexplan:")
        message = err["msg"].removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            message = f"unknown key; known: {', '.join(model.model_fields)}"
        elif err["type"] == "missing":
            message = "required key is missing"
        elif not isinstance(err.get("input"), dict | list):
            message = f"{message}, got {err.get('input')!r}"
        raise StackConfigError(where, path, message) from None
