"""Budgets: the most a stack may cost a month, and by how much one change may raise that.

A stack file may carry one, with the traffic scenario to price it with:

    indexplan:budget:
      scenario: pypi-2026              # a name from scenarios/ or a path beside the stack file
      monthly_usd: 700000              # the bill before sponsors (list, or contracted with a book)
      out_of_pocket_monthly_usd: 50000 # what is left after sponsors
      max_increase_percent: 5          # the most one change may add to the bill

`indexplan estimate`, `check`, `diff` and the Pulumi policy pack all check it here. A limit on
the increase needs a base to compare with, so only `diff` (and its `--fail-above`) checks one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import BaseModel, Field, model_validator

from costmodel.errors import InputError
from costmodel.files.jsonfile import parse_json, validate_as
from costmodel.model.limits import MAX_PERCENT, MAX_USD
from costmodel.model.money import usd
from costmodel.model.strict import STRICT

if TYPE_CHECKING:
    from costmodel.model.estimate import Estimate

KEY = "indexplan:budget"

Money = Annotated[float, Field(ge=0, le=MAX_USD, allow_inf_nan=False, strict=True)]
Percent = Annotated[float, Field(ge=0, le=MAX_PERCENT, allow_inf_nan=False, strict=True)]


class Limits(BaseModel):
    model_config = STRICT

    monthly_usd: Money | None = Field(
        default=None, description="The most the bill before sponsors may be (USD a month)"
    )
    out_of_pocket_monthly_usd: Money | None = Field(
        default=None, description="The most that may be left after sponsors (USD a month)"
    )
    max_increase_percent: Percent | None = Field(
        default=None, description="The most one change may raise the bill by, in percent"
    )


class StackBudget(Limits):
    scenario: str = Field(
        min_length=1,
        description="The traffic to price the budget with: a scenario name or a path "
        "relative to the stack file",
    )

    @model_validator(mode="after")
    def _some_limit(self) -> StackBudget:
        if all(getattr(self, name) is None for name in Limits.model_fields):
            raise ValueError(f"give at least one of {', '.join(Limits.model_fields)}")
        return self


@dataclass(frozen=True)
class Budget:
    limits: Limits
    where: str  # what set it, for messages: `<stack file>: indexplan:budget`, `--budget`
    scenario: Path | None = None  # a stack's budget holds for this scenario only

    def label(self, limit: str) -> str:
        """`<stack file>: indexplan:budget.monthly_usd`; an option names itself (`--budget`)."""
        return self.where if self.where.startswith("-") else f"{self.where}.{limit}"

    def applies_to(self, scenario: Path) -> bool:
        return self.scenario is None or self.scenario.resolve() == scenario.resolve()


@dataclass(frozen=True)
class Breach:
    limit: str  # `<where>.monthly_usd`, `--fail-above`
    text: str  # what was found and by how much it is over

    def line(self) -> str:
        return f"budget exceeded: {self.limit}: {self.text}"


def parse_budget(
    config: Mapping[str, Any], where: str, stack_dir: Path, scenarios_dir: Path
) -> Budget | None:
    """The stack's `indexplan:budget`, its scenario resolved; None when it has none."""
    raw = config.get(KEY)
    if raw is None:
        return None
    if isinstance(raw, str):  # Pulumi hands structured config to programs as JSON text
        raw = parse_json(raw, where, KEY, "the budget as a JSON object")
    if not isinstance(raw, Mapping):
        raise InputError(where, KEY, "must be a mapping (scenario and at least one limit)")
    try:
        budget = validate_as(StackBudget, dict(raw), where)
    except InputError as exc:
        raise InputError(where, f"{KEY}.{exc.field}", exc.expected) from None
    limits = Limits.model_validate(budget.model_dump(exclude={"scenario"}))
    scenario = _scenario_path(budget.scenario, where, stack_dir, scenarios_dir)
    return Budget(limits, f"{where}: {KEY}", scenario)


def _scenario_path(given: str, where: str, stack_dir: Path, scenarios_dir: Path) -> Path:
    shipped = scenarios_dir / f"{given}.yaml"
    if "/" not in given and shipped.is_file():
        return shipped
    beside = stack_dir / given
    if beside.suffix in (".yaml", ".yml") and beside.is_file():
        return beside
    known = ", ".join(sorted(p.stem for p in scenarios_dir.glob("*.yaml"))) or "(none)"
    raise InputError(
        where,
        f"{KEY}.scenario",
        f"no scenario {given!r}: a name from scenarios/ ({known}) or a YAML path relative "
        "to the stack file",
    )


def breaches(budget: Budget, after: Estimate, before: Estimate | None = None) -> list[Breach]:
    """Each limit of `budget` that the estimate `after` exceeds (the increase over `before`
    only when there is one)."""
    limits = budget.limits
    levels = (
        ("monthly_usd", after.contracted_cents, f"the monthly bill ({bill_level(after)})"),
        ("out_of_pocket_monthly_usd", after.out_of_pocket_cents, "out of pocket"),
    )
    found = []
    for name, cents, what in levels:
        limit = getattr(limits, name)
        if limit is None or cents <= (allowed := round(limit * 100)):
            continue
        over = cents - allowed
        share = f" ({share_of(over, allowed)})" if allowed else ""
        found.append(
            Breach(
                budget.label(name),
                f"{what} under scenario {after.scenario} is {dollars(cents)}, "
                f"{dollars(over)}{share} over the {dollars(allowed)} allowed",
            )
        )
    if before is not None and limits.max_increase_percent is not None:
        label = budget.label("max_increase_percent")
        breach = increase_breach(before, after, label, percent=limits.max_increase_percent)
        if breach:
            found.append(breach)
    return found


def increase_breach(
    before: Estimate,
    after: Estimate,
    limit: str,
    *,
    amount_usd: float | None = None,
    percent: float | None = None,
) -> Breach | None:
    """The bill's rise from `before` to `after` against a limit in dollars or in percent of
    `before` (from $0.00, any rise is over a percent)."""
    old, rise = before.contracted_cents, after.contracted_cents - before.contracted_cents
    allowed = round(amount_usd * 100) if amount_usd is not None else 0
    if amount_usd is not None and rise <= allowed:
        return None
    if percent is not None and (rise <= 0 or (old and rise * 100 <= percent * old)):
        return None
    what = f"the monthly bill ({bill_level(after)}) rises by +{dollars(rise)} " + (
        f"(+{share_of(rise, old)})" if old else "(from $0.00)"
    )
    if percent is None:
        return Breach(
            limit, f"{what}, {dollars(rise - allowed)} over the {dollars(allowed)} allowed"
        )
    if not old:
        return Breach(limit, f"{what}; any rise from $0.00 is over {percent:g}%")
    points = rise * 100 / old - percent
    return Breach(limit, f"{what}, {points:.3g} points over the {percent:g}% allowed")


def bill_level(est: Estimate) -> str:
    return "contracted" if est.price_book is not None else "list price"


def share_of(part: int, whole: int) -> str:
    """`part` as a percent of `whole`, to three significant digits: 4.1%, 0.00381%."""
    return f"{100 * part / whole:.3g}%"


def dollars(cents: int) -> str:
    return f"${usd(cents):,.2f}"


def config_regions(config: Mapping[str, Any]) -> dict[str, str]:
    """Each provider's region as a stack's raw config names it (`aws:region`, `gcp:region`)."""
    return {
        provider: value
        for provider in ("aws", "gcp")
        if isinstance(value := config.get(f"{provider}:region"), str) and value
    }
