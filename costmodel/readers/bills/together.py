"""What bills must be together: each counted once (no file or table given twice, no two of
the same rows, no two formats' exports of one provider's month), and each month's usage
covering the whole month. `read` is each file's (or BigQuery table's) name, format and
normalised groups (formats.NORMALISED), before they become bill lines.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Hashable, Sequence
from typing import Any, TypeVar

from costmodel.errors import InputError
from costmodel.readers.bills.formats import BillFormat

Read = Sequence[tuple[str, BillFormat, list[dict[str, Any]]]]
Source = TypeVar("Source")


def once(sources: Sequence[Source], same: Callable[[Source], Hashable]) -> list[Source]:
    """`sources` (bill files, BigQuery tables), none of them the same as another by `same` (a
    file by its resolved path: `a.csv` and `./a.csv` are one)."""
    seen: dict[Hashable, Source] = {}
    for source in sources:
        key = same(source)
        if key in seen:
            raise InputError(
                str(source), "", f"given twice (as {seen[key]}); each bill is counted once"
            )
        seen[key] = source
    return list(sources)


def not_twice(read: Read) -> None:
    """Two files of the same groups (a bill saved under two names), or two formats' exports of
    one provider's month (the FOCUS and the CUR export of one account), would each be counted
    twice. Two files of one format and one month are the parts of a large export (AWS writes
    a month's CUR in several Parquet files): they add up."""
    contents: dict[tuple[Any, ...], str] = {}
    billed: dict[tuple[str, str], tuple[str, BillFormat]] = {}
    for where, fmt, groups in read:
        content = tuple(sorted(tuple(map(str, g.values())) for g in groups))
        if groups and content in contents:
            raise InputError(
                f"{contents[content]}, {where}",
                "",
                "the same bill rows in both; a bill given twice would be counted twice",
            )
        contents[content] = where
        for provider, month in sorted({(str(g["provider"]), str(g["month"])) for g in groups}):
            other = billed.setdefault((provider, month), (where, fmt))
            if other[1] is not fmt:
                raise InputError(
                    f"{other[0]}, {where}",
                    "",
                    f"both bill {provider} for {month}, one as {other[1].name}, one as "
                    f"{fmt.name}: two exports of one account's month would count it twice; "
                    "give one of them",
                )


def whole_months(read: Read, month: str | None) -> None:
    """Each month's usage covers the whole month, by its charge periods (where the format gives
    them): a month-to-date export is refused, not set against a month's estimate. Scaling the
    estimate to the days covered would be wrong on its own terms: allowances and tiers are
    monthly (a half month's gigabytes sit in the ladder's first tiers), and monthly fees (a
    hosted zone, a key) are billed whole whatever the days, so the scaled figure would show
    rate variances that are not there."""
    spans: dict[str, list[dt.date]] = {}
    columns: dict[str, set[str]] = defaultdict(set)
    for _, fmt, groups in read:
        for g in groups:
            if g["kind"] != "usage" or g["period_start"] is None or g["period_end"] is None:
                continue
            if month is not None and g["month"] != month:
                continue
            start, end = _day(g["period_start"]), _end_day(g["period_end"])
            if start is None or end is None:
                continue
            span = spans.setdefault(str(g["month"]), [start, end])
            span[0], span[1] = min(span[0], start), max(span[1], end)
            columns[str(g["month"])].add(", ".join(fmt.charge_period))
    for label, (start, end) in sorted(spans.items()):
        first = _day(label + "-01")
        if first is None:
            continue
        after = (first + dt.timedelta(days=32)).replace(day=1)
        days = (after - first).days
        if start <= first and end >= after:
            continue
        covered = (min(end, after) - max(start, first)).days
        raise InputError(
            ", ".join(w for w, _, _ in read),
            " / ".join(sorted(columns[label])),
            f"the usage covers {max(start, first)}..{min(end, after)} ({covered} of {days} "
            f"days of {label}); expected a whole month's bill, as the estimate is a month's "
            "(a month-to-date export is not compared)",
        )


def _end_day(text: str) -> dt.date | None:
    """The first day a charge period's end leaves out: the end is exclusive (FOCUS, the CUR,
    GCP: the next month's first instant), so an end at midnight leaves out its own day
    (s12-review2: a bill ending 2024-10-31T00:00 lacks the 31st) and one at 23:00 does not."""
    day = _day(text)
    if day is None:
        return None
    midnight = not any(c not in "0:." for c in str(text)[11:19])
    return day if midnight else day + dt.timedelta(days=1)


def _day(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(text)[:10])
    except ValueError:
        return None
