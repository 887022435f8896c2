"""compare ranks each level on the holes of that level's column (s12-rank, left by session 11).

A price book that prices Fastly's North America/Europe tail past 10 TB (the catalog's 2026-09
list ends there, "contact sales", as examples/cdn-tail.yaml explains) leaves that tail unpriced
at list only: the contracted bill, and out of pocket which comes out of it, is priced in full.
Before, a hole in one column stopped the ranking at every level.

Two Terraform plans (written below, hand-made: a Fastly service alone, a CloudFront
distribution alone) under a scenario of 20 TB = 20e12 B and 1e7 requests a month, all to North
America, priced as of 2026-11-30 (Fastly's 2026-09 list in force):
- Fastly: 20,000 GB (SI). Bandwidth: 100 GB free, 9,900 x 0.12 = 1,188.00, and 10,000 GB past
  10 TB: unpriced at list, at the book's 0.02 10,000 x 0.02 = 200.00 contracted. Requests:
  1e7 / 10,000 = 1,000 units, 100 free, 900 x 0.01 = 9.00. List ≥ $1,197.00, contracted
  1,188.00 + 200.00 + 9.00 = $1,397.00 exact; no sponsor: out of pocket $1,397.00.
- CloudFront (us_mexico_canada, costmodel/catalog/aws/cloudfront.yaml): 20e12 / 2^30 =
  18,626.451 GB; the always-free 1,024 GB, (10,240 - 1,024) x 0.085 = 783.36, (18,626.451 -
  10,240) x 0.080 = 670.92; the 1e7 requests are within the free 10M: $1,454.28 at every level
  (the book has no CloudFront entry).
So at contracted and out of pocket Fastly is cheapest, 1,397.00 < 1,454.28. At list Fastly's
lower bound $1,197.00 is below CloudFront's whole $1,454.28: CloudFront is not named cheapest,
Fastly is lower unless its one part costs more than 1,454.28 - 1,197.00 = $257.28.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from cli_run import run

SCENARIO = """name: fastly-tail
traffic:
  egress: 20 TB/month
  requests: 1e7/month
  regions: {north_america: 1.0}
"""
BOOK = """name: fastly-tail
source: an example Fastly order form (not a quote)
entries:
  - provider: fastly
    service: cdn
    dimension: bandwidth
    zone: north_america_europe
    effective: 2024-01-01
    rate: {unit: GB, tiers: [[100, 0], [10000, 0.12], [null, 0.02]]}
"""
ORIGIN = "origin.example.org"
FASTLY = (
    "fastly_service_vcl",
    "registry.terraform.io/fastly/fastly",
    {"name": "files", "domain": [{"name": "files.example.org"}],
     "backend": [{"name": "origin", "address": ORIGIN, "port": 443}]},
)  # fmt: skip
CLOUDFRONT = (
    "aws_cloudfront_distribution",
    "registry.terraform.io/hashicorp/aws",
    {"enabled": True, "price_class": "PriceClass_All",
     "origin": [{"domain_name": ORIGIN, "origin_id": "origin"}]},
)  # fmt: skip


def plan(path: Path, kind: str, provider: str, after: dict[str, Any]) -> str:
    """A one-resource plan in Terraform's JSON plan format (format_version 1.2)."""
    change = {"actions": ["create"], "before": None, "after": after, "after_unknown": {}}
    resource = {"address": f"{kind}.files", "mode": "managed", "type": kind, "name": "files",
                "provider_name": provider, "change": change}  # fmt: skip
    body = {"format_version": "1.2", "planned_values": {"root_module": {}},
            "resource_changes": [resource]}  # fmt: skip
    path.write_text(json.dumps(body), encoding="utf-8")
    return str(path)


@pytest.fixture
def args(tmp_path: Path) -> tuple[str, ...]:
    (tmp_path / "fastly-tail.yaml").write_text(SCENARIO, encoding="utf-8")
    (tmp_path / "book.yaml").write_text(BOOK, encoding="utf-8")
    return (
        "compare",
        plan(tmp_path / "fastly.json", *FASTLY),
        plan(tmp_path / "cloudfront.json", *CLOUDFRONT),
        "-s", str(tmp_path / "fastly-tail.yaml"),
        "--prices-as-of", "2026-11-30",
        "--price-book", str(tmp_path / "book.yaml"),
    )  # fmt: skip


def report(capsys, *args: str) -> str:
    code, out, err = run(capsys, *args)
    assert (code, err) == (0, ""), err
    return out


