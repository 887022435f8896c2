"""The `--usage FILE`: usage per resource for graphs the scenario alone cannot price.

```yaml
default:                    # per role, for the resources of that role not named below
  storage: {storage: {stored: 100 GB}}
assets-bucket:              # a resource name or URN; the same sections as a scenario
  serves_cdn: true          # the CDN's origin: cache misses are fetched from it
  storage: {stored: 2 TB, uploads: 5e4/month}
site-cdn:
  traffic: {egress: 40 TB/month, cache_hit_ratio: 0.95}
nat:                        # a NAT gateway: the bytes it processes
  gateway: {processed: 500 GB/month}
```

An entry's figures replace the scenario's for that resource; figures it leaves out are the
scenario's. A bucket serves the CDN only when its entry says `serves_cdn: true`, or when it
is the graph's only bucket; one that does not sees no CDN traffic (no cache-miss GETs or
transfer). Resources of another program that share a role the scenario describes as one
(two buckets, two CDNs) get no usage unless named here or given a `default`, and are then
listed as "depends on usage".
"""

from __future__ import annotations

import dataclasses
import difflib
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from costmodel.errors import InputError
from costmodel.files.jsonfile import M, validate_as
from costmodel.model.graph import Resource
from costmodel.model.roles import ambiguous, by_type, with_role
from costmodel.model.scenario import DEFAULT_BYTES_PER_REQUEST, Scenario
from costmodel.readers.cdn_origin import beside_origin

if TYPE_CHECKING:  # the file's models (pydantic): loaded with a usage file only
    from pydantic import BaseModel

    from costmodel.readers.usage_models import Defaults, ResourceUsage

Role = Literal["cdn", "storage", "database", "cache", "queue", "dns", "analytics"]
DEFAULT_KEY = "default"


@dataclass(frozen=True)
class UsageFile:
    where: str
    defaults: Defaults
    entries: dict[str, ResourceUsage]  # by resource name or URN
    # by URN: a CDN's requests' own shares by region (Infracost's per-region requests)
    request_regions: dict[str, dict[str, float]] = dataclasses.field(default_factory=dict)


def load_usage_file(path: Path) -> UsageFile:
    from costmodel.files.yamlfile import load_yaml_mapping  # PyYAML: only for a usage file
    from costmodel.readers.usage_models import Defaults, ResourceUsage

    where = str(path)
    data = load_yaml_mapping(path, what="a usage file")
    defaults = _validate_entry(Defaults, data.pop(DEFAULT_KEY, None) or {}, where, DEFAULT_KEY)
    entries = {
        key: _validate_entry(ResourceUsage, value, where, key) for key, value in data.items()
    }
    return UsageFile(where, defaults, entries)


def _validate_entry(model: type[M], value: object, where: str, key: str) -> M:
    """`value` as `model`; a problem's field path starts with the entry's key in the file."""
    try:
        return validate_as(model, value, where)
    except InputError as exc:
        field = key if exc.field == "(top level)" else f"{key}.{exc.field}"
        raise InputError(where, field, exc.expected) from None


@dataclass(frozen=True)
class Applied:
    graph: list[Resource]  # with the roles the usage file sets
    usage: dict[str, Scenario | None]  # per URN: its own figures, or None for no usage


def apply_usage(graph: Sequence[Resource], scenario: Scenario, file: UsageFile | None) -> Applied:
    """Each resource's usage: its entry, else its role's default, else (when the scenario
    cannot say which resource it describes) none."""
    entries = _match(graph, file) if file else {}
    graph = [with_role(r, e.role) if (e := entries.get(r.urn)) and e.role else r for r in graph]
    unclear = ambiguous(graph) | beside_origin(graph)
    buckets = [r for r in graph if r.role == "storage" and by_type(r)]
    usage: dict[str, Scenario | None] = {}
    for r in graph:
        entry = entries.get(r.urn)
        if entry is None and file is not None and r.role and (by_type(r) or r.urn in unclear):
            entry = getattr(file.defaults, r.role)
        if entry is not None:
            origin = entry.serves_cdn
            if origin is None:  # unsaid: only one of several buckets of another program is,
                # and not one the graph's source found beside the CDN's origin
                origin = not (by_type(r) and (len(buckets) > 1 or r.urn in unclear))
            own = _override(scenario, entry, serves_cdn=origin or r.role != "storage")
            shares = file.request_regions.get(r.urn) if file is not None else None
            usage[r.urn] = dataclasses.replace(own, request_regions=shares) if shares else own
        elif r.urn in unclear:
            usage[r.urn] = None
    return Applied(graph, usage)


def unknown_name(
    where: str, field: str, key: str, known: Iterable[str], expected: str
) -> InputError:
    """A usage file's `key` (at `field`) that names nothing: one line with the closest known
    names (a typo's usage would otherwise go unused, the resource priced at the scenario's)."""
    names = sorted(set(known))
    close = difflib.get_close_matches(key, names, n=3, cutoff=0.6)
    shown = close or names[:5]
    more = "" if close or len(names) <= 5 else f" and {len(names) - 5} more"
    label = "closest" if close else "known"
    return InputError(where, field, f"{expected}; {label}: {', '.join(shown) or '(none)'}{more}")


def _match(graph: Sequence[Resource], file: UsageFile) -> dict[str, ResourceUsage]:
    """Each entry by the URN it names: keyed exactly, by URN or by resource name."""
    urns = {r.urn for r in graph}
    by_name: dict[str, list[str]] = defaultdict(list)
    for r in graph:
        by_name[r.name].append(r.urn)
    out: dict[str, ResourceUsage] = {}
    for key, entry in file.entries.items():
        if key in urns:
            out[key] = entry
            continue
        named = by_name.get(key, [])
        if not named:
            known = ", ".join(sorted({r.name for r in graph if r.role}))
            raise InputError(file.where, key, f"no resource of this name or URN; known: {known}")
        if len(named) > 1:
            raise InputError(file.where, key, f"names {len(named)} resources; key it by URN")
        out[named[0]] = entry
    return out


def _override(scenario: Scenario, entry: ResourceUsage, serves_cdn: bool) -> Scenario:
    changes: dict[str, object] = {}
    if entry.traffic is not None:
        t = entry.traffic
        assert t.egress is not None  # required by the model
        changes["egress"] = t.egress
        changes["requests"] = (
            t.requests if t.requests is not None else (t.egress / DEFAULT_BYTES_PER_REQUEST)
        )
        if t.cache_hit_ratio is not None:
            changes["cache_hit_ratio"] = t.cache_hit_ratio
        if t.regions is not None:
            changes["regions"] = {k: v for k, v in t.regions.items() if v > 0}
    if not serves_cdn:
        changes.update(egress=0.0, requests=0.0)  # no CDN traffic reaches this bucket
    sections: Mapping[str, tuple[BaseModel | None, Mapping[str, str]]] = {
        "storage": (entry.storage, {"stored": "stored", "uploads": "uploads"}),
        "queue": (entry.queue, {"messages": "messages", "message_size": "message_size"}),
        "dns": (entry.dns, {"queries": "dns_queries"}),
        "statistics": (entry.statistics, {"stored": "stats_stored"}),
        "gateway": (entry.gateway, {"processed": "gateway_processed"}),
    }
    for section, fields in sections.values():
        for name, target in fields.items():
            value = getattr(section, name, None) if section is not None else None
            if value is not None:
                changes[target] = value
    return dataclasses.replace(scenario, **changes)  # type: ignore[arg-type]
