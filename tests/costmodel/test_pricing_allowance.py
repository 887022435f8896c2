"""CloudFront's always-free 1 TB and 10 million requests a month: one allowance per account,
shared by every edge zone, not a free first tier of the US zone (review s5, finding 4).

Source: aws.amazon.com/cloudfront/pricing, always free since 2021-12-01: "1 TB of data transfer
out" and "10,000,000 HTTP or HTTPS requests" a month, with no region condition
(shared/reference/prices.md). AWS bills "GB" of 2^30 bytes, so 1 TB free is 1,024 GB. AWS
publishes no order in which the allowance meets each zone's usage; it is used as usage accrues,
so the model gives each zone a share pro rata to its usage (costmodel/catalog/aws/cloudfront.yaml),
and distributions of one graph draw on it in the graph's order. Rates (per GB, first 10 TB):
US and Europe 0.085, Asia Pacific 0.12, South America 0.11; HTTPS per 10,000: US 0.01, Europe
and Asia Pacific 0.012, South America 0.022.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
from costmodel_helpers import CLOUDFRONT, FASTLY, REGIONS, S3_FILES, lines, price, quantities, res

from costmodel.model.estimate import estimate
from costmodel.model.pricebook import parse_price_book
from costmodel.model.prices import default_catalog
from costmodel.model.scenario import parse_scenario
from costmodel.planning.compare import Setup, price_setup
from costmodel.planning.sweep import at, parse_vary, sweep
from costmodel.planning.vector import price_points, with_arrays

DAY = dt.date(2026, 8, 14)
EUROPE = {"egress": "5 TB/month", "requests": "2e7/month", "regions": {"europe": 1.0}}


def test_an_index_served_from_europe_only_gets_the_whole_allowance():
    est = price([CLOUDFRONT], {"traffic": EUROPE}, as_of="2026-08-14")
    # 5 TB = 5e12 / 2^30 = 4,656.61 GB: the free 1,024, then 3,632.61 x 0.085 = 308.77;
    # 2e7 requests = 2,000 x 10,000: the free 1,000, then 1,000 x 0.012 = 12.00
    assert lines(est, "cdn") == [
        ("data out, first 1,024 GB (free)", "europe_israel", 0, 0.0),
        ("data out, 1,024-10,240 GB", "europe_israel", 0.085, 308.77),
        ("HTTPS requests, first 10 million requests (free)", "europe_israel", 0, 0.0),
        ("HTTPS requests, over 10 million requests", "europe_israel", 0.012, 12.0),
    ]
    # $320.77, not the $419.81 (395.81 + 24.00) of a US-only allowance
    assert est.list_cents == 32077


def test_a_mix_without_north_america_shares_it_pro_rata():
    traffic = {
        "egress": "20 TiB/month",  # 20,480 GB
        "requests": "4e7/month",  # 4,000 x 10,000
        "regions": {"europe": 0.5, "asia_pacific": 0.25, "south_america": 0.25},
    }
    est = price([CLOUDFRONT], {"traffic": traffic})
    assert lines(est, "cdn") == [
        # Europe 10,240 GB: half the allowance, 512 free; 9,728 x 0.085 = 826.88
        ("data out, first 512 GB (free)", "europe_israel", 0, 0.0),
        ("data out, 512-10,240 GB", "europe_israel", 0.085, 826.88),
        # Asia Pacific 5,120 GB: 256 free; 4,864 x 0.12 = 583.68
        ("data out, first 256 GB (free)", "asia_pacific", 0, 0.0),
        ("data out, 256-10,240 GB", "asia_pacific", 0.12, 583.68),
        # South America 5,120 GB: 256 free; 4,864 x 0.11 = 535.04
        ("data out, first 256 GB (free)", "south_america", 0, 0.0),
        ("data out, 256-10,240 GB", "south_america", 0.11, 535.04),
        # requests 2,000 / 1,000 / 1,000 units, the free 1,000 as 500 / 250 / 250:
        # 1,500 x 0.012 = 18.00; 750 x 0.012 = 9.00; 750 x 0.022 = 16.50
        ("HTTPS requests, first 5 million requests (free)", "europe_israel", 0, 0.0),
        ("HTTPS requests, over 5 million requests", "europe_israel", 0.012, 18.0),
        ("HTTPS requests, first 2.5 million requests (free)", "asia_pacific", 0, 0.0),
        ("HTTPS requests, over 2.5 million requests", "asia_pacific", 0.012, 9.0),
        ("HTTPS requests, first 2.5 million requests (free)", "south_america", 0, 0.0),
        ("HTTPS requests, over 2.5 million requests", "south_america", 0.022, 16.5),
    ]
    # the shares add up to the allowance: 512 + 256 + 256 = 1,024 GB; 500 + 250 + 250 = 1,000
    assert sum(quantities(est, "cdn")[0:6:2]) == 1024
    assert sum(quantities(est, "cdn")[6::2]) == 1000
    # 826.88 + 583.68 + 535.04 + 18.00 + 9.00 + 16.50
    assert est.list_cents == 198910


def test_two_distributions_of_one_account_share_one_allowance():
    second = res("aws:cloudfront/distribution:Distribution", "cdn2", "cdn")
    traffic = {"egress": "2 TiB/month", "requests": 0}  # each distribution: 2,048 GB, US
    est = price([CLOUDFRONT, second], {"traffic": traffic})
    assert lines(est) == [
        # the first in the graph uses the whole 1,024 free; 1,024 x 0.085 = 87.04
        ("data out, first 1,024 GB (free)", "us_mexico_canada", 0, 0.0),
        ("data out, 1,024-10,240 GB", "us_mexico_canada", 0.085, 87.04),
        # none is left for the second: 2,048 x 0.085 = 174.08
        ("data out, first 10,240 GB", "us_mexico_canada", 0.085, 174.08),
    ]


def test_a_negotiated_rate_keeps_each_zones_share_free():
    book = parse_price_book(
        {
            "source": "CloudFront private pricing (example)",
            "entries": [
                {
                    "provider": "aws",
                    "service": "cloudfront",
                    "dimension": "data_out",
                    "effective": "2024-01-01",
                    "rate": {"unit": "GB", "tiers": [[None, 0.02]]},
                }
            ],
        },
        "book.yaml",
        "book",
        default_catalog(),
    )
    scn = parse_scenario({"traffic": EUROPE}, "t.yaml", "t")
    est = estimate([CLOUDFRONT], scn, stack="t", as_of=DAY, regions=REGIONS, price_book=book)
    data_out = [
        (i.component, i.monthly_usd, i.contracted_unit_price_usd, usd)
        for i in est.line_items
        if i.unit == "GB"
        for usd in [i.contracted_cents / 100]
    ]
    # the free 1,024 GB stay free at the private rate; 3,632.61 x 0.02 = 72.65 contracted
    assert data_out == [
        ("data out, first 1,024 GB (free)", 0.0, 0.0, 0.0),
        ("data out, 1,024-10,240 GB", 308.77, 0.02, 72.65),
    ]


def test_a_sweep_over_regions_agrees_with_estimate_to_the_cent():
    scn = parse_scenario(
        {"traffic": {**EUROPE, "regions": {"north_america": 0.7, "europe": 0.3}}}, "t.yaml", "t"
    )
    setup = Setup("cloudfront", [CLOUDFRONT], REGIONS, {})
    vary = parse_vary("regions.asia_pacific=0..1")
    result = sweep([setup], scn, vary, points=21, log=False, as_of=DAY, every_point=True)
    scalar = [price_setup(setup, at(scn, vary, float(v)), DAY).list_cents for v in result.values]
    assert result.list_cents[0].tolist() == scalar
    # at both ends by hand: all Europe/US at 0.3/0.7 (shares 307.2 / 716.8 GB; 300 / 700 of the
    # free 1,000 requests): US 3,259.63 GB, (3,259.63 - 716.8) x 0.085 = 216.14; Europe
    # 1,396.98 GB, (1,396.98 - 307.2) x 0.085 = 92.63; requests US 1,400 - 700 = 700 x 0.01 =
    # 7.00, Europe 600 - 300 = 300 x 0.012 = 3.60; so 319.37. All Asia Pacific: 4,656.61 GB,
    # (4,656.61 - 1,024) x 0.12 = 435.91; 1,000 x 0.012 = 12.00; so 447.91.
    assert (scalar[0], scalar[-1]) == (31937, 44791)


def test_the_numpy_twin_shares_it_as_estimate_does_at_every_point():
    scn = parse_scenario(
        {"traffic": {**EUROPE, "regions": {"europe": 0.6, "japan": 0.4}}}, "t.yaml", "t"
    )
    # below, at and above the allowance, and where a zone crosses its 10 TB tier
    egress = np.array([0, 5e11, 1024 * 2**30, 1.1e12, 3e12, 2e13, 5e13])
    points = price_points(
        [CLOUDFRONT], with_arrays(scn, egress=egress), size=egress.size, as_of=DAY,
        regions=REGIONS,
    )  # fmt: skip
    scalar = [
        estimate([CLOUDFRONT], at_egress, stack="t", as_of=DAY, regions=REGIONS).list_cents
        for e in egress
        for at_egress in [with_arrays(scn, egress=float(e))]
    ]
    assert points.total().tolist() == scalar
    # 1,024 GB in all: every byte free, and 2e7 requests less the free 1e7 at 0.012 = 12.00
    assert scalar[2] == 1200


def test_two_buckets_share_aws_100_gb_of_free_transfer_out():
    """AWS's 100 GB a month of free transfer out (since 2021-12-01) is one per account.
    Fastly in front of two S3 files buckets in us-east-1: 1 TB of egress at a 0.9 hit ratio
    misses 1e11 bytes through each, 1e11 / 2^30 = 93.1322574615 GB. The first bucket in the
    graph uses 93.13 of the 100 free; the second gets the 6.8677425385 left and pays for
    93.1322574615 - 6.8677425385 = 86.264514923 GB x $0.09 = $7.7638 -> $7.76. Both buckets'
    transfer out of us-east-1 climb one ladder (AWS counts them together towards the region's
    tiers): the second's starts at 93.13 GB, and its lines say so."""
    second = res("aws:s3/bucket:Bucket", "files2", "storage")
    traffic = {"egress": "1 TB/month", "requests": 0, "cache_hit_ratio": 0.9}
    est = price([FASTLY, S3_FILES, second], {"traffic": traffic})
    out = [
        (i.resource, i.component, round(i.quantity, 4), i.monthly_usd)
        for i in est.line_items
        if "transfer out" in i.component
    ]
    assert out == [
        ("files", "transfer out to the CDN, first 93.13 GB (free)", 93.1323, 0.0),
        ("files2", "transfer out to the CDN, 93.13-100 GB (free)", 6.8677, 0.0),
        ("files2", "transfer out to the CDN, 100-10,240 GB", 86.2645, 7.76),
    ]
