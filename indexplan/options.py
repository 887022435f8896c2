"""Options that several commands share, and their parsing: STACK names and --scenario into
setups and a scenario, --prices-as-of into a date, and --chart checked before any work is done."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

    from costmodel.model.estimate import Estimate
    from costmodel.model.graph import Resource
    from costmodel.model.pricebook import PriceBook
    from costmodel.model.scenario import Scenario
    from costmodel.planning.compare import Setup
    from costmodel.readers.usage_file import UsageFile
    from indexplan.graph_source import GraphSource

STACKS_HELP = (
    "Stack names from stacks/, paths to Pulumi.STACK.yaml files, or Terraform plans "
    "(PLAN.json, from `terraform show -json`). Default: every stack."
)
SCENARIO_HELP = "A scenario name from scenarios/ or a YAML path. Default: the newest PyPI one."
CHART_HELP = "Also draw the result to FILE.png or FILE.svg."
PRICES_AS_OF_HELP = (
    "Prices, price-book entries and sponsor terms in force on this date (YYYY-MM-DD). "
    "Default: the scenario's as_of."
)
PRICE_BOOK_HELP = (
    "Negotiated rates (YAML; `indexplan schema price-book`). Default: the stack's own "
    "indexplan:price_book, if any."
)


_DAY_SHAPE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")


def parse_date(value: str, option: str) -> dt.date:
    from costmodel.errors import InputError

    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        # 2021-02-30 has the form: say why it is no date rather than repeat the form
        why = f"; {value} is no day of the calendar ({exc})" if _DAY_SHAPE.match(value) else ""
        raise InputError(option, repr(value), "expected a date, YYYY-MM-DD" + why) from None


def in_calendar(day: dt.date, where: str) -> dt.date:
    """`day`, if it lies in the calendar the model prices on; else one line naming `where`."""
    from costmodel.errors import InputError
    from costmodel.model.limits import MAX_YEAR, MIN_YEAR, check_year

    try:
        check_year(day.year)
    except ValueError:  # check_year's bounds are months: a day's are its first and last days
        bounds = f"{dt.date(MIN_YEAR, 1, 1)} and {dt.date(MAX_YEAR, 12, 31)}"
        raise InputError(where, day.isoformat(), f"must be between {bounds}") from None
    return day


def parse_pricing_date(value: str, option: str) -> dt.date:
    """A date prices are selected on (--prices-as-of, --as-of): a date in the calendar."""
    return in_calendar(parse_date(value, option), option)


def load_setups(
    stacks: list[str] | None, use_cache: bool = True, price_book: Path | None = None
) -> list[Setup]:
    """The named stacks (default: all in stacks/), each built under mocks in this process
    (or read from the graph cache); a `.json` argument is a Terraform plan. Each is billed
    under `price_book` if given, else under its stack's own `indexplan:price_book`, if any
    (every book read and checked once; a plan has no book of its own)."""
    from costmodel.errors import InputError
    from costmodel.planning.compare import Setup
    from indexplan.graph_source import graph_source, terraform_plan
    from indexplan.paths import stack_names

    names = stacks or stack_names()
    twice = next((name for k, name in enumerate(names) if name in names[:k]), None)
    if twice is not None:  # two columns of one setup, one of them marked cheapest
        raise InputError("STACK", twice, "given twice; name each setup once")
    given = load_price_book(price_book)
    books: dict[Path, PriceBook | None] = {}
    setups = []
    for name in names:
        if name.endswith(".json"):
            source = terraform_plan(Path(name))
            _check_usage_known(name, source.graph)
        else:
            source = graph_source(name, None, None, use_cache)
        book = given
        if book is None and source.price_book is not None:
            own = source.price_book.resolve()
            if own not in books:
                books[own] = load_price_book(None, source.price_book)
            book = books[own]
        setups.append(Setup(source.name, source.graph, source.regions, source.sponsors, book))
    return setups


def _check_usage_known(name: str, graph: Sequence[Resource]) -> None:
    """compare prices every setup with the scenario alone: a plan whose scenario figures could
    be meant for one of several resources (two buckets) is refused, not priced twice."""
    from costmodel.errors import InputError
    from costmodel.model.roles import ambiguous

    shared = ambiguous(graph)
    unclear = sorted(r.name for r in graph if r.urn in shared)
    if unclear:
        raise InputError(
            name,
            "",
            f"the scenario could be meant for any of {', '.join(unclear)}; price it with "
            f"`indexplan estimate --from-terraform-plan {name} --usage FILE`",
        )


def load_scenario_option(scenario: str | None) -> tuple[Scenario, str]:
    """The scenario given, else the shipped PyPI scenario with the latest as_of; and its path."""
    from costmodel.model.scenario import load_scenario
    from indexplan.paths import SCENARIOS_DIR, resolve_scenario, scenario_names

    if scenario is not None:
        path = resolve_scenario(scenario)
        return load_scenario(path), str(path)
    shipped = [load_scenario(SCENARIOS_DIR / f"{n}.yaml") for n in scenario_names()]
    pypi = [s for s in shipped if s.name.startswith("pypi") and s.as_of is not None]
    newest = max(pypi, key=lambda s: s.as_of or dt.date.min)
    return newest, str(SCENARIOS_DIR / f"{newest.name}.yaml")


def prices_date(prices_as_of: str | None, scenario: Scenario, where: str) -> tuple[dt.date, str]:
    """The pricing date and where it came from (for error messages), as estimate picks it:
    within the model's calendar."""
    if prices_as_of is not None:
        return parse_pricing_date(prices_as_of, "--prices-as-of"), "--prices-as-of"
    if scenario.as_of is not None:
        return in_calendar(scenario.as_of, f"{where}: as_of"), f"{where}: as_of"
    return dt.date.today(), "prices as of today"


def check_chart(chart: Path | None) -> None:
    from costmodel.errors import InputError
    from costmodel.files.output import check_output

    if chart is None:
        return
    if chart.suffix.lower() not in (".png", ".svg"):
        raise InputError("--chart", str(chart), "must end in .png or .svg")
    check_output(chart, "--chart")


def load_price_book(given: Path | None, stacks_own: Path | None = None) -> PriceBook | None:
    """--price-book FILE if given, else the stack's own book, checked against the catalog."""
    from indexplan.paths import require_file

    require_file(given, "--price-book")
    path = given or stacks_own
    if path is None:
        return None
    from costmodel.model.pricebook import load_price_book as load
    from costmodel.model.prices import default_catalog

    return load(path, default_catalog())


def price_source(
    source: GraphSource,
    scenario: Scenario,
    as_of: dt.date,
    as_of_where: str,
    book: PriceBook | None,
    usage_file: UsageFile | None = None,
) -> Estimate:
    """A graph source's estimate, as `indexplan estimate` prints it: its usage applied (a
    Terraform plan's own, else `usage_file`), its sponsors and regions, the notes of where it
    came from."""
    import dataclasses

    from costmodel.model.estimate import estimate
    from costmodel.readers.usage_file import apply_usage

    applied = apply_usage(source.graph, scenario, source.usage or usage_file)
    result = estimate(
        applied.graph,
        scenario,
        stack=source.name,
        as_of=as_of,
        sponsors=source.sponsors,
        regions=source.regions,
        as_of_where=as_of_where,
        usage=applied.usage,
        price_book=book,
    )
    return dataclasses.replace(result, notes=result.notes + source.notes)
