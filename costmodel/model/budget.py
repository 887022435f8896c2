"""Budgets: the most a stack may cost a month, and by how much one change may raise that.

A stack file may carry one, with the traffic scenario to price it with:

    indexplan:budget:
      scenario: pypi-2026              # a name from scenarios/ or a path beside the stack file
      monthly_usd: 700000              # the bill before sponsors (list, or contracted with a book)
      out_of_pocket_monthly_usd: 50000 # what is left after sponsors
      max_increase_percent: 5          # the most one change may add to the bill
      max_out_of_pocket_increase_percent: 5  # ... to what is left after sponsors
      allow_unpriced: false            # true: check the priced part only (see below)

`indexplan estimate`, `check`, `diff` and the Pulumi policy pack all check it here. A limit on
the increase needs a base to compare with, so only `diff` (and its `--fail-above`) checks one.

A gate never passes what it could not verify. A figure with unpriced parts is a bound (they
cost $0 or more): a bill's total is a lower bound, and a change's rise is one, an upper one or
neither, by which side keeps unpriced parts the other does not cancel (`change_bound.py`).
When the bound settles the limit (a lower bound already over it, an upper bound within it) the
verdict is that; else the limit is "not verified", a failure like a breach, naming the parts and
how to price them, unless `allow_unpriced` (or `--allow-unpriced`) asks for the priced part
alone to be checked, which the report then says.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from costmodel.errors import InputError
from costmodel.files.jsonfile import parse_json, validate_as
from costmodel.model.money import usd

if TYPE_CHECKING:
    from costmodel.model.estimate import Estimate, Unpriced

KEY = "indexplan:budget"

# How the real figure relates to the one priced (unpriced parts cost $0 or more): the same,
# at least it, at most it, or either way.
Bound = Literal["exact", "at_least", "at_most", "unknown"]
# What a limit on a change's rise measures: the bill (list, or contracted with a price book),
# or what is left of it after sponsors.
Level = Literal["bill", "out_of_pocket"]
LEVEL_CENTS = {
    "bill": attrgetter("contracted_cents"),
    "out_of_pocket": attrgetter("out_of_pocket_cents"),
}
ALLOW_OPTION = "--allow-unpriced"
NOT_VERIFIED = "budget not verified: "  # how a limit the prices cannot settle is reported
# The services `indexplan prices import` reads price files of (its importers' rules in
# costmodel/readers/price_import/, a layer the model may not import; a test holds them equal)
IMPORTABLE = frozenset({
    ("aws", "cloudfront"), ("aws", "s3"), ("aws", "rds_postgresql"), ("aws", "elasticache"),
    ("aws", "sqs"), ("gcp", "cloud_cdn"), ("gcp", "cloud_storage"),
})  # fmt: skip


@dataclass(frozen=True)
class Limits:
    """A budget's limits (budget_file.py validates them), in USD a month and percent."""

    monthly_usd: float | None = None
    out_of_pocket_monthly_usd: float | None = None
    max_increase_percent: float | None = None
    max_out_of_pocket_increase_percent: float | None = None


@dataclass(frozen=True)
class Budget:
    limits: Limits
    where: str  # what set it, for messages: `<stack file>: indexplan:budget`, `--budget`
    scenario: Path | None = None  # a stack's budget holds for this scenario only
    allow_unpriced: bool = False  # its limits checked on the priced part alone

    def label(self, limit: str) -> str:
        """`<stack file>: indexplan:budget.monthly_usd`; an option names itself (`--budget`)."""
        return self.where if self.where.startswith("-") else f"{self.where}.{limit}"

    @property
    def remedy(self) -> str:
        """How to have its limits checked on the priced part alone."""
        return (
            f"pass {ALLOW_OPTION}"
            if self.where.startswith("-")
            else f"set allow_unpriced: true in {KEY}"
        )

    def applies_to(self, scenario: Path) -> bool:
        return self.scenario is None or self.scenario.resolve() == scenario.resolve()


