"""The bill formats indexplan reads, each as one aggregate query over a table named `bill`.

Money is read on the amortised basis (FinOps's "effective cost"): a usage group costs what its
commitments (reserved instances and nodes, Savings Plans, committed use) spread over it, FOCUS's
EffectiveCost or the CUR's reservation / Savings Plan effective cost, so a price's variance and
a calibrated rate compare like with like whether or not the usage was reserved. The invoice
stays cash: every other row is read at what it bills (a commitment's purchase or fee included),
and one `other` line per service, AMORTISED, takes back what the usage's amortised cost adds to
its billed cost, so the lines still add up to the invoice.

Every query returns the same normalised columns, one row per (month, provider, service, usage,
region, unit, kind, credit, currency), summing quantity and money over the bill's rows, so a
bill of any size comes back as a few hundred groups. The queries are written once in DuckDB's
dialect; `costmodel.readers.sql.for_bigquery` translates them for a bill that lives in BigQuery.

Column names are the formats' own:
- FOCUS 1.0-1.2 (FinOps-Open-Cost-and-Usage-Spec/FOCUS_Spec, specification/columns): BilledCost,
  EffectiveCost, ListCost, ChargeCategory, ChargePeriodStart/End, ProviderName, ServiceName,
  SkuMeter (1.2) or AWS's x_UsageType (1.0), ChargeDescription, RegionId, PricingQuantity,
  PricingUnit, BillingCurrency, BillingPeriodStart.
- AWS CUR 2.0 (AWS Data Exports, "Cost and Usage Report (CUR) 2.0" table dictionary): bill_*,
  line_item_*, pricing_*, product_region_code, reservation_effective_cost and
  savings_plan_savings_plan_effective_cost (docs.aws.amazon.com/cur/latest/userguide/
  table-dictionary-cur2-reservation.html, table-dictionary-cur2-savings-plan.html), and
  discount_total_discount, where the export
  keeps discounts in columns (without "manual discount compatibility", under which they are
  separate EdpDiscount / PrivateRateDiscount line items instead).
- Google Cloud's standard usage cost export to BigQuery (Cloud Billing docs, "Structure of
  Standard data export"): service.description, sku.description, location.region,
  usage.amount_in_pricing_units, usage.pricing_unit, cost, cost_at_list, currency, cost_type,
  invoice.month (YYYYMM), usage_start_time, usage_end_time, credits[] {name, amount, type}.
- Fastly's `GET /stats/usage_by_month?billable_units=true` (Fastly API, historical stats):
  {"data": {"total": {<region>: {"bandwidth": GB, "requests": 10,000s}}}, "meta": {"from": ...}}.
"""

from __future__ import annotations

from dataclasses import dataclass

NORMALISED = (
    "month",
    "provider",
    "service",
    "usage",
    "region",
    "unit",
    "kind",
    "credit",
    "currency",
    "quantity",
    "cost",
    "list_cost",
    "line_count",
    "sku",
    "period_start",
    "period_end",
)
GROUP_BY = "GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 14"
# Money is summed as a decimal, not a binary float: 0.008 + 0.107 is 0.115 exactly, which an
# invoice rounds to 0.12 (as a DOUBLE the sum is 0.11499999999999999, 0.11). Nine places: the
# most BigQuery's NUMERIC keeps (scale 9, 29 digits before the point), past any bill's.
MONEY = "DECIMAL(38, 9)"
# The `other` line that takes a usage's amortised commitment back out of the invoice
AMORTISED = "commitment cost amortised into usage"


@dataclass(frozen=True)
class BillFormat:
    name: str
    marker: str  # a column only this format has: how a file is recognised
    required: tuple[str, ...]
    optional: tuple[str, ...] = ()
    numbers: tuple[str, ...] = ()  # columns that hold numbers (a CSV's text is checked)
    period: str = ""  # the billing period's column
    iso_period: bool = False  # the format writes the period as an ISO 8601 date(-time)
    currency: str = ""  # the currency's column
    # money a row must state: (column, the rows that must state it, as SQL over the file)
    stated: tuple[tuple[str, str], ...] = ()
    # columns whose values come from a closed list: (column, the values, as the spec spells them)
    allowed: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # a column that must be there when some rows are (column, those rows, as SQL): the cost a
    # commitment spreads over the usage it covers, without which that usage reads as $0
    amortised_by: tuple[tuple[str, str], ...] = ()
    charge_period: tuple[str, str] = ("", "")  # each row's start and (exclusive) end

    def query(self, columns: frozenset[str] | None = None) -> str:
        """The normalised aggregate over `bill`; `columns` present (None: all of them, as in a
        BigQuery table of the format)."""
        have = set(self.required) | set(self.optional) if columns is None else set(columns)
        return QUERIES[self.name](have)


