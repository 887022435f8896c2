"""Output files (`-o`, `--write-scenario`, `--write-price-book`, `--chart`) never replace one of
the command's own inputs, nor anything but a regular file, and leave nothing behind when they
fail (review s5, finding 8). Device nodes are never touched: a FIFO in tmp_path stands for
every file that is not a regular one, as `costmodel/files/output.py` treats them alike."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from cli_run import assert_refused, run

from costmodel.errors import InputError
from costmodel.files.output import write_output
from indexplan.paths import ROOT

BILL = ROOT / "tests" / "fixtures" / "bills" / "aws-focus12-2024-03.csv"
SCENARIO = ROOT / "tests" / "fixtures" / "bills" / "private-index-2024-03.yaml"
LOG = ROOT / "examples" / "logs" / "cloudfront-2026-02-01.gz"


@pytest.fixture
def inputs(tmp_path, monkeypatch) -> dict[str, Path]:
    """Copies of a bill, its scenario and a log in tmp_path, the working directory, so a
    refusal that still wrote would show as changed bytes."""
    monkeypatch.chdir(tmp_path)
    copies = {}
    for name, source in (("bill", BILL), ("scenario", SCENARIO), ("log", LOG)):
        copies[name] = tmp_path / source.name
        shutil.copy(source, copies[name])
    return copies


def actuals(inputs: dict[str, Path], *args: str) -> tuple[str, ...]:
    return ("actuals", inputs["bill"].name, "--stack", "all-aws", "-s", inputs["scenario"].name,
            *args)  # fmt: skip


def unchanged(inputs: dict[str, Path]) -> None:
    for name, source in (("bill", BILL), ("scenario", SCENARIO), ("log", LOG)):
        assert inputs[name].read_bytes() == source.read_bytes(), name


def no_partial(directory: Path) -> None:
    assert not [p.name for p in directory.iterdir() if p.name.endswith(".partial")]


@pytest.mark.parametrize("option", ["--write-price-book", "--write-scenario"])
def test_actuals_never_writes_over_its_bill_or_scenario(capsys, inputs, tmp_path, option):
    for target in (inputs["bill"].name, inputs["scenario"].name, f"./{inputs['bill'].name}"):
        assert_refused(
            capsys, actuals(inputs, option, target), f"{option}: {Path(target)}: is an input"
        )
    # another name for the bill: the rename would replace the link, but the user meant the bill
    (tmp_path / "link.csv").symlink_to(inputs["bill"])
    assert_refused(capsys, actuals(inputs, option, "link.csv"), "is an input of this command")
    assert (tmp_path / "link.csv").is_symlink()
    unchanged(inputs)
    no_partial(tmp_path)


def test_actuals_refuses_a_fifo_and_a_directory_and_leaves_no_partial(capsys, inputs, tmp_path):
    os.mkfifo(tmp_path / "fifo")
    assert_refused(
        capsys, actuals(inputs, "--write-scenario", "fifo"),
        "--write-scenario: fifo: not a regular file (a FIFO, socket or device)",
    )  # fmt: skip
    assert stat.S_ISFIFO(os.stat(tmp_path / "fifo").st_mode)
    (tmp_path / "out").mkdir()
    # before: "cannot write .out.partial (Is a directory)", the .partial left beside it
    assert_refused(
        capsys, actuals(inputs, "--write-price-book", "out"),
        "--write-price-book: out: a directory; give a file name",
    )  # fmt: skip
    assert list((tmp_path / "out").iterdir()) == []
    no_partial(tmp_path)


def test_actuals_two_outputs_to_one_file_are_refused(capsys, inputs):
    assert_refused(
        capsys, actuals(inputs, "--write-scenario", "o.yaml", "--write-price-book", "./o.yaml"),
        "--write-price-book: o.yaml: the same file as --write-scenario",
    )  # fmt: skip
    assert not Path("o.yaml").exists()


def test_actuals_still_writes_and_replaces_a_regular_file(capsys, inputs, tmp_path):
    old = tmp_path / "march.yaml"
    old.write_text("an old scenario\n")
    code, _, err = run(capsys, *actuals(inputs, "--write-scenario", "march.yaml"))
    assert (code, err) == (0, "")
    assert old.read_text().startswith("# A scenario written by `indexplan actuals`")
    unchanged(inputs)
    no_partial(tmp_path)


def test_from_logs_never_writes_over_a_log_by_any_name(capsys, inputs, tmp_path):
    log = inputs["log"].name
    (tmp_path / "link.gz").symlink_to(log)
    os.mkfifo(tmp_path / "fifo")
    # before: a relative name was not matched against the resolved log paths, and the log went
    for target in (log, "link.gz"):
        assert_refused(
            capsys, ("scenario", "from-logs", log, "-o", target), "is an input of this command"
        )
    assert_refused(
        capsys, ("scenario", "from-logs", log, "-o", "fifo"), "--output: fifo: not a regular file"
    )
    unchanged(inputs)
    assert stat.S_ISFIFO(os.stat(tmp_path / "fifo").st_mode)
    no_partial(tmp_path)


def test_estimate_focus_never_writes_over_its_scenario(capsys, inputs, tmp_path):
    for target in (inputs["scenario"].name, "link.yaml"):
        if target == "link.yaml":
            (tmp_path / target).symlink_to(inputs["scenario"])
        assert_refused(
            capsys,
            ("estimate", "all-aws", "-s", inputs["scenario"].name, "-f", "focus", "-o", target),
            f"--output: {target}: is an input of this command",
        )
    unchanged(inputs)


@pytest.mark.parametrize("name", ["rows.csv", "rows.parquet"])
def test_estimate_focus_to_a_fifo_is_refused_without_blocking(tmp_path, name):
    # before: open() of a FIFO with no reader blocked for ever; a subprocess with a timeout, so
    # a regression fails this test instead of hanging the suite
    fifo = tmp_path / name
    os.mkfifo(fifo)
    done = subprocess.run(
        [sys.executable, "-m", "indexplan", "estimate", "static-index", "-s", "pypi-2026",
         "-f", "focus", "-o", str(fifo)],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == f"--output: {fifo}: not a regular file (a FIFO, socket or device); " \
        "give a file name\n"  # fmt: skip
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_a_chart_onto_a_fifo_is_refused_before_any_work(capsys, tmp_path):
    os.mkfifo(tmp_path / "c.svg")
    assert_refused(
        capsys, ("compare", "all-aws", "--chart", str(tmp_path / "c.svg")), "not a regular file"
    )


# ---- the writer itself ------------------------------------------------------------------


def test_a_failing_writer_leaves_the_old_file_and_no_partial(tmp_path):
    target = tmp_path / "out.parquet"
    target.write_bytes(b"old")

    def half(temp: Path) -> None:
        temp.write_bytes(b"half a file")
        raise RuntimeError("the writer failed")

    with pytest.raises(RuntimeError):
        write_output(target, "--output", half)
    assert target.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == [target.name]


def test_a_failing_rename_names_the_option_not_the_temporary_file(tmp_path, monkeypatch):
    target = tmp_path / "out.yaml"

    def fail(*args: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(InputError) as caught:
        write_output(target, "--write-scenario", "text\n", [BILL])
    assert str(caught.value) == f"--write-scenario: {target}: cannot write it: Permission denied"
    assert list(tmp_path.iterdir()) == []


def test_text_bytes_and_a_function_write_the_same_file(tmp_path):
    umask = os.umask(0)
    os.umask(umask)
    for content in ("é\n", "é\n".encode(), lambda temp: temp.write_text("é\n", encoding="utf-8")):
        target = tmp_path / "out.txt"
        write_output(target, "-o", content)
        assert target.read_bytes() == b"\xc3\xa9\n"
        # as open() would have made it: the umask applies, not mkstemp's 0600
        assert target.stat().st_mode & 0o777 == 0o666 & ~umask
        target.unlink()


def test_actuals_never_writes_over_the_stacks_own_price_book(capsys, inputs, tmp_path):
    # the stack names its book (`indexplan:price_book`, next to its file): that book is an
    # input too, though no option names it
    from indexplan.paths import STACKS_DIR

    book = tmp_path / "contract.yaml"
    shutil.copy(ROOT / "examples" / "contract.yaml", book)
    stack = tmp_path / "Pulumi.booked.yaml"
    own = (
        STACKS_DIR / "Pulumi.all-aws.yaml"
    ).read_text() + "  indexplan:price_book: contract.yaml\n"
    stack.write_text(own)
    args = ("actuals", inputs["bill"].name, "--stack", str(stack), "-s", inputs["scenario"].name)
    assert_refused(
        capsys, (*args, "--write-price-book", "contract.yaml"), "is an input of this command"
    )
    assert book.read_bytes() == (ROOT / "examples" / "contract.yaml").read_bytes()
    no_partial(tmp_path)
