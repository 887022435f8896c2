"""`--usage FILE` beside a Terraform plan: Infracost's usage file, or indexplan's own.

Infracost's format is what Terraform users already keep (infracost-usage-example.yml):

```yaml
version: 0.1
resource_usage:                     # by resource address; `[*]` matches every instance
  module.storage.aws_s3_bucket.files:
    standard: {storage_gb: 2048, monthly_tier_1_requests: 100000}
resource_type_default_usage:        # by Terraform type, for the resources not named above
  aws_sqs_queue: {monthly_requests: 3000000}
```

The keys of the types indexplan prices map onto its usage (usage_file.py): bucket bytes and
uploads, the CDN's bytes and HTTPS requests by region (the requests keep their own shares,
which may differ from the bytes'), queue messages, a NAT gateway's bytes processed.
Infracost's "GB" is the provider's billing unit, 2^30 bytes for AWS and Google Cloud. Every
other key is listed in the estimate's notes with why it is not used, never dropped silently.
An address the plan does not have is refused (one line with the closest addresses: a typo
would price the resource at the scenario's usage); a type default with no resource of its
type is noted (usage files are often shared between workspaces). A file without Infracost's
keys is indexplan's own format, keyed by address.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from costmodel.errors import InputError
from costmodel.files.jsonfile import validate_as
from costmodel.files.yamlfile import load_yaml_mapping
from costmodel.model.graph import Resource
from costmodel.model.limits import MAX_BYTES, MAX_COUNT
from costmodel.model.quantities import GIB
from costmodel.readers.terraform.plan import printable, tf_type_of
from costmodel.readers.usage_file import UsageFile, load_usage_file, unknown_name
from costmodel.readers.usage_models import Defaults, ResourceUsage

SECTIONS = ("resource_usage", "resource_type_default_usage")
VERSIONS = ("0.1", "v0.1")


@dataclass(frozen=True)
class Key:
    """Where an Infracost key lands in indexplan's usage, and the factor to its unit."""

    target: str  # "section.field" of ResourceUsage; keys with one target add up
    scale: float = 1.0
    region: str | None = None  # the scenario region of a CDN's bytes or requests


# bytes; the others count
DATA_TARGETS = frozenset({"storage.stored", "traffic.egress", "gateway.processed"})
# CloudFront's usage is by Infracost's price region, each one of indexplan's regions.
CDN_REGIONS = {
    "us": "north_america",
    "europe": "europe",
    "south_africa": "africa",
    "south_america": "south_america",
    "japan": "japan",
    "australia": "oceania",
    "asia_pacific": "asia_pacific",
    "india": "india",
}
UNDERSTOOD: dict[str, dict[str, Key]] = {
    "aws_s3_bucket": {
        "standard.storage_gb": Key("storage.stored", GIB),
        "standard.monthly_tier_1_requests": Key("storage.uploads"),  # PUT, COPY, POST, LIST
    },
    "google_storage_bucket": {
        "storage_gb": Key("storage.stored", GIB),
        "monthly_class_a_operations": Key("storage.uploads"),
    },
    "aws_cloudfront_distribution": {
        **{
            f"monthly_data_transfer_to_internet_gb.{key}": Key("traffic.egress", GIB, region)
            for key, region in CDN_REGIONS.items()
        },
        **{
            f"monthly_https_requests.{key}": Key("traffic.requests", region=region)
            for key, region in CDN_REGIONS.items()
        },
    },
    # indexplan counts each task as a send, a receive and a delete (three requests)
    "aws_sqs_queue": {"monthly_requests": Key("queue.messages", 1 / 3)},
    "aws_sns_topic": {"monthly_requests": Key("queue.messages")},
    "aws_nat_gateway": {"monthly_data_processed_gb": Key("gateway.processed", GIB)},
}
# Why common keys are not used (any other key: indexplan has no usage for it).
REASONS = {
    "monthly_tier_2_requests": "indexplan derives GET requests from the CDN's cache misses",
    "monthly_class_b_operations": "indexplan derives reads from the CDN's cache misses",
    "monthly_http_requests": "indexplan prices HTTPS requests (the CDN redirects HTTP)",
    "request_size": "indexplan does not bill queue requests by size",
    "monthly_standard_queries": "indexplan prices DNS queries on the hosted zone "
    "(dns.queries in the scenario)",
    "monthly_queries": "indexplan prices DNS queries on the managed zone "
    "(dns.queries in the scenario)",
    # the bytes other gateways and endpoints process (a NAT gateway's are read)
    "monthly_data_processed_gb": "indexplan reads the bytes processed only for aws_nat_gateway",
}
CLASS_REASON = (
    "indexplan prices a bucket's bytes in the class its lifecycle rules name; "
    "give them as standard.storage_gb"
)
EGRESS_FIRST = "needs monthly_data_transfer_to_internet_gb beside it"


