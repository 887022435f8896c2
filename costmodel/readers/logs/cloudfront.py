"""CloudFront standard logs (legacy delivery to S3): gzip files of tab-separated lines under a
`#Version: 1.0` line and a `#Fields:` line naming the columns in order.

Fields (AWS, CloudFront Developer Guide, "Standard logging reference", log file fields):
`date` and `time` in UTC (when the edge finished the response), `x-edge-location` (the edge:
a three-letter IATA code and a number, IAD89-C1), `sc-bytes` (bytes to the viewer, headers
included), `cs-method`, `sc-status`, and `x-edge-result-type`, how the edge classified the
response: Hit, RefreshHit (in cache, revalidated with the origin), Miss, LimitExceeded,
CapacityExceeded, Error or Redirect. A field with no value is `-`; the user agent and query are
URL-encoded, so a line never holds a tab of its own. Older logs have fewer fields (the list has
grown to 33), so columns are found by name in each file's `#Fields` line.

Hit and RefreshHit are cache hits: the bytes left the edge's cache (a RefreshHit only asked the
origin whether the object changed).
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass

from costmodel.errors import InputError
from costmodel.readers.logs.base import (
    FastLines,
    LocationKind,
    Side,
    csv_source,
    ident,
    pop_code,
    writes,
)
from costmodel.readers.logs.files import LogFile

REQUIRED = (
    "date",
    "time",
    "x-edge-location",
    "sc-bytes",
    "cs-method",
    "sc-status",
    "x-edge-result-type",
)
EXTRA = "__extra"  # one column past the header's: set when a line has too many fields


@dataclass(frozen=True)
class CloudFront:
    name: str = "cloudfront"
    side: Side = "cdn"
    location: LocationKind | None = "pop"

    def matches(self, head: Sequence[str]) -> bool:
        return len(head) >= 2 and head[0].startswith("#Version:") and "x-edge" in head[1]

    def batch_key(self, file: LogFile) -> Hashable:
        return _fields(file)

    def fast_lines(self, files: Sequence[LogFile]) -> FastLines | None:
        return None  # not JSON lines

    def lines_sql(self, files: Sequence[LogFile], rejects: str) -> str:
        fields = _fields(files[0])
        columns = [*fields, EXTRA]
        c = {name: ident(name) for name in columns}
        source = csv_source(files, columns, rejects, delim="\t", comment="#")
        return f"""
            SELECT filename, ts, bytes, result IN ('Hit', 'RefreshHit') AS hit, location,
                   write, upload,
                   (ts IS NULL OR bytes IS NULL OR result IS NULL OR short OR long) AS bad
            FROM (
                SELECT filename, TRY_CAST({c["date"]} || ' ' || {c["time"]} AS TIMESTAMP) AS ts,
                       TRY_CAST({c["sc-bytes"]} AS BIGINT) AS bytes,
                       {c["x-edge-result-type"]} AS result,
                       {pop_code(c["x-edge-location"])} AS location,
                       {writes(c["cs-method"], c["sc-status"])},
                       {c[fields[-1]]} IS NULL AS short, {c[EXTRA]} IS NOT NULL AS long
                FROM {source})"""


def _fields(file: LogFile) -> tuple[str, ...]:
    """The column names from the file's `#Fields:` line; every required one must be there."""
    line = next((h for h in file.head if h.startswith("#Fields:")), None)
    if line is None:
        raise InputError(file.name, "#Fields", "no #Fields header line; not a CloudFront log")
    fields = tuple(line.removeprefix("#Fields:").split())
    missing = [f for f in REQUIRED if f not in fields]
    if missing:
        raise InputError(
            file.name, "#Fields", f"header lacks {', '.join(missing)}; not a CloudFront log"
        )
    if len(set(fields)) != len(fields):
        raise InputError(file.name, "#Fields", "a field is named twice")
    return fields
