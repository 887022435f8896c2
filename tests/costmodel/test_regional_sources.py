"""Session 7 sources: SQS in Ireland, Fastly's managed certificates, and unpriced reasons that
reports print short (the whole reason stays in the catalog, shown by `indexplan prices show`).

A European operator's stack in eu-west-1 was "≥" and unranked for want of one SQS rate (the
s7 review, finding 12); every Fastly setup was incomplete for its certificate."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from costmodel_helpers import lines, price, reasons, res

from costmodel.errors import InputError
from costmodel.model.graph import Resource
from costmodel.model.prices import SHORT_REASON_MAX, PriceKey, default_catalog, load_catalog
from costmodel.model.tiers import split
from indexplan.cli import main

AS_OF = dt.date(2026, 6, 1)
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
IRELAND_AWS = str(FIXTURES / "stacks" / "Pulumi.ireland-aws.yaml")
IRELAND_FASTLY = str(FIXTURES / "stacks" / "Pulumi.ireland-fastly.yaml")
IRELAND = str(FIXTURES / "scenarios" / "ireland.yaml")
SQS_IRELAND = PriceKey("aws", "sqs", "standard_requests", "eu-west-1")
TLS = "fastly:index/tlsSubscription:TlsSubscription"
NO_TRAFFIC = {"traffic": {"egress": 1}}


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict:
    assert main([*argv, "--format", "json"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    return json.loads(out)


# ---- SQS in eu-west-1 ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("millions", "usd"),
    [
        # the offer-file extract's EU-Requests-Tier1: 0.0000004 a request = 0.40 per million;
        # the account's first million free: 5 million = 4 x 0.40
        (5, 1.60),
        # beyond Tier1 (100 billion) 0.0000003 = 0.30 per million: 150 billion =
        # 99,999 x 0.40 + 50,000 x 0.30 = 39,999.60 + 15,000 = 54,999.60
        (150_000, 54_999.60),
    ],
)
def test_sqs_in_ireland_is_priced_from_the_offer_file_copy(millions, usd):
    selected = default_catalog().select(SQS_IRELAND, AS_OF)
    # the free million is the account's allowance (not a tier): all this queue's here
    uses, beyond = split(millions, selected.version.tier_list(), selected.version.allowance or 0)
    assert beyond == 0
    assert sum(u.quantity * u.price for u in uses) == pytest.approx(usd)
    source = selected.version.source
    assert "github.com/mamtha4u/SDLC@45b7bae45328:backend/config/pricing_eu-west-1.json" in source
    assert "offer published 2026-09-11" in source and "EU-Requests-Tier1" in source
    assert selected.version.confidence == "third-party"
    assert selected.version.checked == dt.date(2026, 11, 30)
    # no leftover unpriced entry, and the remaining reason lists Ireland as sourced
    assert default_catalog().unpriced_reason(SQS_IRELAND) is None
    other = default_catalog().unpriced_reason(SQS_IRELAND._replace(zone="eu-north-1"))
    assert other is not None and "eu-central-1, eu-west-1, eu-west-2)" in other


def test_an_irish_aws_stack_is_complete_and_ranked(capsys):
    report = run_json(capsys, "estimate", IRELAND_AWS, "-s", IRELAND)
    # 1,000,000 messages: send, receive and delete = 3 million requests; the first million
    # free, 2 x 0.40 = 0.80 (was the stack's one unpriced line)
    tasks = [
        (i["region"], i["quantity"], i["unit_price_usd"], i["monthly_usd"])
        for i in report["line_items"]
        if i["resource"] == "queue-tasks"
    ]
    assert tasks == [("eu-west-1", 1.0, 0.0, 0.0), ("eu-west-1", 2.0, 0.40, 0.80)]
    assert (report["complete"], report["unpriced"]) == (True, [])
    # compare names the complete setup cheapest over the Fastly one (its Let's Encrypt
    # certificate has no published rate, so it stays a lower bound)
    compared = run_json(capsys, "compare", IRELAND_AWS, IRELAND_FASTLY, "-s", IRELAND)
    assert compared["cheapest"]["list"] == ["ireland-aws"]
    assert [s["complete"] for s in compared["setups"]] == [True, False]


# ---- Fastly managed certificates -------------------------------------------------------------


def certificate(authority: str | None, domains: list[str] | None = None) -> Resource:
    inputs: dict[str, Any] = {"domains": domains or ["files.example.com"]}
    if authority is not None:
        inputs["certificateAuthority"] = authority
    return res(TLS, "certificate", "cdn", **inputs)


def test_a_globalsign_certificate_is_priced_per_domain():
    est = price([certificate("globalsign", ["a.example.com", "b.example.com"])], NO_TRAFFIC)
    # fastly.com/pricing (2026-09-20 transcription): "Managed TLS Commercial CA $275.00" per
    # domain and month: 2 domains = 550.00
    assert lines(est, "certificate") == [("managed certificate", "global", 275.0, 550.0)]
    assert reasons(est) == []


@pytest.mark.parametrize("authority", ["lets-encrypt", "certainly", "Lets-Encrypt"])
def test_a_free_ca_certificate_is_unpriced_with_the_short_reason(authority):
    est = price([certificate(authority)], NO_TRAFFIC)
    assert lines(est, "certificate") == []
    assert reasons(est) == [
        (
            "certificate",
            "managed certificate",
            f"no fastly tls managed_certificate price for {authority.lower()} in global: Fastly "
            "publishes no rate for a managed certificate from Certainly or Let's Encrypt; see "
            "`indexplan prices show tls`",
        )
    ]
    assert not est.complete


@pytest.mark.parametrize(
    ("inputs", "why"),
    [
        ({"domains": ["a.example.com"]}, "its certification authority (certificateAuthority)"),
        ({"certificateAuthority": "globalsign"}, "its domains are not known"),
        ({"domains": "[unknown]", "certificateAuthority": "globalsign"}, "its domains"),
    ],
)
def test_a_certificate_whose_inputs_are_unknown_says_which(inputs, why):
    est = price([res(TLS, "certificate", "cdn", **inputs)], NO_TRAFFIC)
    [(resource, component, reason)] = reasons(est)
    assert (resource, component) == ("certificate", "managed certificate")
    assert reason.startswith(why)


# ---- short reasons ---------------------------------------------------------------------------


def test_every_long_reason_has_a_short_form():
    catalog = default_catalog()
    long_ones = {key for key, reason in catalog.unpriced() if len(reason) > 300}
    assert long_ones  # the AWS regional gaps, BigQuery, egress, cache fill, Archive operations
    for key in long_ones:
        printed = catalog.missing(key)
        assert len(printed) < 300, printed
        assert printed.endswith(f"; see `indexplan prices show {key.service}`")


SHORT_CATALOG = """\
provider: aws
unpriced:
  - service: sqs
    dimensions: [standard_requests]
    zones: [eu-north-1, sa-east-1]
    reason: "the whole story: where we looked (a, b, c) and which regions have a source"
    short: "no dated copy of this region's rate"
  - service: sqs
    dimensions: [standard_requests]
    zones: [ap-south-1]
    reason: "a reason short enough to print whole"
