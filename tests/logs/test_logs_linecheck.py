"""Line checks made ahead of need (linecheck.Checks): the counts are clean_lines' own, for
files checked early, late or given up early; threads end with the context; and from-logs
starts them before it reads the files' heads. No timing is asserted."""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from costmodel.errors import InputError
from costmodel.readers.logs import engine, files, linecheck, read
from indexplan.paths import ROOT
from tests.logs.generate import Spec, write

OK = '{"timestamp":"2026-03-01T00:00:00Z","bytes":10,"pop":"IAD","cache":"HIT"}'


def _gzip(path: Path, text: str) -> Path:
    path.write_bytes(gzip.compress(text.encode()))
    return path


def _logs(paths: list[Path]) -> list[files.LogFile]:
    con = engine.database()
    return [files.open_log(path, con) for path in paths]


def test_counts_are_clean_lines_whenever_the_files_were_checked(tmp_path):
    paths = [
        _gzip(tmp_path / "two.gz", f"{OK}\n{OK}\n"),  # 2 lines
        _gzip(tmp_path / "blank.gz", f"{OK}\n\n{OK}"),  # 3: a blank line is a line
        _gzip(tmp_path / "cr.gz", f"{OK}\r{OK}\n"),  # None: a carriage return alone
        _gzip(tmp_path / "null.gz", f"null\n{OK}\n"),  # 2, though it does not start with {
        _gzip(tmp_path / "csv.gz", "a,b\n1,2\n"),  # 2: not JSON, but asked for
    ]
    plain = tmp_path / "plain.json"
    plain.write_text(f"  {OK}\n")  # 1
    logs = _logs([*paths, plain])
    expected = {log: linecheck.clean_lines(log) for log in logs}
    assert list(expected.values()) == [2, 3, None, 2, 2, 1]
    # all ahead of need; half of them; none (the engine's own checks)
    for ahead in ([*paths, plain], paths[::2], []):
        with linecheck.Checks(ahead) as checks:
            assert checks.counts(logs[:3]) == {log: expected[log] for log in logs[:3]}
            assert checks.counts(logs) == expected


def test_a_file_that_does_not_start_as_json_is_given_up_ahead_of_need_only(tmp_path):
    # checked ahead of need, "null" at its start makes it look like no JSON-lines log: the
    # check stops there, and is made whole when the engine asks for it
    path = _gzip(tmp_path / "null.gz", f"null\n{OK}\n" * 1000)
    with linecheck.Checks([path]) as checks:
        with checks._state:
            checks._state.wait_for(lambda: path in checks._done)
        assert checks._done[path] is linecheck.GIVEN_UP
        assert checks.counts(_logs([path])) == {_logs([path])[0]: 2000}


def test_leaving_stops_the_threads_and_keep_drops_the_rest(tmp_path):
    paths = [_gzip(tmp_path / f"{i}.gz", f"{OK}\n" * 50_000) for i in range(6)]
    threads = threading.active_count()
    with linecheck.Checks(paths) as checks:
        checks.keep(paths[:1])  # the others are never needed: not checked ahead
        assert not checks._todo or list(checks._todo) == [(paths[0], None)]
        counts = checks.counts(_logs(paths[:1]))
        assert list(counts.values()) == [50_000]
        assert list(checks.counts(_logs(paths[-1:])).values()) == [50_000]  # asked: counted
    assert threading.active_count() == threads
    with linecheck.Checks(paths) as checks:
        pass  # left at once: every thread stops at its next piece
    assert threading.active_count() == threads


def test_corrupt_data_and_bugs_are_raised_where_the_count_is_asked_for(tmp_path, monkeypatch):
    data = bytearray(gzip.compress((f"{OK}\n" * 20_000).encode()))
    data[len(data) // 2 : len(data) // 2 + 32] = bytes(32)  # zlib stops: a bad code or CRC
    corrupt = tmp_path / "corrupt.gz"
    corrupt.write_bytes(bytes(data))
    good = _gzip(tmp_path / "good.gz", f"{OK}\n")
    bad_log = files.LogFile(corrupt, len(data), "gzip", ())
    with linecheck.Checks([corrupt, good]) as checks:
        with pytest.raises(InputError, match=r"corrupt\.gz: not valid gzip data"):
            checks.counts([bad_log, *_logs([good])])
        assert list(checks.counts(_logs([good])).values()) == [1]

    def broken(*args: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(linecheck, "_count", broken)
    with linecheck.Checks() as checks, pytest.raises(RuntimeError, match="a bug"):
        checks.counts(_logs([good]))


def test_a_pipe_is_refused_as_before_not_waited_on(tmp_path):
    # Checked ahead of need, a named pipe would block its thread until a writer came, and
    # leaving the run would wait for that thread: the checks open regular files only.
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    argv = [sys.executable, "-m", "indexplan", "scenario", "from-logs", str(fifo)]
    done = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert (done.returncode, done.stderr) == (2, f"{fifo}: empty file\n")


def test_from_logs_starts_the_checks_before_it_reads_the_heads(tmp_path, monkeypatch):
    paths = write("fastly", Spec(months=("2026-03",), days=2), tmp_path / "fastly")
    started: list[list[Path]] = []
    seen: list[str] = []
    checks_class = linecheck.Checks
    open_log = files.open_log

    class Recorded(checks_class):
        def __init__(self, paths: list[Path] | tuple[()] = ()) -> None:
            started.append(list(paths))
            super().__init__(paths)

    def recorded_open(path: Path, con: object) -> files.LogFile:
        seen.append("head" if started else "head before the checks")
        return open_log(path, con)  # type: ignore[arg-type]

    monkeypatch.setattr(linecheck, "Checks", Recorded)
    monkeypatch.setattr(files, "open_log", recorded_open)
    run = read.from_logs([str(tmp_path / "fastly" / "*.gz")], read.Options())
    assert started == [sorted(paths)]
    assert set(seen) == {"head"}
    assert sum(c.lines for c in run.counts) > 0
