"""`indexplan check -f csv` carries every finding the table shows: violations, rules not
verifiable offline and sizes the price catalog lacks, each row saying which it is (s12-review
17: a CSV of the header alone read as a clean pass)."""

import csv
import io

import graph_memo
import pytest

import indexplan.graph
from indexplan.cli import main
from indexplan.paths import resolve_stack

FORMULA_STARTS = ("=", "+", "-", "@")


@pytest.fixture(autouse=True)
def built_once(monkeypatch):
    monkeypatch.setattr(indexplan.graph, "build_graph", graph_memo.build_graph)


def check_csv(capsys, stack):
    status = main(["check", str(stack), "-f", "csv"])
    out, err = capsys.readouterr()
    assert (status, err) == (0, "")
    return list(csv.reader(io.StringIO(out)))


def test_a_rule_not_verifiable_and_the_unpriced_sizes_are_rows(capsys, tmp_path):
    # private-small moved to europe-west1: its WAF token rule is secret offline (as in every
    # region), and Cloud SQL has no dated europe-west1 price, so its vcpu, memory and SSD
    # storage, the three sized components of a Cloud SQL instance, are unpriced.
    text = resolve_stack("private-small").read_text().replace("us-central1", "europe-west1")
    stack = tmp_path / "Pulumi.private-eu.yaml"
    stack.write_text(text)
    rows = check_csv(capsys, stack)
    assert rows[0] == ["rule", "enforcement", "resource", "type", "message", "kind"]
    assert rows[1][:4] == [
        "private-files-token",
        "advisory",
        "cdn-zone",
        "cloudflare:index/zone:Zone",
    ]
    assert rows[1][4].startswith("private index: the WAF rules hold the token key")
    assert rows[1][5] == "not verifiable offline"
    sql = "gcp:sql/databaseInstance:DatabaseInstance"
    why = (
        "price for zonal in europe-west1: Google lists Cloud SQL prices per region; no dated"
        " source for this region was found (only us-central1's, third-party)"
    )
    assert rows[2:] == [
        ["", "", "database-postgres", sql, f"no gcp cloud_sql {dimension} {why}", "pricing warning"]
        for dimension in ("vcpu", "memory", "ssd_storage")
    ]
    for row in rows:
        assert not any(cell.startswith(FORMULA_STARTS) for cell in row)


def test_a_clean_pass_is_the_header_alone(capsys):
    assert check_csv(capsys, "pypi-2021") == [
        ["rule", "enforcement", "resource", "type", "message", "kind"]
    ]
