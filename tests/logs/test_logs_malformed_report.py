"""Malformed log lines are reported where a user looks: a `note:` on stderr, `malformed_lines`
in the report (JSON and table), not only inside the written scenario's `source:`."""

from __future__ import annotations

import json

from log_helpers import run

OK = '{"timestamp":"2026-03-01T00:00:00Z","bytes":10,"pop":"IAD","cache":"HIT"}'
SKIPPED = "note: 2 of 3 log lines malformed, skipped (--strict refuses them)\n"


def derive(capsys, tmp_path, lines: list[str], fmt: str) -> tuple[str, str]:
    path = tmp_path / "lines.json"
    path.write_text("\n".join(lines) + "\n")
    out = tmp_path / "derived.yaml"
    code, report, err = run(capsys, "scenario", "from-logs", str(path), "-o", str(out), "-f", fmt)
    assert code == 0, err
    return report, err


def test_skipped_lines_get_a_note_and_a_field(capsys, tmp_path):
    # 3 lines: one good, one with negative bytes, one with NaN (not JSON): 2 malformed
    lines = [OK, OK.replace('"bytes":10', '"bytes":-10'), OK.replace('"bytes":10', '"bytes":NaN')]
    report, err = derive(capsys, tmp_path, lines, "json")
    assert SKIPPED in err
    data = json.loads(report)
    assert data["malformed_lines"] == 2
    assert SKIPPED.removeprefix("note: ").strip() in data["notes"]
    table, _ = derive(capsys, tmp_path, lines, "table")
    assert "malformed lines: 2 (skipped)" in table


def test_clean_logs_report_zero_and_no_note(capsys, tmp_path):
    report, err = derive(capsys, tmp_path, [OK, OK], "json")
    assert "malformed" not in err
    assert json.loads(report)["malformed_lines"] == 0
