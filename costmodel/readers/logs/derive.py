"""From the aggregated `parts` to the scenario's figures: egress, requests, region shares,
peaks and growth for the chosen period, and, from logs, the cache hit ratio and uploads.

The cache hit ratio is weighted by bytes, as the scenario defines it (the share of egress
served from cache): the bytes of lines the CDN marks as hits over the bytes of lines it marks
either way. Origin logs beside the CDN's replace that by what the origin really served: one
minus origin bytes over CDN bytes, in the hours both cover. That counts a shield POP's hit as
a hit and a miss the CDN fetched in pieces as what it cost.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from costmodel.model.quantities import format_bytes
from costmodel.readers.logs import growth as growth_fit
from costmodel.readers.logs import months as m
from costmodel.readers.logs.regions import Placed, place

if TYPE_CHECKING:
    import duckdb

MIN_FIT_HOURS = 7 * 24  # a month enters the growth fit with a week of logs or more
# Egress the maps cannot place beyond this share makes the region shares doubtful: a warning.
UNPLACED_WARNING = 0.05


@dataclass(frozen=True)
class Figures:
    span: m.Span  # what the input covers
    months: list[m.Month]
    period: m.Period
    totals: m.Totals  # in the period, unscaled
    egress: float  # bytes per month
    requests: float  # per month
    placed: Placed
    located_by: str  # "edge location" or "client country"
    regions: dict[str, float] | None  # shares of the placed bytes
    peaks: dict[str, tuple[float, float]]
    growth: growth_fit.Growth | None
    cache_hit_ratio: float | None = None
    hit_basis: str = ""  # how the ratio was found
    uploads: float | None = None  # per month
    uploads_basis: str = ""
    stored: float | None = None  # bytes
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # what makes a figure doubtful

    def coverage(self) -> str:
        """What the input covers and what the scenario describes, for its `source`."""
        last = self.span.end - m.HOUR
        scaled = self.period.scale
        return (
            f"{self.span.start:%Y-%m-%d %H:00} to {last:%Y-%m-%d %H:59} UTC; scenario period "
            f"{self.period.label}" + (f", scaled x{scaled:.4g} to a month" if scaled != 1 else "")
        )


def base_figures(
    con: duckdb.DuckDBPyConnection,
    kind: str,
    month: str | None = None,
    extra: Mapping[str, str] | None = None,
) -> Figures:
    """Everything but the cache hit ratio and uploads, which depend on the input."""
    span = m.coverage(con, "cdn")
    assert span is not None  # the engine refuses a file without a valid line
    all_months = m.months(con, span)
    period = m.choose(all_months, span, month)
    totals = m.totals(con, "cdn", period.span)
    placed = place(m.places(con, period.span), kind, extra)
    notes = _straggler_notes(m.stragglers(con, "cdn", span), span)
    notes += _place_notes(placed, kind)
    if period.scale != 1.0:
        notes.append(
            f"{period.label}: {period.span.hours / 24:.2f} days of logs, scaled to a month of "
            f"{m.MONTH_HOURS / 24:.2f} days (x{period.scale:.4g})"
        )
    quiet = m.quiet_days(con, period.span)
    if quiet:
        notes.append(
            f"almost no lines (under 1% of a mean day's) on {len(quiet)} day(s) inside the "
            f"period ({quiet[0]}{', ...' if len(quiet) > 1 else ''}): are logs missing?"
        )
    return Figures(
        span=span,
        months=_month_details(con, all_months, kind, extra),
        period=period,
        totals=totals,
        egress=totals.bytes * period.scale,
        requests=totals.requests * period.scale,
        placed=placed,
        located_by=_what(kind),
        regions=_shares(placed),
        peaks=m.peaks(con, period.span),
        growth=_growth(all_months, notes),
        notes=notes,
        warnings=_place_warnings(placed, kind),
    )


def with_log_fields(con: duckdb.DuckDBPyConnection, fig: Figures) -> Figures:
    """The cache hit ratio and uploads from logs: the CDN's own marks, refined by the origin's
    logs where they overlap the period."""
    notes = list(fig.notes)
    t = fig.totals
    ratio: float | None = t.hit_bytes / t.judged_bytes if t.judged_bytes else None
    basis = "the CDN's hit/miss field, weighted by bytes"
    if ratio is None:
        basis = "none: the logs mark no line as a hit or a miss"
    elif t.judged_bytes < t.bytes:
        notes.append(
            f"{1 - t.judged_bytes / t.bytes:.1%} of egress has no hit/miss mark; the cache hit "
            "ratio is that of the rest"
        )
    uploads = t.uploads * fig.period.scale if t.uploads else None
    uploads_basis = "PUT and POST requests answered 2xx in the CDN's logs" if uploads else ""
    monthly = [
        dataclasses.replace(mo, uploads=mo.totals.uploads if uploads else None) for mo in fig.months
    ]
    origin = m.coverage(con, "origin")
    window = origin.clip(fig.period.span.start, fig.period.span.end) if origin else None
    if origin is not None and window is None:
        notes.append("the origin logs do not overlap the period; they were not used")
    cdn = m.totals(con, "cdn", window) if window is not None else None
    if origin is not None and window is not None and cdn is not None and cdn.bytes:
        served = m.totals(con, "origin", window)
        ratio = 1 - served.served_bytes / cdn.bytes
        basis = (
            f"1 - origin bytes / CDN bytes over {window.hours} hours both logs cover "
            f"({format_bytes(served.served_bytes)} / {format_bytes(cdn.bytes)})"
        )
        if window.hours < fig.period.span.hours:
            notes.append(
                f"the origin logs cover {window.hours} of the period's {fig.period.span.hours} "
                "hours; the hit ratio is theirs and the uploads are scaled to the period"
            )
        if ratio < 0:
            notes.append(
                "the origin served more bytes than the CDN delivered (other readers of the "
                "bucket?); cache hit ratio set to 0"
            )
            ratio = 0.0
        uploads = served.uploads * (fig.period.span.hours / window.hours) * fig.period.scale
        uploads_basis = "PUT and POST requests answered 2xx in the origin's logs"
        monthly = [_origin_uploads(con, mo, origin) for mo in fig.months]
    return dataclasses.replace(
        fig,
        months=monthly,
        cache_hit_ratio=ratio,
        hit_basis=basis,
        uploads=uploads,
        uploads_basis=uploads_basis,
        notes=notes,
    )


def _month_details(
    con: duckdb.DuckDBPyConnection,
    all_months: list[m.Month],
    kind: str,
    extra: Mapping[str, str] | None,
) -> list[m.Month]:
    """Each month with its region shares and peaks, derived as the period's are (a few small
    queries on the aggregated rows each: the lines are not read again)."""
    return [
        dataclasses.replace(
            mo,
            regions=_shares(place(m.places(con, mo.covered), kind, extra)),
            peaks=m.peaks(con, mo.covered),
        )
        if mo.covered is not None
        else mo
        for mo in all_months
    ]


def _origin_uploads(con: duckdb.DuckDBPyConnection, mo: m.Month, origin: m.Span) -> m.Month:
    """`mo` with the uploads the origin's logs count in the hours they cover of it."""
    window = origin.clip(mo.covered.start, mo.covered.end) if mo.covered else None
    count = m.totals(con, "origin", window).uploads if window is not None else None
    return dataclasses.replace(mo, uploads=count)


