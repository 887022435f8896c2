"""Hostile options to the planners: every horizon, grid and range they accept keeps money
exact and memory bounded, every other one is one line on stderr with exit status 2, no NumPy
warning ever reaches the user, and a chart that cannot be written leaves nothing behind."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
import tempfile
import textwrap
import warnings
from decimal import Decimal
from pathlib import Path

import pytest

from indexplan.cli import main

ROOT = Path(__file__).resolve().parents[2]
# The planners price the shipped stacks: their graphs are the program's (see conftest.py).
PRICES_SHIPPED_STACKS = True


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def refused(capsys, *args: str) -> str:
    """Exit status 2, nothing on stdout, one line on stderr; the line."""
    code, out, err = run(capsys, *args)
    assert (code, out) == (2, ""), (code, out, err)
    assert err.count("\n") == 1, err
    return err.strip()


def scenario(tmp_path: Path, egress: str, growth: float, as_of: str = "2026-01-01") -> str:
    path = tmp_path / "s.yaml"
    path.write_text(
        textwrap.dedent(f"""\
            as_of: {as_of}
            traffic: {{egress: {egress}, requests: 0}}
            growth: {{per_year: {growth}}}
            """)
    )
    return str(path)


# ---- project: --months and --start -------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--months", "0"), "--months: 0: must be at least 1"),
        (("--months", "-5"), "--months: -5: must be at least 1"),
        (("--months", "1201"), "--months: 1201: must be at most 1,200 (100 years)"),
        (("--months", "99999999999"), "--months: 99999999999: must be at most 1,200"),
        (("--start", "1999-12"), "--start: 1999-12: must be between 2000-01 and 2200-12"),
        (("--start", "0000-01"), "--start: 0000-01: must be between 2000-01 and 2200-12"),
        (("--start", "9999-12"), "--start: 9999-12: must be between 2000-01 and 2200-12"),
        (("--start", "2026-1"), "--start: '2026-1': expected a month, YYYY-MM"),
    ],
)
def test_project_horizon_is_bounded_with_one_line(capsys, args, message):
    assert message in refused(capsys, "project", "all-aws", *args)


def test_a_scenario_dated_outside_the_calendar_needs_start(capsys, tmp_path):
    path = scenario(tmp_path, "1 TB/month", 1.0, as_of="1990-06-30")
    line = refused(capsys, "project", "all-aws", "-s", path, "--months", "2")
    assert line == (
        f"{path}: as_of (or give --start): 1990-06: must be between 2000-01 and 2200-12"
    )
    # as the line says: the scenario is read, and a start month in the calendar projects it
    code, out, err = run(capsys, "project", "all-aws", "-s", path, "--months", "2",
                         "--start", "2026-01", "-f", "json")  # fmt: skip
    assert (code, err) == (0, "") and json.loads(out)["start"] == "2026-01"


def test_pypi_2026_over_1200_months_is_refused_with_the_longest_horizon(capsys):
    # Before: negative cumulative totals at 600 months, "internal error" at 1,200. At x1.7 a
    # year PyPI's 10 PB/day (3.04375e17 bytes a month) passes 1e21 after 12 x ln(3,285.4) /
    # ln(1.7) = 183.1 months: month 185, 2041-12, is the first the model cannot price.
    for months in ("600", "1200"):
        line = refused(capsys, "project", "all-aws", "-s", "pypi-2026", "--months", months)
        assert line == (
            f"--months: {months}: at x1.7 a year the scenario's egress passes the model's "
            "limit of 1e21 bytes a month in 2041-12 (month 185); project at most 184 months"
        )
    code, out, err = run(capsys, "project", "all-aws", "-s", "pypi-2026", "--months", "184",
                         "-f", "json")  # fmt: skip
    assert (code, err) == (0, "")
    [setup] = json.loads(out)["setups"]
    cents = [round(Decimal(str(m["list_monthly_usd"])) * 100) for m in setup["months"]]
    assert min(cents) > 0 and cents == sorted(cents)  # growing traffic, never a wrapped cost
    assert Decimal(str(setup["cumulative"]["list_usd"])) * 100 == sum(cents)


def test_a_cumulative_bill_past_what_json_carries_is_refused(capsys, tmp_path):
    # 500 EB a month, flat: all-aws's CloudFront bills about $10^10 a month, so the cumulative
    # bill passes $10 trillion, the largest amount a JSON number carries to the cent, within
    # 1,200 months; the line names the month and the longest horizon that stays exact.
    path = scenario(tmp_path, "500 EB/month", 1.0)
    line = refused(capsys, "project", "all-aws", "-s", path, "--months", "1200")
    assert line.startswith("--months: 1200: all-aws's cumulative list cost passes $10,000,")
    longest = int(line.rsplit("at most ", 1)[1].split()[0])
    code, out, _ = run(capsys, "project", "all-aws", "-s", path, "--months", str(longest),
                       "-f", "json")  # fmt: skip
    assert code == 0
    [setup] = json.loads(out)["setups"]
    total = sum(round(Decimal(str(m["list_monthly_usd"])) * 100) for m in setup["months"])
    assert Decimal(str(setup["cumulative"]["list_usd"])) * 100 == total < 10**15


def test_no_numpy_warning_at_the_limits(capsys, tmp_path):
    path = scenario(tmp_path, "1000 EB/month", 1.0)  # the model's limit, 1e21 bytes
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)  # NumPy's overflow and invalid casts
        warnings.simplefilter("error", UserWarning)  # matplotlib's
        for args in (
            ("project", "all-aws", "-s", path, "--months", "12", "--log", "--chart",
             str(tmp_path / "p.png")),
            ("sweep", "all-aws", "-s", path, "--vary", "egress=0..1000EB", "--chart",
             str(tmp_path / "s.svg")),
            ("sweep", "all-aws", "-s", path, "--vary", "traffic=0.001x..1x", "--log"),
            # 345 decades from a subnormal: TO / FROM overflows a float
            ("sweep", "all-aws", "--vary", "egress=5e-324B..1e21B", "--log"),
            ("sweep", "all-aws", "--vary", "cache_hit_ratio=5e-324..1", "--log"),
        ):  # fmt: skip
            code, _, err = run(capsys, *args)
            assert code == 0 and "Warning" not in err, err


# ---- sweep: --points and ranges ----------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--vary", "egress=1TB..2TB", "-n", "1"), "--points: 1: must be at least 2"),
        (
            ("--vary", "egress=1TB..2TB", "-n", "100000001"),
            "--points: 100000001: must be at most 100,000,000",
        ),
        (
            ("--vary", "egress=1e11PB..1e13PB"),
            "--vary: egress: must be within the model's limit of 1e21 bytes a month, got '1e11PB'",
        ),
        (("--vary", "requests=1..1e19"), "--vary: requests: must be within the model's limit"),
        (("--vary", "stored=1TB..2e21B"), "--vary: stored: must be within the model's limit"),
        (("--vary", "egress=nan..1TB"), "--vary: egress: must be a finite number"),
        (("--vary", "egress=-1TB..1TB"), "--vary: egress: must not be negative"),
        (("--vary", "traffic=-1x..2x"), "--vary: traffic: expected a factor >= 0"),
        (("--vary", "traffic=infx..2x"), "--vary: traffic: expected a factor >= 0"),
        (
            ("--vary", "traffic=1x..abcx"),
            "--vary: traffic: expected a factor such as 0.1x, got 'abcx'",
        ),
        # 6e9 requests a day times 1e9 is far past 1e18 a month; egress goes first
        (
            ("-s", "pypi-2026", "--vary", "traffic=0.1x..1e9x"),
            "--vary: traffic: 1e+09x would take the scenario's egress past the model's limit",
        ),
        (
            ("--vary", "egress=1TB..2TB", "-n", "400001", "--emit-points", "-f", "json"),
            "--emit-points: 400,001 points: at most 400,000 points of 1 setup(s) can be written",
        ),
    ],
)
def test_sweep_grid_and_range_are_bounded_with_one_line(capsys, args, message):
    assert message in refused(capsys, "sweep", "all-aws", *args)


def test_a_sweep_of_the_most_points_stays_under_a_gigabyte(tmp_path):
    # A fresh process, as a user runs it; its peak resident memory from the kernel.
    script = textwrap.dedent("""\
        import os, resource, sys
        from indexplan.cli import main
        code = main(["sweep", "all-aws", "all-gcp", "-s", "pypi-2026", "--log",
                     "--vary", "egress=1TB..20PB", "-n", "100000000", "-f", "json"])
        peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(code, peak_kb, file=sys.stderr)
        """)
    env = {**os.environ, "INDEXPLAN_CACHE_DIR": str(tmp_path / "cache")}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          env=env, cwd=ROOT, check=False)  # fmt: skip
    code, peak_kb = done.stderr.strip().splitlines()[-1].split()
    assert code == "0", done.stderr
    assert json.loads(done.stdout)["vary"]["points"] == 100_000_000
    assert int(peak_kb) < 1_000_000  # kB: under 1 GB


# ---- charts: written whole or not at all -------------------------------------------------


def leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir())


def test_a_chart_in_a_directory_that_refuses_it_is_one_line_and_no_file(capsys):
    # /sys is mounted read-only (and root cannot write to it either)
    line = refused(capsys, "compare", "all-aws", "--chart", "/sys/compare.png")
    assert line == "--chart: /sys/compare.png: cannot write it: Permission denied"
    assert not Path("/sys/compare.png").exists()


def test_a_chart_on_a_full_disk_leaves_nothing_behind(capsys, tmp_path, monkeypatch):
    target = tmp_path / "sweep.svg"
    real_fsync = os.fsync

    def full(fd: int) -> None:  # the disk fills as the bytes are flushed
        real_fsync(fd)
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    line = refused(capsys, "sweep", "all-aws", "--vary", "egress=1TB..2TB", "--chart", str(target))
    assert line == f"--chart: {target}: cannot write it: No space left on device"
    assert leftovers(tmp_path) == []  # no 0-byte chart, no temporary file


def test_a_chart_replacing_an_old_one_is_never_half_written(capsys, tmp_path, monkeypatch):
    target = tmp_path / "compare.png"
    target.write_bytes(b"the old chart")

    def fail(*args, **kwargs):
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    monkeypatch.setattr(os, "replace", fail)
    refused(capsys, "compare", "all-aws", "--chart", str(target))
    assert target.read_bytes() == b"the old chart" and leftovers(tmp_path) == ["compare.png"]
    monkeypatch.undo()
    code, _, err = run(capsys, "compare", "all-aws", "--chart", str(target))
    assert code == 0 and err == f"wrote {target}\n"
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and leftovers(tmp_path) == [
        "compare.png"
    ]
    # as open() would have made it: the user's umask applies, not the temporary file's 0600
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask


def test_a_chart_path_that_is_a_directory_is_refused(capsys):
    with tempfile.TemporaryDirectory(suffix=".png") as directory:
        line = refused(capsys, "compare", "all-aws", "--chart", directory)
        assert line == f"--chart: {directory}: a directory; give a file name"
        assert os.listdir(directory) == []
