"""Price books: negotiated rates turn list into contracted exactly, commitments charge their
shortfall, sponsors give out of the contracted bill, and a bad book is one line, exit 2.

The stack is all-aws (or pypi-2021) under the pypi-2021 scenario, priced as of 2021-04-30:
900 TB/day over a 30.4375-day month is 27,393.75 TB = 27,393,750,000,000,000 bytes, which AWS
bills as 27,393,750,000,000,000 / 2^30 = 25,512,417.778 "GB" of CloudFront data out, all in
north_america (the scenario gives no regions), so all in CloudFront's us_mexico_canada zone
(the United States, Mexico and Canada). The catalog's CloudFront version in force then
(2016-01-01, before the free tier) has tiers ending at 10,240, 51,200, 153,600, 512,000,
1,048,576 and 5,242,880 GB (costmodel/catalog/aws/cloudfront.yaml).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_run import assert_refused, run

from indexplan.paths import STACKS_DIR


def book(tmp_path: Path, text: str, name: str = "book.yaml") -> str:
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def estimate(capsys, stack: str, book_path: str | None) -> dict:
    args = ["estimate", stack, "-s", "pypi-2021", "-f", "json"]
    code, out, err = run(capsys, *args, *(["--price-book", book_path] if book_path else []))
    assert (code, err) == (0, "")
    return json.loads(out)


def lines(data: dict, resource: str) -> list[dict]:
    return [i for i in data["line_items"] if i["resource"] == resource]


def cents(value: float) -> int:
    return round(value * 100)


def test_a_negotiated_flat_rate_turns_list_into_contracted_exactly(capsys, tmp_path):
    path = book(
        tmp_path,
        """
source: CloudFront private pricing addendum (example)
entries:
  - provider: aws
    service: cloudfront
    dimension: data_out
    zone: us_mexico_canada
    effective: 2021-01-01
    rate: {unit: GB, tiers: [[null, 0.02]]}
""",
    )
    data = estimate(capsys, "all-aws", path)
    data_out = [i for i in lines(data, "cdn-distribution") if i["unit"] == "GB"]
    # One line per list tier, each at 0.02 $/GB, each rounded once:
    #   10,240 x 0.02 = 204.80;  40,960 x 0.02 = 819.20;  102,400 x 0.02 = 2,048.00;
    #   358,400 x 0.02 = 7,168.00;  536,576 x 0.02 = 10,731.52;  4,194,304 x 0.02 = 83,886.08;
    #   25,512,417.778 - 5,242,880 = 20,269,537.778 x 0.02 = 405,390.7556 -> 405,390.76
    assert [i["contracted_monthly_usd"] for i in data_out] == [
        204.80,
        819.20,
        2048.00,
        7168.00,
        10731.52,
        83886.08,
        405390.76,
    ]
    assert {i["contracted_unit_price_usd"] for i in data_out} == {0.02}
    # the list side is untouched: 870.40 + 3,276.80 + 6,144 + 14,336 + 16,097.28 + 104,857.60
    # + 405,390.76 = 550,972.84
    assert sum(cents(i["monthly_usd"]) for i in data_out) == 55097284
    # ... and the contracted data out is 204.80 + ... + 405,390.76 = 510,248.36
    assert sum(cents(i["contracted_monthly_usd"]) for i in data_out) == 51024836
    # every other line is contracted at list: the totals differ by exactly the data out's saving
    totals = data["totals"]
    saving = 55097284 - 51024836
    assert cents(totals["list_monthly_usd"]) - cents(totals["contracted_monthly_usd"]) == saving
    assert list(totals) == [
        "list_monthly_usd",
        "contracted_monthly_usd",
        "sponsored_monthly_usd",
        "out_of_pocket_monthly_usd",
    ]
    # no sponsor on all-aws: out of pocket is the contracted bill
    assert totals["out_of_pocket_monthly_usd"] == totals["contracted_monthly_usd"]


def test_a_tiered_rate_cuts_the_list_tiers_where_its_own_change(capsys, tmp_path):
    path = book(
        tmp_path,
        """
source: example
entries:
  - provider: aws
    service: cloudfront
    dimension: data_out
    effective: 2021-01-01
    rate: {tiers: [[100000, 0.03], [null, 0.01]]}
