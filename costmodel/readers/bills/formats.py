"""The bill formats indexplan reads, each as one aggregate query over a table named `bill`.

Every query returns the same normalised columns, one row per (month, provider, service, usage,
region, unit, kind, credit, currency), summing quantity and money over the bill's rows, so a
bill of any size comes back as a few hundred groups. The queries are written once in DuckDB's
dialect; `costmodel.readers.sql.for_bigquery` translates them for a bill that lives in BigQuery.

Column names are the formats' own:
- FOCUS 1.0-1.2 (FinOps-Open-Cost-and-Usage-Spec/FOCUS_Spec, specification/columns): BilledCost,
  ListCost, ChargeCategory, ProviderName, ServiceName, SkuMeter (1.2) or AWS's x_UsageType (1.0),
  ChargeDescription, RegionId, PricingQuantity, PricingUnit, BillingCurrency, BillingPeriodStart.
- AWS CUR 2.0 (AWS Data Exports, "Cost and Usage Report (CUR) 2.0" table dictionary): bill_*,
  line_item_*, pricing_*, product_region_code, and discount_total_discount, where the export
  keeps discounts in columns (without "manual discount compatibility", under which they are
  separate EdpDiscount / PrivateRateDiscount line items instead).
- Google Cloud's standard usage cost export to BigQuery (Cloud Billing docs, "Structure of
  Standard data export"): service.description, sku.description, location.region,
  usage.amount_in_pricing_units, usage.pricing_unit, cost, cost_at_list, currency, cost_type,
  invoice.month (YYYYMM), credits[] {name, amount, type}.
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
)
GROUP_BY = "GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 14"


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

    def query(self, columns: frozenset[str] | None = None) -> str:
        """The normalised aggregate over `bill`; `columns` present (None: all of them, as in a
        BigQuery table of the format)."""
        have = set(self.required) | set(self.optional) if columns is None else set(columns)
        return QUERIES[self.name](have)


def _opt(have: set[str], column: str, otherwise: str = "NULL") -> str:
    return f"b.{column}" if column in have else otherwise


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
    kind = (
        "CASE b.ChargeCategory WHEN 'Usage' THEN 'usage' WHEN 'Credit' THEN 'credit'"
        " WHEN 'Tax' THEN 'tax' ELSE 'other' END"
    )
    if "ChargeClass" in have:
        kind = f"CASE WHEN b.ChargeClass = 'Correction' THEN 'other' ELSE {kind} END"
    return f"""
SELECT
  SUBSTR(CAST(b.BillingPeriodStart AS VARCHAR), 1, 7) AS month,
  CASE
    WHEN LOWER(b.ProviderName) IN ('aws', 'amazon web services') THEN 'aws'
    WHEN LOWER(b.ProviderName) IN ('google cloud', 'google cloud platform', 'gcp', 'google')
      THEN 'gcp'
    WHEN LOWER(b.ProviderName) = 'fastly' THEN 'fastly'
    ELSE b.ProviderName
  END AS provider,
  COALESCE(b.ServiceName, '') AS service,
  CASE WHEN b.ChargeCategory = 'Usage' THEN {usage} ELSE '' END AS usage,
  COALESCE({region}, '') AS region,
  COALESCE(b.PricingUnit, '') AS unit,
  {kind} AS kind,
  CASE WHEN b.ChargeCategory = 'Credit' THEN {description} ELSE '' END AS credit,
  b.BillingCurrency AS currency,
  SUM(CAST(b.PricingQuantity AS DOUBLE)) AS quantity,
  SUM(CAST(b.BilledCost AS DOUBLE)) AS cost,
  SUM(CAST({_opt(have, "ListCost")} AS DOUBLE)) AS list_cost,
  COUNT(*) AS line_count,
  {sku} AS sku
