"""The progress bar: on a terminal only, on stderr, never with --format json."""

from __future__ import annotations

import io

from indexplan.progress import file_progress, progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_no_bar_when_piped_or_disabled(monkeypatch):
    piped = io.StringIO()
    monkeypatch.setattr("sys.stderr", piped)
    with progress("work", 3, enabled=True) as tick:
        tick()
    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    with progress("work", 3, enabled=False) as tick:  # what --format json asks for
        tick()
    assert piped.getvalue() == terminal.getvalue() == ""


def test_bar_on_a_terminal_goes_to_stderr(monkeypatch, capsys):
    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    with progress("pricing setups", 2, enabled=True) as tick:
        tick()
        tick()
    assert capsys.readouterr().out == ""
    assert "pricing setups" in terminal.getvalue()


def test_file_progress_counts_files_and_bytes_on_a_terminal(monkeypatch, capsys):
    piped = io.StringIO()
    monkeypatch.setattr("sys.stderr", piped)
    with file_progress("reading logs", 2, 2000, enabled=True) as advance:
        advance(2, 2000)
    assert piped.getvalue() == ""
    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    with file_progress("reading logs", 3, 3_000_000, enabled=True) as advance:
        advance(2, 2_000_000)
    assert capsys.readouterr().out == ""
    shown = terminal.getvalue()
    assert "reading logs" in shown and "2/3 files" in shown and "2.0/3.0 MB" in shown
