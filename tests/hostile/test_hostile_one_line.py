"""Class 3, one line and exit 2, never "internal error": files that cannot be read (unreadable,
/proc, a FIFO, a device), names the OS refuses or that are not UTF-8, YAML values no plain
field takes, and an output that cannot be written (a full or closed stdout)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from hostile_cli import PREVIEW, ROOT, child, cli, stack_text, write

from costmodel.errors import MAX_PART


def estimate_with_scenario(path: object):  # type: ignore[no-untyped-def]
    return cli("estimate", "--from-preview", PREVIEW, "-s", path)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a file of mode 000")
def test_an_unreadable_file_is_named(tmp_path):
    path = write(tmp_path / "s.yaml", "traffic: {egress: 1 TB}\n")
    path.chmod(0)
    estimate_with_scenario(path).refused(str(path), "cannot read it (Permission denied)")


@pytest.mark.parametrize(
    ("path", "fragment"),
    [
        ("/proc/self/mem", "cannot read it (Input/output error)"),  # unreadable even for root
        ("/proc/self/status", "unknown key"),  # readable, and not a scenario
        ("/proc/self/environ", "scenario"),  # NUL bytes, or no such file
        ("/dev/zero", "not a file (a FIFO, socket or device"),
        ("/dev/null", "not a file (a FIFO, socket or device"),
        ("/", "not a file"),
    ],
)
def test_special_files_are_one_line_naming_them(path, fragment):
    estimate_with_scenario(path).refused(path, fragment)


def test_a_fifo_does_not_hang(tmp_path):
    fifo = tmp_path / "s.yaml"
    os.mkfifo(fifo)  # no writer: a blocking open would wait for ever
    child("estimate", "--from-preview", PREVIEW, "-s", fifo, timeout=60).refused(
        str(fifo), "not a file (a FIFO"
    )


def test_a_5000_character_file_name_is_one_short_line(tmp_path):
    name = "a" * 5_000 + ".yaml"
    line = estimate_with_scenario(tmp_path / name).refused("File name too long", "characters)")
    assert len(line) < 2 * MAX_PART + len(str(tmp_path)) + 200


def test_a_file_name_that_is_not_utf8_is_shown_escaped(tmp_path):
    # As the OS hands it to Python: the byte 0xe9 becomes the surrogate U+DCE9.
    name = os.fsdecode(b"caf\xe9.yaml")
    write(tmp_path / name, "traffic: {egress: 1 TB}\nnot_a_key: 1\n")
    line = estimate_with_scenario(tmp_path / name).refused("caf\\xe9.yaml", "not_a_key")
    line.encode("utf-8")  # printable in any terminal


def test_a_non_utf8_name_from_the_command_line(tmp_path):
    path = os.fsencode(tmp_path) + b"/caf\xe9.yaml"
    result = subprocess.run(
        [sys.executable, "-m", "indexplan", "estimate", "--from-preview", PREVIEW, "-s", path],
        capture_output=True,
        cwd=ROOT,
        check=False,
        timeout=120,
    )
    assert (result.returncode, result.stdout) == (2, b"")
    assert result.stderr.count(b"\n") == 1 and b"caf\\xe9.yaml" in result.stderr


def test_control_characters_in_a_file_name_are_escaped(tmp_path):
    name = "evil\x1b]0;pwned\x07\x1b[2J\n.yaml"
    line = estimate_with_scenario(tmp_path / name).refused("no such file")
    assert "\x1b" not in line and "\x07" not in line
    assert "evil\\x1b]0;pwned\\x07\\x1b[2J\\n.yaml" in line


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("!!binary aGVsbG8=", "a YAML !!binary value is not allowed here"),
        ("!!set {a, b}", "a YAML !!set value is not allowed here"),
        ("!!omap [a: 1]", "a YAML !!omap value is not allowed here"),
        ("!!python/object:os.system echo", "could not determine a constructor"),
        ("!Ref other", "could not determine a constructor"),
    ],
)
def test_yaml_values_no_plain_field_takes_are_one_line(tmp_path, value, fragment):
    scenario = write(tmp_path / "s.yaml", f"traffic:\n  egress: {value}\n")
    estimate_with_scenario(scenario).refused(str(scenario), fragment)
    stack = write(tmp_path / "Pulumi.x.yaml", stack_text(f"  app:value: {value}\n"))
    cli("resources", stack).refused(str(stack), fragment)


@pytest.mark.parametrize("value", ["2026-01-01", "2026-01-01T10:00:00Z", "2021-02-30"])
def test_yaml_dates_in_a_stack_are_kept_as_written(tmp_path, value):
    path = write(tmp_path / "Pulumi.x.yaml", stack_text(f"  app:launch: {value}\n"))
    assert cli("resources", path, "-f", "json").ok() == "[]\n"


def test_a_full_stdout_is_one_line_not_a_bug():
    with open("/dev/full", "wb") as full:
        run = child("scenarios", "-f", "json", stdout=full.fileno())
    assert run.code == 2
    assert run.err == "indexplan: cannot write the output (No space left on device)\n"


def test_a_closed_stdout_is_one_line():
    command = f"exec 1>&-; {sys.executable} -m indexplan scenarios"
    result = subprocess.run(
        ["sh", "-c", command], capture_output=False, stderr=subprocess.PIPE, cwd=ROOT, timeout=120
    )
    assert result.returncode == 2
    assert result.stderr == b"indexplan: cannot write the output (standard output is closed)\n"


def test_a_reader_that_goes_away_is_not_an_error():
    command = f"{sys.executable} -m indexplan scenarios -f json | head -c 10 > /dev/null"
    result = subprocess.run(
        ["bash", "-o", "pipefail", "-c", command], stderr=subprocess.PIPE, cwd=ROOT, timeout=120
    )
    assert (result.returncode, result.stderr) == (0, b"")


@pytest.mark.parametrize(
    "args",
    [
        ["estimate", "--from-preview", PREVIEW, "-s", "pypi-2021", "--prices-as-of", "\x1b[2J"],
        ["estimate", "--from-preview", PREVIEW, "-s", "pypi-2021", "-f", "\x1b]0;x\x07"],
        ["prices", "show", "\x1b[31mred\u202e"],
        ["resources", "\x1b[2J"],
    ],
)
def test_option_values_with_control_characters_are_escaped(args):
    line = cli(*args).refused()
    assert not any(c in line for c in "\x1b\x07\u202e"), line
