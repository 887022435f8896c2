"""Sponsors: covers first, then the credit, never negative, never crossing providers."""

from __future__ import annotations

from dataclasses import replace

import pytest
from costmodel_helpers import FASTLY, S3_FILES, price

from costmodel.errors import InputError
from costmodel.model.sponsorship import KEY, SponsorTerms, parse_sponsors


@pytest.mark.parametrize(
    ("terms", "list_cents", "sponsored"),
    [
        ({"covers": 1.0}, 123456, 123456),  # all of it in kind
        ({"covers": 0.5, "credit_monthly_usd": 100}, 100000, 60000),  # 500 + 100
        ({"credit_monthly_usd": 7000}, 45756, 45756),  # credit capped at the list price
        ({"covers": 0.5, "credit_monthly_usd": 7000}, 100000, 100000),  # 500 + min(7,000, 500)
        ({"covers": 1 / 3}, 10000, 3333),  # a third of 100.00, to the cent
        ({}, 5000, 0),
    ],
)
def test_sponsored_cents(terms, list_cents, sponsored):
    # through the reader a stack file goes through: the terms validated, then applied
    read = parse_sponsors({KEY: {"aws": terms}}, "Pulumi.test.yaml")["aws"]
    assert read.sponsored_cents(list_cents) == sponsored


def test_credit_never_moves_to_another_provider():
    scenario = {
        "traffic": {"egress": "10 TiB/month", "requests": "1e8/month", "cache_hit_ratio": 0.9},
        "storage": {"stored": "2 TiB", "uploads": "1e5/month"},
    }
    sponsors = {"aws": SponsorTerms(credit_monthly_usd=7000), "fastly": SponsorTerms(covers=0.5)}
    est = price([FASTLY, S3_FILES], scenario, sponsors=sponsors, as_of="2026-06-01")
    totals = {
        p.provider: (p.list_cents, p.sponsored_cents, p.out_of_pocket_cents) for p in est.providers
    }
    # aws list: 47.10 + 0.50 + 4.00 + 0 + 83.16 = 134.76, fully covered by the 7,000 credit;
    # the 6,865.24 left over does not reach Fastly
    assert totals["aws"] == (13476, 13476, 0)
    # fastly: 10,995.116 GB x 0.12 = 1,319.41; 10,000 x 0.0075 = 75.00 -> 1,394.41, half covered
    assert totals["fastly"] == (139441, 69721, 69720)
    assert est.out_of_pocket_cents == 69720
    assert est.list_cents == sum(i.cents for i in est.line_items)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (
            {"aws": {"covers": 1.5}},
            "stacks/x.yaml: indexplan:sponsors.aws.covers: must be between 0 and 1, got 1.5",
        ),
        (
            {"aws": {"credit": 5}},
            "stacks/x.yaml: indexplan:sponsors.aws.credit: unknown key (not one this file takes)",
        ),
        (
            {"aws": {"credit_monthly_usd": -1}},
            "stacks/x.yaml: indexplan:sponsors.aws.credit_monthly_usd: "
            "must be between 0 and 1,000,000,000,000, got -1",
        ),
        (
            {"azure": {"covers": 1}},
            "stacks/x.yaml: indexplan:sponsors.azure: unknown provider; known: aws, gcp, fastly",
        ),
        (
            {"gcp": {"until": "2027-13"}},
            "stacks/x.yaml: indexplan:sponsors.gcp.until: must be a month, YYYY-MM, got '2027-13'",
        ),
    ],
)
def test_bad_terms_are_one_line(raw, message):
    with pytest.raises(InputError) as exc:
        parse_sponsors({"indexplan:sponsors": raw}, "stacks/x.yaml")
    assert str(exc.value) == message


def test_no_sponsors_key_means_no_sponsor():
    assert parse_sponsors({"aws:region": "us-east-1"}, "x") == {}


@pytest.mark.parametrize(
    ("until", "as_of", "running"),
    [
        (None, "2030-01-01", True),  # open-ended terms never end
        ("2026-05", "2026-05-31", True),  # the until month itself is still sponsored
        ("2026-05", "2026-06-01", False),  # the month after it is not
        ("2025-12", "2026-01-15", False),
    ],
)
def test_terms_run_through_their_until_month(until, as_of, running):
    import datetime as dt

    terms = SponsorTerms(covers=1.0, until=until)
    assert terms.in_force(dt.date.fromisoformat(as_of)) is running


def test_estimate_pays_in_full_once_a_sponsor_has_ended():
    scenario = {"traffic": {"egress": "10 TiB/month", "requests": "1e8/month"}}
    ended = {"fastly": SponsorTerms(covers=1.0, until="2026-05")}
    before = price([FASTLY], scenario, sponsors=ended, as_of="2026-05-31")
    after = price([FASTLY], scenario, sponsors=ended, as_of="2026-06-01")
    # in May the whole Fastly bill is covered; from June, none of it is
    assert before.out_of_pocket_cents == 0
    assert before.list_cents > 0
    assert after.out_of_pocket_cents == after.list_cents
    assert "sponsor fastly: terms ended 2026-05; paid in full" in after.notes


def test_a_hole_makes_the_sponsored_total_a_lower_bound_only_where_a_sponsor_pays():
    # s12-review: "Sponsored ≥ $0.00" for a stack with no sponsor. An S3 bucket in a region the
    # catalog does not price (eu-south-2 here) is a hole in aws's list and contracted columns;
    # a sponsor of aws would pay a share of it, a sponsor of fastly would not.
    scenario = {
        "traffic": {"egress": "10 TiB/month", "requests": "1e8/month", "cache_hit_ratio": 0.9},
        "storage": {"stored": "2 TiB", "uploads": "1e5/month"},
    }
    holed = replace(S3_FILES, inputs={**S3_FILES.inputs, "region": "eu-south-2"})
    unsponsored = price([FASTLY, holed], scenario, sponsors={"fastly": SponsorTerms(covers=0.5)})
    assert unsponsored.unpriced  # the bucket's parts
    assert unsponsored.lower_levels() == {"list", "contracted", "out_of_pocket"}
    assert unsponsored.lower_levels("fastly") == set()
    sponsored = price([FASTLY, holed], scenario, sponsors={"aws": SponsorTerms(covers=0.5)})
    assert sponsored.lower_levels() == {"list", "contracted", "sponsored", "out_of_pocket"}
    assert not sponsored.complete_at("sponsored")


def test_a_hole_where_the_sponsor_pays_everything_leaves_out_of_pocket_exact():
    # s12-review2: pypi-2016's Fastly, covered 100%, showed "≥ $0.00" out of pocket. Whatever
    # the unpriced part costs, the sponsor pays it: out of pocket stays $0, sponsored is "≥".
    scenario = {
        "traffic": {"egress": "10 TiB/month", "requests": "1e8/month", "cache_hit_ratio": 0.9},
        "storage": {"stored": "2 TiB", "uploads": "1e5/month"},
    }
    holed = replace(S3_FILES, inputs={**S3_FILES.inputs, "region": "eu-south-2"})
    whole = price([FASTLY, holed], scenario, sponsors={"aws": SponsorTerms(covers=1.0)})
    assert whole.lower_levels("aws") == {"list", "contracted", "sponsored"}
    half = price([FASTLY, holed], scenario, sponsors={"aws": SponsorTerms(covers=0.5)})
    assert half.lower_levels("aws") == {"list", "contracted", "sponsored", "out_of_pocket"}
