"""Region shares: edge locations and countries onto the scenario's regions through the data
files in costmodel/readers/logs/data; unknown codes are reported, never dropped silently; an
operator's own Fastly format is read through --field."""

from __future__ import annotations

import calendar
import datetime as dt
import gzip
import json

import pytest
import yaml
from log_helpers import files, run

from costmodel.model.scenario import REGIONS
from costmodel.readers.logs import regions
from tests.logs.generate import Spec, write


def derive(capsys, tmp_path, *args: str) -> tuple[dict, str]:
    out = tmp_path / "derived.yaml"
    code, _, err = run(capsys, "scenario", "from-logs", *args, "-o", str(out))
    assert code == 0, err
    return yaml.safe_load(out.read_text()), err


def test_the_maps_are_complete_and_consistent():
    countries = regions.countries()
    assert set(countries.values()) == set(REGIONS)  # every region has countries, no stray one
    assert len(countries) == 249  # 247 with an M49 region (not AQ, TW), plus TW and XK
    assert set(regions.edge_locations().values()) <= set(REGIONS)
    # spot checks, by the rule in countries.csv's header
    expected = {
        "US": "north_america",
        "MX": "north_america",  # Central America, as CloudFront zones it
        "JM": "north_america",  # Caribbean
        "BR": "south_america",
        "JP": "japan",
        "IN": "india",
        "IL": "middle_east",  # Western Asia
        "IR": "middle_east",  # Southern Asia by M49, Middle East by the price lists
        "PK": "asia_pacific",
        "TW": "asia_pacific",
        "NZ": "oceania",
        "EG": "africa",
        "XK": "europe",
    }
    assert {c: countries[c] for c in expected} == expected
    pops = regions.edge_locations()
    assert (pops["IAD"], pops["NRT"], pops["BOM"], pops["GRU"], pops["FJR"]) == (
        "north_america",
        "japan",
        "india",
        "south_america",
        "middle_east",
    )
    # Fastly's own datacenter codes (edge_locations.csv, "fastly-api"): QPG is Singapore, as
    # the --location help's example has it; HND and TYO Tokyo; LCY London; BWI Ashburn
    fastly = (pops["QPG"], pops["HND"], pops["TYO"], pops["LCY"], pops["BWI"])
    assert fastly == ("asia_pacific", "japan", "japan", "europe", "north_america")


def test_an_unknown_pop_is_reported_and_left_out(capsys, tmp_path):
    # Template 6 (500,000 of 7,000,000 bytes, 1/14) goes through POP "QQQ": the shares are
    # of the other 6,500,000 bytes: north_america 3/6.5 = 6/13, europe, japan and oceania
    # 2/13 each, south_america 1/13.
    paths = list(map(str, write("cloudfront", Spec(unknown_pop=True), tmp_path / "cf")))
    doc, err = derive(capsys, tmp_path, *paths)
    assert doc["traffic"]["regions"] == pytest.approx(
        {
            "north_america": 6 / 13,
            "europe": 2 / 13,
            "japan": 2 / 13,
            "oceania": 2 / 13,
            "south_america": 1 / 13,
        }
    )
    assert "7.14% of egress from 1 unknown edge location code(s) (QQQ)" in err
    assert "--location CODE=REGION" in err
    # 1/14 = 7.14% unplaced is over the 5% that makes the shares doubtful: a warning line,
    # first on stderr; 1 - 1/14 = 92.86% is what the shares describe. Exit status 0.
    assert err.startswith(
        "warning: 7.14% of egress has no known edge location (notes below); the region "
        "shares describe only the other 92.86%\n"
    )

    doc, err = derive(capsys, tmp_path, *paths, "--location", "QQQ=india")
    assert doc["traffic"]["regions"]["india"] == pytest.approx(1 / 14)
    assert err == ""


def test_fastly_regions_by_client_country(capsys, tmp_path, logs):
    doc, _ = derive(capsys, tmp_path, *files(logs["fastly"]), "--regions-by", "country")
    # the templates' countries (US and CA, DE, JP, AU, BR, IN) give the same shares
    assert doc["traffic"]["regions"]["north_america"] == pytest.approx(3 / 7)
    assert doc["source"].endswith("regions by client country")


def test_an_operators_own_fastly_format(capsys, tmp_path, logs):
    # indexplan's lines rewritten with other keys: epoch seconds, a nested POP, a boolean
    # cache flag (true for HIT and HIT-CLUSTER).
    own = tmp_path / "own.json.gz"
    lines = []
    for path in sorted(logs["fastly"].iterdir()):
        for line in gzip.decompress(path.read_bytes()).decode().splitlines():
            r = json.loads(line)
            when = dt.datetime.strptime(r["timestamp"], "%Y-%m-%dT%H:%M:%SZ")
            lines.append(
                {
                    "t": calendar.timegm(when.timetuple()),
                    "resp_bytes": r["bytes"],
                    "cached": r["cache"].startswith("HIT"),
                    "edge": {"dc": r["pop"]},
                    "verb": r["method"],
                }
            )
    own.write_bytes(gzip.compress("".join(json.dumps(x) + "\n" for x in lines).encode()))
    fields = ["timestamp=t", "bytes=resp_bytes", "cache=cached", "pop=edge.dc", "method=verb"]
    options = [arg for f in fields for arg in ("--field", f)]
    doc, _ = derive(capsys, tmp_path, str(own), *options)
    traffic = doc["traffic"]
    assert traffic["egress"] == "6301680000 B/month" and traffic["cache_hit_ratio"] == 5 / 7
    assert traffic["regions"]["japan"] == pytest.approx(1 / 7)
