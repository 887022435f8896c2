"""An estimate as FinOps FOCUS 1.2 cost and usage rows: one row per line item (ChargeCategory
Usage), one per commitment shortfall (Adjustment) and one per sponsor's give (Credit). CSV, or
Parquet through DuckDB.

The column rules are the spec's (FinOps-Open-Cost-and-Usage-Spec/FOCUS_Spec, tag v1.2,
specification/columns/*.md): costs are the estimate's own cents, line by line, so the rows add
up to the printed totals exactly; quantities are the estimate's to 6 decimals (as its JSON gives
them), so ListCost = ListUnitPrice x PricingQuantity holds at the cents' precision (the spec
leaves precision to the provider: numeric_format.md), each line rounded to the cent as a
provider's invoice line is; credits carry null unit prices and quantities, and
their ListCost and ContractedCost equal their BilledCost; every date is UTC,
`YYYY-MM-DDTHH:mm:ssZ`; numbers are plain decimals (no exponent, no thousands separator).
Custom columns carry the `x_` prefix the spec requires.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from indexplan.render.focus_regions import region_name

if TYPE_CHECKING:
    from costmodel.model.estimate import Estimate, LineItem
    from costmodel.model.prices import Price
    from costmodel.model.sponsorship import SponsorTerms

FOCUS_VERSION = "1.2"
COLUMNS = (
    "BilledCost",
    "BillingAccountId",
    "BillingAccountName",
    "BillingCurrency",
    "BillingPeriodEnd",
    "BillingPeriodStart",
    "ChargeCategory",
    "ChargeClass",
    "ChargeDescription",
    "ChargeFrequency",
    "ChargePeriodEnd",
    "ChargePeriodStart",
    "ConsumedQuantity",
    "ConsumedUnit",
    "ContractedCost",
    "ContractedUnitPrice",
    "EffectiveCost",
    "InvoiceIssuerName",
    "ListCost",
    "ListUnitPrice",
    "PricingCategory",
    "PricingQuantity",
    "PricingUnit",
    "ProviderName",
    "PublisherName",
    "RegionId",
    "RegionName",
    "ResourceId",
    "ResourceName",
    "ResourceType",
    "ServiceCategory",
    "ServiceName",
    "ServiceSubcategory",
    "SkuId",
    "SkuMeter",
    "SkuPriceId",
    "x_IndexplanStack",
    "x_IndexplanScenario",
    "x_IndexplanRole",
    "x_IndexplanPriceZone",
)
MONEY = ("BilledCost", "ContractedCost", "EffectiveCost", "ListCost")
NUMBERS = (*MONEY, "ConsumedQuantity", "ContractedUnitPrice", "ListUnitPrice", "PricingQuantity")
# the quantity as the estimate's JSON gives it: 6087500, not the float's 6087499.999999999
QUANTITY_PLACES = 6
TIMES = ("BillingPeriodEnd", "BillingPeriodStart", "ChargePeriodEnd", "ChargePeriodStart")

# FOCUS unit names (UnitFormat: "GiB", "GB-Months", "1000 Requests") for what the catalog's
# prices measure; a data size comes from the price's unit_size, a count's noun from its unit.
DATA_SIZES = {10**9: "GB", 2**30: "GiB", 2**40: "TiB"}
DATA_PERIODS = {"bytes": "", "byte_months": "-Months", "byte_hours": "-Hours"}
# scenario region keys and the no-region key: usage locations that are not a provider's region
NOT_REGIONS = frozenset(
    {"global", "north_america", "europe", "asia_pacific", "japan", "india", "oceania",
     "south_america", "africa", "middle_east"}
)  # fmt: skip


def focus_unit(price: Price) -> str:
    """The FOCUS PricingUnit of a catalog price, semantically its provider's billing unit."""
    size = price.unit_size
    if price.measure in DATA_PERIODS and size in DATA_SIZES:
        return DATA_SIZES[int(size)] + DATA_PERIODS[price.measure]
    if "-" in price.unit:  # "key-month", "vCPU-hour", "GiB-second" -> Key-Months, vCPU-Hours, ...
        what, per = price.unit.rsplit("-", 1)
        return f"{what.capitalize() if what.islower() else what}-{per.capitalize()}s"
    if price.measure == "hours":  # an instance "hour"
        return "Hours"
    noun = price.unit.split()[-1].capitalize()  # "10,000 requests" -> Requests
    return noun if size == 1 else f"{int(size)} {noun}"


