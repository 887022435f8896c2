"""Scenario -> usage per resource: the quantities each cost component is priced on.

Roles come from the resource's component (`Resource.role`); which CDN sits in front of the
storage comes from the types in the graph. Functions return {where: quantity} in the
component's measure; an empty mapping means the component does not apply to this resource.

What a usage function needs from the rest of the graph (the CDN's provider, dead-letter
queues, lifecycle rules) is computed once per graph through `ctx.index`, and references
between resources are resolved exactly (`graph.Lookup`), never by a name found in a string.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from costmodel.files.bounds import Refused
from costmodel.files.jsonfile import decode_json
from costmodel.model.components import Context, Unpriceable, UsageFn
from costmodel.model.graph import UNKNOWN, Lookup, Resource
from costmodel.model.quantities import GIB, HOURS_PER_MONTH
from costmodel.model.roles import ROLE_OF_TYPE
from costmodel.model.usage_inputs import NUMERIC_INPUTS, input_at

CDN_TYPES: dict[str, str] = {
    "aws:cloudfront/distribution:Distribution": "aws",
    "gcp:compute/backendBucket:BackendBucket": "gcp",
    "gcp:compute/backendService:BackendService": "gcp",  # only with Cloud CDN on (is_cdn)
    "fastly:index/serviceVcl:ServiceVcl": "fastly",
    "cloudflare:index/zone:Zone": "cloudflare",
}
# The host a CDN's DNS record points at names the CDN: a weighted record is matched to its CDN
# by its target (Route 53 also by a set identifier that is the CDN's provider name).
CDN_TARGETS: dict[str, str] = {
    ".cloudfront.net": "aws",
    ".fastly.net": "fastly",
    ".cdn.cloudflare.net": "cloudflare",
}
S3_LIFECYCLE_TYPES = (
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
    "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2",
)
S3_BUCKET_TYPES = ("aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2")
# (input, the key in it that names the dead-letter queue or topic): SQS queues and SNS
# subscriptions name a queue ARN in a JSON redrive policy, Pub/Sub subscriptions a topic path.
DEAD_LETTER_SETTINGS = (
    ("redrivePolicy", "deadLetterTargetArn"),
    ("deadLetterPolicy", "deadLetterTopic"),
)
# indexplan's CDN components (infra/cdn) and what their `app_routes` input may say
CDN_COMPONENT = "indexplan:cdn:"
APP_ROUTES = ("bucket", "outside")
ONE = "global"  # the key of a usage that has no region
__all__ = ["Unpriceable", "UsageFn", "input_at"]


def by_region(
    total: float, ctx: Context, shares: Mapping[str, float] | None = None
) -> dict[str, float]:
    """`total` split by the scenario's regions (or by `shares`)."""
    shares = ctx.scenario.regions if shares is None else shares
    return {region: total * share for region, share in shares.items()}


# ---- CDN -------------------------------------------------------------------------------------


def cdn_egress(resource: Resource, ctx: Context) -> dict[str, float]:
    return by_region(ctx.scenario.egress * cdn_share(resource, ctx), ctx)


def cdn_requests_by_region(resource: Resource, ctx: Context) -> dict[str, float]:
    total = ctx.scenario.requests * cdn_share(resource, ctx)
    return by_region(total, ctx, ctx.scenario.request_regions)


def cdn_requests(resource: Resource, ctx: Context) -> dict[str, float]:
    return {ONE: ctx.scenario.requests * cdn_share(resource, ctx)}


def cloud_cdn_enabled(resource: Resource) -> None:
    if resource.inputs.get("enableCdn") is False:
        raise Unpriceable("Cloud CDN is not enabled on this backend bucket (enableCdn: false)")


def cdn_share(resource: Resource, ctx: Context) -> Any:
    """The share of the scenario's bytes and requests this CDN resource serves."""
    return cdn_shares(ctx)[CDN_TYPES[resource.type]]


