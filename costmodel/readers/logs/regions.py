"""Edge locations and client countries onto the scenario's regions, from the data files in
data/ (each names its sources). What the maps do not know is kept apart and reported."""

from __future__ import annotations

import csv
import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from costmodel.errors import InputError
from costmodel.model.scenario import REGIONS

DATA = Path(__file__).with_name("data")
CODE = re.compile(r"[A-Z]{2,3}")


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(line for line in stream if not line.startswith("#")))


@functools.cache
def countries() -> dict[str, str]:
    """ISO 3166-1 alpha-2 code -> scenario region."""
    return {row["code"]: row["region"] for row in _rows("countries.csv")}


@functools.cache
def edge_locations() -> dict[str, str]:
    """Three-letter edge location code -> scenario region, through its country."""
    by_country = countries()
    return {row["code"]: by_country[row["country"]] for row in _rows("edge_locations.csv")}


@dataclass(frozen=True)
class Placed:
    """Bytes by region, and what could not be placed."""

    regions: dict[str, int]
    unknown: dict[str, int]  # code -> bytes, for codes the maps do not know
    malformed: int  # bytes whose location field is no code at all
    missing: int  # bytes of lines with no location


def place(
    bytes_by_code: Mapping[str | None, int], kind: str, extra: Mapping[str, str] | None = None
) -> Placed:
    """Sum `bytes_by_code` (a location code, or None for none) into regions. `kind` is `pop`
    or `country`; `extra` adds CODE -> region (the user's `--location`) over the maps."""
    table = {**(edge_locations() if kind == "pop" else countries()), **(extra or {})}
    regions: dict[str, int] = {}
    unknown: dict[str, int] = {}
    malformed = missing = 0
    for code, size in bytes_by_code.items():
        if code is None:
            missing += size
        elif code in table:
            regions[table[code]] = regions.get(table[code], 0) + size
        elif CODE.fullmatch(code):
            unknown[code] = unknown.get(code, 0) + size
        else:
            malformed += size
    return Placed(regions, unknown, malformed, missing)


def parse_extra(pairs: list[str]) -> dict[str, str]:
    """`--location CODE=REGION` options as a map; CODE is a POP or country code."""
    extra = {}
    for pair in pairs:
        code, sep, region = pair.partition("=")
        code = code.strip().upper()
        if not sep or not CODE.fullmatch(code):
            raise InputError("--location", pair, "expected CODE=REGION, e.g. QPG=asia_pacific")
        if region not in REGIONS:
            raise InputError("--location", pair, f"unknown region; known: {', '.join(REGIONS)}")
        extra[code] = region
    return extra
