"""diff cancels a Fastly tail two sides have alike (s12-rank, left by session 11).

Fastly's 2026-09 list ends at 10 TB in North America/Europe ("contact sales"): bandwidth past it
is unpriced. Two setups that pass it by the same quantity have the same unpriced part, and it
drops out of their difference, as it does from compare's ranking and the budget gate (the one
rule of costmodel/model/change_bound.py), even where the service's other inputs (its backend)
differ: its price reads none of them.

Plans (hand-made, in Terraform's JSON plan format, us-east-1) under a scenario of 20 TB = 20e12 B
and 1e7 requests a month, all to North America, prices as of 2026-11-30:
- BASE: a Fastly service with backend a.example.org. 20,000 GB: 100 free, 9,900 x 0.12 =
  1,188.00, 10,000 GB past 10 TB unpriced; 1e7 requests = 1,000 units of 10,000, 100 free,
  900 x 0.01 = 9.00: ≥ $1,197.00.
- HEAD: the same service with backend b.example.org (the same 10,000 GB tail) and a PostgreSQL
  db.t4g.medium, single-AZ, 20 GB gp3: 730 h x 0.065 = 47.45, 20 x 0.115 = 2.30: ≥ $1,246.75.
The difference is +$49.75 exactly (before: "unknown", the service's inputs having changed).

Where the tails differ they stay unpriced: crates-io's CDN mix (stacks/Pulumi.crates-io.yaml,
Fastly and CloudFront at 0.5 each) against a copy at 0.75 / 0.25, under pypi-2026 (10 PB/day x
30.4375 days = 3.04375e17 B = 304,375,000 GB a month, all North America): Fastly's share
152,187,500 GB, past 10 TB 152,177,500 (1.52178e+08), against 228,281,250 GB, past 10 TB
228,271,250 (2.28271e+08): unknown either way, and the report says which part.

Every test here but the one on differing tails (a guard) failed before the change (main at
3823fb7: the Fastly service "changed", the rise "unknown", the gate "not verified", compare
naming no cheapest).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from helpers import by_name, diff_json, run, variant

SCENARIO = """name: fastly-tail
traffic:
  egress: 20 TB/month
  requests: 1e7/month
  regions: {north_america: 1.0}
