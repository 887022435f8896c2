"""The file progress bar: files done and bytes read, on a terminal's stderr only."""

from __future__ import annotations

import io

from indexplan.progress import file_progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_nothing_when_piped(monkeypatch):
    piped = io.StringIO()
    monkeypatch.setattr("sys.stderr", piped)
    with file_progress("reading logs", 2, 2000, enabled=True) as advance:
        advance(2, 2000)
    assert piped.getvalue() == ""


def test_files_and_bytes_on_a_terminal(monkeypatch, capsys):
    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    with file_progress("reading logs", 3, 3_000_000, enabled=True) as advance:
        advance(2, 2_000_000)
    assert capsys.readouterr().out == ""
    shown = terminal.getvalue()
    assert "reading logs" in shown and "2/3 files" in shown and "2.0/3.0 MB" in shown
