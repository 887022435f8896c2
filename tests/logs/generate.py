"""Deterministic logs of every format, written from a known truth.

The traffic is built so that every figure a scenario holds can be worked out by hand:

* Each hour carries `w` units of traffic, and a unit is `cycles` passes through the seven
  TEMPLATES below, so every month has exactly the templates' mix: a cycle is 7 requests and
  7,000,000 bytes (in the first month), of which 5,000,000 are cache hits (hit ratio 5/7),
  3,000,000 go through IAD (north_america 3/7), 1,000,000 each through FRA, NRT and SYD
  (europe, japan, oceania 1/7 each) and 500,000 each through GRU and BOM (south_america and
  india 1/14 each).
* The hourly weight `w` is 1, except on the 15th: 2 every hour but 4 at 18:00 (50 units that
  day), and on the 16th and 17th: 0 from 00:00 to 12:59 (26 units fewer). A month of D days
  therefore holds exactly 24*D units, one per hour on average: its busiest day is 50/24 of the
  mean day and its busiest hour 4 times the mean hour, whatever D.
* Bytes per request grow by `growth` (11/10) a month, so bytes per hour grow exactly
  geometrically: growth per year = (11/10)^12.
* The origin (gcs-usage, s3-access) sees the IAD misses (template 1) but not the SYD ones
  (template 4), which a shield POP answered: 1,000,000 of 7,000,000 bytes, so the hit ratio
  the origin logs give is 6/7. It also sees one upload a day at 12:00 (counted) and one
  refused PUT at 12:30 (403, not counted).

Quirks of the real formats are kept: CloudFront's #Version/#Fields headers and `-` for empty
fields, URL-encoded user agents, JSON escapes, quoted CSV with commas and doubled quotes,
IPv4 and IPv6 clients, nanosecond timestamps, and requests at 23:59:59 on the last day of a
month delivered in the next day's file (the file a line is in never decides its month).
"""

from __future__ import annotations

import base64
import calendar
import csv
import datetime as dt
import gzip
import hashlib
import io
import itertools
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import IO


@dataclass(frozen=True)
class Template:
    size: int  # bytes in the first month
    hit: bool
    pop: str
    country: str
    origin: bool = False  # a miss the origin's logs show


TEMPLATES = (
    Template(2_000_000, True, "IAD", "US"),
    Template(1_000_000, False, "IAD", "CA", origin=True),
    Template(1_000_000, True, "FRA", "DE"),
    Template(1_000_000, True, "NRT", "JP"),
    Template(1_000_000, False, "SYD", "AU"),
    Template(500_000, True, "GRU", "BR"),
    Template(500_000, True, "BOM", "IN"),
)
REGIONS = {  # share of bytes per scenario region, from the templates above
    "north_america": Fraction(3, 7),
    "europe": Fraction(1, 7),
    "japan": Fraction(1, 7),
    "oceania": Fraction(1, 7),
    "south_america": Fraction(1, 14),
    "india": Fraction(1, 14),
}
CYCLE_BYTES = sum(t.size for t in TEMPLATES)  # 7,000,000
UA = 'pip/24.0 {"ci":null,"python":"3.12.1"} CPython/3.12.1'
UA_URL = "pip/24.0%20%7B%22ci%22:null,%22python%22:%223.12.1%22%7D%20CPython/3.12.1"
UA_ORIGIN = 'storage-proxy, "cdn-fill" (Fastly)'


@dataclass(frozen=True)
class Spec:
    months: tuple[str, ...] = ("2026-01", "2026-02", "2026-03")
    cycles: int = 1
    growth: Fraction = Fraction(11, 10)
    malformed: int = 0  # lines with too few fields at the top of the first file
    unknown_pop: bool = False  # template 6 through POP "QQQ" from country "ZZ"
    days: int | None = None  # only the first days of each month (the benchmark's sample)
    size_factor: int = 1  # every request (and origin fetch) this many times larger


@dataclass(frozen=True)
class Request:
    ts: dt.datetime
    seq: int
    template: Template
    size: int

    @property
    def ip(self) -> str:
        return f"192.0.2.{self.seq % 250}" if self.seq % 2 else f"2001:db8::{self.seq % 65536:x}"

    @property
    def path(self) -> str:
        n = self.seq
        return f"/packages/{n % 97:02x}/{n % 89:02x}/demo_pkg-{n % 13}.0.tar.gz"


