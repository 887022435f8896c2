"""diff's percent over a base with unpriced parts, at a change of exactly $0 (s9-audit, #16):
"at least +0%" stays true over any larger base, so the bound is kept, never called unknown."""

from __future__ import annotations

import copy
import json
from pathlib import Path

from helpers import run

from tests.terraform.plans import PYPI_FILE_HOSTING


def test_an_unpriced_resource_added_to_an_incomplete_base_is_at_least_zero_percent(
    capsys, tmp_path
):
    # The hand-written plan has a B2 bucket and key the model does not price (BASE is a lower
    # bound). HEAD adds a second B2 bucket: unpriced too, with no priced part, so the priced
    # totals are equal ($0.00 difference) and the real one is $0 plus an unknown amount >= 0:
    # at least $0.00, at least 0.0% of a base that is itself at least what is shown.
    doc = json.loads(Path(PYPI_FILE_HOSTING).read_text())
    bucket = copy.deepcopy(doc["resource_changes"][0])
    assert bucket["type"] == "b2_bucket"
    bucket["address"], bucket["name"] = "module.file-hosting.b2_bucket.mirror", "mirror"
    doc["resource_changes"].append(bucket)
    head = tmp_path / "head.plan.json"
    head.write_text(json.dumps(doc))
    code, out, _ = run(
        capsys, "diff", PYPI_FILE_HOSTING, str(head), "-s", "pypi-2023", "-f", "markdown"
    )
    assert code == 0
    assert out.splitlines()[0].startswith(
        "### `head.plan.json`: ≥ $0.00 a month (≥ 0.0%) at list price"
    )
