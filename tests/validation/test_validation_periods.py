"""A rate written without a period (`requests: 6e9`) is per month, and the estimate says so in
every format, naming the fields (audit F6): the same note whether the scenario was validated
(a cache miss) or read back from the cache (a hit)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from bad_input import PREVIEW

from costmodel.files.checked import Damaged
from costmodel.model import scenario as scenarios
from costmodel.model import scenario_file
from indexplan.cli import main
from indexplan.paths import ROOT

# Three rates without a period, one with; 300 TB and 6e9 are read per month.
BARE = {
    "name": "bare",
    "traffic": {"egress": "300 TB", "requests": 6e9},
    "storage": {"uploads": "1e5/month", "stored": "6 TB"},  # stored is an amount: no period
    "queue": {"messages": 30000000},
}
NOTE = (
    "scenario bare: traffic.egress, traffic.requests, queue.messages written without a "
    "period, so read as per month; if another was meant, write it ('6e9/day', '900 TB/day')"
)


def written(tmp_path: Path, doc: dict) -> Path:
    path = tmp_path / "bare.yaml"
    path.write_text(yaml.safe_dump(doc))
    return path


def test_the_rate_fields_are_the_schemas_rates():
    # a rate's schema example has a period ('3e9/month'), an amount's none ('6 TB', '2.6e7')
    rates = set()
    for section, model in scenario_file.json_schema()["$defs"].items():
        for field, spec in model.get("properties", {}).items():
            if any("/month" in str(example) for example in spec.get("examples", [])):
                rates.add(f"{section.lower()}.{field}")
    known = {"traffic", "storage", "queue", "dns", "app", "search", "email", "monitoring"}
    assert {path.partition(".")[0] for path in rates} <= known
    assert rates == set(scenarios.RATE_FIELDS)


def test_the_fields_without_a_period_are_named(tmp_path):
    loaded = scenarios.load_scenario(written(tmp_path, BARE))
    assert loaded.periods_unstated == ("traffic.egress", "traffic.requests", "queue.messages")
    assert loaded.requests == 6e9  # 6e9 a month, not 6e9 x 30.4375 (a day's)
    assert scenarios.period_note(loaded) == NOTE


def test_a_scenario_with_every_period_has_no_note():
    shipped = scenarios.load_scenario(ROOT / "scenarios" / "pypi-2026.yaml")
    assert shipped.periods_unstated == ()
    assert scenarios.period_note(shipped) is None


def estimate(path: Path, fmt: str) -> list[str]:
    return ["estimate", "--from-preview", str(PREVIEW), "-s", str(path), "--format", fmt]


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_the_report_formats_carry_the_note(tmp_path, capsys, monkeypatch, fmt):
    monkeypatch.setenv("COLUMNS", "1000")  # the note on one line of the table
    assert main(estimate(written(tmp_path, BARE), fmt)) == 0
    assert NOTE in capsys.readouterr().out


def test_json_carries_the_note(tmp_path, capsys):
    assert main(estimate(written(tmp_path, BARE), "json")) == 0
    assert NOTE in json.loads(capsys.readouterr().out)["assumptions"]["notes"]


@pytest.mark.parametrize("fmt", ["csv", "focus"])
def test_the_row_formats_say_it_on_stderr(tmp_path, capsys, fmt):
    # rows only, no notes section: one stderr line, the rows unchanged on stdout
    assert main(estimate(written(tmp_path, BARE), fmt)) == 0
    out, err = capsys.readouterr()
    assert f"note: {NOTE}\n" in err
    assert "written without a period" not in out


def test_no_stderr_note_when_every_rate_has_a_period(tmp_path, capsys):
    doc = {**BARE, "traffic": {"egress": "300 TB/month", "requests": "6e9/month"}, "queue": {}}
    assert main(estimate(written(tmp_path, doc), "csv")) == 0
    assert "written without a period" not in capsys.readouterr().err


def test_a_cache_hit_gives_the_note_a_miss_gave(tmp_path, capsys, monkeypatch):
    path = written(tmp_path, BARE)
    validated: list[str] = []
    parse = scenarios.parse_scenario
    monkeypatch.setattr(scenarios, "parse_scenario", lambda *a: validated.append(a[1]) or parse(*a))
    notes = []
    for _ in range(2):
        assert main(estimate(path, "json")) == 0
        notes.append(json.loads(capsys.readouterr().out)["assumptions"]["notes"])
    assert validated == [str(path)]  # the first run validated the file, the second did not
    assert NOTE in notes[0] and notes[0] == notes[1]


@pytest.mark.parametrize(
    "damage",
    [
        ["traffic.stored"],
        ["traffic.requests", "traffic.requests"],
        "traffic.requests",
        [1],
        [["traffic.requests"]],
    ],
    ids=["not a rate", "twice", "not a list", "not a name", "a list in the list"],
)
def test_a_damaged_list_of_fields_is_never_used(tmp_path, damage):
    entry = scenarios.to_entry(scenarios.load_scenario(written(tmp_path, BARE)))
    assert scenarios.from_entry(entry).periods_unstated  # the good entry passes
    entry["periods_unstated"] = damage
    with pytest.raises(Damaged):
        scenarios.from_entry(entry)