"""


def test_reports_print_the_short_form_and_prices_show_the_whole(tmp_path, capsys):
    (tmp_path / "aws").mkdir()
    (tmp_path / "aws" / "sqs.yaml").write_text(SHORT_CATALOG)
    catalog = load_catalog(tmp_path)
    stockholm = PriceKey("aws", "sqs", "standard_requests", "eu-north-1")
    assert catalog.missing(stockholm) == (
        "no aws sqs standard_requests price for eu-north-1: no dated copy of this region's rate; "
        "see `indexplan prices show sqs`"
    )
    assert catalog.unpriced_reason(stockholm) == (
        "the whole story: where we looked (a, b, c) and which regions have a source"
    )
    # no short form: the reason as it is
    assert catalog.missing(stockholm._replace(zone="ap-south-1")) == (
        "no aws sqs standard_requests price for ap-south-1: a reason short enough to print whole"
    )
    # `prices show` of a service with nothing but gaps lists them, grouped by reason
    shown = run_json(capsys, "prices", "show", "sqs", "--catalog", str(tmp_path))
    assert shown["prices"] == []
    whole = catalog.unpriced_reason(stockholm)
    assert [(u["price"], u["reason"]) for u in shown["unpriced"]] == [
        ("aws sqs standard_requests eu-north-1", whole),
        ("aws sqs standard_requests sa-east-1", whole),
        ("aws sqs standard_requests ap-south-1", "a reason short enough to print whole"),
    ]
    assert main(["prices", "show", "sqs", "--catalog", str(tmp_path)]) == 0
    table = capsys.readouterr().out
    assert "Unpriced (no dated source), with the reason" in table
    assert "aws sqs standard_requests in eu-north-1, sa-east-1: the whole story" in table


def test_the_shipped_sqs_gaps_are_shown_whole(capsys):
    shown = run_json(capsys, "prices", "show", "sqs")
    gaps = {u["price"]: u["reason"] for u in shown["unpriced"]}
    assert "aws sqs standard_requests eu-west-1" not in gaps  # priced now
    assert "opencloudcosts 1.3.1" in gaps["aws sqs standard_requests eu-north-1"]


def test_a_short_form_longer_than_the_limit_is_refused(tmp_path):
    (tmp_path / "aws").mkdir()
    path = tmp_path / "aws" / "sqs.yaml"
    path.write_text(SHORT_CATALOG.replace("no dated copy of this region's rate", "x" * 121))
    with pytest.raises(InputError) as exc:
        load_catalog(tmp_path)
    message = str(exc.value)
    assert message.startswith(f"{path}: unpriced.0.short")
    assert str(SHORT_REASON_MAX) in message
