"""A shipped stack's preview and export, in Pulumi's formats, price as `indexplan estimate`."""

from __future__ import annotations

import json

import graph_memo
import pytest

import indexplan.graph
from indexplan.paths import stack_names
from tests.fixtures.pulumi import generate
from tests.fixtures.pulumi.generate import documents
from tests.prices.helpers import run_json

SCENARIO = "pypi-2023"


@pytest.fixture(autouse=True)
def _graphs_built_once(monkeypatch):
    # The preview and export are written from the graph `estimate` prices: each stack's graph
    # is built once per test process (tests/graph_memo.py), not once for each.
    monkeypatch.setattr(indexplan.graph, "build_graph", graph_memo.build_graph)
    monkeypatch.setattr(generate, "build_graph", graph_memo.build_graph)


@pytest.mark.parametrize("stack", stack_names())
def test_preview_and_export_price_as_the_stack(capsys, tmp_path, stack):
    preview, export = documents(stack)
    (tmp_path / "preview.json").write_text(json.dumps(preview))
    (tmp_path / "export.json").write_text(json.dumps(export))
    expected = run_json(capsys, "estimate", stack, "-s", SCENARIO)
    assert expected["line_items"]  # a real bill, not an empty one

    from_preview = run_json(
        capsys, "estimate", "--from-preview", str(tmp_path / "preview.json"), "-s", SCENARIO
    )
    # The preview carries the stack's config, so even the sponsorship is the same.
    assert from_preview == expected

    from_state = run_json(
        capsys, "estimate", "--from-state", str(tmp_path / "export.json"), "-s", SCENARIO
    )
    for key in ("stack", "line_items", "unpriced"):
        assert from_state[key] == expected[key]
    assert from_state["totals"]["list_monthly_usd"] == expected["totals"]["list_monthly_usd"]
    # An export has no config: no sponsors, so everything is out of pocket.
    assert from_state["totals"]["sponsored_monthly_usd"] == 0
    assert "no sponsors applied" in " ".join(from_state["assumptions"]["notes"])
