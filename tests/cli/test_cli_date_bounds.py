"""A pricing date outside the model's calendar is refused with the calendar's first and last
days, not months (review s12, ranked finding 11: `--prices-as-of 1990-01-01` "must be between
2000-01 and 2200-12")."""

from __future__ import annotations

import pytest
from cli_run import run

# costmodel/model/limits.py: years 2000 to 2200, so days 2000-01-01 to 2200-12-31
BOUNDS = "must be between 2000-01-01 and 2200-12-31"


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (
            ("estimate", "pypi-2021", "-s", "pypi-2021", "--prices-as-of", "1990-01-01"),
            f"--prices-as-of: 1990-01-01: {BOUNDS}",
        ),
        (
            ("compare", "-s", "pypi-2021", "--prices-as-of", "2201-01-01"),
            f"--prices-as-of: 2201-01-01: {BOUNDS}",
        ),
        (("prices", "show", "s3", "--as-of", "1999-12-31"), f"--as-of: 1999-12-31: {BOUNDS}"),
        (("prices", "check", "--today", "2201-01-01"), f"--today: 2201-01-01: {BOUNDS}"),
    ],
)
def test_a_date_outside_the_calendar_names_its_days(capsys, args, line):
    assert run(capsys, *args) == (2, "", f"{line}\n")


@pytest.mark.parametrize("day", ["2000-01-01", "2200-12-31"])
def test_the_bounds_themselves_are_in_the_calendar(capsys, day):
    code, out, err = run(capsys, "prices", "show", "s3", "--as-of", day)
    assert (code, err) == (0, ""), err
    assert f"Prices of s3 in force on {day}" in out