def load_plan_usage(path: Path, graph: Sequence[Resource]) -> tuple[UsageFile, list[str]]:
    """The usage file given with a plan, and the notes on what it said that is not used."""
    data = load_yaml_mapping(path, what="a usage file")
    if not any(key in data for key in ("version", *SECTIONS)):
        return load_usage_file(path), []
    return _Infracost(str(path), graph).read(data)


class _Infracost:
    def __init__(self, where: str, graph: Sequence[Resource]) -> None:
        self.where = where
        self.graph = graph
        self.notes: list[str] = []
        self.request_regions: dict[str, dict[str, float]] = {}  # by URN

    def read(self, data: Mapping[str, Any]) -> tuple[UsageFile, list[str]]:
        for key in data:
            if key != "version" and key not in SECTIONS:
                raise InputError(
                    self.where,
                    printable(str(key)),
                    "unknown key; expected version, " + ", ".join(SECTIONS),
                )
        if "version" in data and str(data["version"]) not in VERSIONS:
            got = printable(repr(data["version"]))[:40]
            raise InputError(self.where, "version", f"expected 0.1, got {got}")
        named = self._section(data, "resource_usage")
        by_type = self._section(data, "resource_type_default_usage")
        merged: dict[str, dict[str, Any]] = {}
        for r in self.graph:
            tf_type = tf_type_of(r.urn)
            layers = [(f"resource_type_default_usage.{tf_type}", by_type.get(tf_type))]
            layers += [(f"resource_usage.{k}", v) for k, v in named.items() if _matches(k, r.urn)]
            flat: dict[str, Any] = {}
            for label, layer in layers:
                if layer is not None:
                    flat.update({k: (label, v) for k, v in _flatten(layer, label, self.where)})
            if flat:
                merged[r.urn] = flat
        self._unmatched(named, by_type)
        read = {urn: self._entry(urn, flat) for urn, flat in merged.items()}
        entries = {k: v for k, v in read.items() if v}
        shares = {k: v for k, v in self.request_regions.items() if k in entries}
        usage = UsageFile(self.where, Defaults(), entries, shares)
        return usage, self.notes

    def _section(self, data: Mapping[str, Any], name: str) -> dict[str, Mapping[str, Any]]:
        section = data.get(name) or {}
        if not isinstance(section, Mapping):
            raise InputError(self.where, name, "must be a mapping of resources to their usage")
        for key, value in section.items():
            if not isinstance(value, Mapping):
                field = printable(f"{name}.{key}")
                raise InputError(self.where, field, "must be a mapping of usage keys")
        return {str(k): v for k, v in section.items()}

    def _unmatched(self, named: Mapping[str, Any], by_type: Mapping[str, Any]) -> None:
        """An address (or pattern) that names no resource is refused: its usage would go
        unused and the resource be priced at the scenario's. A type default the plan has no
        resource of is a note (files are shared between workspaces), unless it is a letter
        or two from a type the plan has: a typo, refused too."""
        addresses = [r.urn for r in self.graph]
        types = {tf_type_of(a) for a in addresses}
        for key in named:
            if not any(_matches(key, a) for a in addresses):
                field = printable(f"resource_usage.{key}")
                why = "no such resource in the plan"
                raise unknown_name(self.where, field, key, addresses, why)
        for key in by_type:
            if key in types:
                continue
            field = printable(f"resource_type_default_usage.{key}")
            if difflib.get_close_matches(key, types, n=1, cutoff=0.9):
                why = "no resource of this type in the plan"
                raise unknown_name(self.where, field, key, types, why)
            self.notes.append(f"usage file: {field}: no resource of this type in the plan")

    def _entry(self, urn: str, flat: Mapping[str, tuple[str, float]]) -> ResourceUsage | None:
        tf_type = tf_type_of(urn)
        totals: dict[str, float] = defaultdict(float)
        regions: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        for key, (label, value) in flat.items():
            understood = UNDERSTOOD.get(tf_type, {}).get(key)
            if understood is None:
                self._unused(label, key, tf_type)
                continue
            totals[understood.target] += value * understood.scale
            if understood.region:
                regions[understood.target][understood.region] += value * understood.scale
        if "traffic.requests" in totals and "traffic.egress" not in totals:
            del totals["traffic.requests"]  # the model derives requests from bytes, not back
            self._unused(f"resource_usage.{urn}", "monthly_https_requests", tf_type, EGRESS_FIRST)
        fields: dict[str, dict[str, Any]] = defaultdict(dict)
        for target, total in totals.items():
            section, name = target.split(".")
            fields[section][name] = self._quantity(total, target, urn)
        egress = totals.get("traffic.egress", 0.0)
        if egress > 0:
            fields["traffic"]["regions"] = _shares(regions["traffic.egress"], egress)
        requests = totals.get("traffic.requests", 0.0)
        if requests > 0:  # priced in each region as given, whatever the bytes' shares
            self.request_regions[urn] = _shares(regions["traffic.requests"], requests)
        return validate_as(ResourceUsage, dict(fields), self.where) if fields else None

    def _quantity(self, value: float, target: str, urn: str) -> str:
        """A figure as a quantity ResourceUsage parses exactly (bytes, or a monthly count)."""
        data = target in DATA_TARGETS
        bound = MAX_BYTES if data else MAX_COUNT
        if value > bound:
            raise InputError(
                self.where, printable(f"{urn}: {target}"), f"larger than {bound:.0e} a month"
            )
        return f"{value!r} B" if data else f"{value!r}/month"

    def _unused(self, label: str, key: str, tf_type: str, reason: str | None = None) -> None:
        if reason is None:
            parts = key.split(".")
            known = [REASONS[p] for p in parts if p in REASONS]
            if tf_type == "aws_s3_bucket" and len(parts) > 1 and parts[0] != "standard":
                reason = CLASS_REASON
            else:
                reason = known[0] if known else f"indexplan takes no such usage for {tf_type}"
        note = f"usage file: {printable(label)}: {printable(key)} not used: {reason}"
        if note not in self.notes:
            self.notes.append(note)


