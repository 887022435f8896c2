"""Running the CLI in-process for the compare, project, sweep and chart tests."""

from __future__ import annotations

from indexplan.cli import main


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def assert_refused(capsys, args: tuple[str, ...], message: str) -> None:
    """Bad input: exit status 2, nothing on stdout, exactly one line on stderr naming it."""
    code, out, err = run(capsys, *args)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and message in err, err
