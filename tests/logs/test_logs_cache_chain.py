"""Cloud CDN's edge location: the cache that answered is `jsonPayload.cacheId`, the city's IATA
code and an instance id (`SFO-fbae48ad`); a chain of caches lists the one nearest the client
last (Cloud CDN, "Logs and metrics for caching"). Only a chain is split; an id without a comma
is its own last element. Both ways (line by line, and DuckDB's JSON reader) place each line
alike."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from costmodel.readers.logs import engine, files
from costmodel.readers.logs.cloudcdn import CloudCdn

# cacheId -> the location code, by hand: the last cache of the chain, trimmed, its first three
# letters upper-cased; none if that is shorter than three letters (or the entry has no id).
PLACES: dict[str | None, str | None] = {
    "SFO-fbae48ad": "SFO",
    "del-2, bom-3": "BOM",
    " iad-1 ": "IAD",
    "lhr-1,fra-2,cdg-3": "CDG",
    ",ams-1": "AMS",
    "syd": "SYD",
    "äbc-1": "ÄBC",
    "nrt-1,": None,  # the last cache is empty
    "gru-1 ,  ": None,  # blank once trimmed
    "x, gr": None,  # two letters
    "ab": None,
    "": None,
    "  ": None,
    None: None,  # no cacheId at all
}


def _line(cache_id: str | None) -> str:
    payload = {} if cache_id is None else {"cacheId": cache_id}
    return json.dumps(
        {
            "timestamp": "2026-03-01T00:00:00Z",
            "httpRequest": {"requestMethod": "GET", "status": 200, "responseSize": "10"},
            "jsonPayload": payload,
        }
    )


@pytest.mark.parametrize("fast", [False, True], ids=["line by line", "JSON reader"])
def test_each_line_is_placed_at_the_last_cache_of_its_chain(tmp_path: Path, fast: bool):
    path = tmp_path / "cdn.json.gz"
    path.write_bytes(gzip.compress("".join(_line(c) + "\n" for c in PLACES).encode()))
    con = engine.database(threads=2)
    log = files.open_log(path, con)
    (count,) = engine.scan(con, [log], [CloudCdn()], fast=fast)
    assert (count.lines, count.bad) == (len(PLACES), 0)
    rows = con.execute(
        "SELECT location, sum(requests) FROM parts WHERE kind = 'place' GROUP BY location"
    ).fetchall()
    expected: dict[str | None, int] = {}
    for place in PLACES.values():
        expected[place] = expected.get(place, 0) + 1
    # 7 lines at a known cache, one each; 7 with no location
    by_hand: dict[str | None, int] = {p: 1 for p in PLACES.values() if p}
    by_hand[None] = 7
    assert dict(rows) == expected == by_hand
