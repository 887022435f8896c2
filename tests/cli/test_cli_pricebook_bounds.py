"""A price book's rate where the list has a free allowance, and where the book's tiers end.

The stack is all-aws; the scenario (written below) sends 3,000 GiB a month of data out, all in
north_america, so all in CloudFront's us_mexico_canada zone, and AWS bills exactly 3,000 "GB"
(2^30 bytes each). Priced as of 2026-08-14, the catalog's CloudFront version of 2021-12-01 is
in force (costmodel/catalog/aws/cloudfront.yaml, from aws.amazon.com/cloudfront/pricing):
  allowance 1,024 (the account-wide always-free 1 TB, all in this zone here); [10240, 0.085];
  ... so list data out is
  (3,000 - 1,024) x 0.085 = 1,976 x 0.085 = $167.96.
"""

from __future__ import annotations

import json
from pathlib import Path

from cli_run import run

from costmodel.model.pricebook import Entry
from costmodel.model.segments import Terms, segments
from costmodel.model.tiers import Tier
from indexplan.paths import STACKS_DIR

SCENARIO = """name: three-tib
as_of: 2026-08-14
traffic:
  egress: 3000 GiB/month
  requests: 1000/month
  cache_hit_ratio: 0.5
storage:
  stored: 1 GB
"""


def data_out(capsys, tmp_path: Path, tiers: str) -> tuple[list[dict], list[dict], dict]:
    (tmp_path / "three-tib.yaml").write_text(SCENARIO)
    (tmp_path / "book.yaml").write_text(
        "source: CloudFront private pricing (example)\nentries:\n"
        "  - {provider: aws, service: cloudfront, dimension: data_out, effective: 2024-01-01,\n"
        f"     rate: {{unit: GB, tiers: {tiers}}}}}\n"
    )
    code, out, err = run(capsys, "estimate", "all-aws", "-s", str(tmp_path / "three-tib.yaml"),
                         "--price-book", str(tmp_path / "book.yaml"), "-f", "json")  # fmt: skip
    assert (code, err) == (0, ""), err
    report = json.loads(out)
    lines = [
        (i["component"], i["quantity"], i["monthly_usd"], i["contracted_monthly_usd"])
        for i in report["line_items"]
        if i["resource"] == "cdn-distribution" and i["unit"] == "GB"
    ]
    unpriced = [u for u in report["unpriced"] if u["resource"] == "cdn-distribution"]
    return lines, unpriced, report


def test_a_negotiated_rate_keeps_the_always_free_allowance(capsys, tmp_path):
    lines, unpriced, _ = data_out(capsys, tmp_path, "[[null, 0.02]]")
    # the free 1,024 GB stay free under the private rate (they were charged 1,024 x 0.02 =
    # $20.48 before, which put the contracted bill of a small user above list); the other
    # 1,976 GB cost 1,976 x 0.02 = $39.52 contracted, $167.96 at list
    assert lines == [
        ("data out, first 1,024 GB (free)", 1024, 0.0, 0.0),
        ("data out, 1,024-10,240 GB", 1976, 167.96, 39.52),
    ]
    assert unpriced == []


def test_usage_beyond_a_books_bounded_last_tier_is_unpriced_at_contracted_only(capsys, tmp_path):
    lines, unpriced, report = data_out(capsys, tmp_path, "[[1000, 0.01], [2000, 0.02]]")
    # the book's tiers end at 2,000 GB: 0-1,024 free (the allowance), 1,024-2,000 is
    # 976 x 0.085 = $82.96 list and 976 x 0.02 = $19.52 contracted, and the last 1,000 GB have
    # no contracted rate: unpriced in the contracted column (null, never $0, and the
    # contracted total a lower bound) but still 1,000 x 0.085 = $85.00 at list, so the list
    # bill keeps all (3,000 - 1,024) x 0.085 = $167.96 (session 10 audit F7: it dropped them)
    assert lines == [
        ("data out, first 1,024 GB (free)", 1024, 0.0, 0.0),
        ("data out, 1,024-2,000 GB", 976, 82.96, 19.52),
        ("data out, 2,000-10,240 GB", 1000, 85.0, None),
    ]
    assert [(u["column"], u["reason"]) for u in unpriced] == [
        (
            "contracted",
            "1,000 GB in us_mexico_canada beyond the last tier of the price book (2,000 GB; "
            "no rate): unpriced at contracted prices, priced at list",
        )
    ]
    assert not report["complete_at"]["contracted"] and not report["complete_at"]["out_of_pocket"]


def test_each_ladder_that_ends_leaves_a_hole_in_its_own_column():
    listed = [Tier(1024, 0.0), Tier(10240, 0.085), Tier(51200, 0.08)]  # a "contact sales" list

    def cut(book: list[Tier]) -> list[tuple[float | None, float | None, float | None]]:
        # a book entry with these tiers, the way PriceBook.terms hands it to segments()
        entry = Entry.model_validate(
            {"provider": "aws", "service": "cloudfront", "dimension": "data_out",
             "effective": "2024-01-01", "rate": {"tiers": [[t.upto, t.price] for t in book]}}
        )  # fmt: skip
        return [
            (s.upto, s.list_price, s.contracted_price)
            for s in segments(listed, Terms((0, entry), None))
        ]

    # the book ends first (at 2,000): the list goes on to its own end, contracted unpriced
    assert cut([Tier(2000, 0.02)]) == [
        (1024, 0.0, 0.0),
        (2000, 0.085, 0.02),
        (10240, 0.085, None),
        (51200, 0.08, None),
    ]
    # the list ends first (at 51,200): the book's unbounded last tier goes on, list unpriced
    assert cut([Tier(20000, 0.03), Tier(None, 0.01)]) == [
        (1024, 0.0, 0.0),
        (10240, 0.085, 0.03),
        (20000, 0.08, 0.03),
        (51200, 0.08, 0.01),
        (None, None, 0.01),
    ]
    # both bounded: to the longer one (60,000), beyond it split()'s remainder, in neither
    assert cut([Tier(20000, 0.03), Tier(60000, 0.01)])[-1] == (60000, None, 0.01)


def test_a_rate_on_a_price_free_at_every_volume_is_what_the_contract_bills(capsys, tmp_path):
    # review s8-ops, finding 3: a Cloudflare Enterprise quote of $25,000 a zone-month written
    # over the zone plan. private-small made public keeps its zone on the Free plan ($0 at
    # list at any volume: a free plan, not an allowance), so contracted is the quote, never
    # $0 with the entry reported "in force". R2's free allowances stay free under it.
    (tmp_path / "cfent.yaml").write_text(
        "source: an Enterprise quote (example)\nentries:\n"
        "  - {provider: cloudflare, service: zone, dimension: plan, effective: 2024-01-01,"
        " rate: 25000}\n"
    )
    stack = tmp_path / "Pulumi.cf.yaml"
    text = (STACKS_DIR / "Pulumi.private-small.yaml").read_text()
    stack.write_text(text.replace("indexplan:private: true", "indexplan:private: false"))
    book = str(tmp_path / "cfent.yaml")
    args = ("estimate", str(stack), "-s", "pypi-2026", "--price-book", book, "-f", "json")
    code, out, err = run(capsys, *args)
    assert code == 0, err
    items = json.loads(out)["line_items"]
    plan = [(i["resource"], i["monthly_usd"], i["contracted_monthly_usd"]) for i in items
            if i["component"] == "plan"]  # fmt: skip
    assert plan == [("cdn-zone", 0.0, 25000.0)]
    free = [i for i in items if i["component"].endswith("(free)")]
    assert free and all(i["contracted_monthly_usd"] == 0 for i in free)