def weight(day: int, hour: int) -> int:
    if day == 15:
        return 4 if hour == 18 else 2
    if day in (16, 17) and hour <= 12:
        return 0
    return 1


def month_start(label: str) -> dt.datetime:
    return dt.datetime.strptime(label, "%Y-%m")


def days_in(label: str) -> int:
    start = month_start(label)
    return calendar.monthrange(start.year, start.month)[1]


def requests(spec: Spec) -> Iterator[Request]:
    """Every CDN request, in time order."""
    seq = 0
    templates = [_template(spec, k) for k in range(len(TEMPLATES))]
    for i, label in enumerate(spec.months):
        sizes = [t.size * spec.size_factor * spec.growth**i for t in templates]
        assert all(size.denominator == 1 for size in sizes), "sizes must stay whole bytes"
        start = month_start(label)
        for day in range(1, (spec.days or days_in(label)) + 1):
            for hour in range(24):
                n = weight(day, hour) * spec.cycles * len(TEMPLATES)
                base = start.replace(day=day, hour=hour)
                for j in range(n):
                    k = j % len(TEMPLATES)
                    # evenly spread; the hour's last request at :59:59
                    ts = base + dt.timedelta(seconds=((j + 1) * 3600 - 1) // n)
                    yield Request(ts, seq, templates[k], int(sizes[k]))
                    seq += 1


def _template(spec: Spec, k: int) -> Template:
    t = TEMPLATES[k]
    return Template(t.size, t.hit, "QQQ", "ZZ") if spec.unknown_pop and k == 6 else t


# ---- truth --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Truth:
    """What the scenario derived from the logs must say: its month is the last one."""

    month: str
    egress: int  # bytes in the month
    requests: int
    uploads: int
    hit_ratio: Fraction  # from the CDN's field
    hit_ratio_origin: Fraction  # from the origin's logs
    regions: dict[str, Fraction]
    peak_day: Fraction
    peak_hour: Fraction
    growth_per_year: float
    by_month: dict[str, tuple[int, int]] = field(default_factory=dict)  # requests, bytes

    def scenario(self, name: str = "truth") -> dict[str, object]:
        return {
            "name": name,
            "as_of": month_start(self.month).replace(day=days_in(self.month)).date(),
            "traffic": {
                "egress": f"{self.egress} B/month",
                "requests": f"{self.requests}/month",
                "cache_hit_ratio": float(self.hit_ratio),
                "regions": {k: float(v) for k, v in self.regions.items()},
            },
            "storage": {"uploads": f"{self.uploads}/month"},
            "growth": {"per_year": round(self.growth_per_year, 4)},
        }


def truth(spec: Spec) -> Truth:
    by_month = {}
    for i, label in enumerate(spec.months):
        units = 24 * days_in(label) * spec.cycles  # one unit per hour on average
        by_month[label] = (
            units * len(TEMPLATES),
            int(units * CYCLE_BYTES * spec.size_factor * spec.growth**i),
        )
    last = spec.months[-1]
    return Truth(
        month=last,
        requests=by_month[last][0],
        egress=by_month[last][1],
        uploads=days_in(last),
        hit_ratio=Fraction(5, 7),
        hit_ratio_origin=Fraction(6, 7),
        regions=dict(REGIONS),
        peak_day=Fraction(50, 24),
        peak_hour=Fraction(4),
        growth_per_year=float(spec.growth) ** 12,
        by_month=by_month,
    )


# ---- writers ------------------------------------------------------------------------------

CLOUDFRONT_FIELDS = (
    "date time x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem sc-status "
    "cs(Referer) cs(User-Agent) cs-uri-query cs(Cookie) x-edge-result-type x-edge-request-id "
    "x-host-header cs-protocol cs-bytes time-taken x-forwarded-for ssl-protocol ssl-cipher "
    "x-edge-response-result-type cs-protocol-version fle-status fle-encrypted-fields c-port "
    "time-to-first-byte x-edge-detailed-result-type sc-content-type sc-content-len "
    "sc-range-start sc-range-end"
)


def cloudfront_line(r: Request) -> str:
    t = r.template
    result = ("Hit" if r.seq % 2 else "RefreshHit") if t.hit else "Miss"
    return "\t".join(
        (
            f"{r.ts:%Y-%m-%d}",
            f"{r.ts:%H:%M:%S}",
            f"{t.pop}{50 + r.seq % 9}-C{1 + r.seq % 3}",
            str(r.size),
            r.ip,
            "GET",
            "d111111abcdef8.cloudfront.net",
            r.path,
            "200",
            "-",
            UA_URL,
            "-",
            "-",
            result,
            request_id(r.seq),
            "files.example.org",
            "https",
            "312",
            "0.250",
            "-",
            "TLSv1.3",
            "TLS_AES_128_GCM_SHA256",
            result,
            "HTTP/2.0",
            "-",
            "-",
            str(50000 + r.seq % 1000),
            "0.010",
            result,
            "application/octet-stream",
            str(r.size - 400),
            "-",
            "-",
        )
    )


def request_id(seq: int) -> str:
    """An opaque id like CloudFront's (56 URL-safe base64 characters), as random as theirs so
    the files compress as real ones do."""
    digest = hashlib.blake2b(seq.to_bytes(8, "little"), digest_size=42).digest()
    return base64.urlsafe_b64encode(digest).decode()


def fastly_line(r: Request) -> str:
    t = r.template
    cache = ("HIT" if r.seq % 2 else "HIT-CLUSTER") if t.hit else ("MISS" if r.seq % 2 else "PASS")
    return json.dumps(
        {
            "timestamp": f"{r.ts:%Y-%m-%dT%H:%M:%SZ}",
            "url": r.path,
            "user_agent": UA,
            "country": t.country,
            "status": 200,
            "bytes": r.size,
            "method": "GET",
            "cache": cache,
            "pop": t.pop,
        },
        separators=(",", ":"),
    )


def cloudcdn_line(r: Request) -> str:
    t = r.template
    http: dict[str, object] = {
        "requestMethod": "GET",
        "requestUrl": f"https://files.example.org{r.path}",
        "requestSize": "312",
        "status": 200,
        "responseSize": str(r.size),
        "userAgent": UA,
        "remoteIp": r.ip,
        "cacheLookup": True,
        "latency": "0.250s",
        "protocol": "HTTP/2.0",
    }
    if t.hit:
        http["cacheHit"] = True  # proto3 JSON leaves out false, so a miss has no cacheHit
    else:
        http["cacheFillBytes"] = str(r.size)
    entry = {
        "insertId": request_id(r.seq)[:14].lower(),
        "jsonPayload": {
            "@type": "type.googleapis.com/google.cloud.loadbalancing.type.LoadBalancerLogEntry",
            "cacheId": f"{t.pop}-{r.seq % 65536:08x}",
            "statusDetails": "response_from_cache" if t.hit else "response_sent_by_backend",
        },
        "httpRequest": http,
        "resource": {"type": "http_load_balancer", "labels": {"project_id": "example"}},
        "timestamp": f"{r.ts:%Y-%m-%dT%H:%M:%S}.{r.seq % 10**9:09d}Z",
        "severity": "INFO",
        "logName": "projects/example/logs/requests",
    }
    return json.dumps(entry, separators=(",", ":"))


@dataclass(frozen=True)
class OriginRequest:
    ts: dt.datetime
    seq: int
    method: str
    status: int
    size: int  # bytes sent in the response
    key: str


def origin_requests(spec: Spec) -> Iterator[OriginRequest]:
    """What the bucket sees, in time order: the IAD misses, and each day an upload at 12:00
    and a refused one at 12:30."""
    for day, group in itertools.groupby(requests(spec), key=lambda r: r.ts.date()):
        noon = dt.datetime.combine(day, dt.time(12))
        seen = [
            OriginRequest(r.ts, r.seq, "GET", 200, r.size, r.path[1:])
            for r in group
            if r.template.origin
        ]
        seq = seen[-1].seq if seen else 0
        uploads = [
            OriginRequest(noon, seq, "PUT", 200, 0, f"uploads/{day:%Y%m%d}.whl"),
            OriginRequest(noon.replace(minute=30), seq + 1, "PUT", 403, 243, "uploads/x"),
        ]
        yield from sorted(seen + uploads, key=lambda o: o.ts)


GCS_HEADER = (
    "time_micros",
    "c_ip",
    "c_ip_type",
    "c_ip_region",
    "cs_method",
    "cs_uri",
    "sc_status",
    "cs_bytes",
    "sc_bytes",
    "time_taken_micros",
    "cs_host",
    "cs_referer",
    "cs_user_agent",
    "s_request_id",
    "cs_operation",
    "cs_bucket",
    "cs_object",
)


def gcs_line(r: OriginRequest) -> str:
    micros = int(r.ts.replace(tzinfo=dt.UTC).timestamp()) * 1_000_000 + r.seq % 1_000_000
    operation = "GET_Object" if r.method == "GET" else "PUT_Object"
    ipv6 = r.seq % 2 == 0
    row = (
        str(micros),
        f"2001:db8::{r.seq % 65536:x}" if ipv6 else f"198.51.100.{r.seq % 250}",
        "2" if ipv6 else "1",
        "",
        r.method,
        f"/download/storage/v1/b/pkg-files/o/{r.key.replace('/', '%2F')}?alt=media",
        str(r.status),
        "0" if r.method == "GET" else "4096",
        str(r.size),
        "41000",
        "storage.googleapis.com",
        "",
        UA_ORIGIN,
        f"ADPycdu{r.seq:010d}",
        operation,
        "pkg-files",
        r.key,
    )
    out = io.StringIO()
    csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="").writerow(row)
    return out.getvalue()