def test_a_hole_at_list_only_leaves_the_contracted_and_out_of_pocket_verdicts(capsys, args):
    data = json.loads(report(capsys, *args, "-f", "json"))
    fastly, cloudfront = data["setups"]
    assert fastly["totals"] == {
        "list_monthly_usd": 1197.0,
        "contracted_monthly_usd": 1397.0,
        "sponsored_monthly_usd": 0.0,
        "out_of_pocket_monthly_usd": 1397.0,
    }
    assert fastly["complete_at"] == {
        "list": False, "contracted": True, "sponsored": True, "out_of_pocket": True
    }  # fmt: skip
    assert fastly["complete"] is False and len(fastly["unpriced"]) == 1
    assert cloudfront["totals"]["list_monthly_usd"] == 1454.28 and cloudfront["complete"]
    assert data["cheapest"] == {
        "list": [], "contracted": ["fastly.json"], "out_of_pocket": ["fastly.json"]
    }  # fmt: skip
    # at list the one part is unpriced: lower unless it costs more than $257.28
    assert data["lower_unless"] == {
        "list": [{"stack": "fastly.json", "than": "cloudfront.json", "unpriced_parts": 1,
                  "margin_usd": 257.28}],
        "contracted": [],
        "out_of_pocket": [],
    }  # fmt: skip
    assert "lowest_lower_bound" not in data  # some setup is ranked at every level


def test_every_format_says_the_same_per_level(capsys, args):
    table = " ".join(line.strip() for line in report(capsys, *args).splitlines())
    assert (
        "at list price: cloudfront.json ($1,454.28/month) is not named cheapest, as fastly.json "
        "≥ $1,197.00 is lower unless its 1 unpriced part(s) cost more than $257.28"
    ) in table
    assert "cheapest at contracted prices: fastly.json ($1,397.00/month)" in table
    assert "cheapest out of pocket: fastly.json ($1,397.00/month)" in table
    assert "among the setups priced in full at that level" in table
    assert (
        "its total at list price is a lower bound (≥), the others exact, and it is not ranked "
        "at list price"
    ) in table
    rows = list(csv.DictReader(io.StringIO(report(capsys, *args, "-f", "csv"))))
    assert [(r["stack"], r["cheapest"]) for r in rows] == [
        ("fastly.json", "contracted; out_of_pocket"),
        ("cloudfront.json", ""),
    ]
    assert "lowest_lower_bound" not in rows[0]
    markdown = report(capsys, *args, "-f", "markdown")
    assert "| fastly.json | ≥ $1,197.00 | $1,397.00 \\* | $0.00 | $1,397.00 \\* | 1 |" in markdown
    assert "| cloudfront.json | $1,454.28 | $1,454.28 | $0.00 | $1,454.28 | 0 |" in markdown


def test_without_the_book_the_tail_is_a_hole_in_both_columns_and_nothing_is_starred(capsys, args):
    # the same tail unpriced at every level: Fastly ≥ $1,197.00 is lower than CloudFront's
    # $1,454.28 at each, unless its part costs more than $257.28, so no star anywhere
    data = json.loads(report(capsys, *args[:-2], "-f", "json"))
    assert data["cheapest"] == {"list": [], "contracted": [], "out_of_pocket": []}
    assert [x["margin_usd"] for level in data["lower_unless"].values() for x in level] == [
        257.28
    ] * 3


def test_a_level_where_none_is_ranked_gives_its_lowest_lower_bound_apart(capsys, args):
    # Fastly alone: at list its one part has nothing to cancel against, so it is not ranked
    # there (a lower bound alone is not cheapest) and is given as the lowest lower bound,
    # ≥ $1,197.00; at contracted and out of pocket it is priced in full ($1,397.00): cheapest
    alone = (*args[:2], *args[3:])
    data = json.loads(report(capsys, *alone, "-f", "json"))
    assert data["cheapest"] == {
        "list": [], "contracted": ["fastly.json"], "out_of_pocket": ["fastly.json"]
    }  # fmt: skip
    assert data["lowest_lower_bound"] == {
        "list": ["fastly.json"], "contracted": [], "out_of_pocket": []
    }  # fmt: skip
    (row,) = csv.DictReader(io.StringIO(report(capsys, *alone, "-f", "csv")))
    assert (row["cheapest"], row["lowest_lower_bound"]) == ("contracted; out_of_pocket", "list")
    table = " ".join(line.strip() for line in report(capsys, *alone).splitlines())
    assert (
        "at list price no setup is priced in full, so none is named cheapest there: lower "
        "bounds with different unpriced parts cannot be ranked"
    ) in table
    assert "lowest lower bound at list price: fastly.json (≥ $1,197.00/month)" in table
    assert "cheapest at contracted prices: fastly.json ($1,397.00/month)" in table
    markdown = report(capsys, *alone, "-f", "markdown")
    assert "- lowest lower bound at list price: fastly.json (≥ $1,197.00/month)" in markdown
