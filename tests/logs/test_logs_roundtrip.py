"""Round trip: a scenario derived from generated logs prices exactly as the truth the logs
were written from, line by line and to the cent, on stacks that price every figure it holds
(egress by region, requests, cache fills, uploads)."""

from __future__ import annotations

import json

import pytest
import yaml
from log_helpers import files, run

from tests.logs.generate import Spec, truth, write


def estimate(capsys, stack: str, scenario) -> dict:
    code, out, err = run(capsys, "estimate", stack, "-s", str(scenario), "-f", "json")
    assert code == 0, err
    return json.loads(out)


@pytest.mark.parametrize(
    ("stack", "formats", "with_origin"),
    [
        ("all-aws", ("cloudfront", "s3-access"), True),  # CloudFront in front of S3
        ("pypi-2021", ("fastly",), False),  # Fastly in front of GCS
        ("all-gcp", ("cloudcdn", "gcs-usage"), True),  # Cloud CDN in front of GCS
    ],
)
def test_derived_scenario_prices_as_the_truth(capsys, tmp_path, logs, stack, formats, with_origin):
    derived = tmp_path / "derived.yaml"
    paths = [p for fmt in formats for p in files(logs[fmt])]
    code, _, err = run(capsys, "scenario", "from-logs", *paths, "-o", str(derived))
    assert code == 0, err

    true = truth(Spec())
    doc = true.scenario()
    if with_origin:  # the origin's logs give 6/7 and the uploads
        doc["traffic"]["cache_hit_ratio"] = float(true.hit_ratio_origin)
    else:
        del doc["storage"]
    truth_file = tmp_path / "truth.yaml"
    truth_file.write_text(yaml.safe_dump(doc))

    got, want = estimate(capsys, stack, derived), estimate(capsys, stack, truth_file)
    assert got["totals"] == want["totals"]
    assert got["line_items"] == want["line_items"]
    assert got["totals"]["list_monthly_usd"] > 0


@pytest.mark.parametrize(
    ("stack", "formats", "with_origin", "perturb"),
    [
        # CloudFront's egress is priced by region past its free tier; the hit ratio only
        # moves S3's GET requests there (5,208 a month: under a cent), so a region moves
        ("all-aws", ("cloudfront", "s3-access"), True, "regions"),
        ("pypi-2021", ("fastly",), False, "hit"),  # GCS's egress to Fastly: the misses
        ("all-gcp", ("cloudcdn", "gcs-usage"), True, "hit"),  # Cloud CDN's cache fill
    ],
)
def test_beyond_the_free_tiers_a_wrong_figure_changes_the_total(
    capsys, tmp_path, stack, formats, with_origin, perturb
):
    """At Spec()'s 6.3 GB a month CloudFront's traffic is all in its free tier, and a wrong
    hit ratio or region share could go unseen in the totals. Requests 200 times larger: March
    is 6,301,680,000 x 200 = 1,260,336,000,000 B (1.26 TB), past CloudFront's 1 TB."""
    spec = Spec(size_factor=200)
    paths = [str(p) for fmt in formats for p in write(fmt, spec, tmp_path / fmt)]
    derived = tmp_path / "derived.yaml"
    code, _, err = run(capsys, "scenario", "from-logs", *paths, "-o", str(derived))
    assert code == 0, err
    assert yaml.safe_load(derived.read_text())["traffic"]["egress"] == "1260336000000 B/month"

    true = truth(spec)
    doc = true.scenario()
    if with_origin:
        doc["traffic"]["cache_hit_ratio"] = float(true.hit_ratio_origin)  # 6/7
    else:
        del doc["storage"]
    truth_file = tmp_path / "truth.yaml"
    truth_file.write_text(yaml.safe_dump(doc))
    got, want = estimate(capsys, stack, derived), estimate(capsys, stack, truth_file)
    assert got["totals"] == want["totals"]
    assert got["line_items"] == want["line_items"]

    # the totals can tell a wrong figure: 1/7 of the hit ratio, or india's 1/14 of egress
    # placed in north_america, prices otherwise
    traffic = doc["traffic"]
    if perturb == "hit":
        traffic["cache_hit_ratio"] -= 1 / 7
    else:
        traffic["regions"]["north_america"] += traffic["regions"].pop("india")
    truth_file.write_text(yaml.safe_dump(doc))
    other = estimate(capsys, stack, truth_file)
    assert other["totals"]["list_monthly_usd"] != want["totals"]["list_monthly_usd"]
