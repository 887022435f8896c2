"""Traffic scenarios: scenarios/<name>.yaml, validated strictly (a typo is an error).

`ScenarioFile` (scenario_file.py, pydantic) is the file's shape and its JSON Schema; `Scenario`
here is the resolved figures in canonical units with every default filled in and recorded, so
an estimate can say which it used. A scenario validated once is kept in the disk cache as its
resolved figures, each checked here (plain code) when read back: a warm command imports no
pydantic (benchmarks/README.md, issue 15).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

from costmodel.files import checked
from costmodel.files.checked import Damaged
from costmodel.files.parsed import memo, yaml_mapping
from costmodel.files.userfile import read_user_text
from costmodel.model import limits
from costmodel.model.quantities import Kind

REGIONS = (
    "north_america",
    "europe",
    "asia_pacific",
    "japan",
    "india",
    "oceania",
    "south_america",
    "africa",
    "middle_east",
)
SHARE_TOLERANCE = 0.001

# Defaults for every usage but traffic.egress, stated in the schema and in each estimate.
DEFAULT_BYTES_PER_REQUEST = 500e3
DEFAULT_CACHE_HIT_RATIO = 0.90
DEFAULT_STORED = 1e12
DEFAULT_UPLOADS = 1e4
# Mean bytes of an uploaded file, for projections where stored bytes grow by uploads: PyPI's
# only same-year pair of stored bytes and file count, 2023 (docs/sources.md, rows "March 2023",
# about 14 TB of released files, and "2023", 10M files): 14e12 / 10e6 = 1.4 MB. Not a default
# of the monthly bill (which does not use it), so no estimate lists it.
DEFAULT_UPLOAD_SIZE = 1.4e6
DEFAULT_MESSAGES = 1e6
DEFAULT_MESSAGE_SIZE = 1e3
DEFAULT_DNS_QUERIES = 1e8
DEFAULT_STATS_STORED = 1e12
DEFAULT_GROWTH = 1.0
# Issue 12's roles (derived where the scenario leaves them out; see usage_roles.py)
CDN_PROVIDERS = ("aws", "gcp", "fastly", "cloudflare")
DEFAULT_APP_RESPONSE_SIZE = 20e3  # an index page or API answer, not a package file
DEFAULT_SECONDS_PER_REQUEST = 0.1
DEFAULT_SEARCH_SHARE = 0.01
DEFAULT_APP_LOG_LINE = 1e3
# Share of the CDN's requests for the app's own routes (index pages, JSON API, web UI), not
# package files: docs/sources.md, row "August 2026" (PyPI blog, "How AWS Powers PyPI",
# 2026-08-14): "more than 3 billion requests per day (about 6 billion counting file downloads)"
DEFAULT_APP_ROUTE_SHARE = 0.5
# The fields that are rates (the file models' DataRate and CountRate fields: a test holds the
# two equal). One written without a period is per month, which the estimate says (F6).
RATE_FIELDS = (
    "traffic.egress",
    "traffic.requests",
    "storage.uploads",
    "queue.messages",
    "dns.queries",
    "app.requests",
    "search.queries",
    "email.messages",
    "monitoring.logs",
)
# The documented range of a quantity (limits.py), in canonical units: bytes or a count.
MAXIMUM: dict[Kind, float] = {"data": limits.MAX_BYTES, "count": limits.MAX_COUNT}


@dataclasses.dataclass(frozen=True)
class PeakRatio:
    """The busiest period's egress and requests as multiples of the month's mean for such a
    period (None: not given)."""

    egress: float | None = None
    requests: float | None = None


@dataclasses.dataclass(frozen=True)
class PeakRatios:
    """How far traffic rises above the month's mean. The monthly bill ignores it; sizing the
    servers behind the CDN (requests per second at the peak) can use it."""

    day: PeakRatio = PeakRatio()
    hour: PeakRatio = PeakRatio()


@dataclasses.dataclass(frozen=True)
class Scenario:
    """Resolved figures: data in bytes (per month for rates), counts per month."""

    name: str
    description: str
    source: str | None
    as_of: dt.date | None
    egress: float
    requests: float
    cache_hit_ratio: float
    regions: dict[str, float]
    stored: float
    uploads: float
    messages: float
    message_size: float
    dns_queries: float
    stats_stored: float
    growth_per_year: float
    # (field path, value as stated) for every default used
    defaults_used: tuple[tuple[str, str], ...] = ()
    peaks: PeakRatios = PeakRatios()
    # Issue 12's roles and CDN mixes: None is "derive it" (costmodel/model/usage_roles.py,
    # which states each default it derives in the estimate's notes).
    cdn_weights: dict[str, Any] | None = None
    app_requests: float | None = None
    app_route_share: float | None = None
    app_response_size: float | None = None
    app_seconds_per_request: float | None = None
    search_queries: float | None = None
    email_messages: float | None = None
    monitoring_hosts: float | None = None
    monitoring_custom_metrics: float | None = None
    monitoring_logs: float | None = None
    # The CDN requests' own shares by region, where a usage file gives requests per region
    # (Infracost's monthly_https_requests); None: the bytes' shares (`regions`).
    request_regions: dict[str, float] | None = None
    # Bytes a gateway processes a month (a NAT gateway's data), where a usage file gives them
    # (Infracost's monthly_data_processed_gb); None: not given, "depends on usage".
    gateway_processed: float | None = None
    # Files stored and the mean bytes of an upload, as the file gives them (None: not given);
    # used by projections (stored bytes growing by uploads) and a move's one-time cost only.
    objects: float | None = None
    upload_size: float | None = None
    # The rates the file wrote without a period (`requests: 6e9`), read as per month: a user
    # who meant a day sees them named in the estimate (period_note).
    periods_unstated: tuple[str, ...] = ()


def period_note(scenario: Scenario) -> str | None:
    """The estimate's note naming the rates written without a period, or None."""
    if not scenario.periods_unstated:
        return None
    fields = ", ".join(scenario.periods_unstated)
    return (
        f"scenario {scenario.name}: {fields} written without a period, so read as per month; "
        "if another was meant, write it ('6e9/day', '900 TB/day')"
    )


