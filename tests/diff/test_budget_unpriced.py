"""A budget gate never passes what it could not verify (s7-review finding 1).

Every test here but two failed before the fix (run on main at aa558e0: the gate passed, exit
0, wherever a test below expects "not verified"); the two, a lower bound already over and parts
alike on both sides, guard what main already did right.

The plans are real ones of tests/fixtures/terraform/gate/main.tf (generate.py there), in
eu-west-1 under scenario pypi-2026, worked by hand from the catalog's AWS feed rates (as the
s7 review did for the same database):

- base: aws_db_instance.db, db.t4g.medium Multi-AZ, 730 h x $0.138 = $100.74, and 100 GB of
  gp3 Multi-AZ x $0.254 = $25.40; aws_sqs_queue.jobs[0], the scenario's 1 M messages x 3
  requests, the first 1 M free: 2 x $0.40 = $0.80: $126.94 priced. Unpriced in it: the NAT
  gateway's hours (no eu-west-1 price) and its data processed (depends on usage): the total is
  at least $126.94.
- bigger-db: db.r6g.xlarge Multi-AZ, 730 h x $1.007 = $735.11: a rise of
  735.11 - 100.74 = $634.37, which is 634.37 / 126.94 = 499.7% of the base's priced part. The
  NAT gateway is alike on both sides (same inputs, same usage): it cancels, so the rise is
  exact.
- builders2: two aws_instance added, a type the model lacks: the rise is at least $0.00.
- builders2-xlarge: the same two instances, m6i.xlarge instead of m6i.large: unpriced on both
  sides for the same reason, but their inputs changed, so nothing cancels: either way.
- sydney, sydney-queues2: base and queues2 in ap-southeast-2, where SQS has no price; a second
  queue shares the scenario's messages, so jobs[0]'s requests halve: its part does not cancel
  (same reason and inputs, not the same usage), and the rise is unknown either way.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import run, variant

GATE = Path(__file__).resolve().parent.parent / "fixtures" / "terraform" / "gate"
NOT_VERIFIED = "indexplan: budget not verified: "
BUILDERS = (
    "HEAD has 2 parts with no price that BASE has not alike: aws_instance.builder[0], "
    "aws_instance.builder[1] (resource type not in the cost model)"
)


def diff(head: str, *options: str, base: str = "base") -> list[str]:
    plans = (str(GATE / f"{base}.plan.json"), str(GATE / f"{head}.plan.json"))
    return ["diff", *plans, "-s", "pypi-2026", *options]


def failed(capsys, args: list[str]) -> tuple[str, str]:
    """Exit 1 with the whole report on stdout and one line on stderr."""
    code, out, err = run(capsys, *args)
    assert code == 1 and out, err
    assert err.count("\n") == 1, err
    return out, err


@pytest.mark.parametrize("limit", ["5%", "700", "0"])
def test_unpriced_resources_added_are_not_verified(capsys, limit):
    # the reviewer's case: builders the model cannot price, under any limit
    _, err = failed(capsys, diff("builders2", "--fail-above", limit))
    assert err.startswith(f"{NOT_VERIFIED}--fail-above {limit}: the monthly bill (list price) ")
    assert "rises by at least +$0.00 (+0%" in err
    assert BUILDERS in err
    assert err.endswith("pass --allow-unpriced to check the priced part only\n")


def test_the_line_names_the_parts_and_each_way_to_price_them(capsys):
    _, err = failed(capsys, diff("builders2", "--fail-above", "700"))
    assert err == (
        f"{NOT_VERIFIED}--fail-above 700: the monthly bill (list price) rises by at least "
        f"+$0.00 (+0%), within the $700.00 allowed, but {BUILDERS}; pass --allow-unpriced to "
        "check the priced part only\n"
    )


def test_allow_unpriced_checks_the_priced_part_and_the_report_says_so(capsys):
    allowed = diff("builders2", "--fail-above", "700", "--allow-unpriced")
    code, out, err = run(capsys, *allowed, "-f", "json")
    assert (code, err) == (0, "")
    assert json.loads(out)["budget"] == [
        "budget checked on the priced part only: --fail-above 700: the monthly bill (list "
        f"price) rises by at least +$0.00 (+0%), within the $700.00 allowed; {BUILDERS}"
    ]
    code, out, _ = run(capsys, *allowed, "-f", "markdown")
    assert code == 0 and "> budget checked on the priced part only: --fail-above 700: " in out
    # over the limit on the priced part: exceeded, allowed or not
    _, err = failed(capsys, diff("bigger-db", "--fail-above", "100%", "--allow-unpriced"))
    assert err.startswith("indexplan: budget exceeded: --fail-above 100%: ")


def test_a_lower_bound_already_over_is_exceeded(capsys):
    # builders2 -> builders2 + bigger database is not a fixture; bigger-db against builders2
    # has the builders removed: an upper bound. So: base -> bigger-db, exact, over $600
    _, err = failed(capsys, diff("bigger-db", "--fail-above", "600"))
    # 634.37 - 600 = 34.37 over; 634.37 / 126.94 = 500% (3 significant digits)
    assert err == (
        "indexplan: budget exceeded: --fail-above 600: the monthly bill (list price) rises by "
        "+$634.37 (+500%), $34.37 over the $600.00 allowed\n"
    )


def test_unpriced_parts_alike_on_both_sides_cancel(capsys):
    # the NAT gateway has no price on either side, alike: the rise is exact
    code, out, err = run(capsys, *diff("bigger-db", "--fail-above", "700", "-f", "json"))
    assert (code, err) == (0, "")
    assert json.loads(out)["totals"]["diff"]["list_monthly_usd"] == 634.37


def test_a_percent_over_a_base_with_unpriced_parts(capsys):
    # 499.7% of the priced base; a larger real base only lowers it: within 600% for certain
    code, _, err = run(capsys, *diff("bigger-db", "--fail-above", "600%"))
    assert (code, err) == (0, "")
    # over 100% of the priced part, but the real base may be large enough: not verified
    _, err = failed(capsys, diff("bigger-db", "--fail-above", "100%"))
    assert err.startswith(
        f"{NOT_VERIFIED}--fail-above 100%: the monthly bill (list price) rises by +$634.37 "
        "(+500% of BASE's priced part), 400 points over the 100% allowed, but BASE has 2 parts "
        "with no price (a larger base, a lower percent): "
    )
    # the NAT gateway's data processed depends on usage; the rest are catalog gaps
    assert err.endswith(
        "; give their usage (--usage FILE) or give your rate for each in a price book (a "
        "`rate` entry) to verify it, or pass --allow-unpriced to check the priced part only\n"
    )


def test_an_unpriced_resource_whose_inputs_changed_does_not_cancel(capsys):
    # m6i.large -> m6i.xlarge: the priced rise is $0.00, the real one anything
    _, err = failed(capsys, diff("builders2-xlarge", "--fail-above", "1000", base="builders2"))
    assert "rises by +$0.00 (+0%) on its priced parts, within the $1,000.00 allowed" in err
    assert BUILDERS in err
    assert "BASE has 2 parts with no price that HEAD has not alike: aws_instance.builder[0]" in err


def test_an_unpriced_part_whose_usage_changed_does_not_cancel(capsys):
    # jobs[0]: same inputs and reason, half the requests once jobs[1] shares the messages
    _, err = failed(capsys, diff("sydney-queues2", "--fail-above", "1000", base="sydney"))
    assert (
        "HEAD has 2 parts with no price that BASE has not alike: aws_sqs_queue.jobs[0] requests "
        "(send, receive, delete), aws_sqs_queue.jobs[1] requests (send, receive, delete) "
        "(no aws sqs standard_requests price for ap-southeast-2); BASE has 1 part with no price "
        "that HEAD has not alike: aws_sqs_queue.jobs[0] requests (send, receive, delete)"
    ) in err
    # SQS is a service `prices import` reads (an AWS offer file for ap-southeast-2 would do)
    assert err.endswith(
        "; give your rate for each in a price book (a `rate` entry) or import the list prices "
        "of aws sqs (indexplan prices import) to verify it, or pass --allow-unpriced to check "
        "the priced part only\n"
    )


def test_the_pull_request_comment_says_not_verified(capsys):
    out, _ = failed(capsys, diff("builders2", "--fail-above", "5%", "-f", "markdown"))
    assert "> budget not verified: --fail-above 5%: " in out


def test_a_monthly_budget_with_unpriced_parts(capsys):
    plan = ["estimate", "--from-terraform-plan", str(GATE / "base.plan.json"), "-s", "pypi-2026"]
    # at least $126.94: over $126.93 for certain (0.01 / 126.93 = 0.00788%)
    _, err = failed(capsys, [*plan, "--budget", "126.93"])
    assert err.startswith(
        "indexplan: budget exceeded: --budget: the monthly bill (list price) under scenario "
        "pypi-2026 is at least $126.94, $0.01 (0.00788%) over the $126.93 allowed"
    )
    # within $130 on its priced part only: not verified, unless allowed
    _, err = failed(capsys, [*plan, "--budget", "130"])
    assert err.startswith(
        f"{NOT_VERIFIED}--budget: the monthly bill (list price) under scenario pypi-2026 is at "
        "least $126.94, within the $130.00 allowed, but 2 parts have no price: "
        "aws_nat_gateway.nat NAT gateway hours (no aws vpc nat_gateway_hours price for "
        "eu-west-1); aws_nat_gateway.nat data processed (depends on usage); "
    )
    code, out, err = run(capsys, *plan, "--budget", "130", "--allow-unpriced", "-f", "json")
    assert (code, err) == (0, "")
    notes = json.loads(out)["assumptions"]["notes"]
    assert any(n.startswith("budget checked on the priced part only: --budget: ") for n in notes)


def test_check_reports_a_budget_it_cannot_verify(capsys, tmp_path):
    # pypi-2021 under pypi-2021: at least $3,438,093.79 at list price (worked out in
    # tests/cli/test_cli_estimate_unpriced.py), with 2 parts unpriced: within $3.5M on its
    # priced part only
    budget = "{scenario: pypi-2021, monthly_usd: 3500000}"
    stack = variant(
        tmp_path, "pypi-2021", ("config:\n", f"config:\n  indexplan:budget: {budget}\n")
    )
    code, out, err = run(capsys, "check", stack, "-f", "json")
    assert (code, err) == (1, "")
    report = json.loads(out)
    assert report["passed"] is False
    (violation,) = [v for v in report["violations"] if v["rule"] == "cost-budget"]
    assert violation["enforcement"] == "mandatory"
    assert violation["message"] == (
        f"budget not verified: {stack}: indexplan:budget.monthly_usd: the monthly bill (list "
        "price) under scenario pypi-2021 is at least $3,438,093.79, within the $3,500,000.00 "
        "allowed, but 2 parts have no price: cdn-service log streaming (no fastly logging "
        "log_streaming price for global); cdn-certificate managed certificate (no fastly tls "
        "managed_certificate price for lets-encrypt in global); give your rate for each in a "
        "price book (a `rate` entry) to verify it, or set allow_unpriced: true in "
        "indexplan:budget to check the priced part only"
    )
    code, out, _ = run(capsys, "check", stack)
    assert code == 1
    # the policies table's row (the violations table below it names the rule again)
    rows = [line.split()[:4] for line in out.splitlines() if " cost-budget " in line]
    assert rows[0] == ["cost-budget", "mandatory", "not", "verified"]
    allowed = budget.replace("}", ", allow_unpriced: true}")
    stack = variant(
        tmp_path, "pypi-2021", ("config:\n", f"config:\n  indexplan:budget: {allowed}\n")
    )
    code, out, err = run(capsys, "check", stack, "-f", "json")
    assert (code, err) == (0, "")
    (violation,) = [v for v in json.loads(out)["violations"] if v["rule"] == "cost-budget"]
    assert violation["enforcement"] == "advisory"
    assert violation["message"].startswith(
        f"budget checked on the priced part only: {stack}: indexplan:budget.monthly_usd: "
    )


def test_a_commitment_lets_no_unpriced_part_cancel(capsys, tmp_path):
    # an AWS commitment of $1,000 a month (no discount): each side is billed the larger of it
    # and its spend, so the priced bills are both $1,000 (126.94 and 761.31 below it) and the
    # priced rise $0.00; but the NAT gateway's spend counts toward the
    # commitment too, so the real rise is anything from $0 to $634.37: not verified
    book = tmp_path / "commit.yaml"
    book.write_text(
        "source: a test commitment\nentries:\n  - provider: aws\n    effective: 2020-01-01\n"
        "    commitment: {monthly_usd: 1000, discount_percent: 0}\n"
    )
    _, err = failed(capsys, diff("bigger-db", "--fail-above", "700", "--price-book", str(book)))
    assert err.startswith(
        f"{NOT_VERIFIED}--fail-above 700: the monthly bill (contracted) rises by +$0.00 (+0%) "
        "on its priced parts, within the $700.00 allowed, but HEAD has 2 parts with no price "
        "(price book commit has a commitment in force: each part's spend moves its shortfall; "
        "none cancels): aws_nat_gateway.nat NAT gateway hours"
    )


def test_the_report_shows_an_unpriced_resource_whose_inputs_changed_as_changed(capsys):
    # m6i.large -> m6i.xlarge: both sides "resource type not in the cost model", alike in
    # their reasons, but the instances' inputs changed, so their cost may have: the report
    # lists them as changed and calls the difference unknown, as the gate does (before: "same",
    # "no change to the monthly bill", bound exact)
    code, out, err = run(capsys, *diff("builders2-xlarge", "-f", "json", base="builders2"))
    assert (code, err) == (0, "")
    report = json.loads(out)
    changed = [r["urn"] for r in report["resources"] if r["change"] == "changed"]
    assert changed == ["aws_instance.builder[0]", "aws_instance.builder[1]"]
    assert report["totals"]["bound"] == "unknown"


@pytest.mark.parametrize(
    ("reason", "importable"),
    [
        # services `prices import` reads (costmodel/readers/price_import: aws RULES/FEED_RULES,
        # gcp RULES): named; Fargate, NAT and Cloud Run it does not read (s12-review F13)
        ("no aws sqs standard_requests price for ap-southeast-2", "aws sqs"),
        (
            "no aws rds_postgresql instance price for db.t4g.small/single-az in mars-1",
            "aws rds_postgresql",
        ),
        ("no gcp cloud_cdn cache_egress price for emea: why", "gcp cloud_cdn"),
        ("no gcp cloud_storage storage_archive price for mars1", "gcp cloud_storage"),
        ("no aws fargate vcpu price for eu-west-1: AWS lists Fargate prices per region", None),
        ("no aws vpc nat_gateway_hours price for eu-west-1", None),
        ("no gcp cloud_run vcpu_seconds price for europe-west1: why", None),
        ("depends on usage: no unit price found", None),
        ("730 hour in eu-west-1 beyond the last published tier (0 hour; contact sales)", None),
    ],
)
def test_prices_import_is_advised_only_for_services_it_reads(reason, importable):
    from costmodel.model.budget import _importable

    assert _importable(reason) == importable


def test_the_importable_services_are_the_importers_own():
    # budget.py (the model layer) may not import the readers: it lists their services, held here
    from costmodel.model.budget import IMPORTABLE
    from costmodel.readers.price_import import aws, aws_feed, gcp

    readers = {("aws", r.service) for r in aws.RULES}
    readers |= {("aws", r.service) for r in aws_feed.FEED_RULES}
    readers |= {("gcp", r.catalog_service) for r in gcp.RULES}
    assert readers == IMPORTABLE
