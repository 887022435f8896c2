"""Cloud CDN request logs: the external Application Load Balancer's entries in Cloud Logging,
exported (a log sink to Cloud Storage) as one JSON LogEntry per line.

Fields (Cloud Logging API reference, LogEntry and HttpRequest; Cloud CDN "Logs and metrics for
caching"): `timestamp` (RFC 3339, UTC), `httpRequest.requestMethod`, `httpRequest.status`,
`httpRequest.responseSize` (bytes sent to the client, headers included; an int64, so a JSON
string), `httpRequest.cacheHit` (served from cache, with or without validation) and
`jsonPayload.cacheId`, the cache that answered: the city's IATA code and an instance id
(SFO-fbae48ad); a chain of caches lists the one nearest the client last.

Proto3's JSON leaves out fields at their default, so a missing `cacheHit` means false and a
missing `responseSize` means 0 bytes. A line without `timestamp` is malformed, and so is one
whose `httpRequest` holds none of `requestMethod`, `status`, `responseSize` and `cacheHit` (or
that has no `httpRequest`): it is another kind of log entry, not a request. Testing those four
rather than the object itself spares writing every line's `httpRequest` back out as text,
about 15 % of a run's CPU time (benchmarks/README.md).
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass

from costmodel.readers.logs import jsonfields
from costmodel.readers.logs.base import (
    FastLines,
    LocationKind,
    Side,
    data_lines,
    iso_timestamp,
    lines_source,
    pop_code,
    writes,
)
from costmodel.readers.logs.files import LogFile

KEYS = (
    "timestamp",
    "httpRequest.requestMethod",
    "httpRequest.status",
    "httpRequest.responseSize",
    "httpRequest.cacheHit",
    "jsonPayload.cacheId",
)


@dataclass(frozen=True)
class CloudCdn:
    name: str = "cloudcdn"
    side: Side = "cdn"
    location: LocationKind | None = "pop"

    def matches(self, head: Sequence[str]) -> bool:
        objects = (jsonfields.as_object(line) for line in data_lines(head))
        return any(o is not None and "httpRequest" in o and "timestamp" in o for o in objects)

    def batch_key(self, file: LogFile) -> Hashable:
        return None

    def lines_sql(self, files: Sequence[LogFile], rejects: str) -> str:
        v = [f"v[{i + 1}]" for i in range(len(KEYS))]
        source = f"""(SELECT filename, {jsonfields.extract(KEYS)} AS v
                      FROM {lines_source(files, rejects)})"""
        return f"SELECT filename, ts, bytes, bad, {DERIVED} FROM ({_lines(v, source)})"

    def fast_lines(self, files: Sequence[LogFile]) -> FastLines | None:
        read = jsonfields.reader(files, KEYS)
        if read is None:
            return None
        source, values = read
        return FastLines(_lines(values, source), RAW, DERIVED)


# The values hit, location, write and upload are derived from; the location is the POP
# code, not the cache id, which names an instance (too many to group by).
RAW = ("hit", "place", "method", "status")
DERIVED = f"""coalesce(lower(hit) = 'true', false) AS hit, place AS location,
              {writes("method", "status")}"""


def _lines(v: Sequence[str], source: str) -> str:
    """filename, ts, bytes, bad and the RAW columns from `source`, where `v` are the values
    of KEYS."""
    ts, method, status, size, hit, cache_id = v
    # The cache nearest the client is the last of a chain ("del-2, bom-3"). Most ids name one
    # cache: splitting only a chain spares a list per line (-2.7 % of the fast query's
    # instructions, benchmarks/README.md), and the last of a one-item list is the id itself.
    last = f"list_last(string_split({cache_id}, ','))"
    cache = f"trim(CASE WHEN contains({cache_id}, ',') THEN {last} ELSE {cache_id} END)"
    return f"""
        SELECT filename, ts, bytes, (ts IS NULL OR bytes IS NULL OR NOT request) AS bad,
               {", ".join(RAW)}
        FROM (SELECT filename, {iso_timestamp(ts)} AS ts,
                     CASE WHEN {size} IS NULL THEN 0 ELSE TRY_CAST({size} AS BIGINT) END
                         AS bytes,
                     {hit} AS hit, {pop_code(cache)} AS place, {method} AS method,
                     {status} AS status,
                     coalesce({method}, {status}, {size}, {hit}) IS NOT NULL AS request
              FROM {source})"""
