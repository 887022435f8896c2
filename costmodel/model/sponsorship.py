"""Sponsorship: what each provider gives in kind (a share of list) and in credits.

Applied per provider, in integer cents, to what the provider bills after any price book (its
list price without one): `covers` first, then the monthly credit, never making a provider's
cost negative and never moving to another provider.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any, Literal

from pydantic import BaseModel, Field, ValidationError, field_validator

from costmodel.errors import InputError, from_validation_error
from costmodel.files.jsonfile import parse_json
from costmodel.model.figures import Share, Usd
from costmodel.model.limits import check_year
from costmodel.model.money import round_cents
from costmodel.model.strict import STRICT


class SponsorTerms(BaseModel):
    model_config = STRICT

    covers: Share = Field(default=0.0, description="Share of the list price given in kind (0..1)")
    credit_monthly_usd: Usd = Field(default=0.0, description="Credit applied after covers")
    program: str = Field(default="", description="The sponsor programme, e.g. Fast Forward")
    until: str | None = Field(default=None, description="YYYY-MM: last month of the terms")

    @field_validator("until")
    @classmethod
    def _month(cls, value: str | None) -> str | None:
        if value is not None:
            if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", str(value)):
                raise ValueError("must be a month, YYYY-MM")
            check_year(int(str(value)[:4]))
        return value

    def in_force(self, on: dt.date) -> bool:
        """Whether the terms still run in the month of `on` (the `until` month included)."""
        if self.until is None:
            return True
        year, month = (int(part) for part in self.until.split("-"))
        return (on.year, on.month) <= (year, month)

    def sponsored_cents(self, list_cents: int) -> int:
        covered = min(list_cents, round_cents(list_cents * self.covers / 100))
        credit = min(list_cents - covered, round_cents(self.credit_monthly_usd))
        return covered + credit


Sponsors = dict[Literal["aws", "gcp", "fastly"], SponsorTerms]


def in_force(sponsors: Mapping[str, SponsorTerms], on: dt.date) -> dict[str, SponsorTerms]:
    """The terms that still run in the month of `on`; an ended sponsor pays nothing."""
    return {provider: terms for provider, terms in sponsors.items() if terms.in_force(on)}


KEY = "indexplan:sponsors"


def parse_sponsors(config: Mapping[str, Any], where: str) -> dict[str, SponsorTerms]:
    """The terms in a stack's config mapping (`indexplan:sponsors`); none means no sponsor."""
    raw = config.get(KEY) or {}
    if isinstance(raw, str):  # Pulumi hands structured config to programs as JSON text
        raw = parse_json(raw, where, f"config.{KEY}", "the sponsors' terms as a JSON object")
    if not isinstance(raw, Mapping):
        raise InputError(where, KEY, "must be a mapping of provider to terms")
    out: dict[str, SponsorTerms] = {}
    for provider, terms in raw.items():
        if provider not in ("aws", "gcp", "fastly"):
            raise InputError(
                where, f"{KEY}.{provider}", "unknown provider; known: aws, gcp, fastly"
            )
        try:
            out[str(provider)] = SponsorTerms.model_validate(terms)
        except ValidationError as exc:
            err = from_validation_error(where, exc)
            raise InputError(where, f"{KEY}.{provider}.{err.field}", err.expected) from None
    return out
