"""Review s5, smaller points: `sweep --vary` given twice, and a price book none of whose
entries is in force on the pricing date."""

from __future__ import annotations

import pytest
from cli_run import assert_refused, run


def test_vary_given_twice_is_refused_not_half_done(capsys):
    # before: exit 0, sweeping egress only (typer kept the last --vary)
    args = ("sweep", "static-index", "-s", "pypi-2026", "--vary", "requests=1e6..1e7",
            "--vary", "egress=1TB..2TB")  # fmt: skip
    assert_refused(
        capsys,
        args,
        "--vary: given 2 times: requests=1e6..1e7, egress=1TB..2TB: give it once (a sweep "
        "varies one figure)",
    )


BOOK = "source: a contract\nentries:\n  - {{provider: aws, discount_percent: 10, {when}}}\n"


@pytest.mark.parametrize(
    ("when", "said"),
    [
        # pypi-2026's as_of, the pricing date, is 2026-08-14
        ("effective: 2027-01-01", "no entry in force on 2026-08-14 (the first starts 2027-01-01)"),
        (
            "effective: 2025-01-01, until: 2025-12-31",
            "no entry in force on 2026-08-14 (the last ended 2025-12-31)",
        ),
    ],
)
def test_a_book_with_no_entry_in_force_says_so(capsys, tmp_path, monkeypatch, when, said):
    monkeypatch.setenv("COLUMNS", "200")
    book = tmp_path / "book.yaml"
    book.write_text(BOOK.format(when=when))
    code, out, err = run(capsys, "estimate", "static-index", "-s", "pypi-2026", "--price-book",
                         str(book))  # fmt: skip
    assert (code, err) == (0, "")
    assert "Price book in force" not in out
    assert f"Price book\n  book ({book}): a contract\n  {said}\n" in out


def test_a_book_in_force_still_lists_its_entries(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    book = tmp_path / "book.yaml"
    book.write_text(BOOK.format(when="effective: 2026-01-01"))
    out = run(capsys, "estimate", "static-index", "-s", "pypi-2026", "--price-book", str(book))[1]
    assert "Price book in force\n  book (" in out and "entries.0: " in out
    assert "no entry in force" not in out
