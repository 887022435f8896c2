"""`indexplan scenarios` and `indexplan schema scenario`."""

from __future__ import annotations

import csv
import io
import json

from indexplan.cli import main


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_scenarios_table_lists_headline_figures(capsys):
    code, out, err = run(capsys, "scenarios")
    assert (code, err) == (0, "")
    # pypi-2016: 293.1 TB/month, 3 billion requests, 90% cache hit, 6 TB stored
    row = next(line for line in out.splitlines() if line.strip().startswith("pypi-2016"))
    for text in ("2016-04-30", "293.1 TB", "3 billion", "90.0%", "6 TB"):
        assert text in row
    assert max(len(line) for line in out.splitlines()) <= 100


def test_scenarios_json_and_csv(capsys):
    data = json.loads(run(capsys, "scenarios", "--format", "json")[1])
    assert [s["name"] for s in data] == [
        "pypi-2016",
        "pypi-2021",
        "pypi-2023",
        "pypi-2025",
        "pypi-2026",
    ]
    # pypi-2023: 66 PB/month and 1.2e12 requests a year = 1e11 a month
    s2023 = data[2]
    assert (s2023["egress_bytes_per_month"], s2023["requests_per_month"]) == (66e15, 1e11)
    rows = list(csv.DictReader(io.StringIO(run(capsys, "scenarios", "-f", "csv")[1])))
    assert rows[0]["name"] == "pypi-2016" and float(rows[0]["egress_bytes_per_month"]) == 293.1e12


def test_schema_scenario_is_a_strict_json_schema(capsys):
    code, out, err = run(capsys, "schema", "scenario")
    assert (code, err) == (0, "")
    schema = json.loads(out)
    assert schema["required"] == ["traffic"]
    assert schema["additionalProperties"] is False
    traffic = schema["$defs"]["Traffic"]
    assert traffic["required"] == ["egress"]
    assert traffic["additionalProperties"] is False
    # a quantity is a number or a "<number> <unit>[/<period>]" string
    kinds = {option["type"] for option in traffic["properties"]["egress"]["anyOf"]}
    assert kinds == {"number", "string"}
    assert "Default: 0.9" in traffic["properties"]["cache_hit_ratio"]["description"]