def _opt(have: set[str], column: str, otherwise: str = "NULL") -> str:
    return f"b.{column}" if column in have else otherwise


def _period(have: set[str], start: str, end: str) -> str:
    """The earliest start and latest end of a group's charge periods, as UTC text (NULL where
    the file gives none): the extreme read as an instant, so text with an offset (a JSON
    export's `-08:00`, BigQuery's ` UTC`) gives the UTC day it names. Only the extreme is cast:
    a cast per row cost a 10^7-row CUR 0.72 s more CPU (benchmarks/actuals.py), and a column of
    text compares in time order as long as its rows share one offset, as an export's do."""

    def extreme(how: str, column: str) -> str:
        return f"CAST(CAST({how}(b.{column}) AS TIMESTAMPTZ) AS VARCHAR)"

    first = extreme("MIN", start) if start in have else "NULL"
    last = extreme("MAX", end) if end in have else "NULL"
    return f"{first} AS period_start,\n  {last} AS period_end"


def _amortised(keys: dict[str, str], cash: str, effective: str, usage_rows: str) -> str:
    """The AMORTISED line of each service: what its usage rows bill less their amortised cost
    (negative where a commitment's fee, billed on its own row, is spread over them), so usage
    at its amortised cost plus this line is what the rows bill. `keys`: month, provider,
    service, currency as the format reads them."""
    return f"""
UNION ALL
SELECT
  {keys["month"]} AS month,
  {keys["provider"]} AS provider,
  {keys["service"]} AS service,
  '{AMORTISED}' AS usage,
  '' AS region,
  '' AS unit,
  'other' AS kind,
  '' AS credit,
  {keys["currency"]} AS currency,
  0 AS quantity,
  SUM({cash} - {effective}) AS cost,
  NULL AS list_cost,
  COUNT(*) AS line_count,
  '' AS sku,
  NULL AS period_start,
  NULL AS period_end
FROM bill AS b
WHERE {usage_rows}
GROUP BY 1, 2, 3, 9
HAVING SUM({cash} - {effective}) <> 0"""


def _focus(have: set[str]) -> str:
    usage = next((f"b.{c}" for c in ("SkuMeter", "x_UsageType") if c in have), None)
    description = _opt(have, "ChargeDescription", "''")
    usage = f"COALESCE({usage}, {description}, '')" if usage else f"COALESCE({description}, '')"
    # indexplan's own rows (render/focus.py) name their catalog price: SkuId is the price key and
    # x_IndexplanPriceZone its zone, the region where RegionId is empty (Fastly's, a CDN's)
    own = {"SkuId", "x_IndexplanPriceZone"} <= have
    region = _opt(have, "RegionId")
    sku = "''"
    if own:
        region = f"COALESCE(NULLIF({region}, ''), b.x_IndexplanPriceZone)"
        sku = (
            "CASE WHEN b.ChargeCategory = 'Usage' AND b.x_IndexplanPriceZone IS NOT NULL"
            " THEN COALESCE(b.SkuId, '') ELSE '' END"
        )
    # ChargeClass Correction (FOCUS 1.0+): a row correcting an earlier billing period, not this
    # month's usage or credit
    usage_row = "b.ChargeCategory = 'Usage'"
    if "ChargeClass" in have:
        usage_row += " AND b.ChargeClass IS DISTINCT FROM 'Correction'"
    kind = (
        f"CASE WHEN {usage_row} THEN 'usage' WHEN b.ChargeClass = 'Correction' THEN 'other'"
        " WHEN b.ChargeCategory = 'Credit' THEN 'credit' WHEN b.ChargeCategory = 'Tax'"
        " THEN 'tax' ELSE 'other' END"
    )
    if "ChargeClass" not in have:
        kind = kind.replace(" WHEN b.ChargeClass = 'Correction' THEN 'other'", "")
    cash = f"CAST(b.BilledCost AS {MONEY})"
    # FOCUS 1.0+ EffectiveCost: the amortised cost (a commitment's purchase row has 0 there)
    effective = f"CAST(b.EffectiveCost AS {MONEY})" if "EffectiveCost" in have else cash
    month = "SUBSTR(CAST(b.BillingPeriodStart AS VARCHAR), 1, 7)"
    provider = """CASE
    WHEN LOWER(b.ProviderName) IN ('aws', 'amazon web services') THEN 'aws'
    WHEN LOWER(b.ProviderName) IN ('google cloud', 'google cloud platform', 'gcp', 'google')
      THEN 'gcp'
    WHEN LOWER(b.ProviderName) = 'fastly' THEN 'fastly'
    ELSE b.ProviderName
  END"""
    keys = {"month": month, "provider": provider, "service": "COALESCE(b.ServiceName, '')",
            "currency": "b.BillingCurrency"}  # fmt: skip
    return f"""
SELECT
  {month} AS month,
  {provider} AS provider,
  {keys["service"]} AS service,
  CASE WHEN b.ChargeCategory = 'Usage' THEN {usage} ELSE '' END AS usage,
  COALESCE({region}, '') AS region,
  COALESCE(b.PricingUnit, '') AS unit,
  {kind} AS kind,
  CASE WHEN b.ChargeCategory = 'Credit' THEN {description} ELSE '' END AS credit,
  b.BillingCurrency AS currency,
  SUM(CAST(b.PricingQuantity AS DOUBLE)) AS quantity,
  SUM(CASE WHEN {usage_row} THEN {effective} ELSE {cash} END) AS cost,
  SUM(CAST({_opt(have, "ListCost")} AS {MONEY})) AS list_cost,
  COUNT(*) AS line_count,
  {sku} AS sku,
  {_period(have, *FOCUS.charge_period)}
FROM bill AS b
{GROUP_BY}""" + (_amortised(keys, cash, effective, usage_row) if effective != cash else "")