def cdn_shares(ctx: Context) -> dict[str, Any]:
    """CDN provider -> its share of the traffic: 1 for a stack's only CDN. In a mix, the
    weights of the stack's weighted DNS records, normalised by their sum; the scenario's
    `traffic.cdn_weights` (a sweep varies them) override the CDNs they name, and the CDNs they
    leave out share the rest in the ratio of their DNS weights."""
    providers = ctx.index.memo("cdn providers", _cdn_providers)
    if len(providers) < 2:
        return dict.fromkeys(providers, 1.0)
    given = {p: w for p, w in (ctx.scenario.cdn_weights or {}).items() if p in providers}
    others = [p for p in providers if p not in given]
    dns = ctx.index.memo("cdn weights", _dns_weights)
    missing = [p for p in others if p not in dns]
    if missing:
        raise Unpriceable(
            f"several CDNs in one stack ({', '.join(providers)}) and no weighted DNS record "
            f"for {', '.join(missing)}; the split of the traffic is unknown"
        )
    if not others:
        total = sum(given.values())
        shares = {p: given[p] / total for p in providers}
    else:
        rest = 1 - sum(given.values(), 0.0)
        weight = sum(dns[p] for p in others)
        if weight <= 0:
            raise Unpriceable(f"the weighted DNS records give {', '.join(others)} no weight")
        shares = {p: given[p] if p in given else rest * dns[p] / weight for p in providers}
    if all(isinstance(v, float) for v in shares.values()):  # a sweep's arrays get no note
        split = ", ".join(f"{p} {v:.4g}" for p, v in shares.items())
        ctx.notes.add(
            f"CDN mix: bytes and requests split by weight ({split}), each CDN's tiers on its "
            "own share; cache misses in proportion, at the scenario's cache hit ratio"
        )
    return shares


def is_cdn(resource: Resource) -> bool:
    """A CDN type; a backend service also fronts apps, so it is a CDN only with Cloud CDN on."""
    if resource.type == "gcp:compute/backendService:BackendService":
        return resource.inputs.get("enableCdn") is True
    return resource.type in CDN_TYPES


def _cdn_providers(graph: Sequence[Resource]) -> tuple[str, ...]:
    return tuple(sorted({CDN_TYPES[r.type] for r in graph if is_cdn(r)}))


def _dns_weights(graph: Sequence[Resource]) -> dict[str, float]:
    """CDN provider -> the weight its DNS records give it (Route 53 weighted records, Cloud
    DNS weighted round robin)."""
    weights: dict[str, float] = defaultdict(float)
    for record in graph:
        if record.type == "aws:route53/record:Record":
            policies = record.inputs.get("weightedRoutingPolicies") or []
            cdn = _cdn_of(record.inputs.get("setIdentifier"), record.inputs.get("records"))
            if cdn is not None and isinstance(policies, list):
                weights[cdn] += sum(_weight(policy) for policy in policies)
        elif record.type == "gcp:dns/recordSet:RecordSet":
            policy = record.inputs.get("routingPolicy") or {}
            for item in policy.get("wrrs") or [] if isinstance(policy, dict) else []:
                cdn = _cdn_of(None, item.get("rrdatas") if isinstance(item, dict) else None)
                if cdn:
                    weights[cdn] += _weight(item)
    return dict(weights)


def _cdn_of(identifier: Any, targets: Any) -> str | None:
    if identifier in CDN_TYPES.values():
        return str(identifier)
    for target in targets if isinstance(targets, list) else []:
        host = str(target).rstrip(".").lower()
        for suffix, cdn in CDN_TARGETS.items():
            if host.endswith(suffix):
                return cdn
    return None


def _weight(policy: Any) -> float:
    weight = policy.get("weight") if isinstance(policy, dict) else None
    if isinstance(weight, bool) or not isinstance(weight, int | float) or not weight >= 0:
        raise Unpriceable(f"a weighted DNS record's weight is not known ({weight!r})")
    return float(weight)


def miss_bytes_by_region(ctx: Context, share: Any = 1.0) -> dict[str, float]:
    return by_region(ctx.scenario.egress * (1 - ctx.scenario.cache_hit_ratio) * share, ctx)


# ---- storage -----------------------------------------------------------------------------------


