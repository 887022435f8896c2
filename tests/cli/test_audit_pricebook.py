"""Price-book rules that only a boundary shows (s9-audit #6, #22, #23): a commitment's discount
on top of a negotiated rate, an entry's `until` day included, and which of two matching entries
wins. Stack all-aws, scenario pypi-2021, priced as of 2021-04-30 (test_cli_pricebook.py's
docstring). The Route 53 lines at list: hosted zone $0.50, 100 million queries x $0.40 per
million = $40.00; the RDS instance db.r6g.large/multi-az in us-east-1, 730 h x $0.45 = $328.50
(costmodel/catalog/aws/route53.yaml, rds.json)."""

from __future__ import annotations

import pytest
from test_cli_pricebook import book, estimate, lines


def test_a_commitment_discounts_the_negotiated_rate_not_the_list_one(capsys, tmp_path):
    path = book(
        tmp_path,
        """
source: example
entries:
  - {provider: aws, service: route53, effective: 2021-01-01, discount_percent: 50}
  - provider: aws
    service: route53
    effective: 2021-01-01
    commitment: {monthly_usd: 1, discount_percent: 10}
""",
    )
    data = estimate(capsys, "all-aws", path)
    # hosted zone 0.50 x 0.5 x 0.9 = 0.225 -> 0.23 (halves away from zero); queries
    # 40.00 x 0.5 x 0.9 = 18.00. Off the list price they would be 0.45 and 36.00.
    assert [i["contracted_monthly_usd"] for i in lines(data, "dns-zone")] == [0.23, 18.00]
    # spent 18.23 >= the 1.00 committed: no shortfall line
    assert not [i for i in data["line_items"] if i["type"] == "indexplan:pricebook:Commitment"]


@pytest.mark.parametrize(
    ("until", "contracted"),
    [
        ("2021-04-29", [0.50, 40.00]),  # ended the day before the pricing date: list
        ("2021-04-30", [0.25, 20.00]),  # ends on the pricing date, which is included: 50% off
    ],
)
def test_an_entry_is_in_force_on_its_until_day(capsys, tmp_path, until, contracted):
    path = book(
        tmp_path,
        f"""
source: example
entries:
  - {{provider: aws, service: route53, discount_percent: 50, effective: 2020-01-01, until: {until}}}
""",
    )
    data = estimate(capsys, "all-aws", path)
    assert [i["contracted_monthly_usd"] for i in lines(data, "dns-zone")] == contracted
    in_force = data["assumptions"]["price_book"]["entries_in_force"]
    assert [e["entry"] for e in in_force] == ([0] if until == "2021-04-30" else [])


def test_a_variant_entry_beats_a_zone_entry(capsys, tmp_path):
    path = book(
        tmp_path,
        """
source: example
entries:
  - {provider: aws, service: rds_postgresql, zone: us-east-1, discount_percent: 10,
     effective: 2021-01-01}
  - {provider: aws, service: rds_postgresql, variant: db.r6g.large/multi-az,
     discount_percent: 20, effective: 2021-01-01}
""",
    )
    data = estimate(capsys, "all-aws", path)
    instance, storage = lines(data, "database-postgres")
    # both entries match the instance hours; the variant's 20% wins: 0.45 x 0.8 = 0.36 $/h,
    # x 730 h = 262.80 (the zone's 10% would give 0.405 and 295.65)
    assert (instance["contracted_unit_price_usd"], instance["contracted_monthly_usd"]) == (
        0.36,
        262.80,
    )
    # gp3 storage has no variant: only the zone entry matches, 0.23 less 10% = 0.207 per
    # GB-month, x 500 GB = 103.50
    assert storage["contracted_monthly_usd"] == 103.50
