"""`indexplan actuals` over a span where a price is billed in one month and not in the other
(s9-audit, #15): the month that bills none of it adds no rate variance (0, never unknown) and
its whole estimate as quantity variance.

The months are the s7 review's October CUR and a September copy without the ElastiCache rows
(test_cli_actuals_months.py, test_cli_actuals_review.py's docstring). ElastiCache at the 12%
EDP: cache.t4g.small 0.034 $/h x 0.88 = 0.02992 $/h. October bills 1,488 node-hours for 44.52;
the estimate (2 nodes x 730 h = 1,460 h) is 1,460 x 0.02992 = 43.6832 -> 43.68 in each month.
"""

from __future__ import annotations

import json

import pytest
from cli_run import run
from test_cli_actuals_months import moved
from test_cli_actuals_review import args, cur_rows, write_cur
from test_cli_actuals_review import month as month  # the review month's files (a fixture)


def elasticache(data: dict) -> dict:
    return next(c for c in data["components"] if c["price"].startswith("aws elasticache"))


def test_a_price_billed_in_one_month_only_keeps_the_span_rate_variance(capsys, month, tmp_path):
    october = cur_rows()
    september = [r for r in moved(october, 2026, 9) if r[2] != "AmazonElastiCache"]
    month["cur"] = str(write_cur(tmp_path / "q.parquet", september + october))
    code, out, err = run(capsys, *args(month, "-f", "json"))
    assert (code, err) == (0, "")
    span = elasticache(json.loads(out))
    code, out, _ = run(capsys, *args(month, "--month", "2026-10", "-f", "json"))
    alone = elasticache(json.loads(out))
    # October: 28 node-hours more than estimated, x 0.02992 = 0.84 of quantity variance, and
    # 44.52 - 1,488 x 0.02992 (44.52096) = 0.00 of rate variance
    assert (alone["quantity_variance_usd"], alone["rate_variance_usd"]) == (0.84, 0.0)
    # September bills none of it: rate variance 0, quantity variance -43.68; the span adds them
    assert span["rate_variance_usd"] == alone["rate_variance_usd"]
    assert span["quantity_variance_usd"] == pytest.approx(0.84 - 43.68, abs=1e-9)
    assert span["estimated_usd"] == 2 * 43.68 and span["billed_usd"] == 44.52
