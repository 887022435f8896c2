"""A bill file's cells checked before its aggregate runs, in one scan: the money and quantity
columns hold numbers (money within what the model values), the money a format says every row
states is there, a closed list's column holds its values, a commitment's amortised cost has its
column, and the billing period is an ISO 8601 date. Each way a file fails is one InputError
naming the file, the column, and (where a row is at fault) the first such row, counted from 1
without the header.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from costmodel.errors import InputError
from costmodel.model.limits import EXACT_USD
from costmodel.readers.bills.formats import BillFormat

if TYPE_CHECKING:
    import duckdb

# the number columns that are quantities, summed as DOUBLE (bounded per group, in read.py)
QUANTITIES = frozenset(
    {"PricingQuantity", "line_item_usage_amount", "usage_amount_in_pricing_units"}
)
NUMERIC = ("DOUBLE", "FLOAT", "REAL", "DECIMAL", "INTEGER", "BIGINT", "HUGEINT", "SMALLINT",
           "TINYINT", "UBIGINT", "UINTEGER", "USMALLINT", "UTINYINT", "UHUGEINT")  # fmt: skip
# FOCUS's BillingPeriodStart, a CUR's period: ISO 8601, a date with or without its time
ISO_DATE = r"\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])([T ].*)?"


def sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


@dataclass(frozen=True)
class Check:
    """Rows no bill may have: `rows` (SQL over the file) of `column`; `say` what is wrong, its
    `{value}` the first such row's `value` (SQL), `{rows}` how many and which is first.
    `numbered`: the line begins with the first such row's number."""

    column: str
    rows: str
    say: str
    value: str = "NULL"
    numbered: bool = False


def _checks(fmt: BillFormat, types: dict[str, str]) -> list[Check]:
    out = []
    for column in fmt.numbers:
        kind = types.get(column)
        if kind is None or kind == '"NULL"':
            continue
        number = f'TRY_CAST("{column}" AS DOUBLE)'
        if column not in QUANTITIES:  # money is summed as a decimal: finite, and bounded
            out.append(Check(column, f"NOT (ABS({number}) <= {EXACT_USD!r})",
                             f"expected a finite number within ±{EXACT_USD:g}, got {{value}}",
                             number, numbered=True))  # fmt: skip
        if not kind.startswith(NUMERIC):
            out.append(Check(column, f'"{column}" IS NOT NULL AND {number} IS NULL',
                             "expected a number (no thousands separator), got {value!r}",
                             f'CAST("{column}" AS VARCHAR)', numbered=True))  # fmt: skip
    for column, rows in fmt.stated:
        if column in types:
            out.append(Check(column, f'"{column}" IS NULL AND ({rows})',
                             "empty; expected a number", numbered=True))  # fmt: skip
    for column, values in fmt.allowed:
        if column in types:
            listed = ", ".join(sql_text(v) for v in values)
            out.append(Check(
                column, f'"{column}" IS NULL OR CAST("{column}" AS VARCHAR) NOT IN ({listed})',
                f"{{value!r}} is not a {fmt.name} value; expected {', '.join(values[:-1])} or "
                f"{values[-1]} (as written, case included)",
                f'CAST("{column}" AS VARCHAR)', numbered=True,
            ))  # fmt: skip
    for column, rows in fmt.amortised_by:
        if column not in types:
            out.append(Check(column, rows,
                             "missing column, needed by {rows}: without it the usage a "
                             "commitment covers would read as $0"))  # fmt: skip
    # the billing period (where the format writes it as a date) and each row's charge period
    # (which the month's coverage is read from: an impossible day there must not drop the row
    # from that check). A column typed as a date or a timestamp (Parquet's) holds dates: only
    # text is checked.
    dated = ((fmt.period,) if fmt.iso_period else ()) + tuple(c for c in fmt.charge_period if c)
    for column in dated:
        if column not in types or types[column].startswith(("TIMESTAMP", "DATE")):
            continue
        text = f'CAST("{column}" AS VARCHAR)'
        out.append(Check(
            column,
            # the pattern's form, and a day the calendar has (no 2026-02-30)
            f'"{column}" IS NOT NULL AND (NOT regexp_full_match({text}, '
            f"{sql_text(ISO_DATE)}) OR TRY_CAST(left({text}, 10) AS DATE) IS NULL)",
            "expected an ISO 8601 date (YYYY-MM-DD), got {value!r}", text, numbered=True,
        ))  # fmt: skip
    return out


