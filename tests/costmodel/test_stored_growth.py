"""Stored bytes grow by uploads in `project`, not with downloads (costmodel/planning/project.py),
and the new scenario fields (storage.objects, storage.upload_size) leave a month's estimate as
it was."""

from __future__ import annotations

import datetime as dt

import pytest

from costmodel.errors import InputError
from costmodel.model.scenario import json_schema, load_scenario, parse_scenario
from costmodel.planning.project import stored_growth, upload_size

BASE = {
    "traffic": {"egress": "10 TB/month"},
    "storage": {"stored": "10 TB", "uploads": "1e4/month"},
}
DATES = [dt.date(2026, 8, 1)]


def scenario(**storage: str):
    return parse_scenario({**BASE, "storage": {**BASE["storage"], **storage}}, "test", "t")


def test_stored_bytes_grow_by_uploads_times_their_size():
    # 1e4 uploads x 1 MB = 1e10 B a month: months 0, 1, 2 hold 1e13, 1.001e13, 1.002e13 B
    s = scenario(upload_size="1 MB")
    assert stored_growth(s, 3, 0, DATES * 3, None) == [1e13, 1.001e13, 1.002e13]
    # two months after as_of, and a month before it (a start before as_of takes uploads off)
    assert stored_growth(s, 1, 2, DATES, None) == [1.002e13]
    assert stored_growth(s, 1, -1, DATES, None) == [0.999e13]


def test_upload_size_from_the_files_stored_else_pypis_2023_mean():
    # 10 TB in 5e6 files: 2 MB a file
    assert upload_size(scenario(objects="5e6")) == (2e6, "storage.stored / storage.objects")
    # PyPI 2023: about 14 TB in 10M files (docs/sources.md) = 1.4 MB
    assert upload_size(scenario())[0] == 1.4e6
    assert upload_size(scenario(upload_size="3 MB", objects="5e6"))[0] == 3e6


def test_a_start_before_the_index_held_anything_is_refused():
    # 1e13 B less 1,000 months x 1e10 B is 0; 1,001 months is below it
    s = scenario(upload_size="1 MB")
    assert stored_growth(s, 1, -1000, DATES, None) == [0.0]
    with pytest.raises(InputError, match="below zero"):
        stored_growth(s, 1, -1001, DATES, "--start")


def test_the_new_fields_are_checked_and_do_not_touch_the_defaults_listed():
    s = scenario(objects="2.6e7", upload_size="1.4 MB")
    assert (s.objects, s.upload_size) == (2.6e7, 1.4e6)
    assert not any(path.startswith("storage.o") for path, _ in s.defaults_used)
    assert not any(path.startswith("storage.upload_") for path, _ in s.defaults_used)
    for bad, message in (("2.6e7/month", "amount, not a rate"), ("-1", "negative")):
        with pytest.raises(InputError, match=message):
            scenario(objects=bad)
    props = json_schema()["$defs"]["Storage"]["properties"]
    assert {"objects", "upload_size"} <= set(props)


def test_shipped_scenarios_read_as_before():
    from indexplan.paths import SCENARIOS_DIR

    s = load_scenario(SCENARIOS_DIR / "pypi-2026.yaml")
    assert (s.objects, s.upload_size, s.stored) == (None, None, 304e12)