def _shares(by_region: Mapping[str, float], total: float) -> dict[str, float]:
    return {region: value / total for region, value in by_region.items() if value}


def _flatten(
    layer: Mapping[str, Any], label: str, where: str, prefix: str = ""
) -> list[tuple[str, float]]:
    """`{standard: {storage_gb: 1}}` -> [("standard.storage_gb", 1.0)]; numbers checked."""
    out: list[tuple[str, float]] = []
    for key, value in layer.items():
        path = f"{prefix}{key}"
        if isinstance(value, Mapping) and not prefix:
            out += _flatten(value, label, where, f"{path}.")
            continue
        # NaN and infinity never get here: the YAML loader refuses them in any user file
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            raise InputError(
                where,
                printable(f"{label}.{path}"),
                f"expected a non-negative number, got {value!r}",
            )
        out.append((path, float(value)))
    return out


_INSTANCE = r'\[(?:\d+|"(?:[^"\\]|\\.)*")\]'


def _matches(pattern: str, address: str) -> bool:
    """An address, or a pattern whose `[*]` stands for any instance key."""
    if "[*]" not in pattern:
        return pattern == address
    return _wildcard(pattern).fullmatch(address) is not None


@cache
def _wildcard(pattern: str) -> re.Pattern[str]:
    return re.compile(re.escape(pattern).replace(re.escape("[*]"), _INSTANCE))
