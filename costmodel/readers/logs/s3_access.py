"""S3 server access logs: space-separated lines, one per request to the bucket (Amazon S3 User
Guide, "Amazon S3 server access log format").

In order: bucket owner, bucket, `[06/Feb/2019:00:00:38 +0000]` (when the request was received;
the space inside makes it two columns here), remote IP (IPv4 or IPv6), requester, request ID,
operation (`REST.GET.OBJECT`, `REST.PUT.OBJECT`, ...), key, `"request URI"`, HTTP status,
error code, bytes sent (`-` for none), object size, total time, turn-around time,
`"referer"`, `"user agent"`, then fields AWS has added over the years at the end (version id,
host id, signature version, cipher, auth type, host header, TLS version, access point ARN,
ACL required, ...); "any field can be set to `-`". Extra trailing fields are allowed, since
AWS says it may add more.

Origin logs, like gcs-usage: behind a CDN, GET bytes are what the CDN fetched.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

from costmodel.readers.logs.base import (
    FastLines,
    LocationKind,
    Side,
    csv_source,
    data_lines,
    writes,
)
from costmodel.readers.logs.files import LogFile

NAMED = (
    "bucket_owner",
    "bucket",
    "time",
    "time_zone",
    "remote_ip",
    "requester",
    "request_id",
    "operation",
    "key",
    "request_uri",
    "http_status",
    "error_code",
    "bytes_sent",
)
COLUMNS = (*NAMED, *(f"field_{i}" for i in range(len(NAMED), 48)))
# owner, bucket, [time zone], remote IP, requester, request id, and an operation like REST.GET
LINE = re.compile(
    r"\S+ \S+ \[\d{2}/[A-Z][a-z]{2}/\d{4}:\d{2}:\d{2}:\d{2} [+-]\d{4}\] \S+ \S+ \S+ [A-Z]+\."
)


@dataclass(frozen=True)
class S3Access:
    name: str = "s3-access"
    side: Side = "origin"
    location: LocationKind | None = None

    def matches(self, head: Sequence[str]) -> bool:
        return any(LINE.match(line) for line in data_lines(head))

    def batch_key(self, file: LogFile) -> Hashable:
        return None

    def fast_lines(self, files: Sequence[LogFile]) -> FastLines | None:
        return None  # not JSON lines

    def lines_sql(self, files: Sequence[LogFile], rejects: str) -> str:
        ts = "try_strptime(time || ' ' || time_zone, '[%d/%b/%Y:%H:%M:%S %z]')::TIMESTAMP"
        size = "CASE WHEN bytes_sent = '-' THEN 0 ELSE TRY_CAST(bytes_sent AS BIGINT) END"
        method = "split_part(operation, '.', 2)"  # REST.PUT.OBJECT -> PUT
        source = csv_source(files, COLUMNS, rejects, delim=" ", quote='"', escape="\\")
        return f"""
            SELECT * EXCLUDE (status), (ts IS NULL OR bytes IS NULL OR status IS NULL) AS bad
            FROM (
                SELECT filename, {ts} AS ts, {size} AS bytes, NULL::BOOLEAN AS hit,
                       NULL AS location, {writes(method, "http_status")},
                       TRY_CAST(http_status AS INTEGER) AS status
                FROM {source})"""