"""
AT = ("--prices-as-of", "2026-11-30")
FASTLY_PROVIDER = "registry.terraform.io/fastly/fastly"
AWS_PROVIDER = "registry.terraform.io/hashicorp/aws"
POSTGRES = {"engine": "postgres", "instance_class": "db.t4g.medium", "allocated_storage": 20}
DATABASE = ("aws_db_instance", "db", AWS_PROVIDER, POSTGRES)
TAIL = "GB in north_america_europe beyond the last published tier (10,000 GB; contact sales)"


def fastly(backend: str) -> tuple[str, str, str, dict[str, Any]]:
    inputs = {"name": "files", "domain": [{"name": "files.example.org"}],
              "backend": [{"name": "origin", "address": backend, "port": 443}]}  # fmt: skip
    return ("fastly_service_vcl", "files", FASTLY_PROVIDER, inputs)


def plan(path: Path, *resources: tuple[str, str, str, dict[str, Any]]) -> str:
    changes = [
        {"address": f"{kind}.{name}", "mode": "managed", "type": kind, "name": name,
         "provider_name": provider,
         "change": {"actions": ["create"], "before": None, "after": after, "after_unknown": {}}}
        for kind, name, provider, after in resources
    ]  # fmt: skip
    region = {"aws": {"name": "aws", "expressions": {"region": {"constant_value": "us-east-1"}}}}
    body = {"format_version": "1.2", "planned_values": {"root_module": {}},
            "resource_changes": changes, "configuration": {"provider_config": region}}  # fmt: skip
    path.write_text(json.dumps(body), encoding="utf-8")
    return str(path)


@pytest.fixture
def plans(tmp_path: Path) -> tuple[str, ...]:
    (tmp_path / "fastly-tail.yaml").write_text(SCENARIO, encoding="utf-8")
    base = plan(tmp_path / "base.json", fastly("a.example.org"))
    head = plan(tmp_path / "head.json", fastly("b.example.org"), DATABASE)
    return (base, head, "-s", str(tmp_path / "fastly-tail.yaml"), *AT)


def test_the_same_tail_under_another_backend_cancels_and_the_difference_is_priced(capsys, plans):
    data = diff_json(capsys, *plans)
    totals = data["totals"]
    assert (totals["before"]["list_monthly_usd"], totals["after"]["list_monthly_usd"]) == (
        1197.0,
        1246.75,
    )
    assert totals["diff"]["list_monthly_usd"] == 49.75 and totals["bound"] == "exact"
    assert totals["complete"] == {"before": False, "after": False}  # each side a lower bound
    service = by_name(data)["fastly_service_vcl.files"]
    assert service["change"] == "same"
    (bandwidth,) = [c for c in service["components"] if c["component"] == "bandwidth"]
    assert bandwidth["change"] == "same"
    assert bandwidth["before"]["unpriced"] == bandwidth["after"]["unpriced"] == [f"10,000 {TAIL}"]
    # the table and the pull request comment say the same: an exact rise, nothing unpriced
    code, out, err = run(capsys, "diff", *plans)
    assert (code, err) == (0, "")
    assert out.startswith("Diff: head.json: +$49.75 a month (+4.2%) at list price")
    assert "Unpriced changes" not in out
    code, out, err = run(capsys, "diff", *plans, "-f", "markdown")
    assert (code, err) == (0, "") and "+$49.75 a month" in out and "Unpriced changes" not in out


def test_the_budget_gate_reads_the_same_cancellation(capsys, plans):
    # +$49.75 exact: within $50, over $49 by $0.75 (a breach, not "not verified")
    assert run(capsys, "diff", *plans, "--fail-above", "50")[0] == 0
    code, _, err = run(capsys, "diff", *plans, "--fail-above", "49")
    assert code == 1
    assert err == (
        "indexplan: budget exceeded: --fail-above 49: the monthly bill (list price) rises by "
        "+$49.75 (+4.16%), $0.75 over the $49.00 allowed\n"
    )


def test_tails_that_differ_stay_unpriced_and_the_report_says_which(capsys, tmp_path):
    more = variant(
        tmp_path, "crates-io", ("fastly: 0.5", "fastly: 0.75"), ("aws: 0.5", "aws: 0.25")
    )
    args = ("crates-io", more, "-s", "pypi-2026", *AT)
    data = diff_json(capsys, *args)
    assert data["totals"]["bound"] == "unknown"
    service = by_name(data)["cdn-fastly-service"]
    (bandwidth,) = [c for c in service["components"] if c["component"] == "bandwidth"]
    assert bandwidth["change"] == "changed"
    assert bandwidth["before"]["unpriced"] == [f"1.52178e+08 {TAIL}"]
    assert bandwidth["after"]["unpriced"] == [f"2.28271e+08 {TAIL}"]
    # the certificate is unpriced on both sides, alike (same inputs and usage): it cancels
    assert by_name(data)["cdn-fastly-certificate"]["change"] == "same"
    code, out, err = run(capsys, "diff", *args)
    assert (code, err) == (0, "")
    unpriced = " ".join(out.split("Unpriced changes (not in the totals)")[1].split())
    assert "cdn-fastly-service" in unpriced
    # (the table wraps the reason beside the resource's name: its quantities, then)
    assert "1.52178e+08 GB in" in unpriced and "2.28271e+08 GB in" in unpriced
    assert "managed certificate" not in unpriced and "cdn-fastly-certificate" not in unpriced
    markdown = run(capsys, "diff", *args, "-f", "markdown")[1]
    (line,) = [x for x in markdown.splitlines() if x.startswith("- changed cdn-fastly-service")]
    assert f"1.52178e+08 {TAIL}; 2.28271e+08 {TAIL}" in line.replace("\\_", "_")


def test_shipped_stacks_with_the_same_tail_differ_by_what_else_is_unpriced(capsys):
    # pypi-2016 and pypi-2024 send the same 304,365,000 GB past 10 TB through a Fastly service
    # with other backends: that part cancels, the service stays unknown for its log streaming
    # alone (pypi-2024 streams its logs, Fastly publishes no price for it)
    data = diff_json(capsys, "pypi-2016", "pypi-2024", "-s", "pypi-2026", *AT)
    service = by_name(data)["cdn-service"]
    changes = {c["component"]: c["change"] for c in service["components"]}
    assert changes["bandwidth"] == "same" and changes["log streaming"] == "added"
    code, out, err = run(capsys, "diff", "pypi-2016", "pypi-2024", "-s", "pypi-2026", *AT)
    assert (code, err) == (0, "")
    unpriced = " ".join(out.split("Unpriced changes (not in the totals)")[1].split())
    service_reason = unpriced.split("cdn-service")[1].split("changed")[0]
    assert "log_streaming" in service_reason and "10,000 GB; contact sales" not in service_reason


def test_compare_ranks_the_two_on_the_same_difference(capsys, plans):
    # the same rule in compare's ranking: BASE ≥ $1,197.00 and HEAD ≥ $1,246.75 share the one
    # part, so BASE is cheapest at every level, by diff's $49.75
    base, head, *rest = plans
    code, out, err = run(capsys, "compare", base, head, *rest, "-f", "json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    levels = ("list", "contracted", "out_of_pocket")
    assert data["cheapest"] == {level: ["base.json"] for level in levels}
    totals = [s["totals"]["list_monthly_usd"] for s in data["setups"]]
    assert round(totals[1] - totals[0], 2) == 49.75