def parse_scenario(data: dict[str, Any], where: str, name: str) -> Scenario:
    """`data` validated as a scenario file and resolved; a problem is one InputError."""
    from costmodel.model import scenario_file

    return scenario_file.parse_scenario(data, where, name)


def json_schema() -> dict[str, Any]:
    from costmodel.model import scenario_file

    return scenario_file.json_schema()


def load_scenario(path: Path) -> Scenario:
    """A scenario file, resolved; any problem with it is one InputError naming file and field.
    Validated once per content: the cache then holds the resolved figures, checked as read."""
    where = str(path)
    text = read_user_text(path, "a scenario", "YAML")

    def validate() -> dict[str, Any]:
        data = yaml_mapping(text, where, "a scenario")
        return to_entry(parse_scenario(data, where, path.stem))

    # the stem is the name a file without `name:` gets: part of what is cached
    content = f"{path.stem}\n{text}".encode("utf-8", "surrogatepass")
    entry = memo("scenario", where, content, validate, _CODE, _is_entry)
    return from_entry(entry)


# What makes the cached figures besides costmodel/files/: any change validates files again.
_CODE = tuple(
    Path(__file__).resolve().parent / name
    for name in ("scenario.py", "scenario_file.py", "figures.py", "quantities.py", "limits.py")
)


def to_entry(scenario: Scenario) -> dict[str, Any]:
    """The figures as JSON gives them back (what `from_entry` reads)."""
    entry = dataclasses.asdict(scenario)
    entry["as_of"] = checked.date_text(scenario.as_of)
    entry["defaults_used"] = [list(pair) for pair in scenario.defaults_used]
    entry["periods_unstated"] = list(scenario.periods_unstated)
    return entry


def _is_entry(entry: Any) -> bool:
    return checked.passes(from_entry, entry)