# CUR line item types (AWS Data Exports, line_item_line_item_type) by what they are to the model
CUR_USAGE = "'Usage', 'DiscountedUsage', 'SavingsPlanCoveredUsage'"
CUR_DISCOUNT = (
    "'EdpDiscount', 'PrivateRateDiscount', 'BundledDiscount', 'Discount', "
    "'DistributorDiscount', 'SavingsPlanNegation'"
)
# The CUR's amortised cost of a row its commitment covers (AWS Data Exports, CUR 2.0 table
# dictionary): a reserved instance's DiscountedUsage at reservation_effective_cost (its upfront
# fee amortised over the usage plus its recurring fee), a Savings Plan's covered usage at
# savings_plan_savings_plan_effective_cost, and the SavingsPlanNegation that cancels that
# usage's on-demand cost in the cash view at nothing. Every other row: what it bills.
CUR_EFFECTIVE = {
    "DiscountedUsage": "reservation_effective_cost",
    "SavingsPlanCoveredUsage": "savings_plan_savings_plan_effective_cost",
    "SavingsPlanNegation": None,
}


# Products whose usage types several kinds share, told apart only by the operation: an
# Application, Network, Gateway or Classic load balancer's hours are all `LoadBalancerUsage`
# (operation `LoadBalancing:Application`, `:Network`, `:Gateway`, or `LoadBalancing`; the AWSELB
# offer file). Their usage reads `<usage type>:<operation>`, so each maps to its own rate.
BY_OPERATION = ("AWSELB",)


