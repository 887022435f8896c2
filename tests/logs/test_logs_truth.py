"""The scenario derived from each format's logs is the truth they were written from.

The generator's design (tests/logs/generate.py) gives every figure by hand. The scenario's
month is 2026-03, the last complete one: 31 days of 24 hours, one unit of traffic an hour on
average, a unit being one pass through the 7 templates.
  requests = 744 units x 7 = 5,208
  egress   = 744 x 7,000,000 bytes x (11/10)^2 (the third month) = 6,301,680,000 bytes
  cache hit ratio (CDN's field) = hit bytes 5,000,000 / 7,000,000 = 5/7
  with origin logs: they see 1,000,000 of the 7,000,000 bytes (the IAD misses), so 6/7
  regions: IAD 3/7 north_america, FRA/NRT/SYD 1/7 each, GRU and BOM 1/14 each
  peak day: the 15th holds 50 units against a mean day of 24: 50/24 = 2.0833
  peak hour: 18:00 on the 15th holds 4 units against a mean hour of 1: 4
  growth: bytes per hour x 11/10 a month: (11/10)^12 = 3.1384 a year, spread 0
  uploads (origin logs): one PUT answered 200 each day, 31; the daily 403 is not counted
"""

from __future__ import annotations

import json
import math
from fractions import Fraction

import pytest
import yaml
from log_helpers import files, run

from costmodel.model.scenario import load_scenario
from tests.logs.generate import Spec, truth

TRUTH = truth(Spec())


def derive(capsys, tmp_path, *args: str) -> tuple[dict, str]:
    out = tmp_path / "derived.yaml"
    code, _, err = run(capsys, "scenario", "from-logs", *args, "-o", str(out), "-f", "json")
    assert code == 0, err
    return yaml.safe_load(out.read_text()), err


def test_the_hand_worked_truth():
    assert (TRUTH.requests, TRUTH.egress) == (5_208, 6_301_680_000)
    assert (TRUTH.peak_day, TRUTH.peak_hour) == (Fraction(50, 24), 4)
    assert TRUTH.growth_per_year == pytest.approx(3.13843, rel=1e-5)


@pytest.mark.parametrize("fmt", ["cloudfront", "fastly", "cloudcdn"])
def test_cdn_logs_give_the_truth(capsys, tmp_path, logs, fmt):
    doc, err = derive(capsys, tmp_path, *files(logs[fmt]))
    traffic = doc["traffic"]
    assert traffic["egress"] == "6301680000 B/month"
    assert traffic["requests"] == "5208/month"
    assert traffic["cache_hit_ratio"] == 5 / 7
    assert traffic["regions"] == pytest.approx({k: float(v) for k, v in TRUTH.regions.items()})
    assert doc["as_of"].isoformat() == "2026-03-31"
    assert doc["peaks"] == {
        "day": {"egress": 2.0833, "requests": 2.0833},
        "hour": {"egress": 4.0, "requests": 4.0},
    }
    assert doc["growth"] == {"per_year": 3.1384}
    assert "storage" not in doc  # no uploads in CDN logs: the scenario's default applies
    assert err == ""  # nothing to note: every line read, every location known
    scenario = load_scenario(tmp_path / "derived.yaml")
    assert (scenario.egress, scenario.requests) == (6_301_680_000, 5_208)
    assert scenario.peaks.hour.egress == 4.0


@pytest.mark.parametrize(("cdn", "origin"), [("cloudfront", "gcs-usage"), ("fastly", "s3-access")])
def test_origin_logs_refine_the_hit_ratio_and_give_uploads(capsys, tmp_path, logs, cdn, origin):
    doc, _ = derive(capsys, tmp_path, *files(logs[cdn]), *files(logs[origin]))
    # 1 - 1,000,000 / 7,000,000 of origin bytes over CDN bytes
    assert doc["traffic"]["cache_hit_ratio"] == pytest.approx(6 / 7, abs=1e-15)
    assert doc["storage"] == {"uploads": "31/month"}
    assert "1 - origin bytes / CDN bytes" in doc["source"]


