"""The README's "What it answers" block, run line by line as a user would type it in a fresh
clone: every command exits 0, every file it reads ships in examples/, and every file it writes
is written. (BigQuery needs its client and credentials: without the client the line is the
one-line refusal naming the extra to install.)"""

from __future__ import annotations

import importlib.util
import json
import re
import shlex
from pathlib import Path

import pytest
from cli_run import run

from indexplan.paths import ROOT

README = (ROOT / "README.md").read_text()
ANSWERS = README.split("## What it answers")[1].split("### Inputs")[0]
BLOCK = ANSWERS.split("```sh\n")[1].split("```")[0]
COMMANDS = [line.split("  #")[0].strip() for line in BLOCK.splitlines() if line.strip()]
# What a command writes, by its option: checked after the run.
WRITES = ("--chart", "-o", "--output")


def test_the_block_is_what_the_tests_run():
    assert len(COMMANDS) >= 20 and all(c.startswith("indexplan ") for c in COMMANDS)
    assert "source .venv/bin/activate" in ANSWERS
    assert "pulumi config set --path" in README


def test_the_bigquery_line_says_what_it_needs():
    # a fresh install prints the SQL and names the extra for the estimate (test_each_command_runs);
    # the line says so, and that the estimate asks BigQuery, with the user's Google credentials
    (line,) = [line for line in BLOCK.splitlines() if "--bigquery" in line]
    comment = line.split("  #")[1]
    assert "pip install 'indexplan[bigquery]'" in comment
    assert "gcloud auth application-default login" in comment


def test_every_file_named_ships_in_examples():
    named = set(re.findall(r"examples/[\w./*-]+", BLOCK))
    assert {"examples/plan.json", "examples/contract.yaml", "examples/cur.parquet"} <= named
    for name in named:
        assert list(ROOT.glob(name)), name  # a file, or a pattern that matches some


@pytest.fixture
def fresh_clone_cwd(tmp_path, monkeypatch) -> Path:  # type: ignore[no-untyped-def]
    """The commands run where a user would, beside examples/; what they write lands here."""
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("command", COMMANDS)
def test_each_command_runs(capsys, fresh_clone_cwd, command):
    args = shlex.split(command)[1:]
    code, out, err = run(capsys, *args)
    if "--bigquery" in args and importlib.util.find_spec("google.cloud.bigquery") is None:
        need = "--bigquery: needs google-cloud-bigquery: pip install 'indexplan[bigquery]'"
        if "--dry-run" not in args:
            assert (code, out, err) == (2, "", need + "\n")
            return
        # the dry run prints the translated SQL, which needs neither the client nor
        # credentials, then says in one line why BigQuery gave no estimate: nothing queried
        assert code == 0
        assert "FROM `bigquery-public-data`.pypi.file_downloads" in out
        assert err == (
            f"note: no estimate of the bytes BigQuery would scan ({need}); nothing was queried\n"
        )
        return
    if "--bigquery" in args:
        pytest.skip("BigQuery's client is installed, but the run needs Google credentials")
    assert code == 0, err
    # a report, also beside a file written; a command whose report is the file says so
    assert out.strip() or err.startswith("wrote "), err
    for option in WRITES:
        if option in args:
            written = fresh_clone_cwd / args[args.index(option) + 1]
            assert written.is_file() and written.stat().st_size > 0, written


