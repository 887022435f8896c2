"""Bill files in: each recognised by its columns, queried in place with DuckDB (the normalised
aggregate of `formats.py`), so only the groups, never the rows, reach Python. The same query runs
in BigQuery where the bill lives there.

Every way a file can be wrong (missing, unreadable, corrupt Parquet, a missing column, money in
another currency, a row of no billing period) is one InputError naming the file. Bills of several
months come back one per month (`by_month`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from costmodel.errors import InputError
from costmodel.model.bill import Bill, BillLine
from costmodel.model.limits import EXACT_USD, MAX_BYTES
from costmodel.readers.bills.cells import (
    check_cells,
    refuse_table,
    sql_text,
    table_check_sql,
    table_checks,
)
from costmodel.readers.bills.formats import (
    BIGQUERY_FORMATS,
    CUR,
    FASTLY,
    FOCUS,
    GCP,
    NORMALISED,
    BillFormat,
)
from costmodel.readers.bills.ragged import refuse_ragged
from costmodel.readers.bills.together import Read, not_twice, once, whole_months

if TYPE_CHECKING:
    import duckdb

CURRENCY = "USD"  # the catalog's; a bill in another currency cannot be set against it
MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")
# The flat CSV a user saves from BigQuery (the export itself cannot be extracted to CSV: it has
# nested and repeated fields). Made with:
#   SELECT * EXCEPT (service, sku, location, usage, invoice, credits, ...),
#     service.description AS service_description, sku.description AS sku_description,
#     location.location AS location_location, location.region AS location_region,
#     usage.amount_in_pricing_units AS usage_amount_in_pricing_units,
#     usage.pricing_unit AS usage_pricing_unit, invoice.month AS invoice_month,
#     TO_JSON_STRING(credits) AS credits
#   FROM `PROJECT.DATASET.gcp_billing_export_v1_...`
GCP_FLAT = (
    "service_description",
    "sku_description",
    "location_location",
    "location_region",
    "usage_amount_in_pricing_units",
    "usage_pricing_unit",
    "invoice_month",
    "cost",
    "currency",
    "cost_type",
    "credits",
)
# A column type of its own for credits: DuckDB infers JSON[] when no row has one (a month with
# no free tier, discount or promotion), on which the credits' SUM cannot bind.
GCP_CREDITS = "STRUCT(name VARCHAR, amount DOUBLE, type VARCHAR)[]"
GCP_NESTED = """
SELECT
  {'description': service_description} AS service,
  {'description': sku_description} AS sku,
  {'location': location_location, 'region': location_region} AS location,
  {'amount_in_pricing_units': usage_amount_in_pricing_units,
   'pricing_unit': usage_pricing_unit} AS usage,
  cost, currency, cost_type, {kept}
  {'month': CAST(invoice_month AS VARCHAR)} AS invoice,
  from_json(COALESCE(NULLIF(credits, ''), '[]'),
            '[{"name": "VARCHAR", "amount": "DOUBLE", "type": "VARCHAR"}]') AS credits
FROM flat"""


def read_bills(paths: Sequence[Path], month: str | None = None) -> Bill:
    """The bills in `paths`, of one month (`month`, or the only one they cover), unmapped."""
    return one_month(bill_lines(paths, month), month, tuple(str(p) for p in paths))


def bill_lines(paths: Sequence[Path], month: str | None = None) -> list[BillLine]:
    """Every file's lines, of every month (`month` checked for its form first)."""
    _check_month(month)
    return checked_lines([(str(path), *_read_file(path)) for path in once(paths, Path.resolve)],
                         month)  # fmt: skip


def checked_lines(read: Read, month: str | None) -> list[BillLine]:
    """The lines of every source's groups (a file's or a BigQuery table's). Refused: two
    sources of the same rows, two formats' exports of one provider's month (each would count
    the month twice), and a month the usage covers only part of."""
    not_twice(read)
    whole_months(read, month)
    return [line for where, fmt, groups in read for line in to_lines(where, groups, fmt)]


def _check_month(month: str | None) -> None:
    if month is not None and not MONTH.fullmatch(month):
        raise InputError("--month", repr(month), "expected a month, YYYY-MM")


def by_month(
    lines: Sequence[BillLine], month: str | None, where: tuple[str, ...]
) -> tuple[Bill, ...]:
    """`month`'s bill, or one bill per month the lines have, in order."""
    if month is not None:
        return (one_month(lines, month, where),)
    dated = sorted({line.month for line in lines if line.month})
    if len(dated) <= 1:
        return (one_month(lines, None, where),)
    return tuple(Bill(m, where, tuple(line for line in lines if line.month == m)) for m in dated)


def one_month(lines: Sequence[BillLine], month: str | None, where: tuple[str, ...]) -> Bill:
    """The lines of `month`, or of the only month they have (every line has one: `to_lines`)."""
    dated = sorted({line.month for line in lines if line.month})
    if month is None:
        if len(dated) > 1:
            raise InputError(
                ", ".join(where),
                "month",
                f"the bills cover {', '.join(dated)}; choose one with --month YYYY-MM",
            )
        if not dated:
            raise InputError(", ".join(where), "month", "no month in the bill; give --month")
        month = dated[0]
    elif dated and month not in dated:
        raise InputError(
            "--month", month, f"no bill rows in it; the bills cover {', '.join(dated)}"
        )
    return Bill(month, where, tuple(line for line in lines if line.month == month))


