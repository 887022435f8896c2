"""Issue 12, pricing: a CDN mix split by its weighted DNS records, each CDN's tiers on its own
share, the origin priced by the mix; the sweep's cdn.<provider> axis."""

from __future__ import annotations

import datetime as dt

import pytest
from costmodel_helpers import CLOUDFRONT, FASTLY, S3_FILES, lines, price, reasons, res

from costmodel.errors import InputError
from costmodel.model.scenario import parse_scenario
from costmodel.planning.compare import Setup
from costmodel.planning.sweep import parse_vary, sweep

AS_OF = "2026-11-30"
# 20 TB (SI) and 1e8 requests a month, 90 % cache hits, all from North America
TRAFFIC = {
    "traffic": {"egress": "20 TB/month", "requests": "1e8/month", "cache_hit_ratio": 0.9},
    "storage": {"stored": "1 TB", "uploads": 0},
}


def route53(provider: str, weight: float, target: str) -> object:
    """A weighted CNAME as infra/dns/route53.py writes one per CDN of a mix."""
    return res(
        "aws:route53/record:Record",
        f"dns-files-{provider}",
        "dns",
        type="CNAME",
        records=[target],
        setIdentifier=provider,
        weightedRoutingPolicies=[{"weight": weight}],
    )


# weights 4 : 1 (normalised by their sum: fastly 0.8, CloudFront 0.2)
MIX = [
    FASTLY,
    CLOUDFRONT,
    S3_FILES,
    route53("fastly", 4, "dualstack.t.sni.global.fastly.net"),
    route53("aws", 1, "d111111abcdef8.cloudfront.net"),
]


def test_each_cdn_is_priced_on_its_share_with_its_own_tiers():
    est = price(MIX, TRAFFIC, as_of=AS_OF)
    # Fastly (fastly.com/pricing 2026-09, GB = 10^9 B): 0.8 x 20 TB = 16,000 GB:
    #   100 GB free; 9,900 x 0.12 = 1,188.00; the 6,000 past 10 TB unpriced ("contact sales")
    # requests 0.8 x 1e8 = 8,000 x 10,000: 100 free, 7,900 x 0.01 = 79.00
    assert lines(est, "cdn") == [
        ("bandwidth, first 100 GB (free)", "north_america_europe", 0, 0.0),
        ("bandwidth, 100-10,000 GB", "north_america_europe", 0.12, 1188.0),
        ("requests, first 1 million requests (free)", "north_america_europe", 0, 0.0),
        ("requests, 1 million to 100 million requests", "north_america_europe", 0.01, 79.0),
        # CloudFront (GB = 2^30 B): 0.2 x 20e12 B = 3,725.290298 GB: its own free 1,024 GB,
        # then 2,701.290298 x 0.085 = 229.609675 -> 229.61 (had it carried the whole 20 TB,
        # the free tier would be the same but 17,602 GB would be billed)
        ("data out, first 1,024 GB (free)", "us_mexico_canada", 0, 0.0),
        ("data out, 1,024-10,240 GB", "us_mexico_canada", 0.085, 229.61),
        # 0.2 x 1e8 = 2,000 x 10,000: 1,000 free, 1,000 x 0.01 = 10.00
        ("HTTPS requests, first 10 million requests (free)", "us_mexico_canada", 0, 0.0),
        ("HTTPS requests, over 10 million requests", "us_mexico_canada", 0.01, 10.0),
    ]
    assert any(n.startswith("CDN mix: bytes and requests split by weight") for n in est.notes)


def test_the_origin_serves_every_cdn_and_bills_transfer_only_to_fastly():
    est = price(MIX, TRAFFIC, as_of=AS_OF)
    got = {c: usd for c, _, _, usd in lines(est, "files")}
    # GETs: all misses, 1e8 x 0.1 = 1e7 = 10,000 x 1,000 requests x 0.0004 = 4.00 (both CDNs
    # fetch from the bucket); transfer out only for Fastly's misses: 0.8 x 0.1 x 20e12 B =
    # 1,490.116119 GB: 100 free, 1,390.116119 x 0.09 = 125.110451 -> 125.11 (CloudFront's
    # 20 % is free, an AWS origin)
    assert got["GET requests (cache misses)"] == 4.0
    assert got["transfer out to the CDN, 100-10,240 GB"] == 125.11
    # the one hole is Fastly's bandwidth past 10 TB (16,000 - 10,000 GB), not the origin's
    assert reasons(est) == [
        (
            "cdn",
            "bandwidth",
            "6,000 GB in north_america_europe beyond the last published tier "
            "(10,000 GB; contact sales)",
        )
    ]


def test_cloud_dns_weighted_round_robin_carries_the_weights_too():
    record = res(
        "gcp:dns/recordSet:RecordSet",
        "dns-files",
        "dns",
        routingPolicy={
            "wrrs": [
                {"weight": 0.8, "rrdatas": ["dualstack.t.sni.global.fastly.net."]},
                {"weight": 0.2, "rrdatas": ["d111111abcdef8.cloudfront.net."]},
            ]
        },
    )
    est = price([FASTLY, CLOUDFRONT, S3_FILES, record], TRAFFIC, as_of=AS_OF)
    assert lines(est, "cdn") == lines(price(MIX, TRAFFIC, as_of=AS_OF), "cdn")


