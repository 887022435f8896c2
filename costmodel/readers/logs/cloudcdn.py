"""Cloud CDN request logs: the external Application Load Balancer's entries in Cloud Logging,
exported (a log sink to Cloud Storage) as one JSON LogEntry per line.

Fields (Cloud Logging API reference, LogEntry and HttpRequest; Cloud CDN "Logs and metrics for
caching"): `timestamp` (RFC 3339, UTC), `httpRequest.requestMethod`, `httpRequest.status`,
`httpRequest.responseSize` (bytes sent to the client, headers included; an int64, so a JSON
string), `httpRequest.cacheHit` (served from cache, with or without validation) and
`jsonPayload.cacheId`, the cache that answered: the city's IATA code and an instance id
(SFO-fbae48ad); a chain of caches lists the one nearest the client last.

Proto3's JSON leaves out fields at their default, so a missing `cacheHit` means false and a
missing `responseSize` means 0 bytes; a line without `timestamp` or `httpRequest` is malformed.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass

from costmodel.readers.logs import jsonfields
from costmodel.readers.logs.base import (
    LocationKind,
    Side,
    data_lines,
    json_source,
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
        f = {key: jsonfields.access(key) for key in KEYS}
        ts = f"TRY_CAST({f['timestamp']} AS TIMESTAMPTZ)::TIMESTAMP"
        raw_size = f["httpRequest.responseSize"]
        size = f"CASE WHEN {raw_size} IS NULL THEN 0 ELSE TRY_CAST({raw_size} AS BIGINT) END"
        # The cache nearest the client is the last of a chain ("del-2, bom-3").
        cache = f"trim(list_last(string_split({f['jsonPayload.cacheId']}, ',')))"
        method, status = f["httpRequest.requestMethod"], f["httpRequest.status"]
        source = json_source(files, jsonfields.columns(KEYS))
        return f"""
            SELECT filename, {ts} AS ts, {size} AS bytes,
                   coalesce(lower({f["httpRequest.cacheHit"]}) = 'true', false) AS hit,
                   {pop_code(cache)} AS location, {writes(method, status)},
                   ({ts} IS NULL OR {size} IS NULL OR "httpRequest" IS NULL) AS bad
            FROM {source}"""
