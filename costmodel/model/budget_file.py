"""A stack's `indexplan:budget` as written (pydantic): validated only when a stack has one
(budget.py), and its JSON Schema for `indexplan schema stack`."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, Field, model_validator

from costmodel.model.limits import MAX_PERCENT, MAX_USD
from costmodel.model.strict import STRICT

Money = Annotated[float, Field(ge=0, le=MAX_USD, allow_inf_nan=False, strict=True)]
Percent = Annotated[float, Field(ge=0, le=MAX_PERCENT, allow_inf_nan=False, strict=True)]


class LimitFields(BaseModel):
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
    # A sponsor's in-kind share dilutes a rise on the bill: +$478 is 0.3% of a $147k bill but
    # 5.2% of the $9.3k a sponsored registry pays itself (review s8-ops, finding 5).
    max_out_of_pocket_increase_percent: Percent | None = Field(
        default=None,
        description="The most one change may raise what is left after sponsors by, in percent",
    )


class StackBudget(LimitFields):
    scenario: str = Field(
        min_length=1,
        description="The traffic to price the budget with: a scenario name or a path "
        "relative to the stack file",
    )
    allow_unpriced: bool = Field(
        default=False,
        strict=True,
        description="Check the limits on the priced part only when some parts have no price "
        "(default: such a limit is not verified, and fails)",
    )

    @model_validator(mode="after")
    def _some_limit(self) -> StackBudget:
        if all(getattr(self, name) is None for name in LimitFields.model_fields):
            raise ValueError(f"give at least one of {', '.join(LimitFields.model_fields)}")
        return self
