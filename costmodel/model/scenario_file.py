"""The scenario file's models (pydantic): its shape, its JSON Schema, and its resolution into a
`Scenario` (costmodel/model/scenario.py). Loaded only when a scenario has to be validated:
a file the cache does not hold, or `indexplan schema scenario`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    WithJsonSchema,
    field_validator,
)

from costmodel.errors import from_validation_error
from costmodel.model import limits
from costmodel.model.figures import GrowthMultiplier, Share
from costmodel.model.limits import not_bool
from costmodel.model.quantities import Kind, format_bytes, format_count, parse
from costmodel.model.scenario import (
    CDN_PROVIDERS,
    DEFAULT_APP_LOG_LINE,
    DEFAULT_APP_RESPONSE_SIZE,
    DEFAULT_APP_ROUTE_SHARE,
    DEFAULT_BYTES_PER_REQUEST,
    DEFAULT_CACHE_HIT_RATIO,
    DEFAULT_DNS_QUERIES,
    DEFAULT_GROWTH,
    DEFAULT_MESSAGE_SIZE,
    DEFAULT_MESSAGES,
    DEFAULT_SEARCH_SHARE,
    DEFAULT_SECONDS_PER_REQUEST,
    DEFAULT_STATS_STORED,
    DEFAULT_STORED,
    DEFAULT_UPLOAD_SIZE,
    DEFAULT_UPLOADS,
    MAXIMUM,
    RATE_FIELDS,
    REGIONS,
    SHARE_TOLERANCE,
    PeakRatio,
    PeakRatios,
    Scenario,
)
from costmodel.model.strict import STRICT


def _parser(kind: Kind, rate: bool, required: bool = False) -> Callable[[Any], Any]:
    def parse_within_limits(value: Any) -> float | None:
        if value is None and required:  # `egress:` or `egress: null` in YAML
            raise ValueError("must be given, e.g. '293.1 TB/month'")
        if value is None:
            return None
        quantity = parse(value, kind, rate)
        if quantity > MAXIMUM[kind]:
            per = "/month" if rate else ""
            raise ValueError(f"must be at most {_shown_maximum(kind)}{per}")
        return quantity

    return parse_within_limits


def _shown_maximum(kind: Kind) -> str:
    return format_bytes(limits.MAX_BYTES) if kind == "data" else f"{limits.MAX_COUNT:g}"


def _schema(kind: Kind, rate: bool) -> dict[str, Any]:
    example = ("293.1 TB/month" if rate else "6 TB") if kind == "data" else "3e9/month"
    if kind == "count" and not rate:
        example = "2.6e7"
    pattern = r"^\s*[0-9.eE+-]+\s*[A-Za-z]*\s*(/\s*[A-Za-z]+)?\s*$"
    # a bare number is GB (10^9 bytes) for data, a count otherwise
    bare_maximum = MAXIMUM[kind] / (1e9 if kind == "data" else 1)
    number = {"type": "number", "minimum": 0, "maximum": bare_maximum}
    if kind == "count" and not rate:
        number["multipleOf"] = 1  # a number of files (quantities.parse refuses 1.5)
    return {"anyOf": [number, {"type": "string", "pattern": pattern}], "examples": [example]}


DataRate = Annotated[
    float | None, BeforeValidator(_parser("data", True)), WithJsonSchema(_schema("data", True))
]
RequiredDataRate = Annotated[
    float,
    BeforeValidator(_parser("data", True, required=True)),
    WithJsonSchema(_schema("data", True)),
]
DataAmount = Annotated[
    float | None, BeforeValidator(_parser("data", False)), WithJsonSchema(_schema("data", False))
]
CountRate = Annotated[
    float | None, BeforeValidator(_parser("count", True)), WithJsonSchema(_schema("count", True))
]
CountAmount = Annotated[
    float | None, BeforeValidator(_parser("count", False)), WithJsonSchema(_schema("count", False))
]


class _Strict(BaseModel):
    # Built on first use too: reading a scenario then builds ScenarioFile's validator (its
    # sections inline) and those of the sections it leaves out (their default_factory), which
    # is a third fewer instructions than building every section's own validator at import.
    model_config = STRICT


def _known_keys(value: dict[str, float], known: tuple[str, ...], what: str) -> None:
    for key in value:
        if key not in known:
            raise ValueError(f"unknown {what} {key!r}; known: {', '.join(known)}")


class Traffic(_Strict):
    egress: RequiredDataRate = Field(
        description="Bytes the CDN delivers to clients per month, e.g. '293.1 TB/month' or "
        "'900 TB/day'; a bare number is GB/month (10^9 bytes)"
    )
    requests: CountRate = Field(
        default=None,
        description="Requests the CDN answers, e.g. '3e9/month'. "
        f"Default: one per {DEFAULT_BYTES_PER_REQUEST / 1e3:.0f} kB of egress",
    )
    cache_hit_ratio: Share | None = Field(
        default=None,
        description="Share of egress bytes served from the CDN's cache (0..1); the rest is "
        f"fetched from storage. Default: {DEFAULT_CACHE_HIT_RATIO}",
    )
    regions: dict[str, Share] | None = Field(
        default=None,
        description=f"Share of egress per client region ({', '.join(REGIONS)}), summing to 1. "
        "Default: all north_america",
    )

    @field_validator("regions")
    @classmethod
    def _shares(cls, value: dict[str, float] | None) -> dict[str, float] | None:
        if value is None:
            return None
        _known_keys(value, REGIONS, "region")
        total = sum(value.values())
        if abs(total - 1) > SHARE_TOLERANCE:
            raise ValueError(f"shares must sum to 1 (±{SHARE_TOLERANCE}), got {total:.6g}")
        return value

    cdn_weights: dict[str, Share] | None = Field(
        default=None,
        description="For a stack with several CDNs: share of bytes and requests per CDN "
        f"provider ({', '.join(CDN_PROVIDERS)}), at most 1 in all; CDNs left out share the "
        "rest in the ratio of their DNS weights, CDNs the stack does not run are ignored. "
        "Default: the weights of the stack's weighted DNS records",
    )

    @field_validator("cdn_weights")
    @classmethod
    def _weights(cls, value: dict[str, float] | None) -> dict[str, float] | None:
        if value is None:
            return None
        _known_keys(value, CDN_PROVIDERS, "CDN")
        total = sum(value.values())
        if total > 1 + SHARE_TOLERANCE or total <= 0:
            raise ValueError(f"weights must sum to more than 0 and at most 1, got {total:.6g}")
        return value


class Storage(_Strict):
    stored: DataAmount = Field(
        default=None,
        description="Bytes of package files stored, e.g. '6 TB'. "
        f"Default: {format_bytes(DEFAULT_STORED)}",
    )
    uploads: CountRate = Field(
        default=None,
        description="Files uploaded (storage PUTs), e.g. '1e5/month'. "
        f"Default: {DEFAULT_UPLOADS:g}/month",
    )
    objects: CountAmount = Field(
        default=None,
        description="Files (objects) stored, e.g. '2.6e7': what a move to another storage "
        "provider copies, one PUT each. No default: a move's ingest requests are unpriced "
        "without it (or compare/project --objects)",
    )
    upload_size: DataAmount = Field(
        default=None,
        description="Mean bytes of an uploaded file, e.g. '1.4 MB': projections grow the bytes "
        "stored by uploads x upload_size a month. Default: stored / objects when objects is "
        f"given, else {format_bytes(DEFAULT_UPLOAD_SIZE)} (PyPI 2023: about 14 TB in 10M files)",
    )


class Queue(_Strict):
    messages: CountRate = Field(
        default=None,
        description=f"Task-queue messages, e.g. '3e7/month'. Default: {DEFAULT_MESSAGES:g}/month",
    )
    message_size: DataAmount = Field(
        default=None,
        description="Average message size (Pub/Sub bills by volume). "
        f"Default: {format_bytes(DEFAULT_MESSAGE_SIZE)}",
    )


class Dns(_Strict):
    queries: CountRate = Field(
        default=None,
        description="DNS queries answered, e.g. '1e9/month'. "
        f"Default: {DEFAULT_DNS_QUERIES:g}/month",
    )


class Statistics(_Strict):
    stored: DataAmount = Field(
        default=None,
        description="Bytes in the download-statistics dataset (BigQuery), e.g. '20 TB'. "
        f"Default: {format_bytes(DEFAULT_STATS_STORED)}",
    )


class App(_Strict):
    requests: CountRate = Field(
        default=None,
        description="Requests that reach the application (index pages and API calls the CDN "
        "does not absorb, uploads), e.g. '3e8/month'. Default: the CDN's cache misses on the "
        "app's routes (traffic.requests x route_share x (1 - cache_hit_ratio)) plus "
        "storage.uploads; the misses for package files go to the storage bucket",
    )
    route_share: Share | None = Field(
        default=None,
        description="Share of the CDN's requests that are for the application's own routes "
        "(simple index pages, JSON API, web UI), not package files; used only to derive "
        f"app.requests. Default: {DEFAULT_APP_ROUTE_SHARE} (PyPI in August 2026: about 3 of "
        "6 billion requests a day were not file downloads, docs/sources.md)",
    )
    response_size: DataAmount = Field(
        default=None,
        description="Average bytes the application sends per request (load balancer "
        f"capacity units). Default: {format_bytes(DEFAULT_APP_RESPONSE_SIZE)}",
    )
    seconds_per_request: Annotated[float | None, BeforeValidator(not_bool)] = Field(
        default=None,
        gt=0,
        le=3600,
        allow_inf_nan=False,
        description="Mean time an instance spends on one request (Cloud Run bills instance "
        f"time). Default: {DEFAULT_SECONDS_PER_REQUEST} s",
    )


class Search(_Strict):
    queries: CountRate = Field(
        default=None,
        description="Search queries per month. Default: "
        f"{DEFAULT_SEARCH_SHARE:.0%} of the application's requests. Instance-sized search "
        "(OpenSearch, Elastic Cloud) is billed by size, not by query",
    )


class Email(_Strict):
    messages: CountRate = Field(
        default=None,
        description="Emails sent per month, e.g. '2e5/month'. Default: one per upload "
        "(storage.uploads)",
    )


class Monitoring(_Strict):
    hosts: Annotated[float | None, BeforeValidator(not_bool)] = Field(
        default=None,
        ge=0,
        le=limits.MAX_COUNT,
        allow_inf_nan=False,
        description="Hosts (or containers billed as hosts) monitored. Default: the app's "
        "task or instance count from the stack, else 1",
    )
    custom_metrics: Annotated[float | None, BeforeValidator(not_bool)] = Field(
        default=None,
        ge=0,
        le=limits.MAX_COUNT,
        allow_inf_nan=False,
        description="Custom metrics beyond those included per host. Default: 0",
    )
    logs: DataRate = Field(
        default=None,
        description="Log bytes ingested per month. Default: "
        f"{format_bytes(DEFAULT_APP_LOG_LINE)} per application request",
    )


class Growth(_Strict):
    per_year: GrowthMultiplier | None = Field(
        default=None,
        description="Traffic multiplier per year, for projections (1.7 = +70 % a year). "
        f"Default: {DEFAULT_GROWTH}",
    )


class Peak(_Strict):
    egress: float | None = Field(
        default=None,
        gt=0,
        allow_inf_nan=False,
        description="The busiest period's egress as a multiple of the month's mean for such a "
        "period (1.8 = 80% above the mean)",
    )
    requests: float | None = Field(
        default=None,
        gt=0,
        allow_inf_nan=False,
        description="The busiest period's requests as a multiple of the month's mean",
    )


class Peaks(_Strict):
    """How far traffic rises above the month's mean. The monthly bill ignores it; sizing the
    servers behind the CDN (requests per second at the peak) can use it."""

    day: Peak = Field(default_factory=Peak, description="The busiest day against the mean day")
    hour: Peak = Field(default_factory=Peak, description="The busiest hour against the mean hour")


class ScenarioFile(_Strict):
    """A traffic scenario. Only traffic.egress is required; every other usage has a default."""

    model_config = ConfigDict(title="indexplan scenario")

    name: str | None = Field(default=None, description="Defaults to the file's stem")
    description: str = ""
    source: str | None = Field(default=None, description="Where the figures come from")
    # Any date: a pricing date is checked against the model's calendar where it is used
    # (estimate, compare and sweep; project's start month, which --start can replace).
    as_of: dt.date | None = Field(
        default=None,
        description="Prices in force on this date, unless --prices-as-of says otherwise",
    )
    traffic: Traffic
    storage: Storage = Field(default_factory=Storage)
    queue: Queue = Field(default_factory=Queue)
    dns: Dns = Field(default_factory=Dns)
    statistics: Statistics = Field(default_factory=Statistics)
    app: App = Field(default_factory=App, description="Optional: the application's usage")
    search: Search = Field(default_factory=Search, description="Optional: search usage")
    email: Email = Field(default_factory=Email, description="Optional: outbound mail")
    monitoring: Monitoring = Field(
        default_factory=Monitoring, description="Optional: what monitoring bills for"
    )
    growth: Growth = Field(default_factory=Growth)
    peaks: Peaks = Field(
        default_factory=Peaks, description="Optional: peak day and hour against the mean"
    )


def resolve(file: ScenarioFile, name: str) -> Scenario:
    defaults: list[tuple[str, str]] = []

    def pick(path: str, given: float | None, default: float, shown: str) -> float:
        if given is not None:
            return given
        defaults.append((path, shown))
        return default

    t = file.traffic
    egress = t.egress
    requests = pick(
        "traffic.requests",
        t.requests,
        egress / DEFAULT_BYTES_PER_REQUEST,
        f"{format_count(egress / DEFAULT_BYTES_PER_REQUEST)}/month "
        f"(one per {DEFAULT_BYTES_PER_REQUEST / 1e3:.0f} kB of egress)",
    )
    hit = pick(
        "traffic.cache_hit_ratio",
        t.cache_hit_ratio,
        DEFAULT_CACHE_HIT_RATIO,
        str(DEFAULT_CACHE_HIT_RATIO),
    )
    if t.regions is None:
        defaults.append(("traffic.regions", "all north_america"))
        regions = {"north_america": 1.0}
    else:
        # Shares within the tolerance are rescaled so the regions split all of the egress.
        total = sum(t.regions.values())
        regions = {k: v / total for k, v in t.regions.items() if v > 0}
    s, q = file.storage, file.queue
    return Scenario(
        name=file.name or name,
        description=file.description,
        source=file.source,
        as_of=file.as_of,
        egress=egress,
        requests=requests,
        cache_hit_ratio=hit,
        regions=regions,
        stored=pick("storage.stored", s.stored, DEFAULT_STORED, format_bytes(DEFAULT_STORED)),
        uploads=pick(
            "storage.uploads", s.uploads, DEFAULT_UPLOADS, f"{DEFAULT_UPLOADS:,.0f}/month"
        ),
        messages=pick(
            "queue.messages", q.messages, DEFAULT_MESSAGES, f"{DEFAULT_MESSAGES:,.0f}/month"
        ),
        message_size=pick(
            "queue.message_size",
            q.message_size,
            DEFAULT_MESSAGE_SIZE,
            format_bytes(DEFAULT_MESSAGE_SIZE),
        ),
        dns_queries=pick(
            "dns.queries",
            file.dns.queries,
            DEFAULT_DNS_QUERIES,
            f"{DEFAULT_DNS_QUERIES:,.0f}/month",
        ),
        stats_stored=pick(
            "statistics.stored",
            file.statistics.stored,
            DEFAULT_STATS_STORED,
            format_bytes(DEFAULT_STATS_STORED),
        ),
        growth_per_year=pick(
            "growth.per_year", file.growth.per_year, DEFAULT_GROWTH, str(DEFAULT_GROWTH)
        ),
        defaults_used=tuple(defaults),
        peaks=PeakRatios(
            PeakRatio(file.peaks.day.egress, file.peaks.day.requests),
            PeakRatio(file.peaks.hour.egress, file.peaks.hour.requests),
        ),
        cdn_weights=t.cdn_weights,
        app_requests=file.app.requests,
        app_route_share=file.app.route_share,
        app_response_size=file.app.response_size,
        app_seconds_per_request=file.app.seconds_per_request,
        search_queries=file.search.queries,
        email_messages=file.email.messages,
        monitoring_hosts=file.monitoring.hosts,
        monitoring_custom_metrics=file.monitoring.custom_metrics,
        monitoring_logs=file.monitoring.logs,
        objects=s.objects,
        upload_size=s.upload_size,
    )


def parse_scenario(data: dict[str, Any], where: str, name: str) -> Scenario:
    """`data` validated as a scenario file and resolved; a problem is one InputError."""
    try:
        file = ScenarioFile.model_validate(data)
    except ValidationError as exc:
        raise from_validation_error(where, exc) from None
    return dataclasses.replace(resolve(file, name), periods_unstated=periods_unstated(data))


def periods_unstated(data: dict[str, Any]) -> tuple[str, ...]:
    """The rate fields of a valid scenario file written without a period: a bare number
    (`6e9`) or a quantity without `/period` (`300 TB`), which the parser reads per month."""

    def bare(value: Any) -> bool:
        if isinstance(value, str):
            return "/" not in value
        return isinstance(value, int | float) and not isinstance(value, bool)

    fields = (path.partition(".") for path in RATE_FIELDS)
    return tuple(f"{s}.{f}" for s, _, f in fields if bare(data.get(s, {}).get(f)))


def json_schema() -> dict[str, Any]:
    return ScenarioFile.model_json_schema()