@dataclass(frozen=True)
class Breach:
    limit: str  # `<where>.monthly_usd`, `--fail-above`
    text: str  # what was found and by how much it is over, or why it cannot be told
    verified: bool = True  # False: not known to be within the limit (a failure all the same)

    def line(self) -> str:
        head = "budget exceeded: " if self.verified else NOT_VERIFIED
        return f"{head}{self.limit}: {self.text}"


@dataclass(frozen=True)
class Checked:
    """The limits a bill breaks or cannot be told to keep (each a failure), and a note for
    each limit kept on the priced part only, as allowed (for the report)."""

    breaches: list[Breach]
    notes: list[str]

    def __add__(self, other: Checked) -> Checked:
        return Checked(self.breaches + other.breaches, self.notes + other.notes)


@dataclass(frozen=True)
class Change:
    """A change's rise as far as the prices tell it: `after` less `before` on the priced
    parts, and the unpriced parts that do not cancel between the sides (`change_bound.py`):
    `added` (of `after`) add $0 or more to the rise, `removed` (of `before`) take $0 or more
    from it."""

    before: Estimate
    after: Estimate
    added: tuple[Unpriced, ...] = ()
    removed: tuple[Unpriced, ...] = ()
    books_differ: str = ""  # why no part can cancel, whatever the sides have alike

    @property
    def bound(self) -> Bound:
        return plus("at_least" if self.added else "exact", "at_most" if self.removed else "exact")


def parse_budget(
    config: Mapping[str, Any], where: str, stack_dir: Path, scenarios_dir: Path
) -> Budget | None:
    """The stack's `indexplan:budget`, its scenario resolved; None when it has none."""
    raw = config.get(KEY)
    if raw is None:
        return None
    if isinstance(raw, str):  # Pulumi hands structured config to programs as JSON text
        raw = parse_json(raw, where, KEY, "the budget as a JSON object")
    if not isinstance(raw, Mapping):
        raise InputError(where, KEY, "must be a mapping (scenario and at least one limit)")
    from costmodel.model.budget_file import LimitFields, StackBudget  # pydantic: a budget only

    try:
        budget = validate_as(StackBudget, dict(raw), where)
    except InputError as exc:
        raise InputError(where, f"{KEY}.{exc.field}", exc.expected) from None
    limits = Limits(**{name: getattr(budget, name) for name in LimitFields.model_fields})
    scenario = _scenario_path(budget.scenario, where, stack_dir, scenarios_dir)
    return Budget(limits, f"{where}: {KEY}", scenario, budget.allow_unpriced)


def _scenario_path(given: str, where: str, stack_dir: Path, scenarios_dir: Path) -> Path:
    shipped = scenarios_dir / f"{given}.yaml"
    if "/" not in given and shipped.is_file():
        return shipped
    beside = stack_dir / given
    if beside.suffix in (".yaml", ".yml") and beside.is_file():
        return beside
    known = ", ".join(sorted(p.stem for p in scenarios_dir.glob("*.yaml"))) or "(none)"
    raise InputError(
        where,
        f"{KEY}.scenario",
        f"no scenario {given!r}: a name from scenarios/ ({known}) or a YAML path relative "
        "to the stack file",
    )