def _utc(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _month(on: dt.date) -> tuple[str, str]:
    start = on.replace(day=1)
    end = (start + dt.timedelta(days=32)).replace(day=1)
    return _utc(start), _utc(end)


def _exact(value: float) -> Decimal:
    return Decimal(repr(value))


def _cents(cents: int) -> Decimal:
    return Decimal(cents) / 100


def focus_rows(
    est: Estimate, sponsors: Mapping[str, SponsorTerms] | None = None
) -> list[dict[str, Any]]:
    """The estimate as FOCUS rows (numbers as Decimal, times as ISO text, absent as None)."""
    from costmodel.readers.bills.services import services

    names = services()
    start, end = _month(est.prices_as_of)
    common = {
        "BillingAccountId": est.stack,
        "BillingAccountName": est.stack,
        "BillingCurrency": "USD",
        "BillingPeriodStart": start,
        "BillingPeriodEnd": end,
        "ChargePeriodStart": start,
        "ChargePeriodEnd": end,
        "ChargeClass": None,
        "x_IndexplanStack": est.stack,
        "x_IndexplanScenario": est.scenario,
    }
    prices = {s.key: s for s in est.prices_used}
    rows = []
    for line in est.line_items:
        if line.unpriced_column:  # no null cost in FOCUS, and $0 reads as free: left out,
            continue  # with the other unpriced parts (write_focus's note counts them)
        provider = names.providers[line.provider]
        who = {
            "ProviderName": provider.name,
            "PublisherName": provider.name,
            "InvoiceIssuerName": provider.name,
        }
        if line.key is None:  # a commitment's shortfall
            rows.append({**common, **who, **_charge(line, provider.name)})
            continue
        service = names.service(line.provider, line.key.service)
        selected = prices[line.key]
        rows.append(
            {
                **common,
                **who,
                **_usage(line, focus_unit(selected.price)),
                "ServiceName": service.name,
                "ServiceCategory": service.category,
                "ServiceSubcategory": service.subcategory,
                "SkuPriceId": f"{line.key} {selected.version.effective} {line.unit_price_usd}",
            }
        )
    for total in est.providers:
        if total.sponsored_cents:
            name = names.providers[total.provider].name
            terms = (sponsors or {}).get(total.provider)
            rows.append({**common, **_credit(total.provider, name, total.sponsored_cents, terms)})
    return [{column: row.get(column) for column in COLUMNS} for row in rows]


def _usage(line: LineItem, unit: str) -> dict[str, Any]:
    assert line.key is not None
    quantity = _exact(round(line.quantity, QUANTITY_PLACES))
    list_price = _exact(line.unit_price_usd)
    contracted_price = _exact(
        line.unit_price_usd
        if line.contracted_unit_price_usd is None
        else line.contracted_unit_price_usd
    )
    contracted = _cents(line.contracted_cents)
    region = line.locations[0] if len(set(line.locations)) == 1 else None
    region_id = region if region not in NOT_REGIONS else None
    return {
        "ChargeCategory": "Usage",
        "ChargeDescription": f"{line.resource}: {line.component}",
        "ChargeFrequency": "Usage-Based",
        "PricingQuantity": quantity,
        "PricingUnit": unit,
        "ConsumedQuantity": quantity,
        "ConsumedUnit": unit,
        "ListUnitPrice": list_price,
        "ContractedUnitPrice": contracted_price,
        "ListCost": _cents(line.cents),
        "ContractedCost": contracted,
        "BilledCost": contracted,
        "EffectiveCost": contracted,
        "PricingCategory": "Standard",
        "RegionId": region_id,
        "RegionName": region_name(line.provider, region_id),
        "ResourceId": line.resource,
        "ResourceName": line.resource,
        "ResourceType": line.type,
        "SkuId": str(line.key),
        "SkuMeter": line.component.split(",")[0],
        "x_IndexplanRole": line.role,
        "x_IndexplanPriceZone": line.region,
    }


def _charge(line: LineItem, provider: str) -> dict[str, Any]:
    """A shortfall: no list price, so every cost is what is charged (ListCost rule for a charge
    unrelated to others)."""
    charged = _cents(line.contracted_cents)
    return {
        **_flat(charged),
        "ChargeCategory": "Adjustment",
        "ChargeDescription": f"{line.resource}: {line.component}",
        "ChargeFrequency": "Recurring",
        "ServiceName": f"{provider} committed spend",
        "ServiceCategory": "Other",
        "ServiceSubcategory": "Other (Other)",
    }


def _credit(
    provider: str, name: str, sponsored_cents: int, terms: SponsorTerms | None
) -> dict[str, Any]:
    program = f" ({terms.program})" if terms and terms.program else ""
    return {
        **_flat(-_cents(sponsored_cents)),
        "ProviderName": name,
        "PublisherName": name,
        "InvoiceIssuerName": name,
        "ChargeCategory": "Credit",
        "ChargeDescription": f"sponsorship by {provider}{program}",
        "ChargeFrequency": "Recurring",
        "ServiceName": f"{name} sponsorship",
        "ServiceCategory": "Other",
        "ServiceSubcategory": "Other (Other)",
    }


def _flat(amount: Decimal) -> dict[str, Decimal]:
    return {column: amount for column in MONEY}


def number_text(value: Decimal) -> str:
    """A FOCUS NumericFormat value: plain decimal notation, no exponent, no trailing zeros."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def render_focus_csv(rows: Sequence[Mapping[str, Any]]) -> str:
    """CSV with the numbers in NumericFormat (a negative cost is a number, not a formula to
    quote) and every text cell made safe as in any other CSV indexplan writes."""
    from indexplan.render.csvout import safe_cell

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows:
        values = (row.get(k) for k in COLUMNS)
        writer.writerow(number_text(v) if isinstance(v, Decimal) else safe_cell(v) for v in values)
    return buffer.getvalue()


def write_focus_parquet(rows: Sequence[Mapping[str, Any]], path: Path) -> None:
    """The rows as Parquet, typed as FOCUS types them (Decimal as DOUBLE, Date/Time as
    TIMESTAMP WITH TIME ZONE in UTC), written by `write_output`."""
    from costmodel.files.output import write_output
    from costmodel.readers.sql import connect

    def sql_type(column: str) -> str:
        if column in NUMBERS:
            return "DOUBLE"
        return "TIMESTAMPTZ" if column in TIMES else "VARCHAR"

    con = connect()
    con.execute("SET enable_progress_bar = false")
    columns = ", ".join(f'"{c}" {sql_type(c)}' for c in COLUMNS)
    con.execute(f"CREATE TABLE focus ({columns})")
    values = [
        [float(v) if isinstance(v, Decimal) else v for v in (row[c] for c in COLUMNS)]
        for row in rows
    ]
    if values:
        con.executemany(f"INSERT INTO focus VALUES ({', '.join('?' * len(COLUMNS))})", values)
    try:
        write_output(
            path,
            "--output",
            lambda temp: con.execute(f"COPY focus TO '{_sql_text(str(temp))}' (FORMAT parquet)"),
        )
    finally:
        con.close()


def _sql_text(text: str) -> str:
    return text.replace("'", "''")
