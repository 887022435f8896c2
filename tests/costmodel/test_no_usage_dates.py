"""A component priced by usage that none was given for quotes its unit price as of the
pricing date; a price not in force that day (not launched yet) is said so, never a crash."""

from __future__ import annotations

import datetime as dt

import costmodel.model.resources  # noqa: F401  (registers the priced types)
from costmodel.model.components import PRICED
from costmodel.model.no_usage import _unit_price
from costmodel.model.prices import default_catalog

R2 = "cloudflare:index/r2Bucket:R2Bucket"


def _storage():
    [comp] = [c for c in PRICED[R2].components if c.dimension == "storage_standard"]
    return comp


def test_a_price_not_launched_on_the_date_is_no_quote_not_a_crash():
    # R2 launched on 2022-09-21 (the catalog's `launched`): on 2020-01-01 there is no rate
    quote = _unit_price(
        default_catalog(), dt.date(2020, 1, 1), "cloudflare", _storage(), None, None
    )
    assert quote == "depends on usage: no price in force on 2020-01-01"


def test_a_price_in_force_is_quoted():
    # Cloudflare's R2 Standard storage: $0.015 per GB-month (the first 10 GB-month free)
    quote = _unit_price(
        default_catalog(), dt.date(2023, 1, 1), "cloudflare", _storage(), None, None
    )
    assert quote == "depends on usage: $0.015 per GB-month (global)"