def breaches(
    budget: Budget, after: Estimate, change: Change | None = None, allow_unpriced: bool = False
) -> Checked:
    """Each limit of `budget` that the estimate `after` exceeds or cannot be told to keep (the
    increase only when there is a `change` to measure it on); `allow_unpriced` (or the
    budget's own) checks the priced part alone."""
    limits = budget.limits
    allow = allow_unpriced or budget.allow_unpriced
    levels = (
        ("monthly_usd", after.contracted_cents, f"the monthly bill ({bill_level(after)})"),
        ("out_of_pocket_monthly_usd", after.out_of_pocket_cents, "out of pocket"),
    )
    from costmodel.model.components import holes  # the pricer, only when a budget is checked

    # both limits are on the contracted bill: a part unpriced at list alone leaves it whole
    parts = holes(u for u in after.unpriced if u.in_column("contracted"))
    found = Checked([], [])
    for name, cents, what in levels:
        limit = getattr(limits, name)
        if limit is None:
            continue
        allowed = round(limit * 100)
        over = cents - allowed
        share = f" ({share_of(over, allowed)})" if allowed and over > 0 else ""
        least = "at least " if parts else ""
        figure = f"{what} under scenario {after.scenario} is {least}{dollars(cents)}"
        figure += f", {dollars(over)}{share} over" if over > 0 else ", within"
        found += judge(
            budget.label(name),
            over > 0,
            "at_least" if parts else "exact",
            f"{figure} the {dollars(allowed)} allowed",
            parts,
            f"{count_parts(parts)} {'has' if len(parts) == 1 else 'have'} no price: "
            + by_reason(parts),
            allow,
            remedy=budget.remedy,
        )
    increases: tuple[tuple[str, Level], ...] = (
        ("max_increase_percent", "bill"),
        ("max_out_of_pocket_increase_percent", "out_of_pocket"),
    )
    for name, level in increases:
        if change is not None and (percent := getattr(limits, name)) is not None:
            found += increase_breach(
                change, budget.label(name), allow, percent=percent, level=level,
                remedy=budget.remedy,
            )  # fmt: skip
    return found


def increase_breach(
    change: Change,
    limit: str,
    allow_unpriced: bool,
    *,
    amount_usd: float | None = None,
    percent: float | None = None,
    level: Level = "bill",
    remedy: str = f"pass {ALLOW_OPTION}",
) -> Checked:
    """The rise of the bill (or of out of pocket) from `change.before` to `change.after`
    against a limit in dollars or in percent of the base (from $0.00, any rise is over a
    percent).

    Over means `rise > allowed`, or `100 * rise > percent * base`: linear in the unpriced
    parts, so the change's bound says which way the real margin lies from the priced one,
    and for a percent the base's own unpriced parts (a larger base) can only lower it."""
    before, after = change.before, change.after
    cents = LEVEL_CENTS[level]
    old, rise = cents(before), cents(after) - cents(before)
    allowed = round((amount_usd or 0) * 100)
    over = rise > 0 and rise * 100 > percent * old if percent is not None else rise > allowed
    unlike = f" ({change.books_differ}; none cancels)" if change.books_differ else ""
    unlike = unlike or " that {} has not alike"
    groups = [
        ("HEAD has {} with no price" + unlike.format("BASE"), change.added),
        ("BASE has {} with no price" + unlike.format("HEAD"), change.removed),
    ]
    bound, of_base = change.bound, ""
    from costmodel.model.components import holes

    if percent and (base := tuple(u for u in holes(before.unpriced) if u not in change.removed)):
        # a larger base lowers the percent: the real margin is at most the priced one
        bound, of_base = plus(bound, "at_most"), " of BASE's priced part"
        groups.append(("BASE has {} with no price (a larger base, a lower percent)", base))
    least = {"at_least": "at least ", "at_most": "at most "}.get(change.bound, "")
    name = f"the monthly bill ({bill_level(after)})" if level == "bill" else "out of pocket"
    what = f"{name} rises by {least}{signed(rise)} " + (
        f"({signed_share(rise, old)}{of_base})" if old else "(from $0.00)"
    )
    if change.bound == "unknown":
        what += " on its priced parts"
    if not over:
        allowed_text = f"{percent:g}%" if percent is not None else dollars(allowed)
        text = f"{what}, within the {allowed_text} allowed"
    elif percent is None:
        text = f"{what}, {dollars(rise - allowed)} over the {dollars(allowed)} allowed"
    elif not old:
        text = f"{what}; any rise from $0.00 is over {percent:g}%"
    else:
        points = rise * 100 / old - percent
        text = f"{what}, {points:.3g} points over the {percent:g}% allowed"
    why = "; ".join(
        f"{said.replace('{}', count_parts(parts), 1)}: {by_reason(parts)}"
        for said, parts in groups
        if parts
    )
    parts = tuple(u for _, group in groups for u in group)
    return judge(limit, over, bound, text, parts, why, allow_unpriced, remedy=remedy)