def _read_file(path: Path) -> tuple[BillFormat, list[dict[str, Any]]]:
    """The file's format and its normalised groups."""
    from costmodel.readers.sql import connect

    where = str(path)
    if not path.exists():
        raise InputError(where, "", "no such file")
    if not path.is_file():
        raise InputError(where, "", "not a file (expected a bill)")
    con = connect()
    con.execute("SET enable_progress_bar = false")  # a long scan must not draw on the terminal
    try:
        fmt, columns = _bind(con, path)
        _check_columns(fmt, columns, where)
        rows = con.execute(fmt.query(frozenset(columns))).fetchall()
    except InputError:
        raise
    except Exception as exc:  # DuckDB's own words: a corrupt file, a value that is no number
        refuse_ragged(path)  # a row of the wrong length beyond what DuckDB's sniffer samples
        raise InputError(where, "", f"not a readable bill ({_first_line(exc)})") from None
    finally:
        con.close()
    return fmt, [dict(zip(NORMALISED, row, strict=True)) for row in rows]


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def _bind(con: duckdb.DuckDBPyConnection, path: Path) -> tuple[BillFormat, set[str]]:
    """Creates the view `bill` over the file; returns its format and columns."""
    name = path.name.lower()
    file = sql_text(str(path))
    if name.endswith(".parquet"):
        source = f"read_parquet({file})"
    elif name.endswith((".csv", ".csv.gz")):
        _utf8(path)
        source = f"read_csv({file}, header = true)"
        # the billing period as written, not as DuckDB's sniffer guesses a date (10/01/2026
        # taken as day/month): checked below against the format's ISO 8601
        periods = set(_types(con, source)) & {f.period for f in (FOCUS, CUR) if f.iso_period}
        if periods:
            text = ", ".join(f"{sql_text(c)}: 'VARCHAR'" for c in sorted(periods))
            source = f"read_csv({file}, header = true, types = {{{text}}})"
    elif name.endswith((".json", ".jsonl", ".ndjson", ".json.gz", ".jsonl.gz", ".ndjson.gz")):
        first = con.execute(
            f"SELECT json_keys(json) FROM read_json_objects({file}) LIMIT 1"
        ).fetchone()
        if first and {"data", "meta"} <= set(first[0]):  # Fastly's usage_by_month: one document
            con.execute(f"CREATE TEMP VIEW bill AS SELECT json FROM read_json_objects({file})")
            return FASTLY, {"json"}
        source = f"read_json({file}, format = 'newline_delimited')"
    else:
        raise InputError(
            str(path), "", "unknown bill file type; expected .parquet, .csv or .jsonl (.gz)"
        )
    types = _types(con, source)
    columns = set(types)
    if GCP.marker in columns and "service" not in columns and "service_description" in columns:
        con.execute(f"CREATE TEMP VIEW flat AS SELECT * FROM {source}")
        _check_columns(GCP, columns, str(path), GCP_FLAT)
        check_cells(con, source, GCP, types, str(path))
        kept = [c for c in GCP.optional if c in columns]  # top-level columns, as exported
        view = GCP_NESTED.replace("{kept}", "".join(f"{c}, " for c in kept))
        con.execute("CREATE TEMP VIEW bill AS " + view)
        return GCP, set(GCP.required) | set(kept)
    for fmt in (FOCUS, CUR, GCP):
        if fmt.marker in columns:
            typed = f"* REPLACE (CAST(credits AS {GCP_CREDITS}) AS credits)"
            star = typed if fmt is GCP and "credits" in columns else "*"
            check_cells(con, source, fmt, types, str(path))
            con.execute(f"CREATE TEMP VIEW bill AS SELECT {star} FROM {source}")
            return fmt, columns
    if source.startswith("read_csv"):
        refuse_ragged(path)  # one ragged row makes DuckDB take the file for one column of text
    raise InputError(
        str(path),
        "",
        "not a bill indexplan reads: expected FOCUS (BilledCost, ...), AWS CUR 2.0 "
        "(line_item_...), the Google Cloud billing export (cost_type, sku, ...) or Fastly's "
        "usage_by_month JSON",
    )


def _types(con: duckdb.DuckDBPyConnection, source: str) -> dict[str, str]:
    return {c[0]: c[1] for c in con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()}


def _utf8(path: Path) -> None:
    """A CSV saved as UTF-16 (a spreadsheet's "Unicode text"): said so, not as DuckDB's parse
    error on its first line."""
    if path.name.lower().endswith(".csv"):
        with path.open("rb") as f:
            if f.read(2) in (b"\xff\xfe", b"\xfe\xff"):
                raise InputError(str(path), "encoding", "UTF-16 text; expected a UTF-8 CSV")


