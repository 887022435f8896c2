"""Session 12 (s12-sources): Singapore's Secrets Manager and CloudWatch Logs ingestion rates, read
off a customer's AWS bill for May 2025 kept in a public repository (rahmat-ullah/DocParser at
d890afd0132a, backend/sample_full_document.md). Each figure worked by hand from the bill's line."""

from __future__ import annotations

import datetime as dt

import pytest

from costmodel.model.prices import PriceKey, default_catalog
from costmodel.model.tiers import split

AS_OF = dt.date(2026, 11, 30)
BILL = "github.com/rahmat-ullah/DocParser@d890afd0132a:backend/sample_full_document.md"


def monthly(key: PriceKey, units: float) -> float:
    version = default_catalog().select(key, AS_OF).version
    uses, beyond = split(units, version.tier_list(), version.allowance or 0.0)
    assert beyond == 0
    return sum(u.quantity * u.price for u in uses)


@pytest.mark.parametrize(
    ("key", "units", "usd", "line"),
    [
        # "$0.40 per Secret", 1.986 Secrets = USD 0.79 on the bill (0.7944); 3 secrets for a
        # month = 3 x 0.40 = 1.20
        (
            PriceKey("aws", "secrets_manager", "secret_month", "ap-southeast-1"),
            3,
            1.20,
            "'$0.40 per Secret'",
        ),
        # "$0.70 per GB custom log data ingested in Standard log class - Asia Pacific
        # (Singapore)", 0.975 GB = USD 0.68 (0.6825); 100 GB = 70.00 (not us-east-1's 50.00 nor
        # Mumbai's 67.00)
        (
            PriceKey("aws", "cloudwatch_logs", "ingestion", "ap-southeast-1"),
            100,
            70.00,
            "'$0.70 per GB custom log data ingested in Standard log class",
        ),
    ],
    ids=str,
)
def test_singapore_rates_match_the_bill(key, units, usd, line):
    catalog = default_catalog()
    version = catalog.select(key, AS_OF).version
    assert monthly(key, units) == pytest.approx(usd)
    assert BILL in version.source and line in version.source
    assert "May 1 - May 31, 2025" in version.source
    # a text extraction of a customer's bill, not AWS's own file
    assert (version.confidence, version.checked) == ("third-party", dt.date(2026, 12, 1))
    assert "assumed in force since 2016-01-01" in (version.note or "")
    assert catalog.unpriced_reason(key) is None


def test_singapore_logs_storage_stays_unpriced():
    # the bill shows only storage under the free 5 GB-month: no rate, so still unpriced
    reason = default_catalog().unpriced_reason(
        PriceKey("aws", "cloudwatch_logs", "storage", "ap-southeast-1")
    )
    assert reason is not None and "no dated copy of this region's rate was found" in reason
