"""The AWS rules of costmodel/readers/bills/mapping.yaml added for the whole index's app, search
and network (issue 12's services): one CUR 2.0 row per rule, read from a CSV in the CUR's
columns, mapped to its catalog price and valued at the catalog's list prices of 2026-08-01
(costmodel/catalog/aws/app.yaml, cloudwatch_logs.yaml), worked by hand in each comment.

Usage types and pricing units are the AWS Price List offer files', as each rule's `source`
names them."""

from __future__ import annotations

import pytest
from bill_rows import cur_row, write_cur_csv
from test_bills_gcp_rules import list_cents

from costmodel.model.prices import default_catalog
from costmodel.readers.bills.mapping import map_bill
from costmodel.readers.bills.read import read_bills

CASES = [
    # 100 GB ingested x 0.50 = 50.00
    (("AmazonCloudWatch", "DataProcessing-Bytes", "GB", 100, 50.00, "us-east-1"),
     "aws cloudwatch_logs ingestion us-east-1", 100, 5000),
    # 1,000 GB-months stored x 0.03 = 30.00 (the same usage type under AmazonS3 is S3's)
    (("AmazonCloudWatch", "TimedStorage-ByteHrs", "GB-Mo", 1000, 30.00, "us-east-1"),
     "aws cloudwatch_logs storage us-east-1", 1000, 3000),
    (("AmazonS3", "TimedStorage-ByteHrs", "GB-Mo", 1000, 23.00, "us-east-1"),
     "aws s3 storage_standard us-east-1", 1000, 2300),  # 1,000 x 0.023, the first 50 TB tier
    # 2 vCPU x 730 h = 1,460 vCPU-hours x 0.04048 = 59.1008
    (("AmazonECS", "Fargate-vCPU-Hours:perCPU", "hours", 1460, 59.10, "us-east-1"),
     "aws fargate vcpu us-east-1", 1460, 5910),
    # 4 GB x 730 h = 2,920 GB-hours x 0.004445 = 12.9794
    (("AmazonECS", "USE2-Fargate-GB-Hours", "hours", 2920, 12.98, "us-east-2"),
     "aws fargate memory us-east-2", 2920, 1298),
    # Load balancers, each kind by the row's operation (catalog aws/app.yaml for the ALB in US
    # East, aws/load_balancers.yaml from AWS's AWSELB offer file for the rest):
    # 720 h x 0.0225 = 16.20
    (("AWSELB", "LoadBalancerUsage", "Hrs", 720, 16.20, "us-east-1", "LoadBalancing:Application"),
     "aws elb alb_hours us-east-1", 720, 1620),
    # 1,000 LCU-hours x 0.008 = 8.00
    (("AWSELB", "LCUUsage", "LCU-Hrs", 1000, 8.00, "us-east-1", "LoadBalancing:Application"),
     "aws elb alb_lcu_hours us-east-1", 1000, 800),
    # Network: 720 h x 0.0225 = 16.20 (its own price, the same rate); 1,000 NLCU-h x 0.006 = 6.00
    (("AWSELB", "LoadBalancerUsage", "Hrs", 720, 16.20, "us-east-1", "LoadBalancing:Network"),
     "aws elb nlb_hours us-east-1", 720, 1620),
    (("AWSELB", "LCUUsage", "LCU-Hrs", 1000, 6.00, "us-east-1", "LoadBalancing:Network"),
     "aws elb nlb_lcu_hours us-east-1", 1000, 600),
    # Gateway in London: 720 h x 0.0147 = 10.584 -> 10.58; 1,000 GLCU-h x 0.004 = 4.00
    (("AWSELB", "EUW2-LoadBalancerUsage", "Hrs", 720, 10.58, "eu-west-2",
      "LoadBalancing:Gateway"), "aws elb gwlb_hours eu-west-2", 720, 1058),
    (("AWSELB", "EUW2-LCUUsage", "LCU-Hrs", 1000, 4.00, "eu-west-2", "LoadBalancing:Gateway"),
     "aws elb gwlb_lcu_hours eu-west-2", 1000, 400),
    # Classic: 720 h x 0.025 = 18.00; 100 GB processed x 0.008 = 0.80
    (("AWSELB", "LoadBalancerUsage", "Hrs", 720, 18.00, "us-east-1", "LoadBalancing"),
     "aws elb classic_hours us-east-1", 720, 1800),
    (("AWSELB", "DataProcessing-Bytes", "GB", 100, 0.80, "us-east-1", "LoadBalancing"),
     "aws elb classic_data us-east-1", 100, 80),
    # Transfer out to the internet other than S3's (the app's load balancer): under
    # AWSDataTransfer, or AmazonEC2 in older reports; 1,000 GB x 0.09 = 90.00 (the first 10 TB
    # tier; the 100 GB free is the account's, not a tier: aws/data_transfer.yaml)
    (("AWSDataTransfer", "USE2-DataTransfer-Out-Bytes", "GB", 1000, 90.00, "us-east-2"),
     "aws data_transfer internet_out us-east-2", 1000, 9000),
    (("AmazonEC2", "DataTransfer-Out-Bytes", "GB", 200, 18.00, "us-east-1"),
     "aws data_transfer internet_out us-east-1", 200, 1800),
    # ... and S3's own stays S3's: 200 GB x 0.09 = 18.00
    (("AmazonS3", "DataTransfer-Out-Bytes", "GB", 200, 18.00, "us-east-1"),
     "aws s3 internet_out us-east-1", 200, 1800),
    # 720 h x 0.045 = 32.40 (filed under EC2 in a CUR)
    (("AmazonEC2", "NatGateway-Hours", "Hrs", 720, 32.40, "us-east-1"),
     "aws vpc nat_gateway_hours us-east-1", 720, 3240),
    # 200 GB x 0.045 = 9.00
    (("AmazonEC2", "NatGateway-Bytes", "GB", 200, 9.00, "us-east-1"),
     "aws vpc nat_gateway_data us-east-1", 200, 900),
    # two addresses x 720 h = 1,440 h x 0.005 = 7.20
    (("AmazonVPC", "USE1-PublicIPv4:InUseAddress", "Hrs", 1440, 7.20, "us-east-1"),
     "aws vpc public_ipv4_hours us-east-1", 1440, 720),
    # 720 h x 0.167 = 120.24, the instance type with or without ".search"
    (("AmazonES", "USE1-ESInstance:r6g.large.search", "Hrs", 720, 120.24, "us-east-1"),
     "aws opensearch instance r6g.large.search us-east-1", 720, 12024),
    (("AmazonES", "ESInstance:r6g.large", "Hrs", 720, 120.24, "us-east-1"),
     "aws opensearch instance r6g.large.search us-east-1", 720, 12024),
    # 100 GB-months x 0.122 = 12.20
    (("AmazonES", "ES:GP3-Storage", "GB-Mo", 100, 12.20, "us-east-1"),
     "aws opensearch storage_gp3 us-east-1", 100, 1220),
    # SES, one rate everywhere (catalog aws/app.yaml, $0.10 per 1,000): 1,000 recipients = 1 x
    # 0.10; 20,000 sent from EC2 = 20 x 0.10 = 2.00
    (("AmazonSES", "USE1-Recipients", "Count", 1000, 0.10, "us-east-1"),
     "aws ses messages global", 1, 10),
    (("AmazonSES", "EUW2-Recipients-EC2", "Count", 20000, 2.00, "eu-west-2"),
     "aws ses messages global", 20, 200),
    # KMS rows name the region by its code in lower case in real CURs (s7 review, finding 10:
    # us-east-1-KMS-Keys billed but not modelled): a key for a month, 1 x 1.00 = 1.00
    (("awskms", "us-east-1-KMS-Keys", "Keys", 1, 1.00, "us-east-1"),
     "aws kms key_month us-east-1", 1, 100),
    (("awskms", "eu-west-1-KMS-Keys", "Keys", 2, 2.00, "eu-west-1"),
     "aws kms key_month eu-west-1", 2, 200),
    # 1,000,000 requests = 100 x 10,000 x 0.03 = 3.00 at the list tiers: the first 2 (20,000)
    # free are the account's allowance, billed on its own usage type (Global-KMS-Requests), not
    # a tier of the regional price (as S3's 100 GB out below)
    (("awskms", "eu-west-1-KMS-Requests", "Requests", 1e6, 3.00, "eu-west-1"),
     "aws kms requests eu-west-1", 100, 300),
    # and the offer file's form, the billing code: USE2-KMS-Requests, the same
    (("awskms", "USE2-KMS-Requests", "Requests", 1e6, 3.00, "us-east-2"),
     "aws kms requests us-east-2", 100, 300),
]  # fmt: skip


