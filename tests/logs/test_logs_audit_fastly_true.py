"""Fastly logs in an operator's format that logs `fastly_info.is_cache_hit` (a JSON boolean):
`true` counts as a hit, as costmodel/readers/logs/fastly.py's docstring promises (s9-audit, #14)."""

from __future__ import annotations

from test_logs_bad import from_lines


def test_a_boolean_true_cache_state_is_a_hit(capsys, tmp_path):
    line = '{"timestamp":"2026-03-01T00:%s:00Z","bytes":1000,"pop":"IAD","cache":%s}'
    doc, _ = from_lines(capsys, tmp_path, [line % ("10", "true"), line % ("20", '"MISS"')])
    # 2 requests of 1,000 bytes in one hour, scaled x730.5 (hours in a 30.4375-day month):
    # 1,461 requests and 1,461,000 bytes; 1 hit of 2 requests
    assert doc["traffic"]["requests"] == "1461/month"
    assert doc["traffic"]["egress"] == "1461000 B/month"
    assert doc["traffic"]["cache_hit_ratio"] == 0.5
