"""The sponsors' terms as a stack file writes them (pydantic): validated only when the cache
does not hold them (sponsorship.py), and the JSON Schema of `indexplan schema stack`."""

from __future__ import annotations

from pydantic import BaseModel, Field, field_validator

from costmodel.model.figures import Share, Usd
from costmodel.model.sponsorship import check_month
from costmodel.model.strict import STRICT


class SponsorTerms(BaseModel):  # the name messages and the schema give it
    model_config = STRICT

    covers: Share = Field(default=0.0, description="Share of the list price given in kind (0..1)")
    credit_monthly_usd: Usd = Field(default=0.0, description="Credit applied after covers")
    program: str = Field(default="", description="The sponsor programme, e.g. Fast Forward")
    until: str | None = Field(default=None, description="YYYY-MM: last month of the terms")

    @field_validator("until")
    @classmethod
    def _month(cls, value: str | None) -> str | None:
        if value is not None:
            check_month(value)
        return value