def s3_line(r: OriginRequest) -> str:
    owner = "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"
    operation = "REST.GET.OBJECT" if r.method == "GET" else "REST.PUT.OBJECT"
    sent = str(r.size) if r.size else "-"
    error = "-" if r.status < 400 else "AccessDenied"
    ip = f"2001:db8::{r.seq % 65536:x}" if r.seq % 2 == 0 else f"198.51.100.{r.seq % 250}"
    return (
        f"{owner} pkg-files [{r.ts:%d/%b/%Y:%H:%M:%S} +0000] {ip} - {r.seq:016X} {operation} "
        f'{r.key} "{r.method} /{r.key} HTTP/1.1" {r.status} {error} {sent} {r.size or "-"} 12 '
        f'10 "-" "{UA_ORIGIN.replace(chr(34), "")}" - host{r.seq:08x}= SigV4 '
        f"ECDHE-RSA-AES128-GCM-SHA256 AuthHeader pkg-files.s3.us-east-1.amazonaws.com TLSv1.2 "
        "- -"
    )


@dataclass(frozen=True)
class Writer:
    line: Callable[..., str]
    header: Callable[[], list[str]]
    suffix: str
    gzip: bool
    origin: bool = False
    broken: str = ""  # a line with too few fields


WRITERS = {
    "cloudfront": Writer(
        cloudfront_line,
        lambda: ["#Version: 1.0", f"#Fields: {CLOUDFRONT_FIELDS}"],
        ".gz",
        gzip=True,
        broken="2026-01-01\t00:00:01\tIAD50-C1\t1200",
    ),
    "fastly": Writer(
        fastly_line, list, ".json.gz", gzip=True, broken='{"timestamp":"2026-01-01T00:00:01Z"'
    ),
    "cloudcdn": Writer(
        cloudcdn_line, list, ".json", gzip=False, broken='{"timestamp":"2026-01-01T00:00:01Z",'
    ),
    "gcs-usage": Writer(
        gcs_line,
        lambda: [",".join(f'"{h}"' for h in GCS_HEADER)],
        ".csv",
        gzip=False,
        origin=True,
        broken='"1767225601000000","192.0.2.1","1"',
    ),
    "s3-access": Writer(
        s3_line, list, ".log", gzip=False, origin=True, broken="79a59df9 pkg-files [01/Jan/2026"
    ),
}


