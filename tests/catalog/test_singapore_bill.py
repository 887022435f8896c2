"""Session 12 (s12-sources, s12-sgp): Singapore's rates read off a customer's AWS bill for May
2025 kept in a public repository (rahmat-ullah/DocParser at d890afd0132a,
backend/sample_full_document.md): Secrets Manager, CloudWatch Logs ingestion, Application Load
Balancer hours, NAT gateway hours and data, public IPv4 hours. Each figure worked by hand from the
bill's line; the rates the bill does not print (Fargate's, the ALB's LCU) stay unpriced."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from costmodel.model.prices import PriceKey, default_catalog
from costmodel.model.tiers import split
from tests.cli.cli_run import run
from tests.terraform.terraform_cli import FIXTURES

AS_OF = dt.date(2026, 11, 30)
BILL = "github.com/rahmat-ullah/DocParser@d890afd0132a:backend/sample_full_document.md"


def monthly(key: PriceKey, units: float, as_of: dt.date = AS_OF) -> float:
    version = default_catalog().select(key, as_of).version
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


def billed(key: PriceKey, units: float) -> float:
    """The bill's own line again: its quantity at the catalog's rate, to the cent."""
    return round(monthly(key, units), 2)


@pytest.mark.parametrize(
    ("key", "quantity", "amount", "line"),
    [
        # '$0.0252 per Application LoadBalancer-hour (or partial hour)', 838 Hrs:
        # 838 x 0.0252 = 21.1176 -> USD 21.12, the bill's amount
        (
            PriceKey("aws", "elb", "alb_hours", "ap-southeast-1"),
            838,
            21.12,
            "'$0.0252 per Application LoadBalancer-hour (or partial hour)', 838 Hrs, USD 21.12",
        ),
        # '$0.059 per NAT Gateway Hour', 106 Hrs: 106 x 0.059 = 6.254 -> USD 6.25
        (
            PriceKey("aws", "vpc", "nat_gateway_hours", "ap-southeast-1"),
            106,
            6.25,
            "'$0.059 per NAT Gateway Hour', 106 Hrs, USD 6.25",
        ),
        # '$0.059 per GB Data Processed by NAT Gateways', 301.134 GB:
        # 301.134 x 0.059 = 17.766906 -> USD 17.77
        (
            PriceKey("aws", "vpc", "nat_gateway_data", "ap-southeast-1"),
            301.134,
            17.77,
            "'$0.059 per GB Data Processed by NAT Gateways', 301.134 GB, USD 17.77",
        ),
        # '$0.005 per In-use public IPv4 address per hour', 12,604.376 Hrs:
        # 12,604.376 x 0.005 = 63.02188 -> USD 63.02
        (
            PriceKey("aws", "vpc", "public_ipv4_hours", "ap-southeast-1"),
            12_604.376,
            63.02,
            "'$0.005 per In-use public IPv4 address per hour', 12,604.376 Hrs, USD 63.02",
        ),
    ],
    ids=str,
)
def test_singapore_app_tier_rates_reproduce_the_bill(key, quantity, amount, line):
    catalog = default_catalog()
    version = catalog.select(key, AS_OF).version
    assert billed(key, quantity) == pytest.approx(amount)
    assert BILL in version.source and line in version.source
    assert "May 1 - May 31, 2025" in version.source
    assert (version.confidence, version.checked) == ("third-party", dt.date(2026, 12, 1))
    assert catalog.unpriced_reason(key) is None


def test_singapore_public_ipv4_was_free_before_the_charge_began():
    # AWS charged an attached address nothing before 2024-02-01 (its announcement, every
    # region): 730 hours in January 2024 = 0.00; from February, 730 x 0.005 = 3.65
    catalog = default_catalog()
    key = PriceKey("aws", "vpc", "public_ipv4_hours", "ap-southeast-1")
    assert monthly(key, 730, dt.date(2024, 1, 31)) == 0
    assert monthly(key, 730, dt.date(2024, 2, 1)) == pytest.approx(3.65)
    assert catalog.select(key, dt.date(2024, 1, 31)).version.confidence == "confirmed"
    after = catalog.select(key, dt.date(2024, 2, 1)).version
    assert after.effective == dt.date(2024, 2, 1) and BILL in after.source


@pytest.mark.parametrize(
    ("key", "says"),
    [
        # Fargate's lines give hours and amounts but no rate: 18.44 / 364.673 is anything from
        # 18.435 / 364.673 = 0.050552 to 18.445 / 364.673 = 0.050580, so no one rate follows
        (PriceKey("aws", "fargate", "vcpu", "ap-southeast-1"), "0.050552 to 0.050580"),
        (PriceKey("aws", "fargate", "memory", "ap-southeast-1"), "0.0055186 to 0.0055323"),
        # the ALB's LCUs appear only under the free tier ($0.0), so no paid rate
        (PriceKey("aws", "elb", "alb_lcu_hours", "ap-southeast-1"), "8.005 LCU-Hrs"),
    ],
    ids=str,
)
def test_rates_the_bill_does_not_print_stay_unpriced(key, says):
    reason = default_catalog().unpriced_reason(key)
    assert reason is not None and says in reason and "rahmat-ullah/DocParser" in reason


def test_a_singapore_nat_gateway_in_a_real_plan_is_priced_end_to_end(capsys, tmp_path):
    # the NAT-gateway plan (a gateway in us-east-1, one in eu-west-1) with the second moved to
    # ap-southeast-1 and the bill's 301.134 GB through it: hours 730 x 0.059 = 43.07, data
    # 301.134 x 0.059 = 17.766906 -> 17.77 (the bill's amount); nothing unpriced for it
    plan = (FIXTURES / "nat-gateway.plan.json").read_text().replace("eu-west-1", "ap-southeast-1")
    (tmp_path / "plan.json").write_text(plan)
    (tmp_path / "usage.yml").write_text(
        "version: 0.1\nresource_usage:\n"
        "  aws_nat_gateway.ireland: {monthly_data_processed_gb: 301.134}\n"
    )
    code, out, err = run(
        capsys, "estimate", "--from-terraform-plan", str(tmp_path / "plan.json"),
        "-s", "pypi-2026", "-f", "json", "--usage", str(tmp_path / "usage.yml"),
    )  # fmt: skip
    assert code == 0, err
    report = json.loads(out)
    singapore = {
        i["component"]: (i["region"], i["unit_price_usd"], round(i["monthly_usd"], 2))
        for i in report["line_items"]
        if i["resource"] == "aws_nat_gateway.ireland"
    }
    assert singapore == {
        "NAT gateway hours": ("ap-southeast-1", 0.059, 43.07),
        "data processed": ("ap-southeast-1", 0.059, 17.77),
    }
    assert not [u for u in report["unpriced"] if u["resource"] == "aws_nat_gateway.ireland"]
