"""What a mapped bill line the estimate lacks is told: where the stack does price that
service's dimension, the reason names where, so the operator looks at the scenario's regions
(or the stack's classes), not at the bill."""

from __future__ import annotations

import json

from indexplan.cli import main
from indexplan.paths import ROOT

# all of its traffic in north_america (tests/fixtures/bills/private-index-2024-03.yaml)
SCENARIO = ROOT / "tests" / "fixtures" / "bills" / "private-index-2024-03.yaml"


def test_a_zone_the_scenario_sends_nothing_is_named(capsys, tmp_path):
    # Fastly's usage_by_month: 1,000 GB in usa (north_america_europe, which pypi-2021's Fastly
    # CDN prices for this scenario) and 100 GB in asia (asia_oceania, which it does not)
    usage = {"data": {"total": {"usa": {"bandwidth": 1000, "requests": 500},
                                "asia": {"bandwidth": 100, "requests": 50}}},
             "meta": {"from": "2024-03-01T00:00:00Z", "to": "2024-03-31T23:59:59Z"}}  # fmt: skip
    bill = tmp_path / "fastly.json"
    bill.write_text(json.dumps(usage), encoding="utf-8")
    code = main(["actuals", str(bill), "--stack", "pypi-2021", "-s", str(SCENARIO), "-f", "json"])
    out, err = capsys.readouterr()
    assert (code, err) == (0, ""), err
    outside = {u["billed"]: u["reason"] for u in json.loads(out)["billed_not_modelled"]}
    assert outside == {
        "cdn / bandwidth / asia": "the stack's model prices fastly cdn bandwidth only for "
        "north_america_europe, not asia_oceania",
        "cdn / requests / asia": "the stack's model prices fastly cdn requests only for "
        "north_america_europe, not asia_oceania",
    }
