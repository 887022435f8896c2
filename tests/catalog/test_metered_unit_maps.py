"""Session 12 (s12-sources): SNS publishes in us-east-2 and SQS's upper tiers there, priced from
AWS Pricing Calculator's own price maps (meteredUnitMaps sns.json of 2026-08-31 and
queueservice.json of 2026-09-04, trimmed to US East (Ohio) and kept verbatim as test fixtures
in FahadMustafa/aws-calc@477d12938c7d). Each figure is worked by hand from the map's per-request
price and AWS's free million a month."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from costmodel.model.prices import PriceKey, default_catalog
from costmodel.model.tiers import split
from indexplan.cli import main

AS_OF = dt.date(2026, 11, 30)
FIXTURES = "github.com/FahadMustafa/aws-calc@477d12938c7d:tests/fixtures/catalogs/"
SNS = PriceKey("aws", "sns", "publishes", "us-east-2")
SQS = PriceKey("aws", "sqs", "standard_requests", "us-east-2")


def monthly(key: PriceKey, millions: float) -> tuple[float, float]:
    """(USD, millions beyond the last tier) for `millions` requests in a month, the account's
    free million (the price's allowance) all this resource's."""
    version = default_catalog().select(key, AS_OF).version
    uses, beyond = split(millions, version.tier_list(), version.allowance or 0.0)
    return sum(u.quantity * u.price for u in uses), beyond


@pytest.mark.parametrize(
    ("millions", "usd"),
    [
        # 'Amazon SNS API Requests' 0.0000005000 a request = 0.50 a million; the first million
        # a month free: 1 million = 0.00, 3 million = 2 x 0.50 = 1.00, 2.6 million (the April
        # 2021 bill fixture's publishes) = 1.6 x 0.50 = 0.80
        (1, 0.0),
        (3, 1.00),
        (2.6, 0.80),
    ],
)
def test_sns_publishes_in_ohio_match_aws_price_map(millions, usd):
    assert monthly(SNS, millions) == (pytest.approx(usd), 0.0)


def test_sns_ohio_names_its_source_and_date():
    version = default_catalog().select(SNS, AS_OF).version
    assert FIXTURES + "pricing_2.0_meteredUnitMaps_sns_USD_current_sns.json" in version.source
    assert "hawkFilePublicationDate 2026-08-31T09:22:27Z" in version.source
    assert "X7V4MHE7G6GM98JT.JRTCKXETXF.VNJQCFJPS4" in version.source  # the map's rateCode
    # AWS's own file, kept verbatim (a region slice): confirmed, as the offer-file excerpt is
    assert (version.confidence, version.checked) == ("confirmed", dt.date(2026, 12, 1))
    assert (version.allowance, version.allowance_pool) == (1, "aws-sns-requests")
    assert default_catalog().unpriced_reason(SNS) is None


def test_sqs_ohio_prices_all_three_tiers():
    # 'Standard per Requests' 0.40, 'Tier2' 0.30, 'Tier3' 0.24 a million; Tier1 is the first
    # 100 billion (100,000 million) a month, Tier2 the next 100 billion. 250,000 million:
    # 1 free, 99,999 x 0.40 = 39,999.60 + 100,000 x 0.30 = 30,000.00 + 50,000 x 0.24 =
    # 12,000.00 = 81,999.60, nothing unpriced (before: 50,000 million beyond Tier1 unpriced)
    assert monthly(SQS, 250_000) == (pytest.approx(81_999.60), 0.0)
    version = default_catalog().select(SQS, AS_OF).version
    assert FIXTURES + "pricing_2.0_meteredUnitMaps_queueservice_USD_current_queueservice.json" in (
        version.source
    )
    # Kurier's 2026-10-05 transcription of the same Tier1 rate is still cited
    assert "github.com/VioletProto/Kurier@0fd91942122f" in version.source
    # the rates are AWS's own Ohio map, but the tier bounds are inferred from eu-west-1's
    # third-party extract (the Ohio map has none): the version is as sure as its weakest part
    assert (version.confidence, version.checked) == ("third-party", dt.date(2026, 12, 1))
    assert "Inferred, not confirmed for Ohio: the tier bounds (100 and 200 billion" in (
        version.note or ""
    )
    assert "Confirmed for Ohio" in (version.note or "")


def test_pypi_2021_prices_its_topic_and_stays_at_the_same_total(capsys):
    assert main(["estimate", "pypi-2021", "-s", "pypi-2021", "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    topic = [
        (i["region"], i["unit_price_usd"], i["monthly_usd"])
        for i in report["line_items"]
        if i["resource"] == "queue-mail-events"
    ]
    # the scenario's 1,000,000 messages a month are exactly the free million: 0.00
    assert topic == [("us-east-2", 0.0, 0.0)]
    assert "queue-mail-events" not in {u["resource"] for u in report["unpriced"]}
    # the list total is the same $3,438,093.79 (+0.00); still a lower bound (Fastly's log
    # streaming and Let's Encrypt certificate have no published price)
    assert report["complete"] is False
    assert sorted(u["resource"] for u in report["unpriced"]) == ["cdn-certificate", "cdn-service"]
