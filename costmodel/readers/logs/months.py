"""The month aggregation over `parts` (engine.py): what the logs cover, each calendar month's
figures, the period the scenario describes, and that period's totals, peaks and places.

Coverage starts at the first line's time rounded to the nearest hour and ends with the hour
of the last line. A CDN logs a request when it starts but delivers it in the file of when it
ends, so a daily (or hourly) file also holds the last seconds of the period before it, never
the first of the one after. Starting at the hour of the first line would add that almost
empty hour (or day, or month) to the span and scale the month down by it (one hour in nine
days: -0.46%). The lines before the rounded start (the stragglers) are counted into its first
hour, not dropped: the file they came in covers that period, and it lacks its own last
seconds, which sit in the next file, about as many. A calendar month is
complete when the span holds all of its hours. The scenario describes the
latest complete month as it is (bills are per calendar month). Without one, or for a month the
user picks that the logs cover in part, the covered hours are scaled to an average month of
365.25/12 days, and the factor is stated.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from costmodel.errors import InputError
from costmodel.model.quantities import DAYS_PER_MONTH

if TYPE_CHECKING:
    import duckdb

HOUR = dt.timedelta(hours=1)
MONTH_HOURS = DAYS_PER_MONTH * 24
GOOD = "kind = 'time' AND NOT bad"


@dataclass(frozen=True)
class Span:
    start: dt.datetime  # the first covered hour
    end: dt.datetime  # the end of the last covered hour (exclusive)

    @property
    def hours(self) -> int:
        return int((self.end - self.start) / HOUR)

    def clip(self, start: dt.datetime, end: dt.datetime) -> Span | None:
        lo, hi = max(self.start, start), min(self.end, end)
        return Span(lo, hi) if lo < hi else None


@dataclass(frozen=True)
class Totals:
    requests: int
    bytes: int
    hit_bytes: int  # bytes the log marks as served from cache
    judged_bytes: int  # bytes of lines that say hit or miss at all
    uploads: int
    served_bytes: int  # bytes answering anything but a PUT or POST


@dataclass(frozen=True)
class Month:
    start: dt.datetime
    hours: int  # in the calendar month
    covered: Span | None  # the part the logs cover
    totals: Totals
    # what the derivation adds for each month, as it does for the scenario's period:
    regions: dict[str, float] | None = None  # shares of the placed bytes
    peaks: dict[str, tuple[float, float]] = field(default_factory=dict)  # as `peaks` gives
    uploads: int | None = None  # counted in the covered hours, by the period's basis

    @property
    def label(self) -> str:
        return self.start.strftime("%Y-%m")

    @property
    def complete(self) -> bool:
        return self.covered is not None and self.covered.hours == self.hours


@dataclass(frozen=True)
class Period:
    """What the scenario describes: a calendar month, or the covered span scaled."""

    span: Span
    label: str
    scale: float  # applied to bytes, requests and uploads to make a month


def coverage(con: duckdb.DuckDBPyConnection, side: str) -> Span | None:
    """The span `side`'s lines cover (see the module docstring). Lines before it are moved
    into its first hour (time rows) and month (place rows), in `parts` itself, so every figure
    counts them there; calling this again finds the same span and moves nothing."""
    row = con.execute(
        f"SELECT min(first_ts), max(last_ts) FROM parts WHERE side = ? AND {GOOD}", [side]
    ).fetchone()
    if row is None or row[0] is None:
        return None
    first, last = row
    end = last.replace(minute=0, second=0, microsecond=0) + HOUR
    start = min((first + HOUR / 2).replace(minute=0, second=0, microsecond=0), end - HOUR)
    month = start.replace(day=1, hour=0)
    con.execute(
        """UPDATE parts SET period = CASE WHEN kind = 'time' THEN ?::TIMESTAMP
                                          ELSE ?::TIMESTAMP END
           WHERE side = ? AND ((kind = 'time' AND period < ?)
                               OR (kind = 'place' AND period < ?))""",
        [start, month, side, start, month],
    )
    return Span(start, end)


def stragglers(con: duckdb.DuckDBPyConnection, side: str, span: Span) -> int:
    """The lines before `span` that `coverage` counted into its first hour."""
    row = con.execute(
        f"SELECT coalesce(sum(requests), 0) FROM parts WHERE side = ? AND {GOOD} AND first_ts < ?",
        [side, span.start],
    ).fetchone()
    assert row is not None
    return int(row[0])


def totals(con: duckdb.DuckDBPyConnection, side: str, span: Span) -> Totals:
    row = con.execute(
        f"""SELECT coalesce(sum(requests), 0), coalesce(sum(bytes), 0),
                   coalesce(sum(bytes) FILTER (hit), 0),
                   coalesce(sum(bytes) FILTER (hit IS NOT NULL), 0),
                   coalesce(sum(requests) FILTER (upload), 0),
                   coalesce(sum(bytes) FILTER (NOT write), 0)
            FROM parts WHERE side = ? AND {GOOD} AND period >= ? AND period < ?""",
        [side, span.start, span.end],
    ).fetchone()
    assert row is not None
    return Totals(*(int(v) for v in row))


def months(con: duckdb.DuckDBPyConnection, span: Span) -> list[Month]:
    """Every calendar month the span touches, with the CDN's totals in it."""
    found = []
    start = span.start.replace(day=1, hour=0)
    while start < span.end:
        end = _next_month(start)
        covered = span.clip(start, end)
        found.append(
            Month(start, int((end - start) / HOUR), covered, totals(con, "cdn", Span(start, end)))
        )
        start = end
    return found


