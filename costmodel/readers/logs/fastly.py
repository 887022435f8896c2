"""Fastly access logs as JSON lines: by default the format indexplan's own Fastly service
writes (infra/cdn/fastly.py, LOG_FORMAT; its fields are documented in this package's
README), or an operator's own format through a field map (`--field bytes=resp_body_bytes`).

The fields used, by their names in the map, with the VCL variable indexplan logs for each
(Fastly VCL reference):
    timestamp  time.start, ISO 8601 in UTC (seconds since the epoch are accepted too)
    bytes      resp.bytes_written: bytes sent to the client, headers included
    cache      fastly_info.state: HIT, MISS, PASS, ... with suffixes such as HIT-CLUSTER;
               HIT and HIT-* are served from cache (Fastly, "X-Cache" header reference);
               an operator's boolean `true` counts as a hit too
    pop        server.datacenter: the POP's three-letter code (IATA-derived)
    country    client.geo.country_code: ISO 3166-1 alpha-2
    method     req.method
    status     resp.status
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field

from costmodel.errors import InputError
from costmodel.readers.logs import jsonfields
from costmodel.readers.logs.base import (
    FastLines,
    LocationKind,
    Side,
    country_code,
    data_lines,
    iso_timestamp,
    lines_source,
    pop_code,
    writes,
)
from costmodel.readers.logs.files import LogFile

# The keys of indexplan's own format (infra/cdn/fastly.py LOG_FORMAT); a test keeps them equal.
DEFAULT_FIELDS: Mapping[str, str] = {
    "timestamp": "timestamp",
    "bytes": "bytes",
    "cache": "cache",
    "pop": "pop",
    "country": "country",
    "method": "method",
    "status": "status",
}
REQUIRED = ("timestamp", "bytes")
# The values hit, location, write and upload are derived from (the cache state in capitals).
RAW = ("cache", "place", "method", "status")


@dataclass(frozen=True)
class Fastly:
    name: str = "fastly"
    side: Side = "cdn"
    location: LocationKind | None = "pop"
    fields: Mapping[str, str] = field(default_factory=lambda: dict(DEFAULT_FIELDS))

    def matches(self, head: Sequence[str]) -> bool:
        objects = (jsonfields.as_object(line) for line in data_lines(head))
        return any(
            obj is not None
            and "httpRequest" not in obj
            and all(jsonfields.has(obj, self.fields[f]) for f in REQUIRED)
            for obj in objects
        )

    def batch_key(self, file: LogFile) -> Hashable:
        return None

    @property
    def names(self) -> list[str]:
        """The fields read, in order: the POP or the country, not both."""
        return ["timestamp", "bytes", "cache", self.location or "pop", "method", "status"]

    def lines_sql(self, files: Sequence[LogFile], rejects: str) -> str:
        values = jsonfields.extract([self.fields[name] for name in self.names])
        v = [f"v[{i + 1}]" for i in range(len(self.names))]
        source = f"(SELECT filename, {values} AS v FROM {lines_source(files, rejects)})"
        return f"SELECT filename, ts, bytes, bad, {self._derived()} FROM ({self._lines(v, source)})"

    def fast_lines(self, files: Sequence[LogFile]) -> FastLines | None:
        read = jsonfields.reader(files, [self.fields[name] for name in self.names])
        if read is None:
            return None
        source, values = read
        return FastLines(self._lines(values, source), RAW, self._derived())

    def _lines(self, v: Sequence[str], source: str) -> str:
        """filename, ts, bytes, bad and the RAW columns from `source`, where `v` are the
        values of the fields in `names`."""
        ts, size, cache, place, method, status = v
        return f"""
            SELECT filename, ts, bytes, (ts IS NULL OR bytes IS NULL) AS bad, {", ".join(RAW)}
            FROM (SELECT filename, {iso_timestamp(ts)} AS ts,
                         TRY_CAST({size} AS BIGINT) AS bytes, upper({cache}) AS cache,
                         {place} AS place, {method} AS method, {status} AS status
                  FROM {source})"""

    def _derived(self) -> str:
        """hit, location, write and upload from the RAW columns."""
        located = pop_code("place") if self.location == "pop" else country_code("place")
        return f"""CASE WHEN cache = '' THEN NULL
                        ELSE starts_with(cache, 'HIT') OR cache = 'TRUE' END AS hit,
                   {located} AS location, {writes("method", "status")}"""


def with_options(fields: Mapping[str, str], regions_by: LocationKind | None) -> Fastly:
    """The Fastly format with `fields` (NAME -> KEY) over the defaults, locating each request
    by its POP (default) or its client's country."""
    unknown = sorted(set(fields) - set(DEFAULT_FIELDS))
    if unknown:
        raise InputError(
            "--field", unknown[0], f"unknown field; known: {', '.join(DEFAULT_FIELDS)}"
        )
    for name, key in fields.items():
        if not jsonfields.KEY.fullmatch(key):
            raise InputError(
                "--field", name, f"{key!r} is not a JSON key (letters, digits, _-@$, dots)"
            )
    return Fastly(location=regions_by or "pop", fields={**DEFAULT_FIELDS, **fields})