def test_the_scenario_may_override_the_weights_and_the_rest_follows_dns():
    # fastly 0.5 given; CloudFront, left out, takes the rest: 0.5 x 20e12 B = 9,313.225746 GB,
    # 8,289.225746 beyond the free 1,024 x 0.085 = 704.584188 -> 704.58
    scenario = {**TRAFFIC, "traffic": {**TRAFFIC["traffic"], "cdn_weights": {"fastly": 0.5}}}
    est = price(MIX, scenario, as_of=AS_OF)
    assert ("data out, 1,024-10,240 GB", "us_mexico_canada", 0.085, 704.58) in lines(est, "cdn")


def test_a_mix_without_weights_is_unpriced_not_doubled():
    est = price([FASTLY, CLOUDFRONT, S3_FILES], TRAFFIC, as_of=AS_OF)
    assert est.line_items == () or all(i.resource != "cdn" for i in est.line_items)
    why = {r for _, _, r in reasons(est)}
    assert any("no weighted DNS record for aws, fastly" in r for r in why), why


@pytest.mark.parametrize("weights", [{"fastly": 0.7, "aws": 0.7}, {"akamai": 1.0}, {}])
def test_bad_scenario_weights_are_refused(weights):
    scenario = {**TRAFFIC, "traffic": {**TRAFFIC["traffic"], "cdn_weights": weights}}
    with pytest.raises(InputError) as caught:
        parse_scenario(scenario, "mix.yaml", "mix")
    assert caught.value.field.startswith("traffic.cdn_weights")


def test_the_sweep_varies_a_cdn_weight_and_finds_where_the_mix_breaks_even():
    scn = parse_scenario(TRAFFIC, "mix.yaml", "mix")
    as_of = dt.date.fromisoformat(AS_OF)
    regions = {"aws": "us-east-1"}
    setups = [
        Setup("mix", MIX, regions, {}),
        Setup("cloudfront", [CLOUDFRONT, S3_FILES], regions, {}),
    ]
    result = sweep(setups, scn, parse_vary("cdn.fastly=0..1"), points=3, log=False, as_of=as_of)
    # At fastly 0 the mix is CloudFront alone: the same bill as the CloudFront setup.
    assert result.list_cents[0, 0] == result.list_cents[1, 0]
    # CloudFront alone carries 20e12 B = 18,626.451492 GB: 1,024 free, 9,216 x 0.085 =
    # 783.36, 8,386.451492 x 0.080 = 670.916119 -> 670.92; requests 10,000 units: 9,000 x
    # 0.01 = 90.00; S3 GETs 4.00; storage 1 TB = 931.322575 GB x 0.023 = 21.420419 -> 21.42
    assert result.list_cents[1, 0] == 78336 + 67092 + 9000 + 400 + 2142
    # At weight w (small) Fastly's free 100 GB and 100 x 10,000 requests make the mix cheaper;
    # CloudFront saves w x 18,626.45 GB x 0.080 + w x 10,000 x 0.01 = 1,590.12 w (its top
    # tiers), S3 -> Fastly stays within S3's free 100 GB (up to w = 0.0537), and Fastly bills
    # (20,000 w - 100) x 0.12 + (10,000 w - 100) x 0.01 = 2,500 w - 13. They cross where
    # 909.88 w = 13: w = 0.014288; beyond it the CloudFront setup is cheaper.
    (change,) = result.break_even_list
    assert (change.before, change.after) == ("mix", "cloudfront")
    assert change.value == pytest.approx(13 / (2500 - 1590.116119), abs=1e-5)
    # The mix at w = 0.5: Fastly 10,000 GB, 9,900 x 0.12 = 1,188.00, requests 4,900 x 0.01 =
    # 49.00; CloudFront 9,313.225746 GB, 8,289.225746 x 0.085 = 704.584188 -> 704.58, requests
    # 4,000 x 0.01 = 40.00; S3 GETs 4.00, storage 21.42, transfer out to Fastly 1e12 B =
    # 931.322575 GB, 831.322575 x 0.09 = 74.819032 -> 74.82: 2,081.82. At w = 1 Fastly's
    # 20,000 GB pass 10 TB, "contact sales": 9,900 x 0.12 = 1,188.00 with 10,000 GB unpriced,
    # requests 9,900 x 0.01 = 99.00; GETs 4.00, storage 21.42, transfer out 2e12 B =
    # 1,862.645149 GB, 1,762.645149 x 0.09 = 158.638063 -> 158.64: a lower bound of 1,471.06
    assert list(result.list_cents[0, 1:]) == [208182, 147106]
    assert [result.complete_at(0, k) for k in range(3)] == [True, True, False]
    with pytest.raises(InputError):
        parse_vary("cdn.akamai=0..1")
    with pytest.raises(InputError):
        parse_vary("cdn.fastly=0..2")
