"""The catalog's file format: tables of many prices, explicit unpriced entries, files written by
imports, and the one-line errors a broken file gets."""

from __future__ import annotations

import datetime as dt
import json
import textwrap
from pathlib import Path

import pytest

from costmodel.errors import InputError
from costmodel.model.prices import NotLaunched, PriceEnded, PriceKey, load_catalog

TABLE = {
    "provider": "aws",
    "tables": [
        {
            "service": "rds_postgresql",
            "dimension": "instance",
            "unit": "hour",
            "measure": "hours",
            "unit_size": 1,
            "versions": [
                {
                    "effective": "2024-09-28",
                    "checked": "2026-11-29",
                    "source": "a feed",
                    "confidence": "confirmed",
                }
            ],
            "rows": [
                ["eu-west-1", "db.r6g.large/multi-az", 0.504],
                ["eu-west-1", "db.r6g.large/single-az", [[730, 0.252], [None, 0.2]]],
            ],
        }
    ],
    "unpriced": [
        {
            "service": "rds_postgresql",
            "dimensions": ["instance"],
            "variants": ["db.m7g.large/single-az", "db.m7g.large/multi-az"],
            "zones": ["sa-east-1"],
            "reason": "not offered in this region",
        }
    ],
}
MULTI_AZ = PriceKey("aws", "rds_postgresql", "instance", "eu-west-1", "db.r6g.large/multi-az")
DAY = dt.date(2026, 1, 1)


def write(directory: Path, name: str, content: str | dict) -> Path:
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(content) if isinstance(content, dict) else textwrap.dedent(content)
    path.write_text(text)
    return path


def refused(directory: Path) -> str:
    """The error loading `directory` and making every price (a table row's rates are checked
    when the price is first asked for, as `prices check` and an estimate do)."""
    with pytest.raises(InputError) as exc:
        list(load_catalog(directory).prices())
    return str(exc.value)


def test_table_rows_are_prices_with_the_tables_version(tmp_path):
    write(tmp_path, "aws/rds.json", TABLE)
    catalog = load_catalog(tmp_path)
    selected = catalog.select(MULTI_AZ, DAY)
    assert (selected.version.tiers, selected.version.source) == ([(None, 0.504)], "a feed")
    assert selected.version.checked == dt.date(2026, 11, 29)
    single_az = PriceKey("aws", "rds_postgresql", "instance", "eu-west-1", "db.r6g.large/single-az")
    single = catalog.select(single_az, DAY)
    assert single.version.tiers == [(730, 0.252), (None, 0.2)]
    with pytest.raises(InputError, match="before the earliest known price"):
        catalog.select(MULTI_AZ, dt.date(2024, 9, 27))


def test_an_unpriced_entry_says_why_and_a_price_supersedes_it(tmp_path):
    write(tmp_path, "aws/rds.json", TABLE)
    catalog = load_catalog(tmp_path)
    m7g = PriceKey("aws", "rds_postgresql", "instance", "sa-east-1", "db.m7g.large/multi-az")
    assert not catalog.has(m7g)
    assert catalog.missing(m7g) == (
        "no aws rds_postgresql instance price for db.m7g.large/multi-az in sa-east-1: "
        "not offered in this region"
    )
    other = PriceKey("aws", "rds_postgresql", "instance", "af-south-1", "db.m7g.large/multi-az")
    assert catalog.missing(other).endswith("in af-south-1 in the catalog")
    table = json.loads(json.dumps(TABLE))
    table["tables"][0]["rows"].append(["sa-east-1", "db.m7g.large/multi-az", 0.9])
    write(tmp_path, "aws/rds.json", table)
    catalog = load_catalog(tmp_path)
    assert catalog.has(m7g) and catalog.unpriced_reason(m7g) is None


