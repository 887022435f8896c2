"""`indexplan actuals`: a month's estimate set against the operator's bill, and calibration."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from indexplan.cache import NO_CACHE_HELP
from indexplan.options import PRICE_BOOK_HELP, PRICES_AS_OF_HELP
from indexplan.render.output import FORMAT_HELP, OutputFormat

if TYPE_CHECKING:
    from costmodel.model.bill import Bill
    from costmodel.model.estimate import Estimate
    from costmodel.model.scenario import Scenario
    from costmodel.planning.actuals import Reconciliation
    from costmodel.planning.calibrate import Calibration
    from indexplan.render import Report
    from indexplan.render.report import Notes, Table

CSV_KEYS = (
    "section",
    "item",
    "provider",
    "unit",
    "estimated_quantity",
    "billed_quantity",
    "estimated_usd",
    "billed_usd",
    "variance_usd",
    "quantity_variance_usd",
    "rate_variance_usd",
    "note",
)


def actuals(
    bills: list[Path] = typer.Argument(
        None,
        metavar="[BILL]...",
        help="Bill files: FOCUS 1.0-1.2 (CSV or Parquet), AWS CUR 2.0 (Parquet), the Google "
        "Cloud billing export (JSONL, Parquet, or the flat CSV), Fastly's usage_by_month JSON.",
    ),
    stack: str = typer.Option(
        ..., "--stack", help="The stack the bill is for: a name from stacks/ or a stack file."
    ),
    scenario: str | None = typer.Option(
        None,
        "--scenario",
        "-s",
        help="The traffic to estimate the month with (your own forecast: the variance is then "
        "how the month differed from it). Default: the month's traffic as the bill shows it "
        "(what --write-scenario writes), figures the bill does not show from the shipped "
        "scenario nearest the month; so the variance is the bill's prices and what the model "
        "leaves out. Needed when the bill shows no CDN traffic.",
    ),
    month: str | None = typer.Option(
        None,
        "--month",
        metavar="YYYY-MM",
        help="The month to compare. Default: every month the bills cover, each reported on its "
        "own and the span summed; calibration then uses their average month.",
    ),
    prices_as_of: str | None = typer.Option(
        None,
        "--prices-as-of",
        metavar="DATE",
        help=PRICES_AS_OF_HELP.replace("the scenario's as_of", "the first day of the month"),
    ),
    price_book: Path | None = typer.Option(
        None, "--price-book", metavar="FILE", help=PRICE_BOOK_HELP
    ),
    format: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f", help=FORMAT_HELP),
    write_scenario: Path | None = typer.Option(
        None,
        "--write-scenario",
        metavar="FILE",
        help="Write the bill's traffic as a scenario (YAML) for the next estimate; every "
        "figure the bill does not show stays the -s scenario's (else the shipped one's).",
    ),
    write_price_book: Path | None = typer.Option(
        None,
        "--write-price-book",
        metavar="FILE",
        help="Write the bill's effective rates as a price book (YAML).",
    ),
    bigquery: list[str] | None = typer.Option(
        None,
        "--bigquery",
        metavar="PROJECT.DATASET.TABLE",
        help="Query the bill where it lives, in BigQuery (needs `pip install "
        "'indexplan[bigquery]'` and Google credentials), instead of BILL files; repeat it for "
        "tables of other billing accounts.",
    ),
    bill_format: str = typer.Option(
        "gcp",
        "--bill-format",
        metavar="gcp|focus|cur",
        help="With --bigquery: the table's format (the billing export, a FOCUS view or CUR).",
    ),
    dry_run: bool = typer.Option(
        False, "--dry-run", help="With --bigquery: print the queries and run nothing."
    ),
    no_cache: bool = typer.Option(False, "--no-cache", help=NO_CACHE_HELP),
) -> None:
    """Reads the bills in place with DuckDB (a busy account's CUR is gigabytes; only the sums per
    usage type reach Python), maps each row to a catalog price (usage type or SKU, by the data
    in costmodel/readers/bills/mapping.yaml) and reports, per price, the estimated and billed
    quantity and cost, and the variance split into quantity (usage differs, valued on the
    estimate's own tiered prices) and rate (price differs: the rest), which add up. Then what
    was billed but not modelled (never dropped), what was modelled but not billed, the credits
    against the stack's sponsors, and a verdict.

    Examples:

        indexplan actuals examples/cur.parquet --stack all-aws --price-book examples/contract.yaml

        indexplan actuals fastly.json gcp-export.jsonl aws-cur.parquet --stack pypi-2021 \\
            -s pypi-2021

        indexplan actuals focus.csv --stack all-aws --month 2024-03 --format json

    A bill of several months (a quarter's CUR) gives each month's report and their span's
    (JSON: the span's figures under the usual keys, plus `span` and `months`, one report per
    month); --write-price-book then writes the months' effective rates from their totals
    (the rate of their average month: each month's free allowance taken out once a month),
    and --write-scenario their average month's traffic.

    Calibrate: the bill's traffic as a scenario and its effective rates (per billed unit, an
    hourly price per billed hour) as a price book, with which the next estimate reproduces the
    billed month to the cent where the model's quantities are the bill's (it prices 730 hours a
    month; the check names each difference). A price the month did not bill, or billed only
    inside a free allowance (CloudFront's 1 TB out), has no effective rate: it is left out of
    the book (said on stderr and in the book), never written as 0:

        indexplan actuals examples/cur.parquet --stack all-aws --month 2024-03 \\
            -s examples/march-2024.yaml --price-book examples/contract.yaml \\
            --write-scenario march.yaml --write-price-book march-rates.yaml

        indexplan estimate all-aws -s march.yaml --price-book march-rates.yaml

    Where the bill already lives in BigQuery (--dry-run prints the queries and runs nothing;
    the first checks the table's cells as a file's are checked, the second sums it):

        indexplan actuals --bigquery my-project.billing.gcp_billing_export_v1_0123 \\
            --stack all-gcp --month 2026-05 --dry-run
    """
    from costmodel.errors import InputError
    from costmodel.files.output import check_output
    from indexplan.paths import named_files, require_file

    if not bigquery and (dry_run or bill_format != "gcp"):
        raise InputError("--dry-run" if dry_run else "--bill-format", "", "only with --bigquery")
    if bool(bills) == bool(bigquery):
        both = ", not both" if bills else ""
        raise InputError("actuals", "BILL", f"give BILL files or --bigquery TABLE{both}")
    for bill in bills or []:
        require_file(bill)
    inputs = [*(bills or []), *named_files(stack, scenario), price_book]
    outputs = {"--write-scenario": write_scenario, "--write-price-book": write_price_book}
    for option, path in outputs.items():
        if path is not None:
            check_output(path, option, inputs)
    if (
        write_scenario
        and write_price_book
        and write_scenario.resolve() == write_price_book.resolve()
    ):
        raise InputError(
            "--write-price-book", str(write_price_book), "the same file as --write-scenario"
        )
    if bigquery and dry_run:
        from costmodel.readers.bills.read import bigquery_script

        typer.echo(bigquery_script(bigquery, bill_format))
        return
    keys: tuple[str, ...]
    months, calibration = _run(
        bills, bigquery, bill_format, stack, scenario, month, prices_as_of, price_book,
        bool(write_scenario or write_price_book), not no_cache, inputs,
    )  # fmt: skip
    if calibration is not None:
        _write(write_scenario, "--write-scenario", calibration.scenario, "scenario", inputs)
        left_out = [f"# {line}\n" for line in _left_out(calibration)]
        _write(
            write_price_book, "--write-price-book", calibration.price_book, "price book", inputs,
            "".join(left_out),
        )  # fmt: skip
        if write_price_book is not None and left_out:
            typer.echo(f"indexplan actuals: --write-price-book: {_left_out(calibration)[0]}: "
                       f"{'; '.join(calibration.left_out)}", err=True)  # fmt: skip
    from indexplan.render.output import emit

    if len(months) == 1:
        (one,) = months
        data = _month_data(one)
        rows, keys = csv_rows(one.result), tuple(CSV_KEYS)
        shown = partial(report, one.result, calibration, one.from_bill)
    else:
        from costmodel.planning.actuals import span as whole

        result = whole([m.result for m in months])
        data = {**result.to_dict(), "span": _span_data(months),
                "months": [_month_data(m) for m in months]}  # fmt: skip
        rows = [{**row, "month": m.result.month} for m in months for row in csv_rows(m.result)]
        keys = (*CSV_KEYS, "month")  # each month's rows, the span's being their sum
        shown = partial(span_report, result, months, calibration)
    if calibration is not None:
        data["calibration"] = {
            "figures": list(calibration.figures),
            "checks": list(calibration.checks),
            "reproduces_bill": calibration.reproduces,
            "left_out_of_price_book": list(calibration.left_out),
        }
    emit(format, shown, data, keys, rows)


def _month_data(month: Month) -> dict[str, Any]:
    data = month.result.to_dict()
    if month.from_bill:
        data["scenario_from_bill"] = list(month.from_bill)
    return data


def _span_data(months: list[Month]) -> dict[str, Any]:
    billed = [m.result.month for m in months]
    return {"from": billed[0], "to": billed[-1], "months": billed,
            "months_without_bill": _gaps(billed)}  # fmt: skip


def _gaps(billed: list[str]) -> list[str]:
    """The months between the first and the last billed that no bill row is of."""
    year, month = (int(p) for p in billed[0].split("-"))
    out = []
    while (label := f"{year:04d}-{month:02d}") < billed[-1]:
        if label not in billed:
            out.append(label)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def _runs(months: list[str]) -> str:
    """Consecutive months as one run: `2020-01 to 2024-12, 2025-03`."""
    runs: list[list[str]] = []
    for m in months:
        if runs and _gaps([runs[-1][-1], m]) == [] and m != runs[-1][-1]:
            runs[-1].append(m)
        else:
            runs.append([m])
    return ", ".join(r[0] if len(r) == 1 else f"{r[0]} to {r[-1]}" for r in runs)


def _run(
    bills: list[Path] | None,
    bigquery: list[str] | None,
    bill_format: str,
    stack: str,
    scenario: str | None,
    month: str | None,
    prices_as_of: str | None,
    price_book: Path | None,
    calibrate: bool,
    use_cache: bool,
    inputs: list[Path | None],
) -> tuple[list[Month], Calibration | None]:
    """Each month the bills cover (or --month), estimated and reconciled; and, asked for, the
    calibration: of the month, or of the months' average month (`calibrate.mean_month`)."""
    from costmodel.model.prices import default_catalog
    from costmodel.model.scenario import load_scenario
    from costmodel.readers.bills.mapping import map_bill
    from costmodel.readers.bills.read import bigquery_lines, bill_lines, by_month
    from indexplan.graph_source import graph_source
    from indexplan.options import load_price_book, parse_pricing_date
    from indexplan.paths import resolve_scenario

    # every small input checked before the bill, which may be gigabytes, is read
    given_as_of = parse_pricing_date(prices_as_of, "--prices-as-of") if prices_as_of else None
    scn = load_scenario(resolve_scenario(scenario)) if scenario is not None else None
    source = graph_source(stack, None, None, use_cache)
    inputs.append(source.price_book)  # the stack's own book: no output may replace it either
    book = load_price_book(price_book, source.price_book)
    where: tuple[str, ...]
    if bigquery:
        lines, where = bigquery_lines(bigquery, bill_format, month), tuple(bigquery)
    else:
        lines, where = bill_lines(bills or [], month), tuple(str(b) for b in bills or [])
    catalog = default_catalog()
    mapped = [map_bill(raw, catalog) for raw in by_month(lines, month, where)]
    several = len(mapped) > 1
    months = [_month(source, scn, bill, book, given_as_of, None, several) for bill in mapped]
    if not calibrate:
        return months, None
    from costmodel.planning.calibrate import calibrate as calibrated
    from costmodel.planning.calibrate import mean_month

    if len(mapped) == 1:
        bill, base = mapped[0], months[0]
    else:  # the months' average month, at the prices of the span's first day
        bill = mean_month(mapped)
        base = _month(source, scn, bill, book, given_as_of, _first(mapped[0].month), True)
    common = _common(source, given_as_of or _first(mapped[0].month))
    # without -s, the bill's figures scale the shipped scenario nearest the month (as the
    # month's own traffic did), which the written scenario names for the figures it keeps
    scaled, its_estimate = base.shipped or (base.scenario, base.estimate)
    return months, calibrated(
        source.graph, scaled, its_estimate, bill, shipped=base.shipped is not None, **common
    )


@dataclass(frozen=True)
class Month:
    """A month (or the span's average month) as estimated and reconciled."""

    result: Reconciliation
    estimate: Estimate
    scenario: Scenario
    from_bill: tuple[str, ...]  # without --scenario: where its traffic figures came from
    # without --scenario: the shipped scenario the bill's figures scaled, and its estimate
    shipped: tuple[Scenario, Estimate] | None = None


def _first(month: str) -> dt.date:
    return dt.date.fromisoformat(f"{month}-01")


def _common(source: Any, as_of: dt.date) -> dict[str, Any]:
    return {"stack": source.name, "as_of": as_of, "regions": source.regions,
            "sponsors": source.sponsors}  # fmt: skip


def _month(
    source: Any,
    scn: Scenario | None,
    bill: Bill,
    book: Any,
    given_as_of: dt.date | None,
    first: dt.date | None = None,
    several: bool = False,
) -> Month:
    """`bill`'s month estimated (with `scn`, else the bill's own traffic) and reconciled
    (`several`: one of several months, named in an error)."""
    from costmodel.model.estimate import estimate
    from costmodel.planning.actuals import reconcile

    first = first or _first(bill.month)
    common = _common(source, given_as_of or first)
    where = "--prices-as-of" if given_as_of else f"month {bill.month}"
    from_bill: tuple[str, ...] = ()
    shipped = None
    if scn is None:
        which = f" of {bill.month}" if several else ""
        scn, from_bill, shipped = _bill_traffic(
            source.graph, bill, first, book, where, common, which
        )
    est = estimate(source.graph, scn, price_book=book, as_of_where=where, **common)
    return Month(reconcile(est, bill, source.sponsors), est, scn, from_bill, shipped)


def _bill_traffic(
    graph: Any,
    bill: Bill,
    first: dt.date,
    book: Any,
    where: str,
    common: dict[str, Any],
    which: str = "",
) -> tuple[Scenario, tuple[str, ...], tuple[Scenario, Estimate]]:
    """Without --scenario: the month's traffic as the bill shows it (as --write-scenario
    derives it), each figure it does not show the nearest shipped scenario's, what came from
    where, and that shipped scenario with its estimate. A bill that shows no CDN traffic gives
    no scenario: --scenario is needed."""
    from costmodel.errors import InputError
    from costmodel.model.estimate import estimate
    from costmodel.planning.calibrate import bill_scenario, unshown

    base = nearest_scenario(first)
    est = estimate(graph, base, price_book=book, as_of_where=where, **common)
    _, scn, figures = bill_scenario(
        base, est, bill, stack=common["stack"], as_of=common["as_of"], shipped=True
    )
    if not any(f.startswith("egress from") for f in figures):
        raise InputError(
            ", ".join(bill.files),
            "--scenario",
            f"the bill{which} shows no CDN traffic the stack's model measures, so the month's "
            "traffic cannot come from it; give it with -s SCENARIO",
        )
    kept = unshown(base, figures)
    said = (
        f"figures the bill does not show: scenario {base.name}'s, the shipped scenario nearest "
        f"{bill.month} (give your own with -s): {'; '.join(kept)}"
    )
    return scn, (*figures, said), (base, est)


def nearest_scenario(first: dt.date) -> Scenario:
    """The shipped scenario whose as_of is nearest the bill's month."""
    from costmodel.model.scenario import load_scenario
    from indexplan.paths import SCENARIOS_DIR, scenario_names

    shipped = [load_scenario(SCENARIOS_DIR / f"{n}.yaml") for n in scenario_names()]
    dated = [s for s in shipped if s.as_of is not None]
    return min(dated, key=lambda s: abs(((s.as_of or first) - first).days))


def _left_out(calibration: Calibration) -> list[str]:
    """The book's word on the prices it leaves out (none: no words)."""
    if not calibration.left_out:
        return []
    return [
        f"left out {len(calibration.left_out)} price(s) with no effective rate: not billed, or "
        "billed only inside a free allowance (the list or your own price book prices them)",
        *calibration.left_out,
    ]


def _write(
    path: Path | None,
    option: str,
    doc: dict[str, Any],
    what: str,
    inputs: list[Path | None],
    comment: str = "",
) -> None:
    import yaml

    from costmodel.files.output import write_output

    if path is None:
        return
    header = f"# A {what} written by `indexplan actuals` from a billed month.\n" + comment
    text = header + yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=100)
    write_output(path, option, text, inputs)


def report(
    result: Reconciliation, calibration: Calibration | None, from_bill: tuple[str, ...] = ()
) -> Report:
    from indexplan.render import Notes, Report

    sections = _sections(result, from_bill)
    if calibration is not None:
        sections.append(Notes("Calibration", [*calibration.figures, *calibration.checks]))
    title = (
        f"Actuals: stack {result.stack}, scenario {result.scenario}, month {result.month}, "
        f"prices as of {result.prices_as_of} (USD)"
    )
    return Report(title, sections)


def span_report(
    result: Reconciliation, months: list[Month], calibration: Calibration | None
) -> Report:
    """Several months: the span's verdict and each month's totals, the span's lines summed,
    then each month's report as one month's is; the calibration of their average month."""
    from dataclasses import replace

    from indexplan.render import Column, Notes, Report, Table, money, signed_money

    billed = [m.result.month for m in months]
    said = [f"Months billed: {', '.join(billed)}."]
    if gaps := _gaps(billed):
        said.append(f"No bill rows of {_runs(gaps)}: the span's figures are the months "
                    "billed.")  # fmt: skip
    totals = []
    for m in months:
        money_of = {f"{k}_usd": v / 100 for k, v in m.result.totals().items()}
        shares = {"covered": _percent(m.result.covered_share),
                  "matched": _percent(m.result.matched_share)}  # fmt: skip
        totals.append({**money_of, "month": m.result.month, **shares})
    columns = [
        Column("Month", "month", no_wrap=True),
        Column("Billed for usage", "billed_usage_usd", numeric=True, fmt=money),
        Column("Estimated", "estimated_in_components_usd", numeric=True, fmt=money),
        Column("Billed", "billed_in_components_usd", numeric=True, fmt=money),
        Column("Variance", "variance_usd", numeric=True, fmt=signed_money),
        Column("Quantity", "quantity_variance_usd", numeric=True, fmt=signed_money),
        Column("Rate", "rate_variance_usd", numeric=True, fmt=signed_money),
        Column("Covered", "covered", numeric=True),
        Column("Matched", "matched", numeric=True),
    ]
    said.append("Covered: the share of the month's bill for usage the prices the model "
                "covers billed; matched: the share the estimate matches, price by price (the "
                "billed cost less its variance's size).")  # fmt: skip
    sections: list[Table | Notes] = [
        Notes("Span", said),
        Table("Each month: components the estimate prices", columns, totals),
    ]
    parts = [(m.result.month, _sections(m.result, m.from_bill)) for m in months]
    for label, part in [(result.month, _sections(result)), *parts]:
        sections += [replace(section, title=f"{label}: {section.title}") for section in part]
    if calibration is not None:
        sections.append(Notes(f"Calibration (an average month of {result.month})",
                              [*calibration.figures, *calibration.checks]))  # fmt: skip
    title = (
        f"Actuals: stack {result.stack}, months {result.month} ({len(months)}), "
        f"prices as of {result.prices_as_of} (USD)"
    )
    return Report(title, sections)


def _sections(result: Reconciliation, from_bill: tuple[str, ...] = ()) -> list[Table | Notes]:
    """One month's report (or a span's), calibration aside."""
    from indexplan.render import Column, Notes, Table, compact, money, signed_money

    def maybe(value: float | None) -> str:
        """-$0.60 as everywhere else (signed_money's sign), $5.00 unsigned."""
        return "n/a" if value is None else signed_money(value) if value < 0 else money(value)

    from costmodel.planning.actuals import COST_BASIS_NOTE

    verdict = [result.verdict]
    if result.invoice_cents is not None:
        verdict.append(f"Invoice total: {maybe(result.invoice_cents / 100)} ({INVOICE}).")
        verdict.append(COST_BASIS_NOTE)
    sections: list[Table | Notes] = [Notes("Verdict", verdict)]
    if from_bill:
        sections.append(Notes("Traffic from the bill (no --scenario)", list(from_bill)))
    if result.book_notes:
        sections.append(Notes("Price book", list(result.book_notes)))
    columns = [
        Column("Price", "price"),
        Column("Estimated / billed quantity", "quantities"),
        Column("Estimated", "estimated_usd", numeric=True, fmt=money),
        Column("Billed", "billed_usd", numeric=True, fmt=maybe),
        Column("Variance", "variance_usd", numeric=True, fmt=signed_money),
        Column("Quantity", "quantity_variance_usd", numeric=True, fmt=signed_money),
        Column("Rate", "rate_variance_usd", numeric=True, fmt=signed_money),
    ]
    for provider in sorted({c.key.provider for c in result.components}):
        mine = [c for c in result.components if c.key.provider == provider]
        rows = [
            {
                **c.to_dict(),
                "price": " ".join(str(k) for k in (c.key.service, c.key.dimension, c.key.variant,
                                                    c.key.zone) if k),
                "quantities": f"{compact(c.estimated_quantity)} / "
                f"{compact(c.billed_quantity)} {c.unit}",
            }
            for c in mine
        ]  # fmt: skip
        priced = [c for c in mine if c.billed_cents is not None]
        footer: dict[str, Any] = {"price": f"{provider} subtotal"}
        if priced:
            footer |= {
                "estimated_usd": sum(c.estimated_cents for c in priced) / 100,
                "billed_usd": sum(c.billed_cents or 0 for c in priced) / 100,
                "variance_usd": sum(c.total_variance_cents or 0 for c in priced) / 100,
                "quantity_variance_usd": sum(c.quantity_variance_cents or 0 for c in priced) / 100,
                "rate_variance_usd": sum(c.rate_variance_cents or 0 for c in priced) / 100,
            }
        else:  # usage only: the quantity difference at the estimate's rates
            footer["quantity_variance_usd"] = (
                sum(c.quantity_variance_cents or 0 for c in mine) / 100
            )
        sections.append(Table(f"{provider}: estimated against billed", columns, rows, [footer]))
    if result.billed_not_modelled:
        sections.append(
            Table(
                "Billed but not modelled",
                [
                    Column("Provider", "provider"),
                    Column("Billed", "billed"),
                    Column("Quantity", "shown"),
                    Column("Cost", "billed_usd", numeric=True, fmt=maybe),
                    Column("Why", "reason"),
                ],
                [
                    {**u.to_dict(), "shown": f"{compact(u.quantity)} {u.unit}".strip()}
                    for u in result.billed_not_modelled
                ],
            )
        )
    if result.modelled_not_billed:
        sections.append(
            Table(
                "Modelled but not billed",
                [
                    Column("Price", "price"),
                    Column("Estimated quantity", "shown"),
                    Column("Estimated", "estimated_usd", numeric=True, fmt=money),
                ],
                [
                    {**c.to_dict(), "shown": f"{compact(c.estimated_quantity)} {c.unit}"}
                    for c in result.modelled_not_billed
                ],
            )
        )
    if result.credits:
        sections.append(
            Table(
                "Credits against the stack's sponsors",
                [
                    Column("Provider", "provider"),
                    Column("Sponsor", "sponsor"),
                    Column("Estimated", "estimated_usd", numeric=True, fmt=money),
                    Column("Billed credit", "billed_usd", numeric=True, fmt=maybe),
                    Column("Status", "status"),
                ],
                [c.to_dict() for c in result.credits],
            )
        )
    notes = [f"{u.provider} {u.what} ({u.kind}): {maybe(usd_or_none(u.cents))}"
             for u in result.other_charges]  # fmt: skip
    if result.not_in_bills:
        notes.append(f"not in these bills: {', '.join(result.not_in_bills)} (not compared)")
    if notes:
        sections.append(Notes("Other charges and coverage", notes))
    return sections


INVOICE = "usage after discounts, tax, refunds and other charges, less credits"


def _percent(share: float | None) -> str:
    return "n/a" if share is None else f"{share:.1%}"


def usd_or_none(cents: int | None) -> float | None:
    return None if cents is None else cents / 100


def csv_rows(result: Reconciliation) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for section, items in (("component", result.components),
                           ("modelled_not_billed", result.modelled_not_billed)):  # fmt: skip
        for c in items:
            d = c.to_dict()
            rows.append({**d, "section": section, "item": d["price"]})
    for u in result.billed_not_modelled:
        d = u.to_dict()
        rows.append({**d, "section": "billed_not_modelled", "item": d["billed"],
                     "billed_quantity": d["quantity"], "note": d["reason"]})  # fmt: skip
    # tax, refunds, purchases, fees, amortisation: without them the invoice row would not be
    # the sum of the rows above it (less the credits, given as positive figures)
    for u in result.other_charges:
        d = u.to_dict()
        rows.append({**d, "section": "other", "item": d["billed"], "note": d["kind"]})
    for credit in result.credits:
        d = credit.to_dict()
        rows.append({**d, "section": "credit", "item": d["sponsor"], "note": d["status"]})
    if result.invoice_cents is not None:
        rows.append({"section": "invoice", "item": "invoice total", "provider": "",
                     "billed_usd": result.invoice_cents / 100, "note": INVOICE})  # fmt: skip
    return rows