def _storage_classes(value: Any) -> Iterator[str]:
    if isinstance(value, dict):  # inputs are JSON data: dicts and lists, never other mappings
        for key, item in value.items():
            if key in ("storageClass", "storage_class") and isinstance(item, str):
                yield item
            else:
                yield from _storage_classes(item)
    elif isinstance(value, list):
        for item in value:
            yield from _storage_classes(item)


def archive_class(bucket: Resource, ctx: Context) -> str | None:
    """The storage class a lifecycle rule moves objects to, if any (S3 rules are siblings)."""
    known: dict[str, str | None] = ctx.index.memo("archive class", lambda g: {})
    if bucket.urn not in known:
        rules = ctx.index.memo("lifecycle rules", _lifecycle_rules)
        known[bucket.urn] = _archive_class(bucket, rules)
    return known[bucket.urn]


def _archive_class(bucket: Resource, rules: Mapping[str, list[Any]]) -> str | None:
    sources: list[Any] = [bucket.inputs.get("lifecycleRules"), *rules.get(bucket.urn, [])]
    classes = [c for source in sources for c in _storage_classes(source)]
    return classes[0] if classes else None


def files_buckets(graph: Sequence[Resource]) -> list[Resource]:
    """The buckets of the storage role whose objects stay in the class they are written in:
    each is priced as the files the CDN serves (the others as its archive)."""
    rules = _lifecycle_rules(graph)
    return [
        r
        for r in graph
        if r.role == "storage"
        and ROLE_OF_TYPE.get(r.type) == "storage"
        and _archive_class(r, rules) is None
    ]


def _lifecycle_rules(graph: Sequence[Resource]) -> dict[str, list[Any]]:
    """Bucket URN -> the rules of the lifecycle configurations naming that bucket in their
    `bucket` input; where that input is not known yet, the configuration is `<bucket>-...`
    (the longest bucket name that fits), as Pulumi programs name a bucket's parts."""
    buckets = Lookup(r for r in graph if r.type in S3_BUCKET_TYPES)
    rules: dict[str, list[Any]] = defaultdict(list)
    for config in (r for r in graph if r.type in S3_LIFECYCLE_TYPES):
        named = config.inputs.get("bucket")
        bucket = buckets.resolve(named)
        if bucket is None and named in (None, "", UNKNOWN):
            bucket = _longest_prefix(config.name, buckets)
        if bucket is not None:
            rules[bucket.urn].append(config.inputs.get("rules"))
    return rules


def _longest_prefix(name: str, buckets: Lookup) -> Resource | None:
    for end in range(len(name) - 1, 0, -1):
        if name[end] == "-" and len(found := buckets.named.get(name[:end], [])) == 1:
            return found[0]
    return None


def _storage_bucket(bucket: Resource) -> None:
    if bucket.role is None:
        raise Unpriceable("not part of an indexplan role, so which usage applies is unknown", True)
    if bucket.role != "storage":
        raise Unpriceable(f"the scenario gives no usage for a bucket in role {bucket.role}", True)


def is_files_bucket(bucket: Resource, ctx: Context) -> bool:
    _storage_bucket(bucket)
    return archive_class(bucket, ctx) is None


def stored_in_class(storage_class: str | None) -> Any:
    """Usage: the stored bytes, for buckets whose objects end up in `storage_class`."""

    def usage(bucket: Resource, ctx: Context) -> dict[str, float]:
        _storage_bucket(bucket)
        if archive_class(bucket, ctx) != storage_class:
            return {}
        return {ctx.region(bucket.type.split(":")[0], bucket): ctx.scenario.stored}

    return usage


def uploads(bucket: Resource, ctx: Context) -> dict[str, float]:
    _storage_bucket(bucket)  # every bucket of the role holds a copy of each upload
    return {ctx.region(bucket.type.split(":")[0], bucket): ctx.scenario.uploads}


def miss_requests(bucket: Resource, ctx: Context) -> dict[str, float]:
    """The CDN's misses that are files, read from the files bucket (its GETs, class B)."""
    if not is_files_bucket(bucket, ctx) or not cdn_shares(ctx):
        return {}
    misses = ctx.scenario.requests * file_route_share(ctx) * (1 - ctx.scenario.cache_hit_ratio)
    return {ctx.region(bucket.type.split(":")[0], bucket): misses}


