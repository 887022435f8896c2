"""Budgets on the command line: `--budget AMOUNT` and `--fail-above AMOUNT|PERCENT` read, a
stack's own `indexplan:budget` checked when the scenario priced is its scenario, and a breach,
or a limit the prices cannot verify, reported as one line on stderr with exit status 1 (2
stays bad input)."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from costmodel.model.budget import Budget, Change, Checked, Level
    from costmodel.model.estimate import Estimate

BUDGET_HELP = (
    "Exit 1 when the monthly bill (list price, or contracted with a price book) is over "
    "AMOUNT in USD, e.g. 50000 or $50,000. A stack's own indexplan:budget is checked too "
    "whenever the scenario is the budget's. With unpriced parts the bill is only a lower "
    "bound: exit 1 as well (not verified) unless it is already over, or --allow-unpriced."
)
FAIL_ABOVE_HELP = (
    "Exit 1 when the change raises the monthly bill (list price, or contracted with a price "
    "book) by more than AMOUNT in USD (500, $1,200.50) or PERCENT of the base (5%). When "
    "it cannot tell (a part with no price that BASE and HEAD do not share alike, or for a "
    "percent any in BASE), exit 1 as well (not verified), unless --allow-unpriced. "
    "--fail-above-on out-of-pocket measures what is left after sponsors instead."
)
FAIL_ABOVE_ON_HELP = (
    "What --fail-above measures: bill (list price, or contracted with a price book) or "
    "out-of-pocket (after sponsors; a sponsor's in-kind share dilutes a rise on the bill)."
)
ALLOW_UNPRICED_HELP = (
    "Check budgets on the priced part only when some parts have no price, and say so in the "
    "report (default: a budget the prices cannot verify fails, exit 1)."
)
FAIL_ABOVE_ON: dict[str, Level] = {"bill": "bill", "out-of-pocket": "out_of_pocket"}
_NUMBER = re.compile(r"\$?\s*((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+)\s*(%?)")


@dataclass(frozen=True)
class FailAbove:
    """The most a change may add to the bill: dollars or percent of the base."""

    given: str
    amount_usd: float | None = None
    percent: float | None = None
    level: Level = "bill"


def _number(value: str, option: str, percent_ok: bool) -> tuple[float, bool]:
    from costmodel.errors import InputError
    from costmodel.model.limits import MAX_PERCENT, MAX_USD

    match = _NUMBER.fullmatch(value.strip())
    expected = "an amount in USD (500, $1,200.50)" + (" or a percent (5%)" if percent_ok else "")
    if match is None or (match.group(2) and not percent_ok):
        raise InputError(option, repr(value), f"expected {expected}")
    number, is_percent = float(match.group(1).replace(",", "")), bool(match.group(2))
    bound = MAX_PERCENT if is_percent else MAX_USD
    if number > bound:
        raise InputError(option, repr(value), f"at most {bound:,.0f}{'%' if is_percent else ''}")
    return number, is_percent


def parse_budget_option(value: str) -> Budget:
    from costmodel.model.budget import Budget, Limits

    amount, _ = _number(value, "--budget", percent_ok=False)
    return Budget(Limits(monthly_usd=amount), "--budget")


def parse_fail_above(value: str, on: str = "bill") -> FailAbove:
    from costmodel.errors import InputError

    number, is_percent = _number(value, "--fail-above", percent_ok=True)
    level = FAIL_ABOVE_ON.get(on)
    if level is None:
        raise InputError("--fail-above-on", repr(on), "expected bill or out-of-pocket")
    given = value.strip() + ("" if level == "bill" else f" --fail-above-on {on}")
    if is_percent:
        return FailAbove(given, percent=number, level=level)
    return FailAbove(given, amount_usd=number, level=level)


def stack_budget(budget: Budget | None, scenario: Path) -> Budget | None:
    """The stack's budget if it holds for `scenario` (a budget is priced with its own)."""
    return budget if budget is not None and budget.applies_to(scenario) else None


def check_budgets(
    budgets: list[Budget | None],
    after: Estimate,
    change: Change | None = None,
    fail_above: FailAbove | None = None,
    allow_unpriced: bool = False,
) -> Checked:
    from costmodel.model.budget import Checked, breaches, increase_breach

    found = Checked([], [])
    for budget in budgets:
        if budget is not None:
            found += breaches(budget, after, change, allow_unpriced)
    if fail_above is not None and change is not None:
        found += increase_breach(
            change,
            f"--fail-above {fail_above.given}",
            allow_unpriced,
            amount_usd=fail_above.amount_usd,
            percent=fail_above.percent,
            level=fail_above.level,
        )
    return found


def exit_if_breached(checked: Checked) -> None:
    """One line on stderr naming each budget exceeded (by how much) or not verified (and
    why), then exit status 1."""
    import typer

    from costmodel.errors import error_line

    if checked.breaches:
        lines = "; ".join(b.line() for b in checked.breaches)
        print(error_line("indexplan: " + lines), file=sys.stderr)
        raise typer.Exit(1)
