"""Infracost's per-region HTTPS requests are priced in the regions the usage file gives them,
not re-split in the shares of the bytes (s5 review, finding 7).

CloudFront, catalog aws/cloudfront.yaml and shared/reference/prices.md: HTTPS per 10,000
requests US 0.0100, Europe 0.0120, South America 0.0220; data out per GB (2^30 bytes,
Infracost's and AWS's GB) 0.085 for the first 10 TB, 0.080 for the next 40 TB. The account's
free 10 million requests and 1,024 GB a month are shared by the zones pro rata to their own
usage (s5 review finding 4), and a zone's free share counts toward its own tiers.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.prices.helpers import run_json
from tests.terraform.plans import ALL_AWS

CDN = "module.cdn.aws_cloudfront_distribution.distribution"
# The bytes' shares are 80% / 20%, so the free 1,024 GB are 819.2 US and 204.8 Europe.
# US 20,000 GB: 819.2 free, (10,240 - 819.2) = 9,420.8 x 0.085 = 800.768 -> 800.77,
# 9,760 x 0.080 = 780.80; Europe (5,000 - 204.8) = 4,795.2 x 0.085 = 407.592 -> 407.59.
DATA_OUT = {"us_mexico_canada": 800.77 + 780.80, "europe_israel": 407.59}


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
        # Half the requests each way, so 5e6 free each: US (5e7 - 5e6) / 1e4 x 0.01 = 45.00;
        # Europe (5e7 - 5e6) / 1e4 x 0.012 = 54.00 ($99.00; re-split 80/20 it was $93.60).
        ("{us: 50000000, europe: 50000000}", {"us_mexico_canada": 45.00, "europe_israel": 54.00}),
        # In the bytes' shares, 8e6 and 2e6 free: (8e7 - 8e6) / 1e4 x 0.01 = 72.00;
        # (2e7 - 2e6) / 1e4 x 0.012 = 21.60.
        ("{us: 80000000, europe: 20000000}", {"us_mexico_canada": 72.00, "europe_israel": 21.60}),
        # Requests in one region only stay there: (2e7 - 1e7) / 1e4 x 0.01 = 10.00.
        ("{us: 20000000}", {"us_mexico_canada": 10.00}),
        # South America, where no bytes go: its 1e7 requests are all the account's requests,
        # so all of them are free: $0.00 (with the allowance on the US zone alone, 22.00).
        ("{south_america: 10000000}", {"south_america": 0.00}),
    ],
)
def test_requests_are_priced_where_the_file_gives_them(capsys, tmp_path, requests, https):
    lines = cdn_lines(capsys, tmp_path, requests)
    assert lines["https"] == {**dict.fromkeys(lines["https"], 0.0), **https}
    assert lines["data"] == {zone: round(v, 2) for zone, v in DATA_OUT.items()}
