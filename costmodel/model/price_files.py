"""The price catalog's files as written (pydantic): validated when the catalog is loaded from
its files (prices.py keeps what they validate as plain records), and by `prices import`.

The rules that span fields are plain functions of prices.py, which also checks the catalog's
index with them when a warm command reads it back.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, Field, field_validator, model_validator

from costmodel.model.prices import (
    SHORT_REASON_MAX,
    Confidence,
    Measure,
    Provider,
    TierList,
    check_tiers,
    check_unit_whole,
    check_version,
    increasing,
    no_variant,
)
from costmodel.model.strict import STRICT


class _Strict(BaseModel):
    model_config = STRICT


class VersionInfo(_Strict):
    """What a version says besides its rates (for a table: of every row's rate in its column)."""

    effective: dt.date
    # when the figures were last compared with `source` (staleness is judged by this)
    checked: dt.date | None = None
    source: str = Field(min_length=1)
    confidence: Confidence
    note: str | None = None
    # the first day the version no longer applies; unless a later version takes over then, the
    # price is unpriced from that day on, for the reason `note` gives
    until: dt.date | None = None
    # free units a month (billing unit) one account shares across every zone of the dimension
    allowance: float | None = Field(default=None, gt=0, allow_inf_nan=False)
    # the allowance's name when several dimensions draw on it (AWS's 100 GB of transfer out to
    # the internet: S3's and EC2's); without one, the dimension's own. A pool's resources also
    # climb one volume ladder per zone (estimate.py, `_Pricer._start`)
    allowance_pool: str | None = Field(default=None, min_length=1)

    @model_validator(mode="after")
    def _ends_after_start(self) -> VersionInfo:
        check_version(self)
        return self


class PriceVersion(VersionInfo):
    # [[upto, price], ...]: cumulative upper bound in the billing unit (null = no limit).
    tiers: TierList = Field(min_length=1)

    @field_validator("tiers")
    @classmethod
    def _ordered(cls, tiers: TierList) -> TierList:
        return check_tiers(tiers)


class _PriceShape(_Strict):
    """What a price measures, shared by single entries and tables."""

    service: str = Field(min_length=1)
    dimension: str = Field(min_length=1)
    unit: str
    measure: Measure
    unit_size: float = Field(gt=0, allow_inf_nan=False)
    # when the product itself became available: before it, the price is not an unknown but n/a
    launched: dt.date | None = None


class Price(_PriceShape):
    zone: str = Field(min_length=1)
    variant: str | None = None
    versions: list[PriceVersion] = Field(min_length=1)

    @model_validator(mode="after")
    def _dated_in_order(self) -> Price:
        increasing(self.versions)
        return self


class PriceTable(_PriceShape):
    """Many prices of one dimension: `rows` are `[zone, variant or null, rate, ...]` with a
    rate per version column (a number is one flat tier, a list is tiers, null means the price
    has no such version)."""

    versions: list[VersionInfo] = Field(min_length=1)
    rows: list[list[Any]] = Field(min_length=1)

    @model_validator(mode="after")
    def _dated_in_order(self) -> PriceTable:
        increasing(self.versions)
        return self


class UnpricedBlock(_Strict):
    """Keys with no sourced price, each dimension x variant x zone, and why."""

    service: str = Field(min_length=1)
    dimensions: list[str] = Field(min_length=1)
    variants: list[str | None] = Field(default_factory=no_variant, min_length=1)
    zones: list[str] = Field(min_length=1)
    reason: str = Field(min_length=1)  # the whole story: where we looked, which regions have one
    # what reports print instead of a long reason, with a pointer to `indexplan prices show`
    short: str | None = Field(default=None, min_length=1, max_length=SHORT_REASON_MAX)
    # The billing unit of a rate for these keys, given for a price that is quoted, not listed:
    # a price book's `rate` then prices them (pricebook.py); all three or none.
    unit: str | None = Field(default=None, min_length=1)
    measure: Measure | None = None
    unit_size: float | None = Field(default=None, gt=0, allow_inf_nan=False)

    @model_validator(mode="after")
    def _unit_whole(self) -> UnpricedBlock:
        check_unit_whole(self)
        return self


class ProviderCatalog(_Strict):
    comment: str | list[str] | None = None  # JSON files have no comments; this says what it is
    provider: Provider
    zone_maps: dict[str, dict[str, str]] = Field(default_factory=dict)
    prices: list[Price] = Field(default_factory=list)
    tables: list[PriceTable] = Field(default_factory=list)
    unpriced: list[UnpricedBlock] = Field(default_factory=list)