def mapped(tmp_path, rows):
    bill = read_bills([write_cur_csv(tmp_path / "cur.csv", rows)])
    return map_bill(bill, default_catalog()).of_kind("usage")


@pytest.mark.parametrize(
    ("row", "price", "quantity", "cents"), CASES, ids=[f"{c[0][0]}:{c[0][1]}" for c in CASES]
)
def test_each_rule_maps_its_row_to_its_price(tmp_path, row, price, quantity, cents):
    (line,) = mapped(tmp_path, [cur_row(*row)])
    assert (str(line.key), line.reason) == (price, "")
    assert line.billing_quantity == pytest.approx(quantity, rel=1e-12)
    assert list_cents(line) == cents
    assert round(row[4] * 100) == cents  # billed at list


def test_a_service_without_rules_is_named_as_indexplans_gap(tmp_path):
    # DynamoDB is in no rule (SES was, until its rule above)
    row = cur_row("AmazonDynamoDB", "USE1-ReadCapacityUnit-Hrs", "ReadCapacityUnit-Hrs", 1000,
                  0.10, "us-east-1")  # fmt: skip
    (line,) = mapped(tmp_path, [row])
    assert (line.key, line.reason) == (None, "indexplan has no rule for AmazonDynamoDB rows yet")


def test_ses_rows_the_catalog_does_not_price_are_listed_not_priced(tmp_path):
    lines = mapped(
        tmp_path,
        [
            cur_row("AmazonSES", "USE1-Recipients-MailboxSim", "Count", 50, 0.0, "us-east-1"),
            cur_row("AmazonSES", "USE1-Recipients", "Emails", 1000, 0.10, "us-east-1"),
        ],
    )
    simulator, other_unit = sorted(lines, key=lambda line: line.unit)
    assert (simulator.key, simulator.reason) == (
        None,
        "indexplan has no rule for this AmazonSES usage yet",
    )
    # the unit "Count" is unconfirmed, so a row in another unit says so instead of a price
    assert other_unit.key is None
    assert other_unit.reason.startswith("unit 'Emails'; the rule (CUR product code AmazonSES")
    assert other_unit.reason.endswith(" bills Count")


def test_a_load_balancer_row_without_its_operation_is_listed_not_priced_at_the_alb_rate(
    tmp_path,
):
    (line,) = mapped(tmp_path, [cur_row("AWSELB", "LoadBalancerUsage", "Hrs", 720, 16.20,
                                        "us-east-1")])  # fmt: skip
    assert line.key is None
    assert line.reason == (
        "this AWSELB row has no operation (the column line_item_operation of an AWS CUR), "
        "which indexplan's rule reads: only the operation tells which kind of load balancer "
        "it bills"
    )


def test_a_nat_gateway_outside_us_east_is_unpriced_with_the_catalogs_reason(tmp_path):
    (line,) = mapped(tmp_path, [cur_row("AmazonEC2", "EUW2-NatGateway-Hours", "Hrs", 720, 35.00,
                                        "eu-west-2")])  # fmt: skip
    assert line.key is None and str(line.unpriced) == "aws vpc nat_gateway_hours eu-west-2"
    assert "no dated source for this region" in line.reason