@pytest.mark.parametrize(
    ("row", "field", "expected"),
    [
        (["eu-west-2", "x", -0.1], "tables.0.rows.2.2", "tier 1: price must be >= 0, got -0.1"),
        (["eu-west-2", "x", True], "tables.0.rows.2.2", "expected a rate or a list"),
        (["eu-west-2", "x"], "tables.0.rows.2", "a row is [zone, variant or null, then 1 rate"),
        (["eu-west-2", "x", None], "tables.0.rows.2", "every version's rate is null"),
        (["", "x", 1], "tables.0.rows.2.0", "zone must be a name"),
        (["eu-west-2", "x", [[None, 1], [5, 2]]], "tables.0.rows.2.2", "only the last tier"),
        (["eu-west-2", "x", [[5, "1"]]], "tables.0.rows.2.2", "expected [upto or null, rate]"),
        (["eu-west-1", "db.r6g.large/multi-az", 1], "tables.0.rows.2", "duplicate price"),
    ],
)
def test_a_bad_row_is_one_line_naming_file_and_row(tmp_path, row, field, expected):
    table = json.loads(json.dumps(TABLE))
    table["tables"][0]["rows"].append(row)
    path = write(tmp_path, "aws/rds.json", table)
    message = refused(tmp_path)
    assert message.startswith(f"{path}: {field}: ") and expected in message


def test_a_row_has_a_rate_per_version_column(tmp_path):
    table = json.loads(json.dumps(TABLE))
    later = {"effective": "2025-01-01", "source": "a newer feed", "confidence": "confirmed"}
    table["tables"][0]["versions"].append(later)
    table["tables"][0]["rows"] = [
        ["eu-west-1", "db.r6g.large/multi-az", 0.504, 0.49],
        ["eu-west-1", "db.r6g.large/single-az", None, 0.25],  # only from 2025-01-01
    ]
    write(tmp_path, "aws/rds.json", table)
    catalog = load_catalog(tmp_path)
    assert catalog.select(MULTI_AZ, dt.date(2024, 12, 31)).version.tiers == [(None, 0.504)]
    assert catalog.select(MULTI_AZ, dt.date(2025, 1, 1)).version.tiers == [(None, 0.49)]
    single = PriceKey("aws", "rds_postgresql", "instance", "eu-west-1", "db.r6g.large/single-az")
    assert [v.effective for v in catalog.select(single, DAY).price.versions] == [
        dt.date(2025, 1, 1)
    ]


def test_json_nan_is_refused(tmp_path):
    path = tmp_path / "aws" / "rds.json"
    path.parent.mkdir()
    path.write_text(json.dumps(TABLE).replace("0.504", "NaN"))
    # refused as the JSON is read (costmodel/files/jsonfile.py), in the words every file reader
    # uses for a non-finite number, before any row is looked at
    assert refused(tmp_path) == (
        f"{path}: NaN is not a number; every figure must be finite; expected a price catalog"
    )


IMPORTED = """\
    provider: aws
    prices:
      - service: rds_postgresql
        dimension: instance
        zone: eu-west-1
        variant: db.r6g.large/multi-az
        unit: hour
        measure: hours
        unit_size: 1
        versions:
          - effective: {date}
            checked: 2027-01-02
            source: an offer file
            confidence: confirmed
            tiers: [[null, 0.49]]
"""


def test_an_imported_file_adds_later_versions_to_a_price_defined_elsewhere(tmp_path):
    write(tmp_path, "aws/rds.json", TABLE)
    write(tmp_path, "imported/aws.yaml", IMPORTED.format(date="2027-01-01"))
    catalog = load_catalog(tmp_path)
    assert catalog.select(MULTI_AZ, dt.date(2026, 12, 31)).version.tiers == [(None, 0.504)]
    assert catalog.select(MULTI_AZ, dt.date(2027, 1, 1)).version.tiers == [(None, 0.49)]


def test_a_price_defined_twice_outside_imports_names_both_files(tmp_path):
    write(tmp_path, "aws/rds.json", TABLE)
    copy = write(tmp_path, "aws/zz.yaml", IMPORTED.format(date="2027-01-01"))  # read after
    assert refused(tmp_path) == (
        f"{copy}: prices.0: duplicate price aws rds_postgresql instance db.r6g.large/multi-az "
        f"eu-west-1 (also in {tmp_path / 'aws' / 'rds.json'})"
    )


def test_an_import_of_the_same_date_is_refused(tmp_path):
    write(tmp_path, "aws/rds.json", TABLE)
    path = write(tmp_path, "imported/aws.yaml", IMPORTED.format(date="2024-09-28"))
    assert refused(tmp_path).startswith(f"{path}: prices.0: ")
    assert "a version with this date is already in" in refused(tmp_path)


