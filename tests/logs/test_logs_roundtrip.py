"""Round trip: a scenario derived from generated logs prices exactly as the truth the logs
were written from, line by line and to the cent, on stacks that price every figure it holds
(egress by region, requests, cache fills, uploads)."""

from __future__ import annotations

import json

import pytest
import yaml
from log_helpers import files, run

from tests.logs.generate import Spec, truth


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
