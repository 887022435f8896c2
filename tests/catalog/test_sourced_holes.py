"""Session 10 (s10-sources): parts that were unpriced for want of a dated source, priced from
one, each line worked by hand from the catalog's rows and their source."""

from __future__ import annotations

import datetime as dt

import pytest

from costmodel.model.estimate import Estimate, estimate
from costmodel.model.graph import Resource
from costmodel.model.scenario import parse_scenario
from tests.catalog.helpers import lines, res
from tests.prices.helpers import run_json

AS_OF = dt.date(2026, 11, 30)
SCENARIO = {"traffic": {"egress": "1 TB/month", "requests": "1e7/month"}}


def price(graph: list[Resource], aws_region: str) -> Estimate:
    scn = parse_scenario(SCENARIO, "test.yaml", "test")
    return estimate(graph, scn, stack="test", as_of=AS_OF, regions={"aws": aws_region})


# The stacks' search domain (stacks/Pulumi.pypi-2024.yaml): 3 x r6g.large.search, 100 GB gp3 each.
SEARCH = res(
    "aws:opensearch/domain:Domain",
    "search",
    "search",
    clusterConfig={"instanceType": "r6g.large.search", "instanceCount": 3},
    ebsOptions={"volumeType": "gp3", "volumeSize": 100},
)


@pytest.mark.parametrize(
    ("region", "hourly", "gb_month", "instances", "storage"),
    [
        # AWS's es-ondemand feed of 2024-08-28, US East (Ohio): 0.167 an hour, 0.122 a GB-month.
        # 3 x 730 h = 2,190 h x 0.167 = 365.73; 3 x 100 GB = 300 GB x 0.122 = 36.60
        ("us-east-2", 0.167, 0.122, 365.73, 36.6),
        # EU (London): 2,190 x 0.197 = 431.43; 300 x 0.1415 = 42.45
        ("eu-west-2", 0.197, 0.1415, 431.43, 42.45),
        # South America (Sao Paulo): 2,190 x 0.267 = 584.73; 300 x 0.2318 = 69.54
        ("sa-east-1", 0.267, 0.2318, 584.73, 69.54),
    ],
)
def test_opensearch_is_priced_in_every_catalog_region(region, hourly, gb_month, instances, storage):
    est = price([SEARCH], region)
    assert lines(est, "search") == [
        ("instances", region, hourly, instances),
        ("storage (gp3)", region, gb_month, storage),
    ]
    assert est.unpriced == ()


def test_prices_show_names_the_feed_for_ohio(capsys):
    shown = run_json(capsys, "prices", "show", "opensearch", "--as-of", "2026-11-30")
    ohio = {p["price"]: p for p in shown["prices"] if p["price"].endswith("us-east-2")}
    assert set(ohio) == {
        "aws opensearch instance r6g.large.search us-east-2",
        "aws opensearch storage_gp3 us-east-2",
    }
    for p in ohio.values():
        assert "es-ondemand" in p["source"] and "2024-08-28" in p["source"]
        assert p["confidence"] == "confirmed"
    # nothing of OpenSearch is left unpriced in the catalog's regions
    assert shown["unpriced"] == []