def test_source_names_files_span_and_lines(capsys, tmp_path, logs):
    doc, _ = derive(capsys, tmp_path, *files(logs["cloudfront"]))
    # 91 daily files (the last, 2026-04-01, holds the 23:59:59 line of 2026-03-31);
    # lines: 744 + 672 + 744 units x 7 = 15,120
    assert "91 files" in doc["source"] and "15,120 lines" in doc["source"]
    assert "2026-01-01 00:00 to 2026-03-31 23:59 UTC" in doc["source"]
    assert doc["description"] == "Traffic from cloudfront logs, 2026-03"


def test_source_names_the_files_as_given(capsys, tmp_path, logs, monkeypatch):
    # A scenario file gets shared: its `source` and the messages name the files as the user
    # wrote them (here a relative glob), never the absolute path, which would show a home
    # directory. The same file named again through a symbolic link is read once, by its
    # first name.
    monkeypatch.chdir(logs["cloudfront"].parent)
    link = tmp_path / "again.gz"
    link.symlink_to(logs["cloudfront"] / "cloudfront-2026-03-01.gz")
    doc, _ = derive(capsys, tmp_path, "cloudfront/*.gz", str(link))
    # the 91 daily files once each, as in the test above
    assert "91 files in cloudfront (cloudfront-2026-01-01.gz ... " in doc["source"]
    assert "15,120 lines" in doc["source"]
    assert str(logs["cloudfront"].parent) not in doc["source"]


def test_months_report_and_growth_spread(capsys, tmp_path, logs):
    out = tmp_path / "derived.yaml"
    code, stdout, _ = run(
        capsys, "scenario", "from-logs", *files(logs["fastly"]), "-o", str(out), "-f", "json"
    )
    report = json.loads(stdout)
    assert code == 0
    by_month = {m["month"]: m for m in report["months"]}
    for label, (requests, egress) in TRUTH.by_month.items():
        assert (by_month[label]["requests"], by_month[label]["egress_bytes"]) == (requests, egress)
    # February: 28 days of 24 units x 7,700,000 bytes (11/10 of January's cycle)
    assert by_month["2026-02"]["egress_bytes"] == 28 * 24 * 7_700_000
    growth = report["growth"]
    assert growth["months"] == 3
    assert math.isclose(growth["low"], growth["high"], rel_tol=1e-9)  # exact months: no spread


def test_yaml_goes_to_stdout_without_output(capsys, logs):
    code, out, err = run(capsys, "scenario", "from-logs", *files(logs["cloudcdn"]))
    assert (code, err) == (0, "")
    doc = yaml.safe_load(out)
    assert doc["name"] == "from-logs" and doc["traffic"]["requests"] == "5208/month"
    assert out.startswith("# Derived by `indexplan scenario from-logs`")


def test_origin_logs_covering_part_of_the_period(capsys, tmp_path, logs):
    # gcs-usage files for March 1st to 10th only: 240 of the period's 744 hours. The hours
    # they share with the CDN have the same mix, so the ratio is still 6/7; their 10 uploads
    # scale to 10 x 744 / 240 = 31.
    origin = [p for p in files(logs["gcs-usage"]) if "2026-03-0" in p or "2026-03-10" in p]
    doc, err = derive(capsys, tmp_path, *files(logs["cloudfront"]), *origin)
    assert doc["traffic"]["cache_hit_ratio"] == pytest.approx(6 / 7, abs=1e-15)
    assert doc["storage"] == {"uploads": "31/month"}
    assert "the origin logs cover 240 of the period's 744 hours" in err


def test_origin_logs_outside_the_period_are_not_used(capsys, tmp_path, logs):
    january = [p for p in files(logs["s3-access"]) if "2026-01-" in p]
    doc, err = derive(capsys, tmp_path, *files(logs["fastly"]), *january)
    assert doc["traffic"]["cache_hit_ratio"] == 5 / 7  # the CDN's own marks
    assert "the origin logs do not overlap the period; they were not used" in err


def test_a_file_named_twice_or_through_a_link_is_read_once(capsys, tmp_path, logs):
    paths = files(logs["cloudcdn"])
    link = tmp_path / "again.json"
    link.symlink_to(paths[40])
    doc, _ = derive(capsys, tmp_path, *paths, paths[40], str(link), f"{logs['cloudcdn']}/*")
    assert doc["traffic"]["requests"] == "5208/month"