def _cur(have: set[str]) -> str:
    discount = _opt(have, "discount_total_discount", "0")
    usage = "COALESCE(b.line_item_usage_type, '')"
    if "line_item_operation" in have:
        products = ", ".join(f"'{p}'" for p in BY_OPERATION)
        usage = (
            f"CASE WHEN b.line_item_product_code IN ({products}) AND b.line_item_operation <> ''"
            f" THEN {usage} || ':' || b.line_item_operation ELSE {usage} END"
        )
    cash = (
        f"(CAST(b.line_item_unblended_cost AS {MONEY}) + COALESCE(CAST({discount} AS {MONEY}), 0))"
    )
    covered = {t: c for t, c in CUR_EFFECTIVE.items() if c is None or c in have}
    effective = cash
    if covered:
        cases = " ".join(
            f"WHEN '{t}' THEN " + (f"CAST(b.{c} AS {MONEY})" if c else "0")
            for t, c in covered.items()
        )
        effective = f"(CASE b.line_item_line_item_type {cases} ELSE {cash} END)"
    month = "SUBSTR(CAST(b.bill_billing_period_start_date AS VARCHAR), 1, 7)"
    keys = {"month": month, "provider": "'aws'", "service": "b.line_item_product_code",
            "currency": "b.line_item_currency_code"}  # fmt: skip
    types = ", ".join(f"'{t}'" for t in covered)
    amortised = (
        _amortised(keys, cash, effective, f"b.line_item_line_item_type IN ({types})")
        if any(covered.values())
        else ""
    )
    return f"""
SELECT
  {month} AS month,
  'aws' AS provider,
  b.line_item_product_code AS service,
  {usage} AS usage,
  COALESCE(b.product_region_code, '') AS region,
  COALESCE(b.pricing_unit, '') AS unit,
  CASE
    WHEN b.line_item_line_item_type IN ({CUR_USAGE}) THEN 'usage'
    WHEN b.line_item_line_item_type IN ({CUR_DISCOUNT}) THEN 'discount'
    WHEN b.line_item_line_item_type = 'Credit' THEN 'credit'
    WHEN b.line_item_line_item_type = 'Tax' THEN 'tax'
    ELSE 'other'
  END AS kind,
  CASE
    WHEN b.line_item_line_item_type = 'Credit' THEN COALESCE(b.line_item_line_item_description, '')
    ELSE ''
  END AS credit,
  b.line_item_currency_code AS currency,
  SUM(CAST(b.line_item_usage_amount AS DOUBLE)) AS quantity,
  SUM({effective}) AS cost,
  SUM(CAST({_opt(have, "pricing_public_on_demand_cost")} AS {MONEY})) AS list_cost,
  COUNT(*) AS line_count,
  '' AS sku,
  {_period(have, *CUR.charge_period)}
FROM bill AS b
{GROUP_BY}{amortised}"""


def _gcp(have: set[str]) -> str:
    keys = """
  SUBSTR(b.invoice.month, 1, 4) || '-' || SUBSTR(b.invoice.month, 5, 2) AS month,
  'gcp' AS provider,
  COALESCE(b.service.description, '') AS service,
  COALESCE(b.sku.description, '') AS usage,
  COALESCE(b.location.region, b.location.location, '') AS region,
  COALESCE(b.usage.pricing_unit, '') AS unit,"""
    # Promotions are given after the fact (sponsors' credits); every other credit type
    # (committed or sustained use, negotiated discounts, free tier) lowers the usage's rate.
    return f"""
SELECT{keys}
  CASE b.cost_type WHEN 'regular' THEN 'usage' WHEN 'tax' THEN 'tax' ELSE 'other' END AS kind,
  '' AS credit,
  b.currency AS currency,
  SUM(b.usage.amount_in_pricing_units) AS quantity,
  SUM(CAST(b.cost AS {MONEY})) AS cost,
  SUM(CAST({_opt(have, "cost_at_list")} AS {MONEY})) AS list_cost,
  COUNT(*) AS line_count,
  '' AS sku,
  {_period(have, *GCP.charge_period)}
FROM bill AS b
{GROUP_BY}
UNION ALL
SELECT{keys}
  CASE WHEN c.type = 'PROMOTION' THEN 'credit' ELSE 'discount' END AS kind,
  CASE WHEN c.type = 'PROMOTION' THEN COALESCE(c.name, '') ELSE '' END AS credit,
  b.currency AS currency,
  0 AS quantity,
  SUM(CAST(c.amount AS {MONEY})) AS cost,
  NULL AS list_cost,
  COUNT(*) AS line_count,
  '' AS sku,
  NULL AS period_start,
  NULL AS period_end
FROM bill AS b
CROSS JOIN UNNEST(b.credits) AS t(c)
{GROUP_BY}"""


def _fastly(have: set[str]) -> str:
    # `bill` holds one JSON document per file (read_json_objects): its regions unnested here
    return f"""
SELECT
  SUBSTR(json_extract_string(b.json, '$.meta.from'), 1, 7) AS month,
  'fastly' AS provider,
  'cdn' AS service,
  m.metric AS usage,
  r.key AS region,
  CASE m.metric WHEN 'bandwidth' THEN 'GB' ELSE '10000 Requests' END AS unit,
  'usage' AS kind,
  '' AS credit,
  'USD' AS currency,
  SUM(CAST(json_extract(r.value, '$.' || m.metric) AS DOUBLE)) AS quantity,
  NULL AS cost,
  NULL AS list_cost,
  COUNT(*) AS line_count,
  '' AS sku,
  NULL AS period_start,
  NULL AS period_end
FROM bill AS b
CROSS JOIN json_each(json_extract(b.json, '$.data.total')) AS r
CROSS JOIN (VALUES ('bandwidth'), ('requests')) AS m(metric)
{GROUP_BY}"""


