"""Sponsorship: what each provider gives in kind (a share of its bill) and in credits.

Applied per provider, in integer cents, to what the provider bills after any price book (its
list price without one): `covers` first, then the monthly credit, never making a provider's
cost negative and never moving to another provider.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from costmodel.errors import InputError
from costmodel.files import checked
from costmodel.files.checked import Damaged
from costmodel.files.jsonfile import parse_json
from costmodel.files.parsed import memo
from costmodel.model.limits import MAX_USD, check_year
from costmodel.model.money import round_cents


@dataclasses.dataclass(frozen=True)
class SponsorTerms:
    """One provider's terms, as sponsorship_file.SponsorTerms validated them."""

    covers: float = 0.0
    credit_monthly_usd: float = 0.0
    program: str = ""
    until: str | None = None  # YYYY-MM: the last month of the terms

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
    if not raw:
        return {}
    try:
        content = json.dumps(raw, allow_nan=False).encode()
    except (TypeError, ValueError):  # not JSON's types: validated, never cached
        return _from_entry(_validated(raw, where))
    entry = memo("sponsors", where, content, lambda: _validated(raw, where), _CODE, _is_entry)
    return _from_entry(entry)


def _validated(raw: Mapping[Any, Any], where: str) -> dict[str, dict[str, Any]]:
    """Each provider's terms as sponsorship_file.SponsorTerms validates them (its fields)."""
    from pydantic import ValidationError

    from costmodel.errors import from_validation_error
    from costmodel.model import sponsorship_file

    out: dict[str, dict[str, Any]] = {}
    for provider, terms in raw.items():
        if provider not in PROVIDERS:
            raise InputError(
                where, f"{KEY}.{provider}", "unknown provider; known: aws, gcp, fastly"
            )
        try:
            out[str(provider)] = sponsorship_file.SponsorTerms.model_validate(terms).model_dump()
        except ValidationError as exc:
            err = from_validation_error(where, exc)
            raise InputError(where, f"{KEY}.{provider}.{err.field}", err.expected) from None
    return out


PROVIDERS = ("aws", "gcp", "fastly")


def check_month(value: str) -> None:
    """ValueError unless `value` is a month, YYYY-MM, in the model's calendar."""
    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", str(value)):
        raise ValueError("must be a month, YYYY-MM")
    check_year(int(str(value)[:4]))


_CODE = tuple(
    Path(__file__).resolve().parent / name
    for name in ("sponsorship.py", "sponsorship_file.py", "figures.py", "limits.py")
)


def _from_entry(entry: Any) -> dict[str, SponsorTerms]:
    """The terms `_validated` gave, each checked as sponsorship_file.SponsorTerms would."""
    if type(entry) is not dict or not set(entry) <= set(PROVIDERS):
        raise Damaged("not terms by provider")
    out = {}
    for provider, terms in entry.items():
        t = checked.mapping(terms, [f.name for f in dataclasses.fields(SponsorTerms)])
        until = checked.text(t["until"], optional=True)
        if until is not None:
            try:
                check_month(until)
            except ValueError:
                raise Damaged(f"not a month: {until!r}") from None
        out[provider] = SponsorTerms(
            covers=checked.number(t["covers"], 0, 1),
            credit_monthly_usd=checked.number(t["credit_monthly_usd"], 0, MAX_USD),
            program=checked.text(t["program"]),
            until=until,
        )
    return out


def _is_entry(entry: Any) -> bool:
    return checked.passes(_from_entry, entry)
