"""`project --start` away from the scenario's as_of month grows (or shrinks) the scenario by
its own growth first, and says so (review s5, finding 3)."""

from __future__ import annotations

import json

import pytest
from cli_run import run

# The review's hand scenario: 1.5 TB a month in 2026-08, growing x2 a year.
TINY = """\
name: tiny
source: s5-review
as_of: 2026-08-14
traffic:
  egress: {egress}
  requests: {requests}
  cache_hit_ratio: 0.95
storage:
  stored: {stored}
  uploads: 1200/year
growth:
  per_year: 2.0
"""


@pytest.fixture
def tiny(tmp_path) -> str:
    path = tmp_path / "tiny.yaml"
    path.write_text(TINY.format(egress="1.5 TB/month", requests="1e6/month", stored="0.1 TB"))
    return str(path)


def first_month(capsys, *args: str) -> tuple[dict, float]:
    code, out, err = run(capsys, "project", "static-index", *args, "-f", "json")
    assert (code, err) == (0, ""), err
    data = json.loads(out)
    return data, data["setups"][0]["months"][0]["list_monthly_usd"]


def test_a_start_a_year_later_prices_a_year_of_growth(capsys, tiny):
    data, first = first_month(capsys, "-s", tiny, "--start", "2027-08", "--months", "2")
    # Hand (review s5, finding 3), static-index = CloudFront in front of S3 (us-east-1):
    # 2027-08 is 12 months after as_of at x2 a year: 3 TB = 3e12 / 2^30 = 2,793.97 GiB;
    # CloudFront's always-free 1,024 GiB leaves 1,769.97 GiB x $0.085 = $150.45; stored bytes
    # grow by uploads, not x2: 0.1 TB + 12 months x 100 uploads x 1.4 MB (the default upload
    # size) = 1.0168e11 B = 94.70 GiB x $0.023 = $2.18; 2e6 requests (inside the free 10 M)
    # miss 5%: 1e5 S3 GETs x $0.0004/1,000 = $0.04. $150.45 + $2.18 + $0.04 = $152.67 (was
    # $33.86, the ungrown 2026-08 bill; $154.77 while stored bytes grew x2 with traffic).
    assert first == 152.67
    assert data["traffic_grown"] == {"from": "2026-08", "months": 12, "factor": 2.0}
    code, out, _ = run(capsys, "project", "static-index", "-s", tiny, "--start", "2027-08")
    assert code == 0
    assert (
        "the first month's traffic: the scenario's (as_of 2026-08) grown over 12 months to "
        "2027-08, x2" in " ".join(out.split())
    )


def test_the_as_of_month_still_equals_estimate(capsys, tiny):
    data, first = first_month(capsys, "-s", tiny, "--months", "2")
    est = json.loads(run(capsys, "estimate", "static-index", "-s", tiny, "-f", "json")[1])
    assert first == est["totals"]["list_monthly_usd"] == 33.86
    assert "traffic_grown" not in data
    explicit, same = first_month(capsys, "-s", tiny, "--start", "2026-08", "--months", "2")
    assert same == first and "traffic_grown" not in explicit
    out = run(capsys, "project", "static-index", "-s", tiny)[1]
    assert "the first month's traffic" not in out


def test_a_start_before_as_of_shrinks_the_scenario_back(capsys, tiny, tmp_path):
    # a year before as_of at x2 a year: egress and requests halved, stored less a year of
    # uploads (1e11 B - 12 x 100 x 1.4e6 B = 9.832e10 B), priced at 2025-08-01
    data, first = first_month(capsys, "-s", tiny, "--start", "2025-08", "--months", "1")
    half = tmp_path / "half.yaml"
    half.write_text(TINY.format(egress="0.75 TB/month", requests="5e5/month", stored="98.32 GB"))
    est = json.loads(
        run(capsys, "estimate", "static-index", "-s", str(half), "--prices-as-of", "2025-08-01",
            "-f", "json")[1]
    )  # fmt: skip
    assert first == est["totals"]["list_monthly_usd"]
    assert data["traffic_grown"] == {"from": "2026-08", "months": -12, "factor": 0.5}
    out = " ".join(
        run(capsys, "project", "static-index", "-s", tiny, "--start", "2025-08")[1].split()
    )
    assert "shrunk back over 12 months to 2025-08, x0.5" in out


def test_a_start_so_late_that_growth_passes_the_limits_is_the_starts_fault(capsys, tiny):
    # 1.5 TB x 2^(2199-2026.6) passes 1e21 bytes a month (the model's limit) long before 2199
    code, out, err = run(capsys, "project", "static-index", "-s", tiny, "--start", "2199-01")
    assert (code, out) == (2, "")
    assert err == (
        "--start: 2199-01: at x2 a year the scenario's egress passes the model's limit of "
        "1e21 bytes a month by then\n"
    )