""",
    )
    data = estimate(capsys, "all-aws", path)
    data_out = [i for i in lines(data, "cdn-distribution") if i["unit"] == "GB"]
    # The list bound 153,600 and the negotiated 100,000 give 51,200-100,000 (list 0.06,
    # contracted 0.03) then 100,000-153,600 (list 0.06, contracted 0.01).
    bands = [(i["quantity"], i["unit_price_usd"], i["contracted_unit_price_usd"]) for i in data_out]
    assert bands[:4] == [
        (10240, 0.085, 0.03),
        (40960, 0.08, 0.03),
        (48800, 0.06, 0.03),
        (53600, 0.06, 0.01),
    ]
    # 48,800 x 0.06 = 2,928.00 and 53,600 x 0.06 = 3,216.00: the list tier's 6,144.00 in two
    assert [i["monthly_usd"] for i in data_out[2:4]] == [2928.00, 3216.00]
    assert [i["contracted_monthly_usd"] for i in data_out[2:4]] == [1464.00, 536.00]


def test_the_most_specific_entry_wins_and_discounts_round_once_per_line(capsys, tmp_path):
    path = book(
        tmp_path,
        """
source: example enterprise agreement
entries:
  - provider: aws
    discount_percent: 15
    effective: 2021-01-01
  - provider: aws
    service: cloudfront
    effective: 2021-01-01
    discount_percent: 0
""",
    )
    data = estimate(capsys, "all-aws", path)
    instance = next(i for i in lines(data, "database-postgres") if i["unit"] == "hour")
    # 0.45 less 15% = 0.3825 $/hour; x 730 h = 279.225 -> 279.23 (halves away from zero)
    assert (instance["contracted_unit_price_usd"], instance["contracted_monthly_usd"]) == (
        0.3825,
        279.23,
    )
    # CloudFront's own entry (0%) is more specific than the provider-wide 15%
    for item in lines(data, "cdn-distribution"):
        assert item["contracted_monthly_usd"] == item["monthly_usd"]


def test_a_committed_spend_charges_its_shortfall(capsys, tmp_path):
    path = book(
        tmp_path,
        """
source: example DNS commitment
entries:
  - provider: aws
    service: route53
    effective: 2021-01-01
    commitment: {monthly_usd: 100, discount_percent: 10}
""",
    )
    data = estimate(capsys, "all-aws", path)
    dns = lines(data, "dns-zone")
    # hosted zone 0.50 less 10% = 0.45; 100 million queries x 0.40 less 10% = 36.00
    assert [i["contracted_monthly_usd"] for i in dns] == [0.45, 36.00]
    # committed 100.00, spent 36.45: the shortfall is 63.55, with nothing at list
    (short,) = [i for i in data["line_items"] if i["type"] == "indexplan:pricebook:Commitment"]
    assert (short["monthly_usd"], short["contracted_monthly_usd"]) == (0.0, 63.55)
    # so Route 53 costs exactly the commitment
    assert sum(cents(i["contracted_monthly_usd"]) for i in [*dns, short]) == 10000


def test_a_commitment_met_charges_nothing_more(capsys, tmp_path):
    path = book(
        tmp_path,
        """
source: example
entries:
  - provider: aws
    service: route53
    effective: 2021-01-01
    commitment: {monthly_usd: 30, discount_percent: 10}
""",
    )
    data = estimate(capsys, "all-aws", path)
    # spent 36.45 >= 30.00: no shortfall line
    assert not [i for i in data["line_items"] if i["type"] == "indexplan:pricebook:Commitment"]


def test_entries_apply_only_between_effective_and_until(capsys, tmp_path):
    path = book(
        tmp_path,
        """
source: example
entries:
  - provider: aws
    discount_percent: 50
    effective: 2020-01-01
    until: 2021-04-29
""",
    )
    data = estimate(capsys, "all-aws", path)  # priced as of 2021-04-30: ended the day before
    assert data["totals"]["contracted_monthly_usd"] == data["totals"]["list_monthly_usd"]
    assert data["assumptions"]["price_book"]["entries_in_force"] == []


def test_sponsors_give_out_of_the_contracted_bill(capsys, tmp_path):
    path = book(
        tmp_path,
        """
source: example
entries:
  - provider: gcp
    discount_percent: 20
    effective: 2021-01-01