def file_route_share(ctx: Context) -> float:
    """The share of the CDN's requests whose misses the files bucket answers. With an app in
    the stack, or one outside it (`indexplan:app_routes: outside` on the CDN component), its
    routes' misses (the simple index pages, the JSON API) go to the app: app.route_share of
    the requests; the rest to the bucket. Otherwise the stack is read as a static PEP 503
    index, whose pages are files in the bucket too (said as `app_routes: bucket`, or not said:
    a foreign program's graph)."""
    routes = ctx.index.memo("app routes", _app_routes)
    if routes == "bucket":
        ctx.notes.add(
            "storage reads: the CDN's misses on every route, the index's pages included "
            "(indexplan:app_routes: bucket, a static index)"
        )
    if routes in (None, "bucket"):
        return 1.0
    from costmodel.model.usage_roles import route_share  # usage_roles builds on this module

    share = route_share(ctx)
    where = (
        "the app"
        if routes == "app"
        else "its origin outside the stack (indexplan:app_routes: outside), whose cost is "
        "not in this estimate"
    )
    ctx.notes.add(
        f"storage reads: the CDN's misses on file routes only ({1 - share:g} of its requests); "
        f"the app's routes miss to {where}"
    )
    return 1 - share


def _app_routes(graph: Sequence[Resource]) -> str | None:
    """Who answers misses on the app's routes: "app" (an app in the stack), else what the CDN
    components say (`app_routes`), else None."""
    if any(r.role == "app" for r in graph):
        return "app"
    said: list[Any] = []  # JSON values, not all hashable
    for r in graph:
        value = r.inputs.get("app_routes") if r.type.startswith(CDN_COMPONENT) else None
        if value is not None and value not in said:
            said.append(value)
    if not said:
        return None
    if len(said) > 1 or said[0] not in APP_ROUTES:
        shown = ", ".join(repr(v)[:40] for v in said)
        raise Unpriceable(
            f"the CDN components say app_routes {shown}; expected one of "
            f"{', '.join(APP_ROUTES)}, so which requests the bucket answers is unknown"
        )
    return str(said[0])


def miss_bytes_to(cdn: str, by_location: bool) -> Any:
    """Usage: cache-miss bytes from the files bucket, when `cdn` is the CDN in front of it."""

    def usage(bucket: Resource, ctx: Context) -> dict[str, float]:
        share = cdn_shares(ctx).get(cdn) if is_files_bucket(bucket, ctx) else None
        if share is None:
            return {}
        if by_location:
            total = ctx.scenario.egress * (1 - ctx.scenario.cache_hit_ratio) * share
            return {ctx.region(bucket.type.split(":")[0], bucket): total}
        return miss_bytes_by_region(ctx, share)

    return usage


def s3_miss_bytes(bucket: Resource, ctx: Context) -> dict[str, float]:
    """Cache misses of the CDNs outside AWS, as S3 transfer out (to CloudFront it is free)."""
    shares = cdn_shares(ctx) if is_files_bucket(bucket, ctx) else {}
    if "aws" in shares:
        ctx.notes.add("S3 -> CloudFront origin transfer is free (AWS origin)")
    others = [share for cdn, share in shares.items() if cdn != "aws"]
    if not others:
        return {}
    misses = ctx.scenario.egress * (1 - ctx.scenario.cache_hit_ratio) * sum(others)
    return {ctx.region("aws", bucket): misses}


# ---- instances -------------------------------------------------------------------------------


def required(resource: Resource, key: str) -> Any:
    value = input_at(resource, key)
    if value is None or (isinstance(value, str) and value.startswith("[")):
        raise Unpriceable(f"input {key} is not known, so the size cannot be priced")
    return value


