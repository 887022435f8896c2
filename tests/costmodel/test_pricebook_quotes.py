"""A price book's rate for a price the catalog lists as quoted, not listed (unpriced with a unit):
Fastly's Let's Encrypt and Certainly certificates (costmodel/catalog/fastly/tls.yaml) and
Cloudflare's Enterprise plan (costmodel/catalog/cloudflare/zones.yaml). The book's rate is the
price, at list and contracted alike, and the book its source; without the book, or before its
entry is in force, the price stays unpriced with the catalog's reason.

Figures are the books' own rates, worked by hand below; the CDN lines around them are the
catalog's list prices (costmodel_helpers' graphs, as of 2026-06-01).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from costmodel_helpers import FASTLY, REGIONS, price, reasons, res

from costmodel.errors import InputError
from costmodel.model.estimate import estimate
from costmodel.model.pricebook import PriceBook, parse_price_book
from costmodel.model.prices import default_catalog
from costmodel.model.scenario import parse_scenario
from costmodel.planning.compare import Setup, compare
from costmodel.planning.project import project

DAY = dt.date(2026, 6, 1)
NO_TRAFFIC = {"traffic": {"egress": "0 TB/month", "requests": 0}}
FLAT = parse_scenario(
    {"traffic": {"egress": "1 TB/month", "requests": 0}, "growth": {"per_year": 1.0}}, "t.yaml", "t"
)
CERT = res(
    "fastly:index/tlsSubscription:TlsSubscription",
    "cdn-certificate",
    "cdn",
    certificateAuthority="lets-encrypt",
    domains=["files.example.org", "www.example.org", "example.org"],
)
ENTERPRISE = res(
    "cloudflare:index/zoneSubscription:ZoneSubscription",
    "cdn-plan",
    "cdn",
    ratePlan={"id": "enterprise"},
)
CERT_KEY = "fastly tls managed_certificate lets-encrypt global"


def book(*entries: dict[str, Any], source: str = "contract 2026-42") -> PriceBook:
    data = {"source": source, "entries": list(entries)}
    return parse_price_book(data, "book.yaml", "book", default_catalog())


def cert_rate(rate: Any, **more: Any) -> dict[str, Any]:
    return {"provider": "fastly", "service": "tls", "dimension": "managed_certificate",
            "variant": "lets-encrypt", "effective": "2026-01-01", "rate": rate, **more}  # fmt: skip


def priced(graph: list[Any], book_: PriceBook | None, day: dt.date = DAY) -> Any:
    scenario = parse_scenario(NO_TRAFFIC, "t.yaml", "t")
    return estimate(graph, scenario, stack="t", as_of=day, regions=REGIONS, price_book=book_)


def test_without_a_book_the_certificate_is_unpriced_with_the_catalogs_reason():
    est = price([CERT], NO_TRAFFIC)
    [(resource, component, reason)] = reasons(est)
    assert (resource, component, est.complete) == ("cdn-certificate", "managed certificate", False)
    assert reason.startswith("no fastly tls managed_certificate price for lets-encrypt in global")


def test_a_book_rate_prices_the_certificate_with_the_book_as_source():
    est = priced([CERT], book(cert_rate(12.5)))
    # 3 domains x 12.50 $/domain-month = 37.50, at list and contracted alike (no list price)
    [line] = est.line_items
    assert (line.component, line.quantity) == ("managed certificate", 3.0)
    assert line.unit == "domain-month"
    assert (line.unit_price_usd, line.cents, line.contracted_cents) == (12.5, 3750, 3750)
    assert (est.list_cents, est.contracted_cents, est.unpriced, est.complete) == (
        3750, 3750, (), True
    )  # fmt: skip
    [used] = [p for p in est.to_dict()["assumptions"]["prices"] if p["price"] == CERT_KEY]
    assert used["source"] == "price book book, entries.0 (contract 2026-42)"
    assert used["effective"] == "2026-01-01"
    assert used["note"].startswith("no list price (Fastly publishes no rate for a managed")
    assert not any("matches no price" in n for n in est.notes)


def test_a_zero_rate_is_a_complete_bill_at_zero():
    # "Let's Encrypt certificates are included" in a contract: 3 x 0.00 = 0.00, and complete
    est = priced([CERT], book(cert_rate(0)))
    assert (est.list_cents, est.complete) == (0, True)
    assert [line.cents for line in est.line_items] == [0]


def test_a_tiered_rate_splits_as_a_list_ladder():
    # first domain 20.00, the rest 5.00: 20.00 + 2 x 5.00 = 30.00
    est = priced([CERT], book(cert_rate({"unit": "domain-month", "tiers": [[1, 20], [None, 5]]})))
    assert [(line.quantity, line.cents) for line in est.line_items] == [(1.0, 2000), (2.0, 1000)]
    assert est.list_cents == est.contracted_cents == 3000


def test_the_rate_wins_over_a_provider_wide_discount_and_the_discount_keeps_the_rest():
    # Fastly bandwidth 1 TB = 1,000 GB x 0.12 (flat until 2026-09-01) = 120.00 at list, less
    # 10% = 108.00 contracted; the certificate's rate (more specific) is 3 x 12.50 = 37.50 on
    # both sides: list 157.50, contracted 145.50.
    scenario = parse_scenario({"traffic": {"egress": "1 TB/month", "requests": 0}}, "t.yaml", "t")
    both = book(cert_rate(12.5), {"provider": "fastly", "discount_percent": 10,
                                  "effective": "2026-01-01"})  # fmt: skip
    est = estimate([FASTLY, CERT], scenario, stack="t", as_of=DAY, regions=REGIONS,
                   price_book=both)  # fmt: skip
    assert (est.list_cents, est.contracted_cents, est.complete) == (15750, 14550, True)


def test_before_the_entry_is_in_force_the_certificate_stays_unpriced():
    est = priced([CERT], book(cert_rate(12.5, effective="2027-01-01")))
    assert est.line_items == () and not est.complete
    assert est.unpriced[0].reason.startswith("no fastly tls managed_certificate price")


def test_cloudflare_enterprise_takes_a_quote_in_compare_and_project_alike():
    # the quote: 25,000.00 a month per zone from 2026-01-01, the one plan line; no growth, so
    # every month of the projection is the estimate's 25,000.00
    quote = book({"provider": "cloudflare", "service": "zone", "dimension": "plan",
                  "variant": "enterprise", "effective": "2026-01-01", "rate": 25000})  # fmt: skip
    setup = Setup("enterprise", [ENTERPRISE], REGIONS, {}, quote)
    [est] = compare([setup], FLAT, DAY).estimates
    assert (est.list_cents, est.contracted_cents, est.complete) == (2_500_000, 2_500_000, True)
    assert any(n.startswith("Cloudflare Enterprise plan: quoted per customer") for n in est.notes)
    result = project([setup], FLAT, start=DAY, months=3)
    assert result.setups[0].list_cents.tolist() == [2_500_000] * 3
    assert result.setups[0].contracted_cents.tolist() == [2_500_000] * 3
    without = Setup("list", [ENTERPRISE], REGIONS, {})
    [bare] = compare([without], FLAT, DAY).estimates
    assert bare.list_cents == 0 and not bare.complete
    assert "Enterprise plan is quoted per customer" in bare.unpriced[0].reason


@pytest.mark.parametrize(
    ("entry", "field", "expected"),
    [
        # a discount needs a list price; a quoted price takes a rate only
        ({"provider": "fastly", "service": "tls", "dimension": "managed_certificate",
          "variant": "lets-encrypt", "effective": "2026-01-01", "discount_percent": 20},
         "entries.0",
         "fastly tls managed_certificate lets-encrypt is quoted, with no list price to "
         "discount; expected its rate"),
        (cert_rate({"unit": "GB", "tiers": [[None, 1]]}), "entries.0.rate.unit",
         "fastly tls managed_certificate lets-encrypt is billed in domain-month, not 'GB'"),
        # an unknown price key stays an error
        (cert_rate(1, variant="digicert"), "entries.0",
         "no price in the catalog for fastly tls managed_certificate digicert"),
        # unpriced without a unit (no quote: Fastly publishes nothing for log streaming)
        ({"provider": "fastly", "service": "logging", "dimension": "log_streaming",
          "effective": "2026-01-01", "rate": 1},
         "entries.0", "no price in the catalog for fastly logging log_streaming"),
    ],
)  # fmt: skip
def test_bad_entries_for_quoted_prices_name_the_entry(entry, field, expected):
    with pytest.raises(InputError) as caught:
        book(entry)
    assert str(caught.value) == f"book.yaml: {field}: {expected}"