def _shares(placed: Placed) -> dict[str, float] | None:
    known = sum(placed.regions.values())
    return {r: b / known for r, b in sorted(placed.regions.items())} if known else None


def _growth(all_months: list[m.Month], notes: list[str]) -> growth_fit.Growth | None:
    usable = [
        mo
        for mo in all_months
        if mo.covered is not None and mo.covered.hours >= MIN_FIT_HOURS and mo.totals.bytes > 0
    ]
    if len(usable) < 3:
        notes.append(
            f"growth needs 3 months with a week of logs or more; {len(usable)} here, so "
            "growth.per_year is left to its default"
        )
        return None
    fit = growth_fit.fit(
        [mo.start.year * 12 + mo.start.month for mo in usable],
        [mo.totals.bytes / mo.covered.hours for mo in usable if mo.covered is not None],
    )
    if not all(math.isfinite(v) and v > 0 for v in (fit.per_year, fit.low, fit.high)):
        notes.append("the growth fit did not give a finite rate; growth.per_year left out")
        return None
    return fit


def _straggler_notes(count: int, span: m.Span) -> list[str]:
    if not count:
        return []
    return [
        f"{count:,} line(s) from under half an hour before {span.start:%Y-%m-%d %H:00} UTC (a "
        "log file also holds the end of the period before it) are counted in that hour"
    ]


def _place_warnings(placed: Placed, kind: str) -> list[str]:
    unplaced = sum(placed.unknown.values()) + placed.malformed + placed.missing
    total = sum(placed.regions.values()) + unplaced
    if not total or unplaced / total <= UNPLACED_WARNING:
        return []
    return [
        f"{unplaced / total:.2%} of egress has no known {_what(kind)} (notes below); the "
        f"region shares describe only the other {1 - unplaced / total:.2%}"
    ]


def _place_notes(placed: Placed, kind: str) -> list[str]:
    total = sum(placed.regions.values()) + sum(placed.unknown.values())
    total += placed.malformed + placed.missing
    what = _what(kind)
    notes = []
    if placed.unknown:
        size = sum(placed.unknown.values())
        codes = ", ".join(sorted(placed.unknown, key=lambda c: -placed.unknown[c])[:10])
        more = f" and {len(placed.unknown) - 10} more" if len(placed.unknown) > 10 else ""
        notes.append(
            f"{size / total:.2%} of egress from {len(placed.unknown)} unknown {what} code(s) "
            f"({codes}{more}) is left out of the region shares; map them with --location "
            "CODE=REGION"
        )
    if placed.malformed:
        notes.append(
            f"{placed.malformed / total:.2%} of egress names its {what} with no valid code "
            "(2 or 3 letters); left out of the region shares"
        )
    if placed.missing:
        notes.append(
            f"{placed.missing / total:.2%} of egress has no {what}; left out of the region shares"
        )
    if total and not placed.regions:
        notes.append(f"no {what} could be placed in a region; traffic.regions left out")
    return notes


def _what(kind: str) -> str:
    return "edge location" if kind == "pop" else "client country"