def number(resource: Resource, key: str, default: float | None = None) -> float:
    """A numeric input (usage_inputs.NUMERIC_INPUTS), checked as the readers of previews and
    plans check it; unpriced where a graph from elsewhere holds something else. `default`:
    the value when the input is not set at all (an optional one)."""
    if default is not None and input_at(resource, key) is None:
        return default
    value = required(resource, key)
    try:
        return NUMERIC_INPUTS[resource.type][key].read(value)
    except ValueError as exc:
        raise Unpriceable(f"input {key}: {exc}") from None


def hours(count_key: str | None = None) -> Any:
    def usage(resource: Resource, ctx: Context) -> dict[str, float]:
        count = number(resource, count_key) if count_key else 1.0
        return {ctx.region(resource.type.split(":")[0], resource): HOURS_PER_MONTH * count}

    return usage


def disk_gib(key: str) -> Any:
    def usage(resource: Resource, ctx: Context) -> dict[str, float]:
        size = number(resource, key) * GIB
        return {ctx.region(resource.type.split(":")[0], resource): size}

    return usage


# ---- queues, DNS, statistics -------------------------------------------------------------------


def dead_letter(resource: Resource, ctx: Context) -> bool:
    """Named in another resource's dead-letter setting: it carries no scenario messages."""
    if resource.urn in _dead(ctx):
        ctx.notes.add("dead-letter queues and topics carry no scenario messages")
        return True
    return False


def _dead_letters(graph: Sequence[Resource]) -> frozenset[str]:
    """URNs of the queues and topics another resource names as its dead-letter target."""
    queues = Lookup(r for r in graph if ROLE_OF_TYPE.get(r.type) == "queue")
    found = set()
    for other in graph:
        for key, target_key in DEAD_LETTER_SETTINGS:
            if key in other.inputs:
                named = queues.resolve(_setting(other.inputs[key], target_key))
                if named is not None and named is not other:
                    found.add(named.urn)
    return frozenset(found)


def _setting(value: Any, key: str) -> Any:
    """`value[key]`, where `value` is a mapping or JSON text of one (as redrive policies are)."""
    if isinstance(value, str):
        try:
            value = decode_json(value)
        except (Refused, json.JSONDecodeError):
            return None
    return value.get(key) if isinstance(value, Mapping) else None


def _dead(ctx: Context) -> frozenset[str]:
    return ctx.index.memo("dead letters", _dead_letters)


def _live(resource: Resource, ctx: Context) -> int:
    """How many resources of this one's type carry the scenario's messages."""
    dead = _dead(ctx)

    def count(graph: Sequence[Resource]) -> Counter[str]:
        return Counter(r.type for r in graph if r.urn not in dead)

    return ctx.index.memo("live", count)[resource.type]


def message_requests(per_message: float) -> Any:
    """Usage: API requests for the scenario's messages, shared by the live queues of a type."""

    def usage(resource: Resource, ctx: Context) -> dict[str, float]:
        if dead_letter(resource, ctx):
            return {}
        total = ctx.scenario.messages * per_message / _live(resource, ctx)
        return {ctx.region(resource.type.split(":")[0], resource): total}

    return usage


def message_bytes(resource: Resource, ctx: Context) -> dict[str, float]:
    """Pub/Sub throughput: each message is published once and delivered once."""
    if dead_letter(resource, ctx):
        return {}
    ctx.notes.add("Pub/Sub: each message is published once and delivered to one subscription")
    return {ONE: 2 * ctx.scenario.messages * ctx.scenario.message_size / _live(resource, ctx)}


def one_zone(resource: Resource, ctx: Context) -> dict[str, float]:
    return {ONE: 1.0}


def dns_queries(resource: Resource, ctx: Context) -> dict[str, float]:
    zones = ctx.index.of_type(resource.type)
    if len(zones) > 1:
        ctx.notes.add("DNS queries are shared equally between the hosted zones")
    return {ONE: ctx.scenario.dns_queries / len(zones)}


def statistics_stored(resource: Resource, ctx: Context) -> dict[str, float]:
    if resource.role != "analytics":
        raise Unpriceable(
            f"the scenario gives no usage for a dataset in role {resource.role}", True
        )
    ctx.notes.add("BigQuery: the statistics dataset is priced as active storage")
    return {ONE: ctx.scenario.stats_stored}