QUERIES = {"FOCUS": _focus, "AWS CUR 2.0": _cur, "Google Cloud billing export": _gcp,
           "Fastly usage": _fastly}  # fmt: skip

FOCUS_CATEGORIES = ("Usage", "Purchase", "Tax", "Credit", "Adjustment")
FOCUS = BillFormat(
    "FOCUS",
    "BilledCost",
    ("BilledCost", "BillingCurrency", "BillingPeriodStart", "ChargeCategory", "ProviderName",
     "ServiceName", "PricingQuantity", "PricingUnit"),
    ("ListCost", "RegionId", "SkuMeter", "ChargeDescription", "ChargeClass", "EffectiveCost",
     "ChargePeriodStart", "ChargePeriodEnd"),
    ("BilledCost", "ListCost", "PricingQuantity", "EffectiveCost"),
    "BillingPeriodStart",  # FOCUS 1.x: an ISO 8601 date-time
    True,
    "BillingCurrency",
    # billedcost.md, effectivecost.md: "MUST NOT be null"
    (("BilledCost", "TRUE"), ("EffectiveCost", "TRUE")),
    # chargecategory.md (1.0-1.2): "MUST be one of the allowed values", case as written
    (("ChargeCategory", FOCUS_CATEGORIES),),
    (("EffectiveCost", "ChargeCategory = 'Purchase'"),),
    ("ChargePeriodStart", "ChargePeriodEnd"),
)  # fmt: skip
CUR = BillFormat(
    "AWS CUR 2.0",
    "line_item_line_item_type",
    ("bill_billing_period_start_date", "line_item_line_item_type", "line_item_product_code",
     "line_item_usage_type", "line_item_usage_amount", "line_item_unblended_cost",
     "line_item_currency_code", "line_item_line_item_description", "pricing_unit",
     "product_region_code"),
    ("pricing_public_on_demand_cost", "discount_total_discount", "line_item_operation",
     "reservation_effective_cost", "savings_plan_savings_plan_effective_cost",
     "line_item_usage_start_date", "line_item_usage_end_date"),
    ("line_item_usage_amount", "line_item_unblended_cost", "pricing_public_on_demand_cost",
     "discount_total_discount", "reservation_effective_cost",
     "savings_plan_savings_plan_effective_cost"),
    "bill_billing_period_start_date",  # a timestamp (Parquet), ISO 8601 in a CSV export
    True,
    "line_item_currency_code",
    (("line_item_unblended_cost", "TRUE"),
     ("reservation_effective_cost", "line_item_line_item_type = 'DiscountedUsage'"),
     ("savings_plan_savings_plan_effective_cost",
      "line_item_line_item_type = 'SavingsPlanCoveredUsage'")),
    (),
    (("reservation_effective_cost", "line_item_line_item_type = 'DiscountedUsage'"),
     ("savings_plan_savings_plan_effective_cost",
      "line_item_line_item_type = 'SavingsPlanCoveredUsage'")),
    ("line_item_usage_start_date", "line_item_usage_end_date"),
)  # fmt: skip
GCP = BillFormat(
    "Google Cloud billing export",
    "cost_type",
    ("service", "sku", "location", "usage", "cost", "currency", "cost_type", "invoice",
     "credits"),
    ("cost_at_list", "usage_start_time", "usage_end_time"),
    ("cost", "cost_at_list", "usage_amount_in_pricing_units"),
    "invoice.month",  # YYYYMM
    False,
    "currency",
    # a row's cost: SUM would skip an empty one, and the row would bill $0
    (("cost", "TRUE"),),
    # each row's usage window (TIMESTAMP; the end exclusive: an hour's row ends on the next hour)
    charge_period=("usage_start_time", "usage_end_time"),
)  # fmt: skip
FASTLY = BillFormat("Fastly usage", "json", ("json",), period="meta.from")
FORMATS = {f.name: f for f in (FOCUS, CUR, GCP, FASTLY)}
BIGQUERY_FORMATS = {"gcp": GCP, "focus": FOCUS, "cur": CUR}
