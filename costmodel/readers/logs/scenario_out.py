"""The derived scenario as a scenario file: a document in the scenario schema's own shape,
validated by that schema, written with the derivation as comments, then loaded back with
`load_scenario` and compared figure by figure before it replaces anything. A file that would
not load, or would load as other figures, is never written."""

from __future__ import annotations

import datetime as dt
import math
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from costmodel.errors import InputError, printable
from costmodel.files import output as output_file
from costmodel.model.limits import MAX_BYTES, MAX_COUNT
from costmodel.model.quantities import format_bytes, format_count

if TYPE_CHECKING:  # the scenario model (pydantic) loads while DuckDB scans: see read.py
    from costmodel.model.scenario import Scenario
    from costmodel.readers.logs.derive import Figures

DIGITS = 4  # peaks and growth are statistics, not prices: 4 decimals
# A month scaled from days of logs is an estimate: a fraction of a byte means nothing, and
# requests or uploads to the hundredth are finer than any price (per 10,000 requests).
COUNT_DECIMALS = 2
PEAKS = ("day", "hour")


def document(fig: Figures, name: str, description: str, source: str) -> dict[str, Any]:
    """The scenario file's content; quantities carry their units, so nothing is read as GB."""
    for what, value, limit in (
        ("egress", fig.egress, MAX_BYTES),
        ("requests", fig.requests, MAX_COUNT),
        ("uploads", fig.uploads or 0, MAX_COUNT),
        ("bytes stored", fig.stored or 0, MAX_BYTES),
    ):
        if value > limit:
            raise InputError(
                "the logs",
                what,
                f"add up to {value:.3g} a month, beyond any index ({limit:g})"
                "; are the byte counts corrupt?",
            )
    traffic: dict[str, Any] = {
        "egress": f"{_number(fig.egress, 0)} B/month",
        "requests": f"{_number(fig.requests, COUNT_DECIMALS)}/month",
    }
    if fig.cache_hit_ratio is not None:
        traffic["cache_hit_ratio"] = fig.cache_hit_ratio
    if fig.regions:
        traffic["regions"] = dict(fig.regions)
    doc: dict[str, Any] = {
        "name": name,
        "description": description,
        "source": source,
        "as_of": (fig.period.span.end - dt.timedelta(hours=1)).date(),
        "traffic": traffic,
    }
    storage = {}
    if fig.stored is not None:
        storage["stored"] = f"{_number(fig.stored, 0)} B"
    if fig.uploads is not None:
        storage["uploads"] = f"{_number(fig.uploads, COUNT_DECIMALS)}/month"
    if storage:
        doc["storage"] = storage
    if fig.growth is not None:
        doc["growth"] = {"per_year": round(fig.growth.per_year, DIGITS)}
    peaks = {
        unit: {"egress": round(egress, DIGITS), "requests": round(reqs, DIGITS)}
        for unit, (egress, reqs) in fig.peaks.items()
        if egress > 0 and reqs > 0
    }
    if peaks:
        doc["peaks"] = peaks
    from costmodel.model.scenario_file import ScenarioFile

    ScenarioFile.model_validate(doc)  # the schema's own check; failing it is a bug here
    return doc


def render(doc: dict[str, Any], comments: Sequence[str]) -> str:
    header = "".join(f"# {printable(line)}\n" if line else "#\n" for line in comments)
    body = yaml.safe_dump(doc, sort_keys=False, allow_unicode=False, width=96)
    return header + body


def check_output(output: Path | None, inputs: Sequence[Path] = ()) -> None:
    """Refuse an --output that cannot be written, or is one of `inputs`, before any work."""
    if output is not None:
        output_file.check_output(output, "--output", inputs)


def write(text: str, doc: dict[str, Any], output: Path | None) -> None:
    """Check `text` loads back as `doc` says, then put it at `output` atomically (or leave it
    to the caller to print, when `output` is None)."""
    from costmodel.model.scenario import load_scenario

    def checked(temp: Path) -> None:
        temp.write_text(text, encoding="utf-8")
        _same(load_scenario(temp), doc)

    if output is not None:
        output_file.write_output(output, "--output", checked)
        return
    folder = tempfile.gettempdir()
    try:
        fd, name = tempfile.mkstemp(prefix=".scenario-", suffix=".yaml", dir=folder)
        os.close(fd)
        try:
            checked(Path(name))
        finally:
            os.unlink(name)
    except OSError as exc:
        raise InputError("--output", printable(folder), exc.strerror or str(exc)) from None


def month_table(fig: Figures) -> list[str]:
    """The per-month figures, as comment lines: totals as read (not scaled), the peaks as
    multiples of the month's mean day and hour (egress), then each month's region shares."""
    lines = [
        f"{'month':<8} {'days':>6} {'requests':>15} {'egress':>11} {'cache hit':>9} "
        f"{'uploads':>9} {'peak day':>8} {'peak hour':>9}"
    ]
    for mo in fig.months:
        days = mo.covered.hours / 24 if mo.covered else 0
        t = mo.totals
        hit = f"{t.hit_bytes / t.judged_bytes:.2%}" if t.judged_bytes else "-"
        uploads = format_count(mo.uploads) if mo.uploads is not None else "-"
        day, hour = (f"x{mo.peaks[unit][0]:.2f}" if unit in mo.peaks else "-" for unit in PEAKS)
        lines.append(
            f"{mo.label:<8} {days:>6.2f} {format_count(t.requests):>15} "
            f"{format_bytes(t.bytes):>11} {hit:>9} {uploads:>9} {day:>8} {hour:>9}"
        )
    shares = [(mo.label, mo.regions) for mo in fig.months if mo.regions]
    if shares:
        lines.append(f"Region shares of egress, by {fig.located_by}:")
        lines += [
            f"{label:<8} " + ", ".join(f"{r} {share:.2%}" for r, share in regions.items())
            for label, regions in shares
        ]
    return lines


def _number(value: float, decimals: int) -> str:
    """`value` rounded to `decimals`, written without float noise (51.74, not
    51.743750000000006): an integer when whole, else the shortest float that round-trips."""
    rounded = round(float(value), decimals)
    return str(int(rounded)) if rounded.is_integer() else repr(rounded)


def _same(loaded: Scenario, doc: dict[str, Any]) -> None:
    traffic = doc["traffic"]
    wanted = {
        "egress": float(traffic["egress"].split()[0]),
        "requests": float(traffic["requests"].split("/")[0]),
    }
    got = {"egress": loaded.egress, "requests": loaded.requests}
    if "cache_hit_ratio" in traffic:
        wanted["cache_hit_ratio"] = traffic["cache_hit_ratio"]
        got["cache_hit_ratio"] = loaded.cache_hit_ratio
    for key, value in wanted.items():
        if not math.isclose(got[key], value, rel_tol=1e-12):
            raise AssertionError(f"the written scenario loads {key}={got[key]!r}, not {value!r}")
