"""The progress bar: on a terminal only, on stderr, never with --format json."""

from __future__ import annotations

import io

from indexplan.progress import progress


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