FROM bill AS b
{GROUP_BY}"""


# CUR line item types (AWS Data Exports, line_item_line_item_type) by what they are to the model
CUR_USAGE = "'Usage', 'DiscountedUsage', 'SavingsPlanCoveredUsage'"
CUR_DISCOUNT = (
    "'EdpDiscount', 'PrivateRateDiscount', 'BundledDiscount', 'Discount', "
    "'DistributorDiscount', 'SavingsPlanNegation'"
)


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
    return f"""
SELECT
  SUBSTR(CAST(b.bill_billing_period_start_date AS VARCHAR), 1, 7) AS month,
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
  SUM(CAST(b.line_item_unblended_cost AS DOUBLE) + COALESCE(CAST({discount} AS DOUBLE), 0))
    AS cost,
  SUM(CAST({_opt(have, "pricing_public_on_demand_cost")} AS DOUBLE)) AS list_cost,
  COUNT(*) AS line_count,
  '' AS sku
FROM bill AS b
{GROUP_BY}"""


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
  SUM(b.cost) AS cost,
  SUM({_opt(have, "cost_at_list")}) AS list_cost,
  COUNT(*) AS line_count,
  '' AS sku
FROM bill AS b
{GROUP_BY}
UNION ALL
SELECT{keys}
  CASE WHEN c.type = 'PROMOTION' THEN 'credit' ELSE 'discount' END AS kind,
  CASE WHEN c.type = 'PROMOTION' THEN COALESCE(c.name, '') ELSE '' END AS credit,
  b.currency AS currency,
  0 AS quantity,
  SUM(c.amount) AS cost,
  NULL AS list_cost,
  COUNT(*) AS line_count,
  '' AS sku
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
  '' AS sku
FROM bill AS b
CROSS JOIN json_each(json_extract(b.json, '$.data.total')) AS r
CROSS JOIN (VALUES ('bandwidth'), ('requests')) AS m(metric)
{GROUP_BY}"""


QUERIES = {"FOCUS": _focus, "AWS CUR 2.0": _cur, "Google Cloud billing export": _gcp,
           "Fastly usage": _fastly}  # fmt: skip

FOCUS = BillFormat(
    "FOCUS",
    "BilledCost",
    ("BilledCost", "BillingCurrency", "BillingPeriodStart", "ChargeCategory", "ProviderName",
     "ServiceName", "PricingQuantity", "PricingUnit"),
    ("ListCost", "RegionId", "SkuMeter", "ChargeDescription", "ChargeClass"),
    ("BilledCost", "ListCost", "PricingQuantity"),
    "BillingPeriodStart",  # FOCUS 1.x: an ISO 8601 date-time
    True,
    "BillingCurrency",
)  # fmt: skip
CUR = BillFormat(
    "AWS CUR 2.0",
    "line_item_line_item_type",
    ("bill_billing_period_start_date", "line_item_line_item_type", "line_item_product_code",
     "line_item_usage_type", "line_item_usage_amount", "line_item_unblended_cost",
     "line_item_currency_code", "line_item_line_item_description", "pricing_unit",
     "product_region_code"),
    ("pricing_public_on_demand_cost", "discount_total_discount", "line_item_operation"),
    ("line_item_usage_amount", "line_item_unblended_cost", "pricing_public_on_demand_cost",
     "discount_total_discount"),
    "bill_billing_period_start_date",  # a timestamp (Parquet), ISO 8601 in a CSV export
    True,
    "line_item_currency_code",
)  # fmt: skip
GCP = BillFormat(
    "Google Cloud billing export",
    "cost_type",
    ("service", "sku", "location", "usage", "cost", "currency", "cost_type", "invoice",
     "credits"),
    ("cost_at_list",),
    ("cost", "cost_at_list", "usage_amount_in_pricing_units"),
    "invoice.month",  # YYYYMM
    False,
    "currency",
)  # fmt: skip
FASTLY = BillFormat("Fastly usage", "json", ("json",), period="meta.from")
FORMATS = {f.name: f for f in (FOCUS, CUR, GCP, FASTLY)}
BIGQUERY_FORMATS = {"gcp": GCP, "focus": FOCUS, "cur": CUR}
