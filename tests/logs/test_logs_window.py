"""A window of logs as the CDN delivers them: each daily file also holds the previous day's
last seconds (the generator delivers a line logged in a day's last 30 seconds in the next
day's file). Those stragglers are counted into the window's first hour; they add no hour,
day or month to it, so a scaled month is not scaled down by them."""

from __future__ import annotations

import yaml
from log_helpers import run


def derive(capsys, tmp_path, *paths) -> tuple[dict, str, str]:
    out = tmp_path / "derived.yaml"
    code, _, err = run(capsys, "scenario", "from-logs", *map(str, paths), "-o", str(out))
    assert code == 0, err
    return yaml.safe_load(out.read_text()), out.read_text(), err


def test_nine_daily_files_with_february_straggler(capsys, tmp_path, logs):
    # Spec(): March's bytes per request are the first month's x 1.1^2 = 1.21, so a cycle of
    # 7 requests is 8,470,000 bytes and a day (24 cycles) 168 requests, 203,280,000 bytes.
    # The files of March 1st to 9th hold: February 28th's 23:59:59 line (template 6, BOM,
    # 500,000 x 1.1 = 550,000 bytes), March 1st to 9th but the 9th's 23:59:59 line (BOM,
    # 500,000 x 1.21 = 605,000 bytes, in the 10th's file). So 9 x 168 = 1,512 lines and
    # 9 x 203,280,000 - 605,000 + 550,000 = 1,829,465,000 bytes over 9 days = 216 hours
    # (not 217: the straggler's hour is not covered). Scale 730.5 / 216:
    # 1,512 x 730.5 / 216 = 5,113.5 requests; 1,829,465,000 x 730.5 / 216 = 6,187,148,993.06
    # bytes, written as 6187148993 (whole bytes). Before the fix: 217 hours, 0.46% low, and a
    # month "2026-02" of 0.04 days.
    paths = [logs["fastly"] / f"fastly-2026-03-0{day}.json.gz" for day in range(1, 10)]
    doc, text, err = derive(capsys, tmp_path, *paths)
    assert doc["traffic"]["egress"] == "6187148993 B/month"
    assert doc["traffic"]["requests"] == "5113.5/month"
    assert "2026-02" not in text
    assert "2026-03-01 00:00 to 2026-03-09 23:59 UTC: 9.00 days of logs" in err
    assert "1 line(s) from under half an hour before 2026-03-01 00:00 UTC" in err


def test_two_files_mid_month(capsys, tmp_path, logs):
    # CloudFront's files of March 5th and 6th: March 4th's 23:59:59 line (BOM, 605,000
    # bytes) in, March 6th's out (in the 7th's file), so exactly 2 days' worth:
    # 2 x 168 = 336 lines and 2 x 203,280,000 = 406,560,000 bytes over 48 hours (not 49).
    # Scale 730.5 / 48: 336 x 730.5 / 48 = 5,113.5 requests and 406,560,000 x 730.5 / 48 =
    # 6,187,335,000 bytes: March's rate exactly (6,301,680,000 x 30.4375 / 31).
    paths = [logs["cloudfront"] / f"cloudfront-2026-03-0{day}.gz" for day in (5, 6)]
    doc, _, err = derive(capsys, tmp_path, *paths)
    assert doc["traffic"]["egress"] == "6187335000 B/month"
    assert doc["traffic"]["requests"] == "5113.5/month"
    assert doc["as_of"].isoformat() == "2026-03-06"
    assert "2.00 days of logs" in err
    # By calendar day the straggler joins the 5th, which also keeps its own 23:59:59 line
    # (read from the 6th's file): 169 lines and 203,280,000 + 605,000 bytes; the 6th 167.
    # Peak day against the mean day (168, 203,280,000): requests 169 / 168 = 1.00595...,
    # egress 203,885,000 / 203,280,000 = 1.002976...; 4 decimals: 1.006 and 1.003 (it was
    # 1.0208 = 49 / 48 when the straggler's hour made the span 49 hours).
    assert doc["peaks"]["day"] == {"egress": 1.003, "requests": 1.006}