def _check_columns(
    fmt: BillFormat, columns: set[str], where: str, required: Sequence[str] | None = None
) -> None:
    for column in required or fmt.required:
        if column not in columns:
            raise InputError(where, column, f"missing column; {fmt.name} data has it")


def to_lines(where: str, groups: Sequence[dict[str, Any]], fmt: BillFormat) -> list[BillLine]:
    """The normalised groups as bill lines; money in any currency but USD is refused (its ISO
    4217 code in any case: `usd` is USD), and so is a row of no billing period (it would count
    in whichever month is asked)."""
    lines = []
    for g in groups:
        currency = g["currency"]
        if currency is None or not str(currency).strip():
            raise InputError(
                where, fmt.currency, f"empty on some rows; expected {CURRENCY} (ISO 4217)"
            )
        if str(currency).strip().upper() != CURRENCY:
            raise InputError(
                where,
                fmt.currency,
                f"unknown currency {currency!r}; indexplan compares bills in {CURRENCY}, "
                "the catalog's currency",
            )
        if not g["month"]:
            raise InputError(
                where,
                fmt.period,
                f"empty on {int(g['line_count'])} row(s) ({g['service']} {g['usage']}); expected "
                "each row's billing period (a row of no month cannot be counted in one)",
            )
        _check_figures(where, g)
        line = BillLine(
            file=where,
            provider=str(g["provider"]),
            service=str(g["service"]),
            usage=str(g["usage"]),
            region=str(g["region"]),
            unit=str(g["unit"]),
            kind=g["kind"],
            quantity=float(g["quantity"] or 0.0),
            cost=None if g["cost"] is None else float(g["cost"]),
            list_cost=None if g["list_cost"] is None else float(g["list_cost"]),
            rows=int(g["line_count"]),
            credit=str(g["credit"]),
            month=str(g["month"] or ""),
            sku=str(g["sku"] or ""),
        )
        lines.append(line)
    return sorted(lines, key=lambda x: (x.provider, x.kind, x.service, x.usage, x.region, x.credit))


def _check_figures(where: str, group: dict[str, Any]) -> None:
    """A group's quantity and money, finite and within what the model can value: no unit bills
    more than 10^21 of itself in a month (bytes, the smallest, at the model's limit), and no
    month's line more than EXACT_USD; and a month's usage of one meter is never below zero
    (a correction of an earlier month is not usage: FOCUS marks it ChargeClass Correction)."""
    for name, limit in (("quantity", MAX_BYTES), ("cost", EXACT_USD), ("list_cost", EXACT_USD)):
        value = group[name]
        if value is not None and not -limit <= float(value) <= limit:  # NaN fails too
            raise InputError(
                where,
                f"{group['service']} / {group['usage']} {name}",
                f"expected a finite number within ±{limit:g}, got {float(value):g}",
            )
    if group["kind"] == "usage" and float(group["quantity"] or 0.0) < 0:
        raise InputError(
            where,
            f"{group['service']} / {group['usage']} quantity",
            f"expected a month's usage, zero or more, got {float(group['quantity']):g}",
        )


def bigquery_sql(table: str, fmt: str) -> tuple[str, str]:
    """The two queries for a bill that lives in BigQuery (`PROJECT.DATASET.TABLE`), in its
    dialect: its cells' checks (cells.table_checks; "" when the format has none), then its
    normalised aggregate."""
    from costmodel.readers.sql import for_bigquery

    form = _bigquery_format(fmt)
    checks = table_checks(form)
    check = for_bigquery(table_check_sql(checks), {"bill": table}) if checks else ""
    return check, for_bigquery(form.query(), {"bill": table})


def bigquery_script(tables: Sequence[str], fmt: str) -> str:
    """Every query `bigquery_lines` runs, in order, for --dry-run."""
    parts = []
    for table in once(tables, str):
        check, groups = bigquery_sql(table, fmt)
        if check:
            parts.append(f"-- the cells' checks (a row failing one refuses the table)\n{check};")
        parts.append(f"-- the bill's groups\n{groups};")
    return "\n\n".join(parts)


def _bigquery_format(fmt: str) -> BillFormat:
    if fmt not in BIGQUERY_FORMATS:
        known = ", ".join(BIGQUERY_FORMATS)
        raise InputError("--bill-format", fmt, f"unknown for --bigquery; known: {known}")
    return BIGQUERY_FORMATS[fmt]


def bigquery_lines(tables: Sequence[str], fmt: str, month: str | None = None) -> list[BillLine]:
    """The tables' lines of every month, by the queries `bigquery_sql` prints, run in BigQuery
    with the caller's credentials; each table's rows checked as a file's are (its cells, then
    its groups with every other table's: `checked_lines`)."""
    from costmodel.readers.sql import run_bigquery

    _check_month(month)
    form = _bigquery_format(fmt)
    read = []
    for table in once(tables, str):
        check, groups = bigquery_sql(table, fmt)
        project = table.split(".")[0]
        if check:
            counts, _ = run_bigquery(check, project, dry_run=False)
            refuse_table(table, table_checks(form), counts[0] if counts else {})
        rows, _ = run_bigquery(groups, project, dry_run=False)
        read.append((table, form, rows))
    return checked_lines(read, month)
