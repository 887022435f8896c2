"""benchmarks/run.py prints a failed command's whole output under its row, so a failure on a
fresh clone (whose temporary directory is gone when the bench ends) can be diagnosed from the
bench's own output; before, only the last line was kept (session 8: a pytest failure showed as
mypy's "Success", the last line test.sh prints)."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]


def bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_run", ROOT / "benchmarks" / "run.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


# A command that fails like scripts/test.sh did: the failure in the middle of stdout, a report
# on stderr, then a line of success last (mypy's, printed after pytest's).
FAILING = (
    "echo 'tests/cli/test_x.py F'; echo 'E   assert 1 == 2' >&2; "
    "echo '1 failed, 3 passed'; echo 'Success: no issues found'; exit 1"
)


def test_a_failed_commands_whole_output_is_kept_and_printed(tmp_path: Path) -> None:
    run = bench()
    result = run.run_once(["bash", "-c", FAILING], dict(os.environ), cwd=tmp_path)
    assert not result.ok
    assert result.error == "exit 1: Success: no issues found"  # the last line, as before
    for line in ("tests/cli/test_x.py F", "E   assert 1 == 2", "1 failed, 3 passed"):
        assert line in result.output.splitlines()
    figure = run.Figure("README test command, fresh clone", "bash -c ...", result.seconds,
                        result.peak_bytes, result.cpu_seconds, target_seconds=150,
                        error=result.error, output=result.output)  # fmt: skip
    printed = run.row(figure).splitlines()
    assert printed[0].endswith("MISS (failed)")
    assert printed[1] == "    exit 1: Success: no issues found"
    # every line of the output, in order, indented under the row
    assert printed[3:] == ["    | " + line for line in result.output.splitlines()]
    assert "    | E   assert 1 == 2" in printed


def test_the_first_failed_run_of_a_figure_is_the_one_printed(tmp_path: Path) -> None:
    run = bench()
    ok = run.run_once(["bash", "-c", "echo fine"], dict(os.environ), cwd=tmp_path)
    assert ok.ok and ok.output == "" and ok.error == ""  # a passing run keeps nothing
    bad = run.run_once(["bash", "-c", "echo first; echo why >&2; exit 3"], dict(os.environ),
                       cwd=tmp_path)  # fmt: skip
    figure = run.report("a figure", "cmd", [(ok, ok), (ok, bad)])
    assert figure.error == "exit 3: why"
    assert figure.output.splitlines() == ["first", "why"]
    assert run.row(figure).endswith("output of the failed command:\n    | first\n    | why")


def test_control_characters_in_the_output_are_shown_not_sent(tmp_path: Path) -> None:
    run = bench()
    # a failing hostile test's output can hold a file name with an escape sequence in it
    bad = run.run_once(["bash", "-c", r"printf 'red \033[31mname\ttab\n\033]0;title\a'; exit 1"],
                       dict(os.environ), cwd=tmp_path)  # fmt: skip
    printed = run.row(run.report("a figure", "cmd", [(bad, bad)]))
    assert "\x1b" not in printed and "\x07" not in printed
    assert "    | red \\x1b[31mname\ttab" in printed.splitlines()
    assert printed.splitlines()[1] == "    exit 1: \\x1b]0;title\\x07"


def test_the_peer_figure_passes_only_while_terraform_stays_slower() -> None:
    # the peer's ratio is Terraform's time over ours: 5.7x keeps the lead, 0.9x has lost it;
    # every other ratio target is an upper bound, this one a lower bound
    run = bench()
    kept = run.Figure("peer", "terraform plan", 6.4, 573 * 10**6, floor=1.13, ratio=5.7,
                      target_min_ratio=1)  # fmt: skip
    lost = run.Figure("peer", "terraform plan", 1.0, 573 * 10**6, floor=1.13, ratio=0.9,
                      target_min_ratio=1)  # fmt: skip
    assert (kept.verdict, lost.verdict) == ("PASS", "MISS")
    assert kept.target == ">= 1x"
    # an upper bound beside it still applies: 1.3x of `--help` misses 1.2x
    warm = run.Figure("sweep, warm", "indexplan sweep", 0.17, 49 * 10**6, floor=0.09, ratio=1.3,
                      target_ratio=1.2, target_bytes=run.GB)  # fmt: skip
    assert (warm.verdict, warm.target) == ("MISS", "<= 1.2x, <= 1 GB")
