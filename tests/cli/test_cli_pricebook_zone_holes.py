"""A price book's `rate` for a zone the catalog has no price for (s12-review F13): a private index
in eu-west-1 / europe-west1 meets holes the catalog cannot fill (no dated public list of those
regions here), but its operator knows his rates from his bill. The rate prices the contracted
column; the list column stays unpriced (list totals "≥"), the catalog's reason kept beside the
price used. The stacks and scenario are the reviewer's (tests/fixtures/zone-holes/: ACME's
private index, 20 developers plus CI); the books' rates are example figures.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_run import assert_refused, run

HOLES = Path(__file__).resolve().parent.parent / "fixtures" / "zone-holes"
AWS = str(HOLES / "Pulumi.acme-aws.yaml")
GCP = str(HOLES / "Pulumi.acme-gcp-eu.yaml")
GCP_BIG = str(HOLES / "Pulumi.acme-gcp-eu-big.yaml")  # db-custom-2-7680 for db-custom-1-3840
TRAFFIC = str(HOLES / "acme-traffic.yaml")
# the acme-aws stack with no book: list $113.02, the app, load balancer and NAT unpriced
AWS_LIST_CENTS = 11302


def estimate(capsys, stack: str, book: str, *more: str) -> dict:
    code, out, err = run(
        capsys, "estimate", stack, "-s", TRAFFIC, "--price-book", str(HOLES / book), "-f", "json",
        *more,
    )  # fmt: skip
    assert (code, err) == (0, ""), err
    return json.loads(out)


def component(item: dict) -> str:
    """A line's component without its tier's range (`, over 0 vCPU-hour`: the list ladder of a
    hole ends at 0, so the line may be labelled as the stretch past it)."""
    return item["component"].split(", ")[0]


def book(tmp_path: Path, *entries: str) -> str:
    path = tmp_path / "book.yaml"
    lines = "".join(f"  - {{{e}, effective: 2026-01-01}}\n" for e in entries)
    path.write_text(f"source: a bill\nentries:\n{lines}")
    return str(path)


def test_the_reviewers_fargate_rate_prices_vcpu_at_contracted_only(capsys):
    est = estimate(capsys, AWS, "fargate-book.yaml")
    # 2 tasks x 0.5 vCPU x 730 h = 730 vCPU-hours x $0.04048 = $29.5504 -> $29.55 contracted;
    # no list price for eu-west-1: list unpriced (None, never $0), its total unchanged
    [vcpu] = [i for i in est["line_items"] if component(i) == "Fargate vCPU"]
    assert (vcpu["quantity"], vcpu["unit"], vcpu["region"]) == (730.0, "vCPU-hour", "eu-west-1")
    assert (vcpu["unit_price_usd"], vcpu["monthly_usd"]) == (None, None)
    assert (vcpu["contracted_unit_price_usd"], vcpu["contracted_monthly_usd"]) == (0.04048, 29.55)
    assert vcpu["unpriced_column"] == "list"
    totals = est["totals"]
    assert totals["list_monthly_usd"] == AWS_LIST_CENTS / 100
    assert totals["contracted_monthly_usd"] == 142.57  # 113.02 + 29.55
    # Fargate memory has no rate in this book: unpriced in both columns, as without a book
    assert {(u["component"], u["column"]) for u in est["unpriced"]} >= {
        ("Fargate vCPU", "list"), ("Fargate memory", None)
    }  # fmt: skip
    [used] = [p for p in est["assumptions"]["prices"] if p["price"] == "aws fargate vcpu eu-west-1"]
    assert used["source"].startswith("price book fargate-book, entries.0 (our October 2026 bill")
    # the catalog's reason for the hole is kept beside the book's rate
    assert used["note"].startswith("no aws fargate vcpu price for eu-west-1: AWS lists Fargate")
    assert used["note"].endswith("the book's rate prices the contracted column only, the list "
                                 "one stays unpriced")  # fmt: skip


def test_every_aws_hole_filled_leaves_list_a_lower_bound_and_contracted_whole_but_usage(capsys):
    est = estimate(capsys, AWS, "aws-eu-book.yaml")
    contracted = {
        component(i): i["contracted_monthly_usd"]
        for i in est["line_items"]
        if i.get("unpriced_column") == "list"
    }
    # Fargate memory 2 x 1 GB x 730 h = 1,460 GB-h x 0.004445 = 6.4897 -> 6.49; ALB 730 h x
    # 0.0252 = 18.396 -> 18.40; LCU 20 LCU-h x 0.008 = 0.16; NAT 730 h x 0.048 = 35.04;
    # public IPv4 730 h x 0.005 = 3.65
    assert contracted == {
        "Fargate vCPU": 29.55,
        "Fargate memory": 6.49,
        "load balancer hours": 18.40,
        "load balancer capacity units": 0.16,
        "NAT gateway hours": 35.04,
        "public IPv4 address": 3.65,
    }
    # 113.02 + 29.55 + 6.49 + 18.40 + 0.16 + 35.04 + 3.65 = 206.31
    assert est["totals"]["contracted_monthly_usd"] == 206.31
    assert est["totals"]["list_monthly_usd"] == 113.02
    # the NAT's data processed depends on usage (no --usage here): contracted stays "≥" too
    [usage] = [u for u in est["unpriced"] if u["column"] is None]
    assert usage["component"] == "data processed"
    assert est["complete_at"]["list"] is False and est["complete_at"]["contracted"] is False


def test_the_table_shows_list_unpriced_and_contracted_priced(capsys):
    code, out, err = run(capsys, "estimate", AWS, "-s", TRAFFIC, "--price-book",
                         str(HOLES / "fargate-book.yaml"))  # fmt: skip
    assert (code, err) == (0, "")
    [row] = [line for line in out.splitlines() if line.strip().startswith("Fargate vCPU")]
    # quantity 730.00, unit price and list "unpriced", contracted $29.55
    assert row.split()[-3:] == ["unpriced", "unpriced", "$29.55"]
    assert "≥ $113.02   ≥ $142.57" in out  # Fargate memory and the rest keep contracted "≥"


def test_gcp_europe_west1_filled_is_complete_at_contracted(capsys):
    est = estimate(capsys, GCP, "gcp-eu-book.yaml")
    assert est["complete_at"] == {
        "list": False, "contracted": True, "sponsored": True, "out_of_pocket": True
    }  # fmt: skip
    lines = {component(i): i for i in est["line_items"] if i.get("unpriced_column") == "list"}
    # Cloud SQL db-custom-1-3840: 1 vCPU x 730 h x 0.0413 = 30.149 -> 30.15; 3.75 GiB x 730 h
    # = 2,737.5 GiB-h x 0.007 = 19.1625 -> 19.16; 50 GiB-month x 0.187 = 9.35
    assert lines["vCPUs"]["contracted_monthly_usd"] == 30.15
    assert (lines["memory"]["quantity"], lines["memory"]["contracted_monthly_usd"]) == (
        2737.5, 19.16
    )  # fmt: skip
    assert lines["SSD storage"]["contracted_monthly_usd"] == 9.35
    # EMEA egress from europe-west1: the entry names its variant (the source region) and zone
    assert lines["internet egress (responses)"]["contracted_unit_price_usd"] == 0.12
    assert est["totals"]["list_monthly_usd"] == 182.79  # unchanged by the book


def test_compare_ranks_two_filled_eu_setups_at_contracted(capsys):
    code, out, err = run(capsys, "compare", GCP, GCP_BIG, "-s", TRAFFIC, "--price-book",
                         str(HOLES / "gcp-eu-book.yaml"), "-f", "json")  # fmt: skip
    assert (code, err) == (0, "")
    report = json.loads(out)
    small, big = report["setups"]
    # the larger Cloud SQL tier adds 1 vCPU (60.298 -> 60.30 less 30.15 = 30.15) and 3.75 GiB
    # (5,475 GiB-h x 0.007 = 38.325 -> 38.33 less 19.16 = 19.17): 245.82 + 49.32 = 295.14
    assert small["totals"]["contracted_monthly_usd"] == 245.82
    assert big["totals"]["contracted_monthly_usd"] == 295.14
    assert small["complete_at"]["contracted"] and big["complete_at"]["contracted"]
    assert small["totals"]["list_monthly_usd"] == big["totals"]["list_monthly_usd"] == 182.79
    # ranked on each level's own holes: both are complete at contracted and out of pocket, so
    # the smaller is cheapest there; at list both are lower bounds (the same holes), tied
    assert report["cheapest"] == {
        "list": [], "contracted": ["acme-gcp-eu"], "out_of_pocket": ["acme-gcp-eu"]
    }  # fmt: skip
    assert report["lowest_lower_bound"]["list"] == ["acme-gcp-eu", "acme-gcp-eu-big"]


def test_a_typod_zone_is_refused_naming_the_closest(capsys, tmp_path):
    path = book(tmp_path, "provider: aws, service: fargate, dimension: vcpu, zone: eu-west-l, "
                "rate: 0.04")  # fmt: skip
    assert_refused(
        capsys,
        ("estimate", AWS, "-s", TRAFFIC, "--price-book", path),
        f"{path}: entries.0.zone: the catalog knows no aws zone 'eu-west-l'; "
        "closest: eu-west-2, eu-west-1",
    )


def test_a_typod_dimension_is_refused_naming_the_closest(capsys, tmp_path):
    path = book(tmp_path, "provider: aws, service: fargate, dimension: vcpus, zone: eu-west-1, "
                "rate: 0.04")  # fmt: skip
    assert_refused(
        capsys,
        ("estimate", AWS, "-s", TRAFFIC, "--price-book", path),
        f"{path}: entries.0: no price in the catalog for aws fargate vcpus eu-west-1; "
        "closest: vcpu",
    )


@pytest.mark.parametrize(
    ("term", "name"),
    [("discount_percent: 10", "discount"), ("commitment: {monthly_usd: 50, discount_percent: 5}",
                                            "commitment")],
)  # fmt: skip
def test_a_discount_on_a_hole_is_refused_asking_for_a_rate(capsys, tmp_path, term, name):
    path = book(tmp_path, f"provider: aws, service: fargate, dimension: vcpu, zone: eu-west-1, "
                f"{term}")  # fmt: skip
    assert_refused(
        capsys,
        ("estimate", AWS, "-s", TRAFFIC, "--price-book", path),
        f"{path}: entries.0: no list price in the catalog for aws fargate vcpu eu-west-1 to take "
        f"a {name} from (it has fargate vcpu in us-east-1, us-east-2); "
        "expected its `rate` per vCPU-hour",
    )


def test_a_rate_in_another_unit_is_refused_with_the_catalogs_unit(capsys, tmp_path):
    path = book(tmp_path, "provider: aws, service: fargate, dimension: memory, zone: eu-west-1, "
                "rate: {unit: GiB-hour, tiers: [[null, 0.0044]]}")  # fmt: skip
    assert_refused(
        capsys,
        ("estimate", AWS, "-s", TRAFFIC, "--price-book", path),
        f"{path}: entries.0.rate.unit: aws fargate memory eu-west-1 is billed in GB-hour, "
        "not 'GiB-hour'",
    )


def test_past_a_bounded_book_rate_the_hole_is_unpriced_in_both_columns(capsys, tmp_path):
    path = book(tmp_path, "provider: aws, service: fargate, dimension: vcpu, zone: eu-west-1, "
                "rate: {tiers: [[500, 0.04]]}")  # fmt: skip
    code, out, err = run(capsys, "estimate", AWS, "-s", TRAFFIC, "--price-book", path, "-f", "json")
    assert (code, err) == (0, "")
    est = json.loads(out)
    # of 730 vCPU-hours the book prices the first 500 x 0.04 = 20.00, at contracted only; the
    # other 230 have neither a list price nor a rate
    [line] = [i for i in est["line_items"] if component(i) == "Fargate vCPU"]
    assert (line["quantity"], line["contracted_monthly_usd"], line["monthly_usd"]) == (
        500.0, 20.0, None
    )  # fmt: skip
    vcpu = [u for u in est["unpriced"] if u["component"] == "Fargate vCPU"]
    assert [(u["column"], u["reason"].split()[0]) for u in vcpu] == [("list", "500"), (None, "230")]
    assert est["totals"]["contracted_monthly_usd"] == 133.02  # 113.02 + 20.00
