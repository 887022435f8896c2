"""Bad options of compare, project and sweep: one line on stderr, exit 2, no output."""

from __future__ import annotations

import pytest
from cli_run import assert_refused

from indexplan.paths import ROOT

CASES = [
    (("compare", "nope"), "nope: stack: unknown stack; known: all-aws"),
    # a stack given twice would be two columns of one setup, one of them marked cheapest
    (("compare", "all-aws", "all-aws"), "STACK: all-aws: given twice; name each setup once"),
    (
        ("sweep", "all-aws", "pypi-2021", "all-aws", "--vary", "egress=1TB..2TB"),
        "STACK: all-aws: given twice",
    ),
    (("project", "pypi-2021", "pypi-2021"), "STACK: pypi-2021: given twice"),
    (("compare", "-s", "nope"), "nope: scenario: unknown scenario"),
    (("compare", "--prices-as-of", "2026-02-30"), "--prices-as-of: '2026-02-30': expected a date"),
    (("compare", "--chart", "out.gif"), "--chart: out.gif: must end in .png or .svg"),
    # every date prices are selected on lies in the model's calendar (2000-01-01 to
    # 2200-12-31, days for a date), whichever command takes it
    (
        (
            "actuals",
            str(ROOT / "tests/fixtures/bills/fastly-usage-2021-04.json"),
            "--stack",
            "pypi-2021",
            "--prices-as-of",
            "9999-12-31",
        ),
        "--prices-as-of: 9999-12-31: must be between 2000-01-01 and 2200-12-31",
    ),
    (("prices", "show", "s3", "--as-of", "9999-12-31"), "--as-of: 9999-12-31: must be between"),
    (("prices", "check", "--today", "1999-12-31"), "--today: 1999-12-31: must be between"),
    (
        ("project", "pypi-2021", "--start", "2026-13"),
        "--start: '2026-13': expected a month, YYYY-MM",
    ),
    (("project", "pypi-2021", "--months", "0"), "--months: 0: must be at least 1"),
    (("project", "pypi-2021", "--chart", "x.jpg"), "must end in .png or .svg"),
    (("project", "pypi-2021", "--months", "many"), "--months"),
    (("sweep", "all-aws", "--vary", "bandwidth=1..2"), "--vary: bandwidth: unknown quantity"),
    (("sweep", "all-aws", "--vary", "egress=10PB..1TB"), "FROM must be below TO"),
    (
        ("sweep", "all-aws", "--vary", "egress=1TB..2TB", "--points", "1"),
        "--points: 1: must be at least 2",
    ),
    (
        ("sweep", "all-aws", "--vary", "cache_hit_ratio=0..1", "--log"),
        "a log scale needs FROM above 0",
    ),
    (("sweep", "all-aws", "--vary", "regions.mars=0..1"), "unknown quantity"),
    # the only region with a share cannot make room for another
    (
        ("sweep", "all-aws", "-s", "pypi-2026", "--vary", "regions.north_america=0..1"),
        "no other region has a share to rescale",
    ),
]


@pytest.mark.parametrize(("args", "message"), CASES)
def test_bad_input_is_one_line_and_exit_2(capsys, args, message):
    assert_refused(capsys, args, message)


def test_prices_show_lists_a_price_not_launched_on_the_date(capsys):
    # R2 launched 2022-09-21: on 2020-01-01 its three prices are listed as not in force
    from cli_run import run

    code, out, err = run(capsys, "prices", "show", "r2", "--as-of", "2020-01-01")
    assert (code, err) == (0, "")
    assert "Not yet priced on 2020-01-01" in out and "cloudflare r2 storage_standard global" in out
    assert "No longer priced" not in out


def test_prices_show_lists_an_ended_price_as_ended_not_as_not_yet_priced(capsys):
    # Cloud CDN's "All other destinations" ladder ends on 2022-01-01 (`until`, with the reason
    # in its note, costmodel/catalog/gcp/cdn.yaml): on 2024-06-01 it has no price in force
    from cli_run import run

    code, out, err = run(capsys, "prices", "show", "cloud_cdn", "--as-of", "2024-06-01")
    assert (code, err) == (0, "")
    assert "Not yet priced" not in out
    ended = out[out.index("No longer priced on 2024-06-01 (the price ended)") :]
    assert " ".join(ended.split()).startswith(
        "No longer priced on 2024-06-01 (the price ended) gcp cloud_cdn cache_egress "
        "other_destinations: unpriced from 2022-01-01 on: Google publishes no rate"
    )
    # in 2019 the same price is in force: listed with its tiers, in neither list
    code, out, err = run(capsys, "prices", "show", "cloud_cdn", "--as-of", "2019-06-01")
    assert "gcp cloud_cdn cache_egress other_destinations: USD per GiB" in out
    assert "No longer priced" not in out
