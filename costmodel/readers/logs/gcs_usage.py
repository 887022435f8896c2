"""Cloud Storage usage logs: hourly CSV files, a header line then one quoted line per request
to the bucket (Cloud Storage, "Usage logs & storage logs", usage log format).

The columns used: `time_micros` (microseconds since the epoch, when the request completed),
`cs_method`, `sc_status` and `sc_bytes` (bytes sent in the response). `c_ip_region` is
documented as reserved for future use, so these logs place no request anywhere.

These are origin logs: behind a CDN they see its cache misses (GET bytes are what the CDN
fetched) and the uploads, not what clients received.
"""

from __future__ import annotations

import csv
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

from costmodel.errors import InputError
from costmodel.readers.logs.base import FastLines, LocationKind, Side, csv_source, ident, writes
from costmodel.readers.logs.files import LogFile

REQUIRED = ("time_micros", "cs_method", "sc_status", "sc_bytes")


@dataclass(frozen=True)
class GcsUsage:
    name: str = "gcs-usage"
    side: Side = "origin"
    location: LocationKind | None = None

    def matches(self, head: Sequence[str]) -> bool:
        return bool(head) and all(f'"{name}"' in head[0] for name in REQUIRED)

    def batch_key(self, file: LogFile) -> Hashable:
        return _header(file)

    def fast_lines(self, files: Sequence[LogFile]) -> FastLines | None:
        return None  # not JSON lines

    def lines_sql(self, files: Sequence[LogFile], rejects: str) -> str:
        header = _header(files[0])
        c = {name: ident(name) for name in header}
        micros = f"TRY_CAST({c['time_micros']} AS BIGINT)"
        # "" is an empty field (a bucket request has no object), not a missing one.
        source = csv_source(
            files,
            header,
            rejects,
            delim=",",
            quote='"',
            escape='"',
            header=True,
            quoted_nulls=False,
        )
        return f"""
            SELECT * EXCLUDE (short), (ts IS NULL OR bytes IS NULL OR short) AS bad FROM (
                SELECT filename,
                       CASE WHEN {micros} BETWEEN 0 AND 1e16 THEN make_timestamp({micros}) END
                           AS ts,
                       TRY_CAST({c["sc_bytes"]} AS BIGINT) AS bytes, NULL::BOOLEAN AS hit,
                       NULL AS location, {writes(c["cs_method"], c["sc_status"])},
                       {c[header[-1]]} IS NULL AS short
                FROM {source})"""


def _header(file: LogFile) -> tuple[str, ...]:
    """The column names from the file's header line; every required one must be there."""
    header = tuple(next(csv.reader([file.head[0]])))
    missing = [name for name in REQUIRED if name not in header]
    if missing or len(set(header)) != len(header):
        raise InputError(
            file.name,
            "header",
            f"expected the usage log columns ({', '.join(REQUIRED)}, ...); "
            f"missing {', '.join(missing) or 'none, but a column is named twice'}",
        )
    return header
