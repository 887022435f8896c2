"""CloudFront's price class: viewers in zones the class leaves out are billed in the included
zone that serves them (costmodel/catalog/aws/regions.yaml, `<class>/<region>` keys; AWS's table
in the CloudFront Developer Guide, PriceClass.html).

Rates (catalog aws/cloudfront.yaml, shared/reference/prices.md), first 10 TB (10,240 GB of 2^30
bytes) per GB: US 0.085, Europe 0.085, South America 0.110, Australia 0.114, Asia Pacific 0.120;
HTTPS per 10,000: US 0.010, Europe 0.012, South America 0.022, Australia 0.0125, Asia Pacific
0.012. Since 2021-12-01 the account's free 1,024 GB and 1,000 x 10,000 requests are shared by
the zones pro rata to their usage.

Scenario: 10 TiB = 10,240 GB and 1e8 requests (10,000 units) a month.
"""

from __future__ import annotations

import pytest
from costmodel_helpers import lines, price, reasons, res

AMERICAS_OCEANIA = {"north_america": 0.5, "south_america": 0.3, "oceania": 0.2}
SCENARIO = {
    "traffic": {"egress": "10 TiB/month", "requests": "1e8/month", "regions": AMERICAS_OCEANIA}
}


def cloudfront(**inputs):
    return res("aws:cloudfront/distribution:Distribution", "cdn", "cdn", **inputs)


def paid(est) -> dict[tuple[str, str], float]:
    """(component, zone) -> USD of the lines that cost something."""
    return {(c.split(",")[0], z): usd for c, z, _, usd in lines(est) if usd}


# Every edge: US 5,120 GB, South America 3,072, Australia 2,048; free 512 / 307.2 / 204.8.
# US 4,608 x 0.085 = 391.68; SA 2,764.8 x 0.11 = 304.128; AU 1,843.2 x 0.114 = 210.1248.
# Requests 5,000 / 3,000 / 2,000 units, 10% free: 4,500 x 0.01 = 45.00, 2,700 x 0.022 = 59.40,
# 1,800 x 0.0125 = 22.50.
EVERY_EDGE = {
    ("data out", "us_mexico_canada"): 391.68,
    ("data out", "south_america"): 304.13,
    ("data out", "australia_new_zealand"): 210.12,
    ("HTTPS requests", "us_mexico_canada"): 45.00,
    ("HTTPS requests", "south_america"): 59.40,
    ("HTTPS requests", "australia_new_zealand"): 22.50,
}


@pytest.mark.parametrize("inputs", [{}, {"priceClass": "PriceClass_All"}])
def test_no_price_class_or_all_prices_every_zone_where_its_viewers_are(inputs):
    est = price([cloudfront(**inputs)], SCENARIO)
    assert paid(est) == EVERY_EDGE
    assert not [n for n in est.notes if "PriceClass" in n]


def test_price_class_200_bills_south_america_in_the_us_and_oceania_in_asia_pacific():
    est = price([cloudfront(priceClass="PriceClass_200")], SCENARIO)
    # US zone 0.5 + 0.3 = 8,192 GB, 819.2 free: 7,372.8 x 0.085 = 626.688; Asia Pacific 2,048 GB,
    # 204.8 free: 1,843.2 x 0.12 = 221.184. Requests 8,000 units, 800 free: 7,200 x 0.01 = 72.00;
    # 2,000, 200 free: 1,800 x 0.012 = 21.60. $941.47 against every edge's $1,032.83.
    assert paid(est) == {
        ("data out", "us_mexico_canada"): 626.69,
        ("data out", "asia_pacific"): 221.18,
        ("HTTPS requests", "us_mexico_canada"): 72.00,
        ("HTTPS requests", "asia_pacific"): 21.60,
    }
    assert not est.unpriced
    (note,) = [n for n in est.notes if "PriceClass_200" in n]
    assert "nearest by geography" in note


def test_price_class_100_bills_asia_in_europe_or_the_us_one_ladder_per_zone():
    regions = {"north_america": 0.4, "europe": 0.2, "india": 0.2, "japan": 0.2}
    scenario = {"traffic": {**SCENARIO["traffic"], "regions": regions}}
    est = price([cloudfront(priceClass="PriceClass_100")], scenario)
    # India goes to Europe, Japan to the US: US 0.6 = 6,144 GB, 614.4 free: 5,529.6 x 0.085 =
    # 470.016; Europe 0.4 = 4,096 GB, 409.6 free: 3,686.4 x 0.085 = 313.344. Requests US 6,000
    # units, 600 free: 5,400 x 0.01 = 54.00; Europe 4,000, 400 free: 3,600 x 0.012 = 43.20.
    assert paid(est) == {
        ("data out", "us_mexico_canada"): 470.02,
        ("data out", "europe_israel"): 313.34,
        ("HTTPS requests", "us_mexico_canada"): 54.00,
        ("HTTPS requests", "europe_israel"): 43.20,
    }


def test_the_served_zones_volume_tiers_count_the_viewers_it_takes_in():
    # 20 TiB = 20,480 GB, all served by the US under 100: 1,024 free, 10,240 - 1,024 = 9,216 x
    # 0.085 = 783.36, then 10,240 x 0.080 = 819.20 (one ladder; with every edge each zone would
    # stay in its first tier).
    scenario = {"traffic": {"egress": "20 TiB/month", "regions": AMERICAS_OCEANIA}}
    est = price([cloudfront(priceClass="PriceClass_100")], scenario)
    assert [(c, usd) for c, _, _, usd in lines(est) if c.startswith("data out") and usd] == [
        ("data out, 1,024-10,240 GB", 783.36),
        ("data out, 10,240-51,200 GB", 819.20),
    ]


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("PriceClass_300", "price class 'PriceClass_300': expected PriceClass_100, "
         "PriceClass_200 or PriceClass_All"),
        ("[unknown]", "price class '[unknown]': expected PriceClass_100, PriceClass_200 or "
         "PriceClass_All (known only after apply)"),
    ],
)  # fmt: skip
def test_an_unknown_price_class_is_unpriced_with_the_reason_never_guessed(value, reason):
    est = price([cloudfront(priceClass=value)], SCENARIO)
    assert not est.line_items
    assert reasons(est) == [("cdn", "data out", reason), ("cdn", "HTTPS requests", reason)]