def choose(all_months: list[Month], span: Span, month: str | None) -> Period:
    """The period the scenario describes (see the module docstring)."""
    if month is not None:
        chosen = next((m for m in all_months if m.label == month), None)
        if chosen is None or chosen.covered is None:
            covered = ", ".join(m.label for m in all_months)
            raise InputError("--month", month, f"the logs do not cover it; they cover {covered}")
        if chosen.complete:
            return Period(chosen.covered, chosen.label, 1.0)
        return Period(chosen.covered, _label(chosen.covered), MONTH_HOURS / chosen.covered.hours)
    complete = [m for m in all_months if m.complete and m.covered is not None]
    if complete:
        last = complete[-1]
        assert last.covered is not None
        return Period(last.covered, last.label, 1.0)
    return Period(span, _label(span), MONTH_HOURS / span.hours)


def peaks(con: duckdb.DuckDBPyConnection, span: Span) -> dict[str, tuple[float, float]]:
    """The busiest day and hour in `span` against its mean day and hour, for egress and
    requests: {"day": (egress, requests), "hour": (egress, requests)}; a unit the span does
    not hold twice is left out."""
    found = {}
    for unit, length in (("day", 24), ("hour", 1)):
        if span.hours < 2 * length:  # a peak needs two of its slots to stand out from
            continue
        row = con.execute(
            f"""SELECT max(b), max(r), sum(b), sum(r) FROM (
                    SELECT date_trunc('{unit}', period) AS slot, sum(bytes) AS b,
                           sum(requests) AS r
                    FROM parts WHERE side = 'cdn' AND {GOOD} AND period >= ? AND period < ?
                    GROUP BY slot)""",
            [span.start, span.end],
        ).fetchone()
        assert row is not None
        top_bytes, top_requests, all_bytes, all_requests = (int(v or 0) for v in row)
        slots = span.hours / length
        found[unit] = (
            top_bytes / (all_bytes / slots) if all_bytes else 0.0,
            top_requests / (all_requests / slots) if all_requests else 0.0,
        )
    return found


def places(con: duckdb.DuckDBPyConnection, span: Span) -> dict[str | None, int]:
    """Bytes by location code in the months `span` falls in."""
    rows = con.execute(
        """SELECT location, sum(bytes) FROM parts
           WHERE side = 'cdn' AND kind = 'place' AND NOT bad AND period >= ? AND period < ?
           GROUP BY location""",
        [span.start.replace(day=1, hour=0), span.end],
    ).fetchall()
    return {code: int(size) for code, size in rows}


def quiet_days(con: duckdb.DuckDBPyConnection, span: Span) -> list[dt.date]:
    """Whole days inside the span with under 1% of a mean day's lines: most likely missing
    logs (a day's last line can sit in the next day's file, so "none" is too strict)."""
    rows = con.execute(
        f"""SELECT date_trunc('day', period)::DATE, sum(requests) FROM parts
            WHERE side = 'cdn' AND {GOOD} AND period >= ? AND period < ? GROUP BY 1""",
        [span.start, span.end],
    ).fetchall()
    lines = {day: int(n) for day, n in rows}
    floor = sum(lines.values()) / (span.hours / 24) / 100
    day = span.start.date()
    quiet = []
    while dt.datetime.combine(day + dt.timedelta(days=1), dt.time()) <= span.end:
        if dt.datetime.combine(day, dt.time()) >= span.start and lines.get(day, 0) < floor:
            quiet.append(day)
        day += dt.timedelta(days=1)
    return quiet


def _next_month(start: dt.datetime) -> dt.datetime:
    return start.replace(year=start.year + start.month // 12, month=start.month % 12 + 1)


def _label(span: Span) -> str:
    last = span.end - HOUR
    return f"{span.start:%Y-%m-%d %H:00} to {last:%Y-%m-%d %H:59} UTC"