def judge(
    limit: str,
    over: bool,
    bound: Bound,
    text: str,
    parts: tuple[Unpriced, ...],
    why: str,
    allow_unpriced: bool,
    *,
    remedy: str,
) -> Checked:
    """One limit's verdict: `over` is the priced figure's, `bound` how the real figure lies
    from it (`why`: the unpriced `parts` that make it a bound). A lower bound over the limit,
    or an upper bound within it, settles it; any other bound leaves it not verified (a
    failure), or, allowed, checked on the priced part."""
    from costmodel.model.components import PRICED
    from costmodel.model.no_usage import DEPENDS_ON_USAGE

    if bound == "exact" or bound == ("at_least" if over else "at_most"):
        return Checked([Breach(limit, text)] if over else [], [])
    if allow_unpriced:
        note = f"budget checked on the priced part only: {limit}: {text}; {why}"
        return Checked([Breach(limit, text)] if over else [], [note])
    ways = []
    if any(DEPENDS_ON_USAGE in u.reason for u in parts):
        ways.append("give their usage (--usage FILE)")
    if needing := [u for u in parts if DEPENDS_ON_USAGE not in u.reason and u.type in PRICED]:
        # what works for any part: the operator's own rate (from a bill or contract); the
        # importer only for the services it reads (F13: it was advised for Fargate, NAT, ...)
        ways.append("give your rate for each in a price book (a `rate` entry)")
        if importable := sorted({s for u in needing if (s := _importable(u.reason))}):
            ways.append(
                f"import the list prices of {', '.join(importable)} (indexplan prices import)"
            )
    verify = f"{' or '.join(ways)} to verify it, or " if ways else ""
    text = f"{text}, but {why}; {verify}{remedy} to check the priced part only"
    return Checked([Breach(limit, text, verified=False)], [])


def _importable(reason: str) -> str | None:
    """The `provider service` of a part the catalog has no price for (its reason,
    `Catalog.missing`: "no aws s3 storage_standard price for ...") when `prices import` reads
    that service's price files, else None."""
    words = reason.split(" ", 4)
    if len(words) < 5 or words[0] != "no" or not words[4].startswith("price for "):
        return None
    return f"{words[1]} {words[2]}" if (words[1], words[2]) in IMPORTABLE else None


def count_parts(parts: tuple[Unpriced, ...]) -> str:
    return "1 part" if len(parts) == 1 else f"{len(parts)} parts"


def by_reason(parts: tuple[Unpriced, ...], shown: int = 4) -> str:
    """`a, b (resource type not in the cost model); c requests (no aws sqs ... price for
    eu-west-1)`: the parts by reason, each reason's head only (not the search behind it)."""
    groups: dict[str, list[str]] = {}
    for u in parts:
        name = f"{u.resource} {u.component}" if u.component else u.resource
        groups.setdefault(u.reason.split(": ", 1)[0], []).append(name)
    return "; ".join(
        ", ".join(names[:shown])
        + (f" and {len(names) - shown} more" if len(names) > shown else "")
        + f" ({reason})"
        for reason, names in groups.items()
    )


def plus(a: Bound, b: Bound) -> Bound:
    """The bound of a sum of two parts bounded so."""
    if a == "exact" or a == b:
        return b
    return a if b == "exact" else "unknown"


def bill_level(est: Estimate) -> str:
    return "contracted" if est.price_book is not None else "list price"


def share_of(part: int, whole: int) -> str:
    """`part` as a percent of `whole`, to three significant digits: 4.1%, 0.00381%."""
    return f"{100 * part / whole:.3g}%"


def dollars(cents: int) -> str:
    return f"${usd(cents):,.2f}"


def signed(cents: int) -> str:
    return ("+" if cents >= 0 else "-") + dollars(abs(cents))


def signed_share(part: int, whole: int) -> str:
    return ("+" if part >= 0 else "-") + share_of(abs(part), whole)


def config_regions(config: Mapping[str, Any]) -> dict[str, str]:
    """Each provider's region as a stack's raw config names it (`aws:region`, `gcp:region`)."""
    return {
        provider: value
        for provider in ("aws", "gcp")
        if isinstance(value := config.get(f"{provider}:region"), str) and value
    }