""",
    )
    data = estimate(capsys, "pypi-2021", path)
    gcp = next(p for p in data["providers"] if p["provider"] == "gcp")
    # pypi-2021's $10,000 GCP credit comes off the contracted bill, not the list one
    assert gcp["sponsored_monthly_usd"] == 10000
    assert cents(gcp["out_of_pocket_monthly_usd"]) == cents(gcp["contracted_monthly_usd"]) - 1000000
    assert gcp["contracted_monthly_usd"] < gcp["list_monthly_usd"]
    fastly = next(p for p in data["providers"] if p["provider"] == "fastly")
    assert fastly["out_of_pocket_monthly_usd"] == 0  # covers 100% of whatever is billed
    # the note names the base the share is taken of: the bill (contracted here), not list
    assert "sponsor fastly (Fast Forward): covers 100% of its bill" in data["assumptions"]["notes"]


def test_a_stack_names_its_own_book_relative_to_its_file(capsys, tmp_path):
    book(
        tmp_path,
        "source: example\nentries:\n- {provider: aws, discount_percent: 50, "
        "effective: 2021-01-01}\n",
        "contract.yaml",
    )
    stack = tmp_path / "Pulumi.discounted.yaml"
    stack.write_text(
        (STACKS_DIR / "Pulumi.all-aws.yaml").read_text() + "  indexplan:price_book: contract.yaml\n"
    )
    data = estimate(capsys, str(stack), None)
    assert data["assumptions"]["price_book"]["file"] == str(tmp_path / "contract.yaml")
    # 50% off every line: contracted is about half of list (each line rounded once)
    ratio = data["totals"]["contracted_monthly_usd"] / data["totals"]["list_monthly_usd"]
    assert abs(ratio - 0.5) < 1e-6


def test_the_table_shows_both_unit_prices(capsys, tmp_path):
    path = book(
        tmp_path,
        "source: example\nentries:\n- {provider: aws, service: rds_postgresql, "
        "discount_percent: 10, effective: 2021-01-01}\n",
    )
    code, out, _ = run(capsys, "estimate", "all-aws", "-s", "pypi-2021", "--price-book", path)
    assert code == 0
    assert "$0.45" in out and "> $0.405" in out  # 0.45 less 10%
    assert "Contracted" in out and "Price book in force" in out
    assert max(len(line) for line in out.splitlines()) <= 100


def test_the_schema_describes_the_three_terms(capsys):
    code, out, _ = run(capsys, "schema", "price-book")
    assert code == 0
    entry = json.loads(out)["$defs"]["Entry"]["properties"]
    assert {"discount_percent", "rate", "commitment", "effective", "until"} <= set(entry)


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (
            "{provider: aws, service: cloudfrnt, discount_percent: 5, effective: 2021-01-01}",
            "entries.0: no price in the catalog for aws cloudfrnt",
        ),
        (
            "{provider: aws, service: cloudfront, dimension: data_out, effective: 2021-01-01, "
            "rate: {unit: GiB, tiers: [[null, 0.01]]}}",
            "entries.0.rate.unit: aws cloudfront data_out is billed in GB, not 'GiB'",
        ),
        (
            "{provider: aws, service: cloudfront, effective: 2021-01-01, rate: 0.01}",
            "a rate is in one billing unit: name its service and dimension",
        ),
        (
            "{provider: aws, discount_percent: 5, rate: 0.1, effective: 2021-01-01}",
            "give exactly one of discount_percent, rate, commitment (given: discount_percent, "
            "rate)",
        ),
        (
            "{provider: aws, discount_percent: 5, effective: 2021-05-01, until: 2021-04-01}",
            "until 2021-04-01 is before effective 2021-05-01",
        ),
        ("{provider: aws, discount_percent: 100, effective: 2021-01-01}", "less than 100"),
        (
            "{provider: aws, discount_percent: .nan, effective: 2021-01-01}",
            "entries.0.discount_percent: line 3: .nan is not a number; every figure must be finite",
        ),
        (
            "{provider: aws, discount_percent: 1.0e+400, effective: 2021-01-01}",
            "entries.0.discount_percent: line 3: number 1.0e+400 is out of range",
        ),
        (
            "{provider: aws, service: s3, dimension: storage_standard, effective: 2021-01-01, "
            "rate: {tiers: [[100, 0.02], [50, 0.01]]}}",
            "tier 2: bounds must increase",
        ),
        ("{provider: azure, discount_percent: 5, effective: 2021-01-01}", "entries.0.provider"),
        (
            "{provider: cloudflare, service: workers, discount_percent: 5, effective: 2021-01-01}",
            "entries.0: no price in the catalog for cloudflare workers",
        ),
    ],
)
def test_a_bad_book_is_one_line_and_exit_2(capsys, tmp_path, entry, message):
    path = book(tmp_path, f"source: example\nentries:\n- {entry}\n")
    assert_refused(
        capsys, ("estimate", "all-aws", "-s", "pypi-2021", "--price-book", path), message
    )


HUGE = "{provider: aws, service: cloudfront, dimension: data_out, effective: 2021-01-01, rate: %s}"


@pytest.mark.parametrize("command", ["estimate", "compare"])
@pytest.mark.parametrize(
    ("rate", "field", "message"),
    [
        # past the documented range of any money amount a file gives (limits.MAX_USD, 1e12)
        ("1.0e+300", "entries.0.rate.tiers", "tier 1: a rate is at most 1e+12 USD per unit"),
        # in range, but 25,512,417.778 GB of data out (the module docstring) x 1e9 $/GB is
        # about $2.6e16, past the $1e13 (limits.EXACT_USD) a bill is carried to the cent in
        (
            "1.0e+9",
            "entries.0.rate",
            "aws cloudfront data_out at this rate bills over $10,000,000,000,000 a month",
        ),
    ],
)
def test_a_huge_rate_is_refused_naming_the_entry(capsys, tmp_path, command, rate, field, message):
    path = book(tmp_path, f"source: example\nentries:\n- {HUGE % rate}\n")
    assert_refused(
        capsys,
        (command, "all-aws", "-s", "pypi-2021", "--price-book", path),
        f"{path}: {field}: {message}",
    )


def test_rates_that_pass_the_exact_bill_together_are_refused(capsys, tmp_path):
    # each line under $1e13, the month over it: 25,512,417.778 GB x 2e5 $/GB = $5.10e12 of data
    # out and 2e9 requests/day x 30.4375 days / 10,000 = 6,087,500 x 1e6 = $6.09e12 of requests
    entries = [HUGE % "2.0e+5", HUGE.replace("data_out", "https_requests") % "1.0e+6"]
    path = book(tmp_path, "source: example\nentries:\n" + "".join(f"- {e}\n" for e in entries))
    assert_refused(
        capsys,
        ("estimate", "all-aws", "-s", "pypi-2021", "--price-book", path),
        f"{path}: entries: the rates bill over $10,000,000,000,000 a month",
    )


def test_two_entries_for_one_scope_at_once_are_refused(capsys, tmp_path):
    path = book(
        tmp_path,
        "source: example\nentries:\n"
        "- {provider: aws, service: s3, discount_percent: 5, effective: 2021-01-01}\n"
        "- {provider: aws, service: s3, discount_percent: 9, effective: 2021-03-01, "
        "until: 2021-06-30}\n",
    )
    assert_refused(
        capsys,
        ("estimate", "all-aws", "-s", "pypi-2021", "--price-book", path),
        "entries.1: entries.0 already sets the rate for aws s3 on 2021-03-01",
    )


def test_a_missing_book_file_is_one_line(capsys, tmp_path):
    missing = str(tmp_path / "nope.yaml")
    assert_refused(
        capsys,
        ("estimate", "all-aws", "-s", "pypi-2021", "--price-book", missing),
        f"--price-book: {missing}: no such file",
    )


def test_a_stack_book_that_is_not_a_path_is_one_line(capsys, tmp_path):
    stack = tmp_path / "Pulumi.bad.yaml"
    stack.write_text(
        (STACKS_DIR / "Pulumi.all-aws.yaml").read_text() + "  indexplan:price_book: [1, 2]\n"
    )
    assert_refused(
        capsys,
        ("estimate", str(stack), "-s", "pypi-2021"),
        f"{stack}: indexplan:price_book: must be a path to a price book",
    )


def test_a_book_negotiates_with_datadog_and_backblaze_too(capsys, tmp_path):
    """pypi-2024 keeps its files on Backblaze B2 and monitors with Datadog. Under pypi-2025
    (304 TB stored, 8 monitored hosts, 1,600.325 GB of logs a month: 1 kB for each of 2.56e12 /
    12 x 0.5 (app.route_share's default) x 0.015 misses + 325,000 uploads = 1,600,325,000 app
    requests):
    - Datadog at 25% off: hosts 8 x $18 = $144.00 -> $108.00; logs 1,600.325 GB x $0.10 =
      $160.0325 -> $160.03 list, x 0.75 = $120.024375 -> $120.02 contracted;
    - B2 storage at a flat $0.004: 303,990 GB-month over the free 10 x $0.006 = $1,823.94 list,
      x $0.004 = $1,215.96 contracted; the free 10 GB stay free; Class B reads keep list:
      the misses on file routes only (pypi-2024 has an app: 2.56e12 / 12 x (1 - 0.5) x 0.015 =
      1.6e9), over the free 2,500 a day (76,093.75 a month) at $0.004 per 10,000: 1,599,923,906.25
      / 10,000 x 0.004 = $639.97.
    """
    path = book(
        tmp_path,
        """
source: Datadog order form and Backblaze reserve quote (example)
entries:
  - {provider: datadog, effective: 2024-01-01, discount_percent: 25}
  - {provider: b2, service: b2, dimension: storage, effective: 2024-01-01, rate: 0.004}
""",
    )
    code, out, err = run(
        capsys, "estimate", "pypi-2024", "-s", "pypi-2025", "-f", "json", "--price-book", path
    )
    assert (code, err) == (0, "")
    items = json.loads(out)["line_items"]
    got = {
        (i["provider"], i["component"]): (i["monthly_usd"], i["contracted_monthly_usd"])
        for i in items
        if i["provider"] in ("datadog", "b2")
    }
    assert got[("datadog", "infrastructure hosts (Pro)")] == (144.0, 108.0)
    assert got[("datadog", "log ingestion")] == (160.03, 120.02)
    assert got[("b2", "B2 storage, over 10 GB-month")] == (1823.94, 1215.96)
    assert got[("b2", "B2 storage, first 10 GB-month (free)")] == (0.0, 0.0)
    reads = ("b2", "B2 Class B transactions (cache misses), over 76,093.75 requests")
    assert got[reads] == (639.97, 639.97)


TINY = """
name: tiny
as_of: 2026-06-01
traffic: {egress: 1.5 TB/month, requests: 1e7/month, cache_hit_ratio: 0.95,
          regions: {north_america: 1.0}}
storage: {stored: 100 GB}
"""


@pytest.mark.parametrize(
    ("rate", "contracted", "note"),
    [
        # 1.5e12 B / 2^30 = 1,396.98 GB: the free 1,024 GB, then 372.98 GB at the 2026 list
        # $0.085 (us_mexico_canada): list 31.70. A rate of 5.0 (meant 0.05): 372.98 x 5 =
        # 1,864.92, and 5 / 0.085 = 58.82 times the list: noted (s6 review, finding 5)
        (5.0, 1864.92, "price book book: entries.0 (aws cloudfront data_out) rate $5 per GB is "
                       "58.8x the list $0.085 it replaces: check the decimal point"),
        # 0.1701 / 0.085 = 2.0012, just past twice the list: noted; 372.98 x 0.1701 = 63.44
        (0.1701, 63.44, "price book book: entries.0 (aws cloudfront data_out) rate $0.1701 per "
                        "GB is 2.0x the list $0.085 it replaces: check the decimal point"),
        # exactly twice the list (372.98 x 0.17 = 63.41) is a contract, not a typo: no note
        (0.17, 63.41, None),
    ],
)  # fmt: skip
def test_a_rate_over_twice_the_list_it_replaces_is_noted(capsys, tmp_path, rate, contracted, note):
    path = book(
        tmp_path,
        "source: a typo\nentries:\n  - {provider: aws, service: cloudfront, dimension: data_out,"
        f" effective: 2024-01-01, rate: {{unit: GB, tiers: [[null, {rate}]]}}}}\n",
    )
    scenario = book(tmp_path, TINY, "tiny.yaml")
    args = ["estimate", "static-index", "-s", scenario, "-f", "json", "--price-book", path]
    code, out, err = run(capsys, *args)
    assert (code, err) == (0, "")  # a note, not a refusal: the exit status is unchanged
    data = json.loads(out)
    billed = [i for i in lines(data, "cdn-distribution") if i["unit"] == "GB" and i["monthly_usd"]]
    assert [(i["monthly_usd"], i["contracted_monthly_usd"]) for i in billed] == [
        (31.70, contracted)
    ]
    noted = [n for n in data["assumptions"]["notes"] if n.startswith("price book")]
    assert noted == ([note] if note else [])


def test_an_entry_that_matches_nothing_the_setup_uses_says_so(capsys, tmp_path):
    """An AWS-only book on the all-Google stack changes no price: its contracted column equals
    list, and a note says entries.0 falls under no price the setup uses. Entry 1 (a GCS
    discount) does apply, so it gets no note; on all-aws entry 0 applies and entry 1 does not."""
    path = book(
        tmp_path,
        """
source: two providers' terms (example)
entries:
  - {provider: aws, effective: 2024-01-01, discount_percent: 10}
  - {provider: gcp, service: cloud_storage, effective: 2024-01-01, discount_percent: 5}
""",
    )

    def notes(stack: str) -> list[str]:
        code, out, err = run(
            capsys, "estimate", stack, "-s", "pypi-2026", "-f", "json", "--price-book", path
        )
        assert (code, err) == (0, "")
        return [n for n in json.loads(out)["assumptions"]["notes"] if n.startswith("price book")]

    assert notes("all-gcp") == ["price book entries.0 (aws) matches no price this setup uses"]
    assert notes("all-aws") == [
        "price book entries.1 (gcp cloud_storage) matches no price this setup uses"
    ]
