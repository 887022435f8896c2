"""Bad scenario files: one line naming the file, the field path and what was expected.

Priced from the pypi-2021 preview fixture, so no Pulumi program runs: a refused scenario must
stop before any graph is read anyway.
"""

from __future__ import annotations

import pytest
import yaml
from bad_input import PREVIEW, bad_files

GOOD = {"name": "t", "traffic": {"egress": "10 TB/month"}}


def scenario(tmp_path, doc=None, text=None):
    path = tmp_path / "s.yaml"
    path.write_text(text if text is not None else yaml.safe_dump(doc))
    return path


def estimate(path):
    return ["estimate", "--from-preview", PREVIEW, "-s", path]


def with_traffic(**changes):
    return {**GOOD, "traffic": {**GOOD["traffic"], **changes}}


def test_the_good_scenario_is_priced(tmp_path, capsys):
    # The baseline the bad ones differ from: it must pass, or the cases below prove nothing.
    from indexplan.cli import main

    assert main(estimate(scenario(tmp_path, GOOD))) == 0
    assert "Estimate: stack pypi-2021, scenario t" in capsys.readouterr().out


def test_the_issue_example_word_for_word(tmp_path, refused):
    path = scenario(tmp_path, with_traffic(cache_hit_ratio=1.7))
    line = refused(estimate(path))
    assert line == f"{path}: traffic.cache_hit_ratio: must be between 0 and 1, got 1.7"


def test_malformed_yaml_names_its_line(tmp_path, refused):
    # Line 3 opens a flow sequence that line 4 never closes.
    text = "name: t\ntraffic:\n  regions: [north_america,\n  egress: 5 TB/month\n"
    path = scenario(tmp_path, text=text)
    line = refused(estimate(path), str(path), "invalid YAML")
    assert "line 4" in line or "line 5" in line, line


@pytest.mark.parametrize(
    ("doc", "fragments"),
    [
        # wrong types
        (with_traffic(cache_hit_ratio="high"), ("traffic.cache_hit_ratio", "valid number")),
        (with_traffic(egress=[1, 2]), ("traffic.egress", "a number or a string")),
        ({**GOOD, "traffic": "10 TB"}, ("traffic", "dictionary")),
        ({**GOOD, "as_of": "last spring"}, ("as_of", "date")),
        # negative, NaN and infinite quantities
        (with_traffic(egress="-5 TB/month"), ("traffic.egress", "must not be negative")),
        (with_traffic(egress=float("nan")), ("traffic.egress", "finite")),
        (with_traffic(egress=float("inf")), ("traffic.egress", "finite")),
        (with_traffic(egress="inf TB/month"), ("traffic.egress", "finite")),
        ({**GOOD, "storage": {"stored": -1}}, ("storage.stored", "must not be negative")),
        (with_traffic(requests="-1e9/month"), ("traffic.requests", "must not be negative")),
        (with_traffic(cache_hit_ratio=float("nan")), ("traffic.cache_hit_ratio", "finite")),
        ({**GOOD, "growth": {"per_year": -1.5}}, ("growth.per_year", "between 0.01 and 101")),
        # unknown units and periods
        (with_traffic(egress="5 XB/month"), ("traffic.egress", "unknown unit 'XB'", "TB")),
        (with_traffic(egress="5 TB/fortnight"), ("traffic.egress", "unknown period", "day")),
        ({**GOOD, "storage": {"stored": "5 TB/month"}}, ("storage.stored", "not a rate")),
        (with_traffic(requests="3e9 TB/month"), ("traffic.requests", "is a count")),
        # regions
        (
            with_traffic(regions={"north_america": 0.5, "europe": 0.4}),
            ("traffic.regions", "must sum to 1", "got 0.9"),
        ),
        (
            with_traffic(regions={"north_america": 0.5, "antarctica": 0.5}),
            ("traffic.regions", "unknown region 'antarctica'", "europe"),
        ),
        (
            with_traffic(regions={"north_america": 1.5, "europe": -0.5}),
            ("traffic.regions", "between 0 and 1"),
        ),
        # missing required keys and unknown keys
        ({"name": "t"}, ("traffic", "required key is missing")),
        ({"traffic": {"requests": "1e9/month"}}, ("traffic.egress", "required key is missing")),
        (
            {"traffic": {"egres": "5 TB/month"}},
            ("traffic.egres", "unknown key"),
        ),
        ({**GOOD, "storage": {"stored": "1 TB", "upload": 5}}, ("storage.upload", "unknown key")),
    ],
)
def test_bad_field(tmp_path, refused, doc, fragments):
    path = scenario(tmp_path, doc)
    line = refused(estimate(path), f"{path}: ", *fragments)
    assert not line.startswith(f"{path}: :"), line


def test_a_top_level_list_is_not_a_scenario(tmp_path, refused):
    path = scenario(tmp_path, text="- traffic\n- egress\n")
    refused(estimate(path), f"{path}: (top level): must be a mapping, got list")


@pytest.mark.parametrize("case", ["empty", "directory", "binary", "not utf-8", "50 MB", "missing"])
def test_a_broken_file(tmp_path, refused, case):
    path, fragment = bad_files(tmp_path, ".yaml")[case]
    refused(estimate(path), f"{path}: ", fragment)


def test_unknown_scenario_name_lists_the_known_ones(refused):
    refused(
        estimate("pypi-1999"),
        "pypi-1999: scenario: unknown scenario; known: pypi-2016, pypi-2021, pypi-2023",
    )


@pytest.mark.parametrize("command", ["compare", "project", "sweep"])
def test_every_command_reading_a_scenario_refuses_a_bad_one(tmp_path, refused, command):
    path = scenario(tmp_path, {"traffic": {"egres": "5 TB/month"}})
    extra = ["--vary", "egress=1TB..2TB"] if command == "sweep" else []
    refused([command, "pypi-2021", "-s", path, *extra], f"{path}: traffic.egres: unknown key")