def test_the_examples_are_priced_whole(capsys, fresh_clone_cwd):
    # the preview's buckets get their usage from usage.yaml: neither is left unpriced
    preview, usage = "examples/preview.json", "examples/usage.yaml"
    code, out, err = run(capsys, "estimate", "--from-preview", preview, "-s", "pypi-2021",
                         "--usage", usage, "-f", "json")  # fmt: skip
    assert (code, err) == (0, "")
    assert not [u for u in json.loads(out)["unpriced"] if u["resource"] in ("assets", "logs")]
    # the price book takes 10% off every AWS line: contracted is list less a tenth (to a cent
    # per line item, as each line is rounded)
    code, out, err = run(capsys, "estimate", "all-aws", "-s", "pypi-2026",
                         "--price-book", "examples/contract.yaml", "-f", "json")  # fmt: skip
    assert (code, err) == (0, "")
    totals = json.loads(out)["totals"]
    lines = len(json.loads(out)["line_items"])
    expected = totals["list_monthly_usd"] * 0.9
    assert abs(totals["contracted_monthly_usd"] - expected) <= 0.01 * lines
    code, out, err = run(capsys, "prices", "import", "aws", "examples/AmazonCloudFront.json",
                         "--dry-run", "-f", "json")  # fmt: skip
    assert (code, err) == (0, "") and json.loads(out)["dry_run"] is True


def test_the_examples_are_the_fixtures_they_copy():
    """examples/README.md: `plan.json` and `cur.parquet` are copies of test fixtures. A stale
    cur.parquet billed 800,000 SNS publishes at $0.36 (0.8 M x $0.50 per million less the 10%
    EDP) that the regenerated fixture, like AWS, bills at $0.00: inside SNS's first million free
    (aws.amazon.com/sns/pricing) (s6 review, finding 8)."""
    for copy, fixture in (("cur.parquet", "bills/aws-cur2-2024-03.parquet"),
                          ("plan.json", "terraform/all-aws.plan.json")):  # fmt: skip
        original = ROOT / "tests" / "fixtures" / fixture
        assert (ROOT / "examples" / copy).read_bytes() == original.read_bytes(), copy


def test_the_calibrated_estimate_reproduces_the_example_bill_to_the_cent(capsys, fresh_clone_cwd):
    """The README's round trip: actuals writes the bill's traffic and rates, and the estimate
    from them is the bill's priced rows to the cent where the model's quantities are the bill's.
    By hand, from the review's figures of the stale copy: its priced rows $18,796.65 less SNS's
    $0.36 = $18,796.29; billed for usage $18,798.36 - 0.36 = $18,798.00, of which CloudTrail's
    $1.71 has no rule. The rates are per billed unit (s7 review, finding 2), so what the model
    cannot match stays a quantity difference: March's 744 hours against the model's 730 (RDS
    14 x 0.405 = 5.67, ElastiCache 2 x (137.94 - 135.34) = 5.20) and the bill's third KMS key
    (0.90): 18,796.29 - 11.77; and the two prices March did not bill are priced at list, not 0
    (finding 5): the queue key's requests 0.02 and the secret 0.40: 18,784.52 + 0.42. SNS's
    800,000 publishes, billed $0.00 inside its first million free, have no effective rate: left
    out of the book as well (s12 review, finding 1), priced at list with the allowance: $0.00."""
    code, out, err = run(capsys, "actuals", "examples/cur.parquet", "--stack", "all-aws",
                         "--month", "2024-03", "-s", "examples/march-2024.yaml", "--price-book",
                         "examples/contract.yaml", "--write-scenario", "m.yaml",
                         "--write-price-book", "mr.yaml", "-f", "json")  # fmt: skip
    assert code == 0 and "left out 3 price(s) with no effective rate" in err, err
    assert "aws sns publishes us-east-1: no billed usage outside the free allowance" in err
    actual = json.loads(out)
    assert actual["totals"]["billed_usage_usd"] == 18798.00
    assert actual["totals"]["billed_in_components_usd"] == 18796.29
    assert actual["totals"]["billed_not_modelled_usd"] == 1.71
    sns = [c for c in actual["components"] if c["price"].startswith("aws sns")]
    assert [c["billed_usd"] for c in sns] == [0.0]
    code, out, err = run(capsys, "estimate", "all-aws", "-s", "m.yaml", "--price-book", "mr.yaml",
                         "-f", "json")  # fmt: skip
    assert (code, err) == (0, "")
    assert json.loads(out)["totals"]["contracted_monthly_usd"] == 18784.94
