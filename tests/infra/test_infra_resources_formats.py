"""`indexplan resources` in CSV and Markdown: one row per resource, the same graph as JSON."""

from __future__ import annotations

import csv
import io
import json

from indexplan.cli import main


def run(capsys, *args: str) -> str:
    assert main(["resources", *args]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    return out


def test_csv_is_the_json_graph_one_row_per_resource(capsys):
    graph = json.loads(run(capsys, "pypi-2021", "--format", "json"))
    rows = list(csv.DictReader(io.StringIO(run(capsys, "pypi-2021", "--format", "csv"))))
    # same resources in the same order; inputs are one JSON cell holding the same mapping
    assert [r["urn"] for r in rows] == [g["urn"] for g in graph]
    assert [json.loads(r["inputs"]) for r in rows] == [g["inputs"] for g in graph]
    # a top-level resource has no parent type: an empty cell, not "None"
    assert {r["parent_type"] for r in rows if r["type"].startswith("pulumi:providers:")} == {""}
    rds = next(r for r in rows if r["type"] == "aws:rds/instance:Instance")
    assert json.loads(rds["inputs"])["password"] == "[secret]"


def test_markdown_has_a_row_per_resource(capsys):
    graph = json.loads(run(capsys, "all-aws", "--format", "json"))
    text = run(capsys, "all-aws", "--format", "markdown")
    table_rows = [line for line in text.splitlines() if line.startswith("| ")]
    # the header row, then one row per resource
    assert table_rows[0] == "| name | type | component | key inputs |"
    assert len(table_rows) == 1 + len(graph)
    assert f"# all-aws: {len(graph)} resources" in text
