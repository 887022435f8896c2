"""A command imports only the model modules it uses (issue 15, warm commands): without a price
book, estimate, compare and project price every line through costmodel/model/segments.py and
never import the book's file models (costmodel/model/pricebook.py: five pydantic models, about
2% of a warm estimate's instructions). Each case runs in a fresh interpreter, as the
`indexplan` script does; no timing is asserted."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from indexplan.paths import ROOT

RUN_CLI = """
import json, sys
from indexplan.cli import main
status = main(sys.argv[1:])
sys.stdout.flush()
print(json.dumps({"status": status, "modules": sorted(sys.modules)}), file=sys.stderr)
"""
STACKS = ["pypi-2016", "pypi-2021"]
COMMANDS = {
    "estimate": ["estimate", "pypi-2021", "-s", "pypi-2021", "--format", "json"],
    "compare": ["compare", *STACKS, "-s", "pypi-2026", "--format", "json"],
    "project": ["project", *STACKS, "-s", "pypi-2026", "--months", "12", "--format", "json"],
}
BOOK = "costmodel.model.pricebook"


def run(tmp_path, argv: list[str]) -> tuple[str, list[str]]:
    done = subprocess.run(
        [sys.executable, "-c", RUN_CLI, *argv],
        cwd=ROOT,
        env={"INDEXPLAN_CACHE_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    report = json.loads(done.stderr.strip().splitlines()[-1])
    assert report["status"] == 0, done.stderr
    return done.stdout, report["modules"]


@pytest.mark.parametrize("command", COMMANDS)
def test_a_command_without_a_price_book_never_imports_the_books_models(tmp_path, command):
    out, modules = run(tmp_path, COMMANDS[command])
    assert "costmodel.model.segments" in modules  # every line was priced through it
    assert BOOK not in modules
    assert json.loads(out)  # a whole report was printed


def test_a_price_book_still_prices_its_contracted_rates(tmp_path):
    # examples/contract.yaml: 10% off every AWS rate from 2024-01-01, so all-aws's contracted
    # bill is 0.9 x its list bill, give or take each line's rounding to the cent
    book = str(ROOT / "examples" / "contract.yaml")
    argv = ["estimate", "all-aws", "-s", "pypi-2021", "--prices-as-of", "2024-06-01",
            "--format", "json", "--price-book", book]  # fmt: skip
    out, modules = run(tmp_path, argv)
    assert BOOK in modules
    totals = json.loads(out)["totals"]
    listed, contracted = totals["list_monthly_usd"], totals["contracted_monthly_usd"]
    assert contracted == pytest.approx(0.9 * listed, abs=1)
    assert contracted < listed