def write(
    fmt: str, spec: Spec, directory: Path, gzip_level: int = 6, compress: bool | None = None
) -> list[Path]:
    """Write `fmt`'s logs for `spec` into `directory`, one file per day of delivery; a line
    logged in the last 30 seconds of a day is delivered in the next day's file. Files are
    gzip-compressed as the service delivers them, or as `compress` says."""
    writer = WRITERS[fmt]
    compressed = writer.gzip if compress is None else compress
    directory.mkdir(parents=True, exist_ok=True)
    events = origin_requests(spec) if writer.origin else requests(spec)
    paths: list[Path] = []
    stream: IO[str] | None = None
    current = None
    for event in events:
        delivered = (event.ts + dt.timedelta(seconds=30)).date()
        if delivered != current:
            if stream is not None:
                stream.close()
            current = delivered
            suffix = writer.suffix.removesuffix(".gz") + (".gz" if compressed else "")
            path = directory / f"{fmt}-{delivered:%Y-%m-%d}{suffix}"
            stream = _open(path, compressed, gzip_level)
            paths.append(path)
            for line in writer.header():
                stream.write(line + "\n")
            if len(paths) == 1:
                for _ in range(spec.malformed):
                    stream.write(writer.broken + "\n")
        assert stream is not None
        stream.write(writer.line(event) + "\n")
    if stream is not None:
        stream.close()
    return paths


