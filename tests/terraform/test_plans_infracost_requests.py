"""Infracost's per-region HTTPS requests are priced in the regions the usage file gives them,
not re-split in the shares of the bytes (s5 review, finding 7).

CloudFront, catalog aws/cloudfront.yaml and shared/reference/prices.md: HTTPS per 10,000
requests US 0.0100 (the first 10 million a month free, applied to the US zone), Europe
0.0120; data out per GB (2^30 bytes, Infracost's and AWS's GB) 0.085 for the first 10 TB,
0.080 for the next 40 TB, the first 1,024 GB free in the US zone.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.prices.helpers import run_json
from tests.terraform.plans import ALL_AWS

CDN = "module.cdn.aws_cloudfront_distribution.distribution"
# US 20,000 GB: 1,024 free, 9,216 x 0.085 = 783.36, 9,760 x 0.080 = 780.80; Europe 5,000 GB
# x 0.085 = 425.00: the bytes' shares are 80% / 20%.
DATA_OUT = {"us_mexico_canada": 783.36 + 780.80, "europe_israel": 425.00}


def cdn_lines(capsys, tmp_path: Path, requests: str) -> dict[str, dict[str, float]]:
    usage = tmp_path / "infracost-usage.yml"
    usage.write_text(
        "version: 0.1\nresource_usage:\n"
        f"  {CDN}:\n"
        "    monthly_data_transfer_to_internet_gb: {us: 20000, europe: 5000}\n"
        f"    monthly_https_requests: {requests}\n"
    )
    data = run_json(
        capsys,
        "estimate",
        "--from-terraform-plan",
        ALL_AWS,
        "-s",
        "pypi-2026",
        "--usage",
        str(usage),
    )
    out: dict[str, dict[str, float]] = {"data": {}, "https": {}}
    for item in data["line_items"]:
        if item["resource"] == CDN:
            kind = "https" if item["component"].startswith("HTTPS") else "data"
            zone = item["region"]
            out[kind][zone] = round(out[kind].get(zone, 0.0) + item["monthly_usd"], 2)
    assert not [n for n in data["assumptions"]["notes"] if "shares of its bytes" in n]
    return out


@pytest.mark.parametrize(
    ("requests", "https"),
    [
        # The finding's hand figure: US (5e7 - 1e7 free) / 1e4 x 0.01 = 40.00; Europe 5e7 /
        # 1e4 x 0.012 = 60.00; $100.00 (re-split 80/20 it was $94.00).
        ("{us: 50000000, europe: 50000000}", {"us_mexico_canada": 40.00, "europe_israel": 60.00}),
        # In the bytes' shares the result is as before: (8e7 - 1e7) / 1e4 x 0.01 = 70.00;
        # 2e7 / 1e4 x 0.012 = 24.00.
        ("{us: 80000000, europe: 20000000}", {"us_mexico_canada": 70.00, "europe_israel": 24.00}),
        # Requests in one region only stay there: (2e7 - 1e7) / 1e4 x 0.01 = 10.00.
        ("{us: 20000000}", {"us_mexico_canada": 10.00}),
        # South America, where no bytes go: 1e7 / 1e4 x 0.022 = 22.00; the US's free 10
        # million requests are not used.
        ("{south_america: 10000000}", {"south_america": 22.00}),
    ],
)
def test_requests_are_priced_where_the_file_gives_them(capsys, tmp_path, requests, https):
    lines = cdn_lines(capsys, tmp_path, requests)
    assert lines["https"] == {**dict.fromkeys(lines["https"], 0.0), **https}
    assert lines["data"] == {zone: round(v, 2) for zone, v in DATA_OUT.items()}
