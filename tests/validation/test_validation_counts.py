"""A count of files (`--objects`, a scenario's `storage.objects`) is a whole number, and its
errors show a count, not a rate such as '3e9/month'; rates keep their fractions."""

from __future__ import annotations

import dataclasses

import pytest
import yaml
from bad_input import PREVIEW

from costmodel.files.checked import Damaged
from costmodel.model import scenario as scenarios
from costmodel.model.quantities import parse
from indexplan.paths import ROOT

MOVE = ["compare", "pypi-2016", "all-gcp", "-s", "pypi-2026", "--from", "pypi-2016"]


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("1.5", "--objects: '1.5': must be a whole number, e.g. '2.6e7'"),
        ("2.6e-1", "--objects: '2.6e-1': must be a whole number, e.g. '2.6e7'"),
        # a unit or a word: the count example, not a rate's
        ("3M", "--objects: '3M': is a count; give a number, e.g. '2.6e7'"),
        ("many", "--objects: 'many': expected a quantity like '2.6e7'"),
        ("3e7/month", "--objects: '3e7/month': is an amount, not a rate; drop the /month"),
    ],
)
def test_objects_is_a_whole_count(refused, given, expected):
    line = refused([*MOVE, "--objects", given])
    assert line == expected
    assert "3e9/month" not in line


@pytest.mark.parametrize(("text", "count"), [("26000000", 2.6e7), ("2.5e1", 25.0), ("7.0", 7.0)])
def test_a_whole_count_may_be_written_with_a_point_or_an_exponent(text, count):
    assert parse(text, "count", False) == count  # 2.5e1 = 25, 7.0 = 7: whole numbers


def test_a_rate_of_requests_keeps_its_fraction():
    # 1.5 a day = 1.5 x 30.4375 days (365.25 / 12) = 45.65625 a month
    assert parse("1.5/day", "count", True) == pytest.approx(45.65625)


def test_a_scenarios_objects_is_a_whole_count(tmp_path, refused):
    path = tmp_path / "s.yaml"
    doc = {"name": "t", "traffic": {"egress": "10 TB/month"}, "storage": {"objects": 1.5}}
    path.write_text(yaml.safe_dump(doc))
    line = refused(["estimate", "--from-preview", PREVIEW, "-s", path])
    assert line == f"{path}: storage.objects: must be a whole number, e.g. '2.6e7', got 1.5"


def test_a_cached_fraction_of_objects_is_never_used():
    # what the file models can no longer make, the cache's check refuses as well
    good = scenarios.load_scenario(ROOT / "scenarios" / "pypi-2026.yaml")
    entry = scenarios.to_entry(dataclasses.replace(good, objects=2.6e7))
    assert scenarios.from_entry(entry).objects == 2.6e7
    entry["objects"] = 1.5
    with pytest.raises(Damaged, match=r"not a whole number: 1\.5"):
        scenarios.from_entry(entry)