def _open(path: Path, compressed: bool, level: int) -> IO[str]:
    if compressed:
        return io.TextIOWrapper(
            gzip.GzipFile(path, "wb", compresslevel=level, mtime=0), encoding="utf-8"
        )
    return path.open("w", encoding="utf-8")


# ---- the download-statistics table --------------------------------------------------------

DAILY_UPLOAD = 10_000  # bytes of the file uploaded each day at 12:00


def package_file(k: int, month_index: int) -> str:
    """The file template `k` downloads in month `month_index`: a release of that month."""
    return f"demo_pkg_{k}-1.{month_index}.tar.gz"


def write_download_table(spec: Spec, directory: Path, unlisted: bool = False) -> tuple[Path, Path]:
    """Parquet exports shaped like PyPI's `file_downloads` (one row per CDN request above,
    `file` a struct) and `distribution_metadata` (each template's release uploaded on the 1st
    of its month at 00:00, and one more file every day at 12:00). With `unlisted`, template 6's
    file of the last month is missing from the metadata, as a deleted release's would be."""
    import duckdb

    directory.mkdir(parents=True, exist_ok=True)
    index = {label: i for i, label in enumerate(spec.months)}
    downloads = directory / "downloads.jsonl"
    with downloads.open("w") as stream:
        for r in requests(spec):
            k = TEMPLATES.index(r.template) if r.template in TEMPLATES else 6
            filename = package_file(k, index[f"{r.ts:%Y-%m}"])
            stream.write(
                json.dumps(
                    {
                        "timestamp": f"{r.ts:%Y-%m-%d %H:%M:%S}+00",
                        "country_code": r.template.country,
                        "url": r.path,
                        "filename": filename,
                        "project": f"demo-pkg-{k}",
                        "installer": "pip",
                    }
                )
                + "\n"
            )
    metadata = directory / "metadata.jsonl"
    last = len(spec.months) - 1
    with metadata.open("w") as stream:
        for i, label in enumerate(spec.months):
            start = month_start(label)
            for k, t in enumerate(TEMPLATES):
                if unlisted and k == 6 and i == last:
                    continue
                size = t.size * spec.growth**i
                row = {"filename": package_file(k, i), "size": int(size), "upload_time": start}
                stream.write(json.dumps(row, default=str) + "\n")
            for day in range(1, days_in(label) + 1):
                noon = start.replace(day=day, hour=12)
                row = {"filename": f"extra-{noon:%Y%m%d}.whl", "size": DAILY_UPLOAD}
                stream.write(json.dumps({**row, "upload_time": noon}, default=str) + "\n")
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    out_downloads, out_metadata = directory / "file_downloads.parquet", directory / "meta.parquet"
    con.execute(
        f"""COPY (SELECT timestamp::TIMESTAMPTZ AS timestamp, country_code, url, project,
                    {{'filename': filename, 'project': project, 'version': '1.0',
                      'type': 'sdist'}} AS file,
                    {{'installer': {{'name': installer, 'version': '24.0'}},
                      'python': '3.12.1'}} AS details,
                    'TLSv1.3' AS tls_protocol
                 FROM read_json('{downloads}'))
            TO '{out_downloads}' (FORMAT parquet)"""
    )
    con.execute(
        f"""COPY (SELECT regexp_extract(filename, '^[a-z_0-9]+') AS name, '1.0' AS version,
                    filename, size::BIGINT AS size, upload_time::TIMESTAMPTZ AS upload_time,
                    'sdist' AS packagetype
                 FROM read_json('{metadata}'))
            TO '{out_metadata}' (FORMAT parquet)"""
    )
    downloads.unlink()
    metadata.unlink()
    return out_downloads, out_metadata


def table_truth(spec: Spec) -> tuple[int, int]:
    """Uploads in the last month (a release per template on the 1st, one file a day) and the
    bytes of every file uploaded by its end."""
    uploads = len(TEMPLATES) + days_in(spec.months[-1])
    releases = sum(int(CYCLE_BYTES * spec.growth**i) for i in range(len(spec.months)))
    stored = releases + DAILY_UPLOAD * sum(days_in(label) for label in spec.months)
    return uploads, stored