def from_entry(entry: Any) -> Scenario:
    """The Scenario `to_entry` stored, each figure checked against the range and type the file
    models give it; Damaged for anything else."""
    e = checked.mapping(entry, _FIELDS)
    data, count = MAXIMUM["data"], MAXIMUM["count"]

    def share(value: Any, optional: bool = False) -> Any:
        return checked.number(value, 0, 1, optional=optional)

    def shares(value: Any, known: tuple[str, ...], optional: bool) -> dict[str, float] | None:
        if value is None and optional:
            return None
        if type(value) is not dict or not set(value) <= set(known):
            raise Damaged(f"not shares of {known}")
        return {key: share(v) for key, v in value.items()}

    regions = shares(e["regions"], REGIONS, optional=False)
    assert regions is not None
    if abs(sum(regions.values()) - 1) > SHARE_TOLERANCE:
        raise Damaged("regions do not sum to 1")
    weights = shares(e["cdn_weights"], CDN_PROVIDERS, optional=True)
    if weights is not None and not 0 < sum(weights.values()) <= 1 + SHARE_TOLERANCE:
        raise Damaged("CDN weights out of range")
    defaults = checked.listed(e["defaults_used"])
    if not all(
        type(pair) is list and len(pair) == 2 and all(type(part) is str for part in pair)
        for pair in defaults
    ):
        raise Damaged("defaults_used")
    unstated = checked.listed(e["periods_unstated"])
    named = all(type(path) is str and path in RATE_FIELDS for path in unstated)
    if not named or len(set(unstated)) != len(unstated):
        raise Damaged("periods_unstated")
    peaks = checked.mapping(e["peaks"], ("day", "hour"))
    ratios = {}
    for period in ("day", "hour"):
        ratio = checked.mapping(peaks[period], ("egress", "requests"))
        ratios[period] = PeakRatio(
            *(checked.number(ratio[k], 0, above=True, optional=True) for k in ratio)
        )
    # growth: the file model's GrowthMultiplier range (figures.py, from limits.py)
    growth = (round(1 + limits.MIN_GROWTH_PER_YEAR, 6), round(1 + limits.MAX_GROWTH_PER_YEAR, 6))
    if e["request_regions"] is not None or e["gateway_processed"] is not None:
        raise Damaged("a usage file's figures in a scenario")  # only usage_file.py sets them
    return Scenario(
        name=checked.text(e["name"]),
        description=checked.text(e["description"]),
        source=checked.text(e["source"], optional=True),
        as_of=checked.date(e["as_of"], optional=True),
        egress=checked.number(e["egress"], 0, data),
        requests=checked.number(e["requests"], 0, count),
        cache_hit_ratio=share(e["cache_hit_ratio"]),
        regions=regions,
        stored=checked.number(e["stored"], 0, data),
        uploads=checked.number(e["uploads"], 0, count),
        messages=checked.number(e["messages"], 0, count),
        message_size=checked.number(e["message_size"], 0, data),
        dns_queries=checked.number(e["dns_queries"], 0, count),
        stats_stored=checked.number(e["stats_stored"], 0, data),
        growth_per_year=checked.number(e["growth_per_year"], *growth),
        defaults_used=tuple((path, shown) for path, shown in defaults),
        peaks=PeakRatios(ratios["day"], ratios["hour"]),
        cdn_weights=weights,
        app_requests=checked.number(e["app_requests"], 0, count, optional=True),
        app_route_share=share(e["app_route_share"], optional=True),
        app_response_size=checked.number(e["app_response_size"], 0, data, optional=True),
        app_seconds_per_request=checked.number(
            e["app_seconds_per_request"], 0, 3600, above=True, optional=True
        ),
        search_queries=checked.number(e["search_queries"], 0, count, optional=True),
        email_messages=checked.number(e["email_messages"], 0, count, optional=True),
        monitoring_hosts=checked.number(e["monitoring_hosts"], 0, count, optional=True),
        monitoring_custom_metrics=checked.number(
            e["monitoring_custom_metrics"], 0, count, optional=True
        ),
        monitoring_logs=checked.number(e["monitoring_logs"], 0, data, optional=True),
        objects=checked.whole(e["objects"], count, optional=True),
        upload_size=checked.number(e["upload_size"], 0, data, optional=True),
        periods_unstated=tuple(unstated),
    )


_FIELDS = tuple(field.name for field in dataclasses.fields(Scenario))