def check_cells(
    con: duckdb.DuckDBPyConnection,
    source: str,
    fmt: BillFormat,
    types: dict[str, str],
    where: str,
) -> None:
    """Counts every check's rows in one scan; refuses the file at the first check any row
    fails (in `_checks`' order: a column's numbers before what they state)."""
    checks = _checks(fmt, types)
    if not checks:
        return
    counts = con.execute(
        "SELECT "
        + ", ".join(f"COUNT(*) FILTER (WHERE {c.rows})" for c in checks)
        + f" FROM {source}"
    ).fetchone()
    for check, count in zip(checks, counts or (), strict=True):
        if count:
            _refuse(con, source, where, check, int(count))


def _refuse(
    con: duckdb.DuckDBPyConnection, source: str, where: str, check: Check, count: int
) -> None:
    """The line for `check`, naming the first row it fails (only when refusing: one thread
    keeps a scan in the file's order)."""
    con.execute("SET threads = 1")
    con.execute("SET preserve_insertion_order = true")
    first = con.execute(
        f"SELECT n, v FROM (SELECT row_number() OVER () AS n, {check.value} AS v, "
        f"({check.rows}) AS hit FROM {source}) WHERE hit ORDER BY n LIMIT 1"
    ).fetchone()
    row, value = first if first else ("?", None)
    raise InputError(where, check.column, _said(check, count, value, f"row {row}"))


def _said(check: Check, count: int, value: object, first: str | None) -> str:
    """What `check` says of `count` rows failing it, `value` one of theirs; `first` names the
    first of them (a file's "row 3"), None where rows have no order (a BigQuery table)."""
    shown = f"{value:g}" if isinstance(value, float) else value  # a number as the bill reads
    rows = f"{count} row(s)" + (f" (the first: {first})" if first else "")
    text = check.say.format(value=shown, rows=rows)
    if check.numbered:
        more = f" (and {count - 1} more)" if count > 1 else ""
        text = f"{first}{more}: {text}" if first else f"{count} row(s): {text}"
    return text


# ---- a bill in BigQuery: the same checks, as one query run there --------------------------


def table_checks(fmt: BillFormat) -> list[Check]:
    """The checks of a BigQuery table of `fmt`: its columns are the format's, typed (BigQuery's
    FLOAT64 or NUMERIC money, TIMESTAMP periods), so only what a typed column can still get
    wrong is checked: money beyond what the model values, an empty cell a row must state, a
    value outside a closed list."""
    dated = {fmt.period, *fmt.charge_period}
    types = {
        c: "DOUBLE" if c in fmt.numbers else "TIMESTAMP" if c in dated else "VARCHAR"
        for c in (*fmt.required, *fmt.optional)
    }
    return _checks(fmt, types)


def table_check_sql(checks: list[Check]) -> str:
    """One scan of `bill` (DuckDB's dialect, translated for BigQuery by the caller): per check,
    how many rows fail it (`n0`, ...) and the least of their values (`v0`, ...), as a table's
    rows have no first."""
    return (
        "SELECT "
        + ", ".join(
            f"COUNT(*) FILTER (WHERE {c.rows}) AS n{i}, "
            f"MIN(CASE WHEN {c.rows} THEN {c.value} END) AS v{i}"
            for i, c in enumerate(checks)
        )
        + " FROM bill"
    )


def refuse_table(where: str, checks: list[Check], counts: dict[str, object]) -> None:
    """Refuses the table at the first check a row fails (`counts`: the row `table_check_sql`
    returns)."""
    for i, check in enumerate(checks):
        count = int(str(counts.get(f"n{i}") or 0))
        if count:
            raise InputError(where, check.column, _said(check, count, counts.get(f"v{i}"), None))