def test_a_zone_map_defined_twice_is_refused(tmp_path):
    maps = "provider: gcp\nzone_maps:\n  regions:\n    us-central1: us-central1\n"
    write(tmp_path, "gcp/a.yaml", maps)
    second = write(tmp_path, "gcp/b.yaml", maps)
    assert refused(tmp_path) == f"{second}: zone_maps.regions: gcp defines it twice"


ENDING = """\
    provider: gcp
    prices:
      - service: cloud_cdn
        dimension: cache_egress
        zone: other_destinations
        unit: GiB
        measure: bytes
        unit_size: 1073741824
        versions:
          - effective: 2016-01-01
            source: a stored copy
            confidence: confirmed
            note: the current page lists no rate for these destinations
            until: {until}
            tiers: [[null, 0.09]]
{later}"""
ENDED = PriceKey("gcp", "cloud_cdn", "cache_egress", "other_destinations")


def test_a_version_with_until_ends_there_and_the_price_is_unpriced_after(tmp_path):
    write(tmp_path, "gcp/cdn.yaml", ENDING.format(until="2022-01-01", later=""))
    catalog = load_catalog(tmp_path)
    assert catalog.select(ENDED, dt.date(2021, 12, 31)).version.tiers == [(None, 0.09)]
    with pytest.raises(PriceEnded) as exc:
        catalog.select(ENDED, dt.date(2022, 1, 1))  # `until` is the first day without it
    # an estimate reports it as not available (NotLaunched); `prices show` and the no-usage
    # quotes skip it as a price not in force (InputError), never a traceback
    assert isinstance(exc.value, NotLaunched) and isinstance(exc.value, InputError)
    assert str(exc.value) == (
        "gcp cloud_cdn cache_egress other_destinations: unpriced from 2022-01-01 on: "
        "the current page lists no rate for these destinations"
    )


def test_a_later_version_takes_over_where_an_ended_one_stops(tmp_path):
    later = """\
          - effective: 2022-01-01
            source: the current page
            confidence: confirmed
            tiers: [[null, 0.05]]
"""
    write(tmp_path, "gcp/cdn.yaml", ENDING.format(until="2022-01-01", later=later))
    catalog = load_catalog(tmp_path)
    assert catalog.select(ENDED, dt.date(2021, 12, 31)).version.tiers == [(None, 0.09)]
    assert catalog.select(ENDED, dt.date(2030, 1, 1)).version.tiers == [(None, 0.05)]


def test_a_table_column_can_end_too(tmp_path):
    table = json.loads(json.dumps(TABLE))
    table["tables"][0]["versions"][0].update(until="2025-01-01", note="the region closed")
    write(tmp_path, "aws/rds.json", table)
    catalog = load_catalog(tmp_path)
    assert catalog.select(MULTI_AZ, dt.date(2024, 12, 31)).version.tiers == [(None, 0.504)]
    with pytest.raises(PriceEnded, match="unpriced from 2025-01-01 on: the region closed"):
        catalog.select(MULTI_AZ, dt.date(2025, 1, 1))


@pytest.mark.parametrize(
    ("until", "later", "expected"),
    [
        ("2016-01-01", "", "until (2016-01-01) must be after effective (2016-01-01)"),
        ("2015-06-30", "", "until (2015-06-30) must be after effective (2016-01-01)"),
        (
            "2023-01-01",
            "          - {effective: 2022-01-01, source: s, confidence: confirmed,"
            " tiers: [[null, 0.05]]}\n",
            "until (2023-01-01) is after the next version's effective date (2022-01-01)",
        ),
        ("not-a-date", "", "until"),
    ],
)
def test_a_bad_until_is_one_line_naming_the_price(tmp_path, until, later, expected):
    path = write(tmp_path, "gcp/cdn.yaml", ENDING.format(until=until, later=later))
    error = refused(tmp_path)
    assert error.startswith(f"{path}: prices.0")
    assert "(cloud_cdn cache_egress other_destinations)" in error
    assert expected in error
    assert "\n" not in error


def test_until_needs_a_note_saying_why_no_price_follows(tmp_path):
    text = ENDING.format(until="2022-01-01", later="").replace(
        "            note: the current page lists no rate for these destinations\n", ""
    )
    write(tmp_path, "gcp/cdn.yaml", text)
    assert "a version with `until` needs a `note`: why no price follows" in refused(tmp_path)
